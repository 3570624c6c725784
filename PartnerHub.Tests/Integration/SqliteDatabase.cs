using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// A real SQLite database file in the temp folder, migrated with the app's own SQLite migrations
/// (not EnsureCreated, not the in-memory provider). Use it as a class fixture
/// (<c>IClassFixture&lt;SqliteDatabase&gt;</c>: one file per test class; the tests of a class run one
/// after another, so they may share it as long as each makes its own rows), or make a private one
/// with <see cref="CreateAsync"/> when a test needs an empty database.
/// </summary>
public class SqliteDatabase : IAsyncLifetime, IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public SqliteDatabase()
    {
        FilePath = Path.Combine(Path.GetTempPath(), $"partnerhub-tests-{Guid.NewGuid():N}.db");
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = true, DefaultTimeout = 30 }.ToString();
        Factory = new SqliteContextFactory(ConnectionString);
    }

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

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { FilePath, FilePath + "-wal", FilePath + "-shm", FilePath + "-journal" })
            File.Delete(file);
        return Task.CompletedTask;
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
public sealed class SqliteContextFactory(string connectionString) : IDbContextFactory<AppDbContext>
{
    private readonly DbContextOptions<SqliteAppDbContext> _options =
        new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(connectionString).Options;

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
