using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Data.PostgreSql;
using PartnerHub.Domain.Data.Sqlite;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// The engine the suite runs on: SQLite by default (the README's plain <c>dotnet test</c>), PostgreSQL when
/// <c>PARTNERHUB_TEST_DATABASE=PostgreSql</c> and <c>PARTNERHUB_TEST_PG</c> holds a connection string to a server
/// (<c>.ci/postgres.sh start</c> prints one). On PostgreSQL every fixture gets a fresh database, <c>partnerhub_test_&lt;guid&gt;</c>,
/// created by the migrations and dropped when the fixture is disposed.
/// </summary>
public static class TestEngine
{
    public const string EngineVariable = "PARTNERHUB_TEST_DATABASE";
    public const string ServerVariable = "PARTNERHUB_TEST_PG";

    public static bool IsPostgreSql { get; } =
        string.Equals(Environment.GetEnvironmentVariable(EngineVariable), "PostgreSql", StringComparison.OrdinalIgnoreCase);

    public static DatabaseProvider Provider => IsPostgreSql ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;

    /// <summary>The server's connection string (any database on it); required on PostgreSQL.</summary>
    public static string Server() =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException($"{EngineVariable}=PostgreSql needs {ServerVariable}: a connection string to a PostgreSQL server (see .ci/postgres.sh).");

    /// <summary>A connection string to a new (not yet created) database on the server; the migrations create it.</summary>
    public static string NewPostgreSqlDatabase(string? serverConnectionString = null) =>
        new NpgsqlConnectionStringBuilder(serverConnectionString ?? Server())
        {
            Database = $"partnerhub_test_{Guid.NewGuid():N}",
            // Browser journeys and hosts run the dispatcher, the jobs and many circuits against one database.
            MaxPoolSize = 30,
            // A database is dropped with its pool cleared; idle connections close soon rather than wait for the pool.
            ConnectionIdleLifetime = 10,
        }.ToString();

    /// <summary>Drops a test database (closing what is still connected to it).</summary>
    public static async Task DropPostgreSqlDatabaseAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        using (var pooled = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(pooled);
        var database = builder.Database!;
        builder.Database = "postgres";
        builder.Pooling = false;
        await using var connection = new NpgsqlConnection(builder.ToString());
        await connection.OpenAsync();
        await using var drop = connection.CreateCommand();
        drop.CommandText = $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)";
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>The context the app registers for the engine, for a fixed connection string, with extra interceptors if any.</summary>
    public static IDbContextFactory<AppDbContext> ContextFactory(string connectionString, params IInterceptor[] interceptors) =>
        IsPostgreSql ? new PostgreSqlContextFactory(connectionString, interceptors) : new SqliteContextFactory(connectionString, interceptors);

    /// <summary>The engine's notification insert, as the app registers it.</summary>
    public static INotificationBulkInsert BulkInsert(NotificationOptions options) =>
        IsPostgreSql ? PostgreSqlNotificationBulkInsert.Instance : new SqliteNotificationBulkInsert(options);
}

/// <summary>
/// The database of a test host (a <c>WebApplicationFactory</c>): a SQLite file in a temp folder of its own, or on PostgreSQL a
/// fresh database. <see cref="Apply"/> sets the host's provider and connection string; <see cref="DisposeAsync"/> deletes it.
/// </summary>
public sealed class HostDatabase : IAsyncDisposable
{
    private readonly string? folder = TestEngine.IsPostgreSql ? null : Directory.CreateTempSubdirectory("partnerhub-host-db-").FullName;

    public HostDatabase() =>
        ConnectionString = folder is null ? TestEngine.NewPostgreSqlDatabase() : $"Data Source={Path.Combine(folder, "partnerhub.db")}";

    public string ConnectionString { get; }

    public void Apply(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("Database:Provider", TestEngine.Provider.ToString());
        builder.UseSetting("ConnectionStrings:PartnerHub", ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (folder is null)
        {
            await TestEngine.DropPostgreSqlDatabaseAsync(ConnectionString);
            return;
        }
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { /* the OS may hold the file briefly */ }
    }
}

/// <summary>The PostgreSQL context the app registers, made for a fixed connection string.</summary>
public sealed class PostgreSqlContextFactory(string connectionString, params IInterceptor[] interceptors) : IDbContextFactory<AppDbContext>
{
    private readonly DbContextOptions<PostgreSqlAppDbContext> _options =
        new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql(connectionString).AddInterceptors(interceptors).Options;

    public AppDbContext CreateDbContext() => new PostgreSqlAppDbContext(_options);
}
