using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;
using PartnerHub.Domain.Data;

namespace PartnerHub.Web.Demo;

/// <summary>
/// Creates the roles, the seven demo logins (<see cref="DemoAccounts"/>) and a deterministic demo dataset
/// of about 300 partners with six months of history. Every date is relative to "today" (the clock's UTC
/// date), so the data looks current whenever it is seeded, and the same seed gives the same data.
/// </summary>
public sealed class DemoDataSeeder(UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, TimeProvider clock)
{
    /// <summary>
    /// Seeds an empty database. When partners already exist it only makes sure the roles and demo logins
    /// exist (a partner login is only created when its partner record exists) and returns.
    /// </summary>
    public async Task SeedAsync(AppDbContext db, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = now.Date;

        await EnsureRolesAsync();
        var partnersExist = await db.Partners.AnyAsync(ct);
        // Identity writes through its own store (possibly another context on the same SQLite file),
        // so the logins are created before the dataset's transaction starts, never inside it.
        var ids = await EnsureUsersAsync(db, today, partnersExist, ct);
        if (partnersExist) return;

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(token);
                var users = new DemoUsers(
                    ids[DemoAccounts.Admin], ids[DemoAccounts.Manager], ids[DemoAccounts.Manager2], ids[DemoAccounts.Compliance],
                    ids[DemoAccounts.Partner], ids[DemoAccounts.MasterIb], ids[DemoAccounts.SubIb]);
                await new DemoDataset(db, today, now, users).BuildAsync(token);
                await tx.CommitAsync(token);
            }
            finally
            {
                db.ChangeTracker.Clear();
                db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
            }
        }, ct);
    }

    private async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (await roles.RoleExistsAsync(role)) continue;
            Check(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");
        }
    }

    /// <summary>Returns the user id of every demo login, by email.</summary>
    private async Task<Dictionary<string, string>> EnsureUsersAsync(AppDbContext db, DateTime today, bool partnersExist, CancellationToken ct)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (email, role, displayName) in DemoAccounts.All)
        {
            int? partnerId = null;
            if (role == Roles.Partner && partnersExist)
            {
                partnerId = await db.Partners.Where(p => p.Email == email).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
                // A partner login without its partner record could not act for anyone: leave it out.
                if (partnerId is null) continue;
            }

            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new ApplicationUser
                {
                    Id = DeterministicUserId(email),
                    UserName = email,
                    Email = email,
                    EmailConfirmed = true,
                    DisplayName = displayName,
                    TimeZone = TimeZoneOf(email),
                    PartnerId = partnerId,
                    CreatedAt = today.AddDays(-CreatedDaysAgo(email)).AddHours(9),
                };
                Check(await users.CreateAsync(user, DemoAccounts.Password), email);
            }
            else if (partnerId is not null && user.PartnerId is null)
            {
                user.PartnerId = partnerId;
                Check(await users.UpdateAsync(user), email);
            }

            if (!await users.IsInRoleAsync(user, role))
                Check(await users.AddToRoleAsync(user, role), $"{email} in {role}");
            ids[email] = user.Id;
        }
        return ids;
    }

    /// <summary>A stable id per demo email, so two seeded databases are identical row for row.</summary>
    private static string DeterministicUserId(string email)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("partnerhub-demo-user:" + email));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Seeding {what} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }

    /// <summary>The IANA time zone each demo login works in.</summary>
    private static string TimeZoneOf(string email) => email switch
    {
        DemoAccounts.Manager => "Europe/London",
        DemoAccounts.Manager2 => "Europe/Malta",
        DemoAccounts.Compliance => "Europe/Malta",
        DemoAccounts.Partner => "Europe/London",
        DemoAccounts.MasterIb => "Asia/Dubai",
        DemoAccounts.SubIb => "Asia/Kuala_Lumpur",
        _ => "Europe/London",
    };

    /// <summary>How many days before "today" each demo login was created, so the data looks current on any day.</summary>
    private static int CreatedDaysAgo(string email) => email switch
    {
        DemoAccounts.Partner => DemoDataset.DemoPartnerCreatedDaysAgo - 1,
        DemoAccounts.MasterIb => DemoDataset.DemoMasterCreatedDaysAgo - 1,
        DemoAccounts.SubIb => DemoDataset.DemoSubCreatedDaysAgo - 1,
        _ => 820,
    };
}

/// <summary>The ids of the seven demo logins.</summary>
internal sealed record DemoUsers(
    string AdminId, string ManagerId, string Manager2Id, string ComplianceId,
    string PartnerUserId, string MasterUserId, string SubUserId);
