using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Data;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// The three migration sets match the model: a stale migration fails here, not at a customer's first start. The tests on
/// <c>database</c> run on the suite's engine (SQLite, or PostgreSQL in the second pass); the "current with the model" checks
/// build each provider's context offline, so every pass checks all three.
/// </summary>
public class MigrationsTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    // No server is contacted: the connection string only has to parse. Generating the script and
    // diffing the model against the snapshot are offline operations.
    private const string OfflineSqlServer = "Server=none;Database=PartnerHub;Trusted_Connection=True;TrustServerCertificate=True";
    private const string OfflineSqlite = "Data Source=:memory:";
    private const string OfflinePostgreSql = "Host=none;Database=partnerhub";

    [Fact]
    public async Task Migrations_create_a_table_for_every_DbSet()
    {
        await using var db = database.CreateContext();
        var sets = typeof(AppDbContext).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(DbSet<>))
            .ToList();
        Assert.Contains(sets, p => p.Name == nameof(AppDbContext.Partners));
        Assert.Contains(sets, p => p.Name == nameof(AppDbContext.Users));

        var failures = new List<string>();
        var query = typeof(MigrationsTests).GetMethod(nameof(TakeOneAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var set in sets)
        {
            var entity = set.PropertyType.GetGenericArguments()[0];
            try
            {
                await (Task)query.MakeGenericMethod(entity).Invoke(null, [db])!;
            }
            catch (Exception ex)
            {
                failures.Add($"{set.Name} ({entity.Name}): {ex.GetBaseException().Message}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task Migrations_create_every_table_of_the_model()
    {
        await using var db = database.CreateContext();
        var tables = await db.Database
            .SqlQueryRaw<string>(SqliteDatabase.IsPostgreSql
                ? "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'"
                : "SELECT name AS Value FROM sqlite_master WHERE type = 'table'")
            .ToListAsync();

        var expected = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().ToList();

        Assert.NotEmpty(expected);
        Assert.Empty(expected.Except(tables));
    }

    [Fact]
    public void Sqlite_migrations_are_current_with_the_model()
    {
        using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(OfflineSqlite).Options);

        Assert.False(db.Database.HasPendingModelChanges(),
            "The SQLite model has changes no migration covers: add one with dotnet ef migrations add <Name> --context SqliteAppDbContext.");
    }

    [Fact]
    public async Task Migrations_are_all_applied_and_a_second_run_is_a_no_op()
    {
        await using var db = database.CreateContext();

        await DatabaseInitializer.MigrateAsync(db);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    [SqliteOnlyFact("the write-ahead log is SQLite's journal mode")]
    public async Task Sqlite_database_runs_in_WAL_mode()
    {
        await using var db = database.CreateContext();

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync(), ignoreCase: true);
    }

    [Fact]
    public void Sql_server_migration_script_creates_every_table_of_the_model()
    {
        using var db = SqlServerContext();

        var script = db.GetService<IMigrator>().GenerateScript();

        var missing = db.Model.GetEntityTypes()
            .Where(e => e.GetTableName() is not null)
            .Select(e => e.GetSchema() is { } schema ? $"[{schema}].[{e.GetTableName()}]" : $"[{e.GetTableName()}]")
            .Distinct()
            .Where(table => !script.Contains($"CREATE TABLE {table}", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Sql_server_migrations_are_current_with_the_model()
    {
        using var db = SqlServerContext();

        Assert.False(db.Database.HasPendingModelChanges(),
            "The SQL Server model has changes no migration covers: add one with dotnet ef migrations add <Name> --context SqlServerAppDbContext.");
    }

    // The web host configures Identity with Stores.SchemaVersion = AppDbContext.IdentitySchema (v3, passkeys),
    // and IdentityDbContext reads it from the application service provider while it builds the model.
    // So the model the app migrates at start-up is built with the app's services, not the fallback the
    // design-time factories use; the migrations must cover it or MigrateAsync refuses to run.
    [Fact]
    public void Sqlite_migrations_match_the_model_the_app_builds_with_Identity_schema_version_3()
    {
        using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite(OfflineSqlite)
            .UseApplicationServiceProvider(AppIdentityServices())
            .EnableServiceProviderCaching(false) // its own model, not the one cached for the other tests
            .Options);

        Assert.NotNull(db.Model.FindEntityType(typeof(IdentityUserPasskey<string>)));
        Assert.False(db.Database.HasPendingModelChanges(),
            "With Identity schema version 3 (as the web host configures it) the SQLite model has changes no migration covers.");
    }

    [Fact]
    public void Sql_server_migrations_match_the_model_the_app_builds_with_Identity_schema_version_3()
    {
        using var db = new SqlServerAppDbContext(new DbContextOptionsBuilder<SqlServerAppDbContext>()
            .UseSqlServer(OfflineSqlServer)
            .UseApplicationServiceProvider(AppIdentityServices())
            .EnableServiceProviderCaching(false)
            .Options);

        Assert.NotNull(db.Model.FindEntityType(typeof(IdentityUserPasskey<string>)));
        Assert.False(db.Database.HasPendingModelChanges(),
            "With Identity schema version 3 (as the web host configures it) the SQL Server model has changes no migration covers.");
    }

    [Fact]
    public void PostgreSql_migrations_are_current_with_the_model()
    {
        using var db = PostgreSqlContext();

        Assert.False(db.Database.HasPendingModelChanges(),
            "The PostgreSQL model has changes no migration covers: add one with dotnet ef migrations add <Name> --context PostgreSqlAppDbContext.");
    }

    [Fact]
    public void PostgreSql_migrations_match_the_model_the_app_builds_with_Identity_schema_version_3()
    {
        using var db = new PostgreSqlAppDbContext(new DbContextOptionsBuilder<PostgreSqlAppDbContext>()
            .UseNpgsql(OfflinePostgreSql)
            .UseApplicationServiceProvider(AppIdentityServices())
            .EnableServiceProviderCaching(false)
            .Options);

        Assert.NotNull(db.Model.FindEntityType(typeof(IdentityUserPasskey<string>)));
        Assert.False(db.Database.HasPendingModelChanges(),
            "With Identity schema version 3 (as the web host configures it) the PostgreSQL model has changes no migration covers.");
    }

    [Fact]
    public void PostgreSql_migration_script_creates_every_table_and_quotes_filtered_indexes_for_postgres()
    {
        using var db = PostgreSqlContext();

        var script = db.GetService<IMigrator>().GenerateScript();

        var missing = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct()
            .Where(table => !script.Contains($"CREATE TABLE \"{table}\"", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(missing);
        Assert.Contains("WHERE \"RuleId\" IS NOT NULL", script, StringComparison.Ordinal);
        Assert.DoesNotContain("[RuleId]", script, StringComparison.Ordinal);
    }

    private static PostgreSqlAppDbContext PostgreSqlContext() =>
        new(new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql(OfflinePostgreSql).Options);

    private static ServiceProvider AppIdentityServices() => new ServiceCollection()
        .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = AppDbContext.IdentitySchema)
        .BuildServiceProvider();

    private static SqlServerAppDbContext SqlServerContext() =>
        new(new DbContextOptionsBuilder<SqlServerAppDbContext>().UseSqlServer(OfflineSqlServer).Options);

    private static async Task TakeOneAsync<T>(AppDbContext db) where T : class =>
        await db.Set<T>().AsNoTracking().Take(1).ToListAsync();
}
