using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>The admin area's user management against real Identity stores on SQLite.</summary>
public sealed class UserAdministrationTests : IClassFixture<SqliteDatabase>, IAsyncLifetime
{
    private readonly SqliteDatabase database;
    private ServiceProvider provider = default!;
    private UserAdministration admin = default!;
    private Actor adminActor = default!;

    public UserAdministrationTests(SqliteDatabase database) => this.database = database;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(database.Factory);
        services.AddSingleton<TimeProvider>(database.Clock);
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddIdentityCore<ApplicationUser>(o => o.Password.RequiredLength = 10)
            .AddRoles<IdentityRole>().AddEntityFrameworkStores<AppDbContext>();
        services.AddScoped<UserAdministration>();
        provider = services.BuildServiceProvider();
        admin = provider.GetRequiredService<UserAdministration>();
        foreach (var role in Roles.All)
            await database.AddUserAsync(role); // creates each role (and a user in it)
        adminActor = await database.AddActorAsync(Roles.Admin);
    }

    public async Task DisposeAsync() => await provider.DisposeAsync();

    [Fact]
    public async Task An_admin_creates_an_operator_locks_and_unlocks_them_and_each_step_is_audited()
    {
        var id = (await admin.CreateOperatorAsync(adminActor, new NewOperator("lock.me@ops.test", "Lock Me", Roles.Compliance))).UserId;

        await admin.SetLockedAsync(adminActor, id, locked: true);
        Assert.True((await Row("lock.me@ops.test")).IsLockedOut);

        await admin.SetLockedAsync(adminActor, id, locked: false);
        var row = await Row("lock.me@ops.test");
        Assert.False(row.IsLockedOut);
        Assert.Equal([Roles.Compliance], row.Roles);

        await using var db = database.CreateContext();
        var actions = await db.AuditLog.Where(a => a.EntityId == id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["user.created", "user.locked", "user.unlocked"], actions);
    }

    [Fact]
    public async Task A_new_operator_gets_a_strong_one_time_password_that_signs_in_and_must_be_changed()
    {
        var first = await admin.CreateOperatorAsync(adminActor, new NewOperator("otp.one@ops.test", "Otp One", Roles.Manager));
        var second = await admin.CreateOperatorAsync(adminActor, new NewOperator("otp.two@ops.test", "Otp Two", Roles.Manager));

        Assert.True(first.OneTimePassword.Length >= 20);
        Assert.NotEqual(first.OneTimePassword, second.OneTimePassword);
        await using var scope = provider.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByIdAsync(first.UserId))!;
        Assert.True(user.MustChangePassword);
        Assert.True(await users.CheckPasswordAsync(user, first.OneTimePassword));
        await using var db = database.CreateContext();
        var audit = await db.AuditLog.SingleAsync(a => a.EntityId == first.UserId && a.Action == "user.created");
        Assert.DoesNotContain(first.OneTimePassword, audit.Details ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unlocking_works_after_the_user_changed_elsewhere()
    {
        var id = (await admin.CreateOperatorAsync(adminActor, new NewOperator("stale@ops.test", "Stale", Roles.Manager))).UserId;
        // Someone else (a failed sign-in, another admin) changes the user after it was created here.
        await using (var scope = provider.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByIdAsync(id))!;
            await users.SetLockoutEndDateAsync(user, database.Clock.GetUtcNow().AddMinutes(15));
        }

        await admin.SetLockedAsync(adminActor, id, locked: false);

        Assert.False((await Row("stale@ops.test")).IsLockedOut);
    }

    [Fact]
    public async Task Setting_a_role_replaces_the_old_one()
    {
        var id = (await admin.CreateOperatorAsync(adminActor, new NewOperator("promote@ops.test", "Promote", Roles.Compliance))).UserId;

        await admin.SetRoleAsync(adminActor, id, Roles.Manager);

        Assert.Equal([Roles.Manager], (await Row("promote@ops.test")).Roles);
    }

    [Fact]
    public async Task A_duplicate_email_or_a_partner_role_is_refused_at_the_field_and_nothing_is_written()
    {
        await admin.CreateOperatorAsync(adminActor, new NewOperator("taken@ops.test", "Taken", Roles.Manager));
        int Users() { using var db = database.CreateContext(); return db.Users.Count(); }
        var before = Users();

        var duplicate = await Assert.ThrowsAsync<DomainException>(() =>
            admin.CreateOperatorAsync(adminActor, new NewOperator("TAKEN@ops.test", "Again", Roles.Manager)));
        var partnerRole = await Assert.ThrowsAsync<DomainException>(() =>
            admin.CreateOperatorAsync(adminActor, new NewOperator("p@ops.test", "P", Roles.Partner)));

        Assert.Equal((nameof(NewOperator.Email), "Role"), (duplicate.Field, partnerRole.Field));
        Assert.Equal(before, Users());
    }

    [Fact]
    public async Task Only_admins_manage_users()
    {
        var manager = await database.AddActorAsync(Roles.Manager);

        await Assert.ThrowsAsync<AccessDeniedException>(() => admin.ListAsync(manager, null, 0, 25));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            admin.CreateOperatorAsync(manager, new NewOperator("x@ops.test", "X", Roles.Admin)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => admin.SetLockedAsync(manager, adminActor.UserId, true));
    }

    [Fact]
    public async Task An_admin_cannot_lock_themselves_or_drop_their_own_admin_role()
    {
        await Assert.ThrowsAsync<DomainException>(() => admin.SetLockedAsync(adminActor, adminActor.UserId, true));
        await Assert.ThrowsAsync<DomainException>(() => admin.SetRoleAsync(adminActor, adminActor.UserId, Roles.Manager));
    }

    private async Task<UserRow> Row(string email) =>
        (await admin.ListAsync(adminActor, email, 0, 10)).Items.Single(u => u.Email == email);
}
