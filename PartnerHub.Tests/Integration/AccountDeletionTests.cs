using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>A partner deletes their own login (audited, the partner record stays); operators and the last admin cannot.</summary>
public sealed class AccountDeletionTests : IAsyncLifetime
{
    private const string Password = "Delete!Me2026x";
    private SqliteDatabase database = default!;
    private ServiceProvider provider = default!;
    private AccountDeletion deletion = default!;

    public async Task InitializeAsync()
    {
        database = await SqliteDatabase.CreateAsync(); // its own: the last-admin rule counts every admin
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(database.Factory);
        services.AddSingleton<TimeProvider>(database.Clock);
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddIdentityCore<ApplicationUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<AppDbContext>();
        services.AddScoped<AccountAudit>();
        services.AddScoped<AccountDeletion>();
        provider = services.BuildServiceProvider();
        deletion = provider.GetRequiredService<AccountDeletion>();
    }

    public async Task DisposeAsync()
    {
        await provider.DisposeAsync();
        await database.DisposeAsync();
    }

    private async Task<Actor> UserAsync(string role, int? partnerId = null)
    {
        var user = await database.AddUserAsync(role, partnerId: partnerId);
        await using var scope = provider.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var stored = await users.FindByIdAsync(user.Id);
        Assert.True((await users.AddPasswordAsync(stored!, Password)).Succeeded);
        return SqliteDatabase.ActorFor(user, role);
    }

    private async Task<bool> ExistsAsync(string userId)
    {
        await using var db = database.CreateContext();
        return await db.Users.AnyAsync(u => u.Id == userId);
    }

    [Fact]
    public async Task A_partner_deletes_their_login_the_partner_record_stays_and_the_deletion_is_audited()
    {
        var admin = await UserAsync(Roles.Admin);
        var partnerId = await new PartnerService(database.Factory, database.Clock).CreateAsync(admin, new NewPartner
        {
            Name = "Leaving Media", Email = "leaving@delete.test", Vertical = Vertical.ForexIb, Country = "CY",
        });
        var partner = await UserAsync(Roles.Partner, partnerId);

        var wrong = await Assert.ThrowsAsync<DomainException>(() => deletion.DeleteOwnAccountAsync(partner, "not-my-password"));
        Assert.Equal("Password", wrong.Field);
        Assert.True(await ExistsAsync(partner.UserId));

        await deletion.DeleteOwnAccountAsync(partner, Password);

        Assert.False(await ExistsAsync(partner.UserId));
        await using var db = database.CreateContext();
        Assert.True(await db.Partners.AnyAsync(p => p.Id == partnerId));
        var entry = await db.AuditLog.SingleAsync(a => a.Action == AccountAudit.Actions.Deleted && a.EntityId == partner.UserId);
        Assert.Equal(partner.UserId, entry.UserId);
    }

    [Theory]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.Compliance)]
    [InlineData(Roles.Admin)]
    public async Task An_operator_cannot_delete_their_own_account(string role)
    {
        await UserAsync(Roles.Admin); // so an admin is never the last one here
        var operatorActor = await UserAsync(role);

        await Assert.ThrowsAsync<AccessDeniedException>(() => deletion.DeleteOwnAccountAsync(operatorActor, Password));

        Assert.True(await ExistsAsync(operatorActor.UserId));
    }

    [Fact]
    public async Task The_last_admin_is_never_deleted_even_when_the_caller_claims_to_be_a_partner()
    {
        var admin = await UserAsync(Roles.Admin);
        // A page that trusted a stale principal would pass a partner actor: the service reads the roles itself.
        var asPartner = admin with { Roles = new HashSet<string> { Roles.Partner }, PartnerId = 1 };

        var ex = await Assert.ThrowsAsync<DomainException>(() => deletion.DeleteOwnAccountAsync(asPartner, Password));

        Assert.Contains("last admin", ex.Message, StringComparison.Ordinal);
        Assert.True(await ExistsAsync(admin.UserId));
        await using var db = database.CreateContext();
        Assert.False(await db.AuditLog.AnyAsync(a => a.Action == AccountAudit.Actions.Deleted));
    }
}
