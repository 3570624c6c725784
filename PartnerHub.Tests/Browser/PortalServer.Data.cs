using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Data;
using PartnerHub.Web.Demo;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Browser;

/// <summary>A login a journey made for itself: sign in with <see cref="Email"/> and <see cref="Password"/>.</summary>
public sealed record TestLogin(string Email, string Password, string UserId, string DisplayName, int? PartnerId);

/// <summary>
/// Data a journey owns on the shared server. Every browser test shares one server and one database, so a journey
/// that counts (unread notifications, threads), changes an account (password, security stamp, role, lock, sign-out)
/// or could see what other journeys leave behind makes its own login here instead of using a demo account.
/// </summary>
public partial class PortalServer
{
    /// <summary>
    /// A new partner record (active, managed by the demo manager unless told otherwise) with one partner login, a unique
    /// email and a password of its own. The partner's time zone is one where it is now early afternoon, so quiet hours
    /// (22:00 to 07:00 local) never defer a notification the journey is waiting for, whatever the time of day of the run.
    /// </summary>
    public async Task<TestLogin> CreatePartnerLoginAsync(string? name = null, Vertical vertical = Vertical.IGamingAffiliate,
        string? managerEmail = DemoAccounts.Manager, int? parentId = null)
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        var email = $"journey-partner-{unique}@partnerhub.test";
        var displayName = name ?? $"Journey Partner {unique}";
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var managerId = managerEmail is null ? null : await db.Users.Where(u => u.Email == managerEmail).Select(u => u.Id).SingleAsync();
        var partners = scope.ServiceProvider.GetRequiredService<PartnerService>();
        var partnerId = await partners.CreateAsync(Actor.System, new NewPartner
        {
            Name = displayName, Email = email, Vertical = vertical, Country = "NZ", TimeZone = DaytimeZone(DateTime.UtcNow),
            ManagerId = managerId, ParentId = parentId,
        });
        var partner = await db.Partners.SingleAsync(p => p.Id == partnerId);
        partner.ChangeStatus(PartnerStatus.Active, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        await db.SaveChangesAsync();
        return await CreateUserAsync(scope, email, displayName, Roles.Partner, partnerId);
    }

    /// <summary>A new operator (Admin, Manager or Compliance) with a unique email and a password of its own.</summary>
    public async Task<TestLogin> CreateOperatorAsync(string role)
    {
        if (role is not (Roles.Admin or Roles.Manager or Roles.Compliance))
            throw new ArgumentException($"{role} is not an operator role.", nameof(role));
        var unique = Guid.NewGuid().ToString("N")[..10];
        await using var scope = Services.CreateAsyncScope();
        return await CreateUserAsync(scope, $"journey-{role.ToLowerInvariant()}-{unique}@partnerhub.test", $"Journey {role} {unique}", role, null);
    }

    /// <summary>
    /// Waits until the outbox holds no undelivered event, so every notification the journey's own actions (or earlier
    /// journeys') caused is in the database and in the bells. Runs a dispatch pass itself rather than waiting for the
    /// next scheduled one; the lease keeps that exactly-once next to the server's own dispatcher.
    /// </summary>
    public Task DrainOutboxAsync(TimeSpan? timeout = null)
    {
        var dispatcher = Services.GetRequiredService<NotificationDispatcher>();
        var left = "";
        // A pass delivers what it can lease; what another dispatcher holds is looked at again until that one has committed.
        return Poll.UntilAsync(async () =>
        {
            await dispatcher.DispatchAllAsync();
            await using var scope = Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var pending = await db.DomainEvents.Where(e => e.ProcessedAt == null).Select(e => new { e.Id, e.LastError }).ToListAsync();
            if (pending.Count > 0) left = $"The outbox still holds {pending.Count} undelivered events (first {pending[0].Id}: {pending[0].LastError ?? "leased"}).";
            return pending.Count == 0;
        }, (int)(timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds, () => left);
    }

    /// <summary>A time zone in which it is between 12:00 and 15:59 at <paramref name="utcNow"/> (one always exists: offsets span 26 hours).</summary>
    internal static string DaytimeZone(DateTime utcNow) =>
        TimeZoneInfo.GetSystemTimeZones()
            .Where(z => TimeZoneInfo.ConvertTimeFromUtc(utcNow, z).Hour is >= 12 and < 16)
            .OrderBy(z => z.Id, StringComparer.Ordinal).Select(z => z.Id).First();

    private static async Task<TestLogin> CreateUserAsync(AsyncServiceScope scope, string email, string displayName, string role, int? partnerId)
    {
        var password = $"Journey-{Guid.NewGuid():N}";
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, PartnerId = partnerId,
            CreatedAt = DateTime.UtcNow, LockoutEnabled = true,
        };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, role));
        return new TestLogin(email, password, user.Id, displayName, partnerId);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
