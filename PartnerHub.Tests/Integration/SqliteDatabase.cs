using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Data.PostgreSql;
using PartnerHub.Domain.Data.Sqlite;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// A real SQLite database file in the temp folder, migrated with the app's own SQLite migrations
/// (not EnsureCreated, not the in-memory provider); or, when the suite runs on PostgreSQL (<see cref="TestEngine"/>),
/// a fresh PostgreSQL database migrated with the PostgreSQL migrations and dropped on dispose. Use it as a class fixture
/// (<c>IClassFixture&lt;SqliteDatabase&gt;</c>: one file per test class; the tests of a class run one
/// after another, so they may share it as long as each makes its own rows), or make a private one
/// with <see cref="CreateAsync"/> when a test needs an empty database.
/// </summary>
public class SqliteDatabase : IAsyncLifetime, IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public SqliteDatabase() : this(TestEngine.IsPostgreSql ? TestEngine.Server() : null)
    {
    }

    /// <summary>A SQLite file, or with <paramref name="postgreSqlServer"/> a new database on that PostgreSQL server.</summary>
    protected SqliteDatabase(string? postgreSqlServer)
    {
        OnPostgreSql = postgreSqlServer is not null;
        FilePath = Path.Combine(Path.GetTempPath(), $"partnerhub-tests-{Guid.NewGuid():N}.db");
        ConnectionString = postgreSqlServer is not null
            ? TestEngine.NewPostgreSqlDatabase(postgreSqlServer)
            : new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = true, DefaultTimeout = 30 }.ToString();
        Factory = FactoryWith();
    }

    /// <summary>A migrated database of its own on a PostgreSQL server, whatever engine the suite runs on (dispose it).</summary>
    public static async Task<SqliteDatabase> CreateOnPostgreSqlAsync(string server)
    {
        var database = new SqliteDatabase(server);
        await database.InitializeAsync();
        return database;
    }

    /// <summary>Whether the suite runs on PostgreSQL (its second pass) rather than on SQLite files.</summary>
    public static bool IsPostgreSql => TestEngine.IsPostgreSql;

    /// <summary>Whether this database is on PostgreSQL.</summary>
    public bool OnPostgreSql { get; }

    /// <summary>The engine's half of message search, as the app registers it for this database.</summary>
    public IMessageSearchSql SearchSql => OnPostgreSql ? PostgreSqlMessageSearchSql.Instance : SqliteMessageSearchSql.Instance;

    /// <summary>A factory for this database whose contexts also run <paramref name="interceptors"/>.</summary>
    public IDbContextFactory<AppDbContext> FactoryWith(params IInterceptor[] interceptors) => OnPostgreSql
        ? new PostgreSqlContextFactory(ConnectionString, interceptors)
        : new SqliteContextFactory(ConnectionString, interceptors);

    public string FilePath { get; }
    public string ConnectionString { get; }

    /// <summary>What services take: one context per operation.</summary>
    public IDbContextFactory<AppDbContext> Factory { get; }

    /// <summary>The services' clock; tests move it with <see cref="FakeClock.Advance"/>.</summary>
    public FakeClock Clock { get; } = new(Start);

    public AppDbContext CreateContext() => Factory.CreateDbContext();

    /// <summary>A migrated database of its own, for a test that needs one empty (dispose it with <c>await using</c>).</summary>
    public static async Task<SqliteDatabase> CreateAsync()
    {
        var database = new SqliteDatabase();
        await database.InitializeAsync();
        return database;
    }

    public virtual async Task InitializeAsync()
    {
        await using var db = CreateContext();
        await DatabaseInitializer.MigrateAsync(db);
    }

    public async Task DisposeAsync()
    {
        if (OnPostgreSql)
        {
            await TestEngine.DropPostgreSqlDatabaseAsync(ConnectionString);
            return;
        }
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { FilePath, FilePath + "-wal", FilePath + "-shm", FilePath + "-journal" })
            File.Delete(file);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Adds a user with one role (creating the role the first time), the way Identity would store them.</summary>
    public async Task<ApplicationUser> AddUserAsync(string role, string? displayName = null, int? partnerId = null)
    {
        await using var db = CreateContext();
        var roleRow = await db.Roles.SingleOrDefaultAsync(r => r.Name == role);
        if (roleRow is null)
        {
            roleRow = new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() };
            db.Roles.Add(roleRow);
        }
        var id = Guid.NewGuid().ToString();
        var email = $"{role.ToLowerInvariant()}-{id[..8]}@partnerhub.test";
        var user = new ApplicationUser
        {
            Id = id,
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true,
            DisplayName = displayName ?? $"{role} {id[..4]}",
            PartnerId = partnerId,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            CreatedAt = Clock.GetUtcNow().UtcDateTime,
        };
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleRow.Id });
        await db.SaveChangesAsync();
        return user;
    }

    /// <summary>A signed-in user with a role, as a page would pass it to a service.</summary>
    public async Task<Actor> AddActorAsync(string role, int? partnerId = null)
    {
        var user = await AddUserAsync(role, partnerId: partnerId);
        return ActorFor(user, role);
    }

    public static Actor ActorFor(ApplicationUser user, string role) =>
        new(user.Id, user.DisplayName, new HashSet<string> { role }, user.PartnerId, "127.0.0.1");
}

/// <summary>The SQLite context the app registers, made for a fixed connection string.</summary>
public sealed class SqliteContextFactory(string connectionString, params IInterceptor[] interceptors) : IDbContextFactory<AppDbContext>
{
    private readonly DbContextOptions<SqliteAppDbContext> _options =
        new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(connectionString).AddInterceptors(interceptors).Options;

    public AppDbContext CreateDbContext() => new SqliteAppDbContext(_options);
}

/// <summary>A clock that stands still until a test moves it.</summary>
public sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public void Set(DateTimeOffset to) => _now = to;
}
