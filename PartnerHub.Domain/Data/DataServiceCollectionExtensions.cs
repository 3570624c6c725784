using PartnerHub.Domain.Data.Sqlite;
using PartnerHub.Domain.Notifications;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Data.PostgreSql;
using PartnerHub.Domain.Data.SqlServer;
using PartnerHub.Domain.Messaging;

namespace PartnerHub.Domain.Data;

public enum DatabaseProvider { Sqlite, SqlServer, PostgreSql }

/// <summary>
/// <c>Database:Provider</c> picks the engine (Sqlite by default); <c>ConnectionStrings:PartnerHub</c> the database.
/// Without a connection string, SQLite uses <c>App_Data/partnerhub.db</c> under the content root.
/// </summary>
public static class DataServiceCollectionExtensions
{
    public const string ConnectionStringName = "PartnerHub";

    public static DatabaseProvider GetDatabaseProvider(this IConfiguration config)
    {
        var value = config["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value)) return DatabaseProvider.Sqlite;
        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var p)
            ? p
            : throw new InvalidOperationException($"Database:Provider '{value}' is not supported; use 'Sqlite', 'SqlServer' or 'PostgreSql'.");
    }

    public static IServiceCollection AddPartnerHubData(this IServiceCollection services, IConfiguration config, string contentRoot)
    {
        var provider = config.GetDatabaseProvider();
        var connectionString = config.GetConnectionString(ConnectionStringName);
        // Each provider registers its dialect implementations of interfaces the features own (Data/<Provider>/).
        switch (provider)
        {
            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:PartnerHub is empty.");
                services.AddDbContextFactory<SqlServerAppDbContext>(o => o.UseSqlServer(connectionString, s => s.EnableRetryOnFailure()));
                services.AddSingleton<IDbContextFactory<AppDbContext>, AppDbContextFactory<SqlServerAppDbContext>>();
                services.AddSingleton<INotificationBulkInsert>(PortableNotificationInsert.Instance);
                services.AddSingleton<IMessageSearchSql>(SqlServerMessageSearchSql.Instance);
                break;
            case DatabaseProvider.PostgreSql:
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException("Database:Provider is PostgreSql but ConnectionStrings:PartnerHub is empty.");
                services.AddDbContextFactory<PostgreSqlAppDbContext>(o => o.UseNpgsql(connectionString));
                services.AddSingleton<IDbContextFactory<AppDbContext>, AppDbContextFactory<PostgreSqlAppDbContext>>();
                services.AddSingleton<INotificationBulkInsert>(PostgreSqlNotificationBulkInsert.Instance);
                services.AddSingleton<IMessageSearchSql>(PostgreSqlMessageSearchSql.Instance);
                break;
            default:
                var sqlite = SqliteConnectionString(connectionString, contentRoot);
                services.AddDbContextFactory<SqliteAppDbContext>(o => o.UseSqlite(sqlite));
                services.AddSingleton<IDbContextFactory<AppDbContext>, AppDbContextFactory<SqliteAppDbContext>>();
                services.AddSingleton<INotificationBulkInsert, SqliteNotificationBulkInsert>();
                services.AddSingleton<IMessageSearchSql>(SqliteMessageSearchSql.Instance);
                break;
        }
        // The model's Identity tables follow this option; pin it here so every host builds the model the migrations have.
        services.Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(o => o.Stores.SchemaVersion = AppDbContext.IdentitySchema);
        // Identity's stores want a scoped context; it is made by the same factory and disposed with the scope.
        services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        return services;
    }

    /// <summary>Makes a relative SQLite path absolute under the content root and creates its folder.</summary>
    public static string SqliteConnectionString(string? configured, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? "Data Source=App_Data/partnerhub.db" : configured);
        if (builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory && !Path.IsPathRooted(builder.DataSource))
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        if (builder.Mode != SqliteOpenMode.Memory && Path.GetDirectoryName(builder.DataSource) is { Length: > 0 } dir)
            Directory.CreateDirectory(dir);
        builder.DefaultTimeout = 30;
        builder.Pooling = true;
        return builder.ToString();
    }

    private sealed class AppDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<AppDbContext>
        where TContext : AppDbContext
    {
        public AppDbContext CreateDbContext() => inner.CreateDbContext();
    }
}

/// <summary>Lets <c>dotnet ef</c> build the SQLite context without starting the web host.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Lets <c>dotnet ef</c> build the SQL Server context; no server is contacted to add migrations or script them.</summary>
public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerAppDbContext>
{
    public SqlServerAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerAppDbContext>().UseSqlServer("Server=(local);Database=PartnerHub;Trusted_Connection=True;TrustServerCertificate=True").Options);
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL context; no server is contacted to add migrations or script them.</summary>
public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlAppDbContext>
{
    public PostgreSqlAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql("Host=localhost;Database=partnerhub").Options);
}
