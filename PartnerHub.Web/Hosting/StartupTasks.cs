using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerHub.Domain.Data;
using PartnerHub.Web.Demo;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Web.Hosting;

/// <summary>
/// What runs once at start: migrations, then demo data (demo mode) or the first admin (otherwise). Outside demo mode the
/// demo accounts (<c>*@partnerhub.demo</c>, whose password is public) are locked if the database still holds them: the app
/// starts, so a database that was once a demo is not left unusable, but no one signs in with a published password.
/// </summary>
public sealed class StartupTasks(
    AppDbContext db,
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    TimeProvider clock,
    IOptions<DemoOptions> demo,
    IOptions<BootstrapOptions> bootstrap,
    ILogger<StartupTasks> log)
{
    /// <returns>Lines for the start-up banner (the logins a new user can try).</returns>
    public async Task<IReadOnlyList<string>> PrepareAsync(CancellationToken ct)
    {
        await DatabaseInitializer.MigrateAsync(db, ct);
        log.LogInformation("Database ready ({Provider}).", db.Database.ProviderName);

        if (demo.Value.Enabled)
        {
            var started = clock.GetTimestamp();
            await new DemoDataSeeder(users, roles, clock).SeedAsync(db, ct);
            await EnsureDefaultRulesAsync(ct);
            log.LogInformation("Demo data ready in {Elapsed:N1} s.", clock.GetElapsedTime(started).TotalSeconds);
            return
            [
                "Demo mode: every demo login uses the password " + DemoAccounts.Password,
                .. DemoAccounts.All.Select(a => $"  {a.Email,-28} {a.Role}"),
            ];
        }

        await EnsureRolesAsync();
        await EnsureDefaultRulesAsync(ct);
        await LockDemoAccountsAsync();
        return [await EnsureBootstrapAdminAsync()];
    }

    private async Task EnsureDefaultRulesAsync(CancellationToken ct)
    {
        if (await PartnerHub.Domain.Notifications.DefaultRules.EnsureAsync(db, clock.GetUtcNow().UtcDateTime, ct))
            log.LogInformation("Created the missing default notification rules (new message, deal terms).");
    }

    public async Task SeedBulkAsync(int partners, int historyDays, CancellationToken ct)
    {
        if (partners <= 0) throw new ArgumentOutOfRangeException(nameof(partners), "--seed-partners needs a positive number.");
        await DatabaseInitializer.MigrateAsync(db, ct);
        if (demo.Value.Enabled) await new DemoDataSeeder(users, roles, clock).SeedAsync(db, ct);
        var progress = new Progress<string>(m => log.LogInformation("{Progress}", m));
        var result = await BulkDataGenerator.GenerateAsync(db, partners, clock.GetUtcNow().UtcDateTime.Date, historyDays, progress, ct);
        log.LogInformation("Added {Partners:N0} partners, {Perf:N0} performance rows and {Lines:N0} commission lines in {Elapsed}.",
            result.Partners, result.PerformanceRows, result.CommissionLines, result.Elapsed);
    }

    /// <summary>The domain every demo login uses (see <see cref="DemoAccounts"/>).</summary>
    public const string DemoEmailDomain = "@partnerhub.demo";

    /// <summary>
    /// Locks every demo account that is not locked yet (lockout end far in the future, security stamp changed so its
    /// cookies stop working) and says so in the log. Lock rather than refuse to start: the rest of the data may be real.
    /// </summary>
    private async Task LockDemoAccountsAsync()
    {
        var suffix = DemoEmailDomain.ToUpperInvariant();
        var forever = DateTimeOffset.MaxValue;
        var demoUsers = await users.Users.Where(u => u.NormalizedEmail != null && u.NormalizedEmail.EndsWith(suffix)).ToListAsync();
        var locked = 0;
        var century = clock.GetUtcNow().AddYears(100);
        foreach (var user in demoUsers.Where(u => u.LockoutEnd is not { } end || end < century))
        {
            Check(await users.SetLockoutEnabledAsync(user, true), user.Email);
            Check(await users.SetLockoutEndDateAsync(user, forever), user.Email);
            Check(await users.UpdateSecurityStampAsync(user), user.Email);
            locked++;
        }
        if (locked > 0)
            log.LogWarning(
                "Demo mode is off (Demo:Enabled is false) but the database holds demo accounts (*{Domain}); locked {Count} of them so their published password cannot sign in. Set Demo:Enabled to true only for a demo.",
                DemoEmailDomain, locked);
    }

    private static void Check(IdentityResult result, string? email)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not lock the demo account {email}: " + string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    private async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
    }

    private async Task<string> EnsureBootstrapAdminAsync()
    {
        // Locked demo admins do not count: a database that was once a demo still gets its first real admin.
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Any(u => u.Email?.EndsWith(DemoEmailDomain, StringComparison.OrdinalIgnoreCase) != true))
            return "Sign in with your admin account.";
        var (email, password) = (bootstrap.Value.AdminEmail, bootstrap.Value.AdminPassword);
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password))
        {
            log.LogWarning("No admin exists. Set Bootstrap:AdminEmail and Bootstrap:AdminPassword and restart to create the first admin.");
            return "No admin exists yet: set Bootstrap:AdminEmail and Bootstrap:AdminPassword, then restart.";
        }
        var admin = new ApplicationUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Administrator",
            CreatedAt = clock.GetUtcNow().UtcDateTime, MustChangePassword = true, LockoutEnabled = true,
        };
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
            throw new InvalidOperationException("Could not create the bootstrap admin: " + string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(admin, Roles.Admin);
        log.LogWarning("Created the first admin {Email} from configuration. Sign in and change the password now.", email);
        return $"First admin {email} created from configuration: sign in and change the password.";
    }
}
