using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Data;
using PartnerHub.Web.Demo;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>Migrate + seed on a real SQLite file: the demo data a new user sees, the same on every run.</summary>
public sealed class DemoDataTests : IClassFixture<DemoDataTests.SeededDatabase>
{
    public sealed class SeededDatabase : SqliteDatabase
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await SeedAsync(this);
        }
    }

    private readonly SeededDatabase database;

    public DemoDataTests(SeededDatabase database) => this.database = database;

    /// <summary>Runs the seeder the way the app does: with Identity's managers over the same database.</summary>
    internal static async Task SeedAsync(SqliteDatabase database)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(database.Factory);
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddIdentityCore<ApplicationUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<AppDbContext>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        await new DemoDataSeeder(sp.GetRequiredService<UserManager<ApplicationUser>>(), sp.GetRequiredService<RoleManager<IdentityRole>>(), database.Clock)
            .SeedAsync(sp.GetRequiredService<AppDbContext>());
    }

    [Fact]
    public async Task Demo_data_has_about_300_partners_in_all_three_verticals()
    {
        await using var db = database.CreateContext();
        var count = await db.Partners.CountAsync();
        Assert.InRange(count, 250, 350);
        var verticals = await db.Partners.Select(p => p.Vertical).Distinct().ToListAsync();
        Assert.Equal(Enum.GetValues<Vertical>().Order(), verticals.Order());
    }

    [Fact]
    public async Task Every_demo_login_exists_with_its_role_and_partner_logins_point_at_their_partner()
    {
        await using var db = database.CreateContext();
        foreach (var (email, role, _) in DemoAccounts.All)
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name).ToListAsync();
            Assert.Equal([role], roles);
            if (role == Roles.Partner)
            {
                var partner = await db.Partners.SingleAsync(p => p.Id == user.PartnerId);
                Assert.Equal(email, partner.Email);
            }
        }
        var demoPartner = await db.Partners.SingleAsync(p => p.Email == DemoAccounts.Partner);
        Assert.Equal((Vertical.IGamingAffiliate, PartnerStatus.Active), (demoPartner.Vertical, demoPartner.Status));
    }

    [Fact]
    public async Task The_master_ib_has_a_three_level_downline_and_the_sub_ib_is_in_it()
    {
        await using var db = database.CreateContext();
        var master = await db.Partners.SingleAsync(p => p.Email == DemoAccounts.MasterIb);
        var sub = await db.Partners.SingleAsync(p => p.Email == DemoAccounts.SubIb);
        Assert.Equal((Vertical.ForexIb, 1), (master.Vertical, master.Tier));
        Assert.Equal((master.Id, 2), (sub.ParentId, sub.Tier));

        var downline = await db.PartnerHierarchy.Where(h => h.AncestorId == master.Id && h.Depth > 0).ToListAsync();
        Assert.InRange(downline.Count(h => h.Depth == 1), 5, 20);
        Assert.Contains(downline, h => h.Depth == 2);

        // The closure table agrees with the parent pointers for every partner.
        var partners = await db.Partners.AsNoTracking().ToDictionaryAsync(p => p.Id);
        var links = await db.PartnerHierarchy.AsNoTracking().ToListAsync();
        foreach (var p in partners.Values)
        {
            var expected = new List<(int, int)>();
            var depth = 0;
            for (Partner? a = p; a is not null; a = a.ParentId is { } id ? partners[id] : null, depth++)
                expected.Add((a.Id, depth));
            var actual = links.Where(l => l.DescendantId == p.Id).Select(l => (l.AncestorId, l.Depth)).ToList();
            Assert.Equal(expected.Order(), actual.Order());
            Assert.Equal(expected.Count, p.Tier);
        }
    }

    [Fact]
    public async Task Commission_lines_and_payouts_exist_in_every_status()
    {
        await using var db = database.CreateContext();
        Assert.Equal(Enum.GetValues<CommissionStatus>().Order(), (await db.CommissionLines.Select(l => l.Status).Distinct().ToListAsync()).Order());
        Assert.Equal(Enum.GetValues<PayoutStatus>().Order(), (await db.Payouts.Select(p => p.Status).Distinct().ToListAsync()).Order());
        // A paid payout is exactly the sum of the lines it paid.
        var paid = await db.Payouts.Include(p => p.Items).ThenInclude(i => i.Line).Where(p => p.Status == PayoutStatus.Paid).ToListAsync();
        Assert.NotEmpty(paid);
        Assert.All(paid, p => Assert.Equal(p.Amount, p.Lines.Sum(l => l.Amount), 2));
        Assert.All(paid, p => Assert.All(p.Lines, l => Assert.Equal(CommissionStatus.Paid, l.Status)));
    }

    [Fact]
    public async Task Performance_covers_at_least_the_last_180_days_up_to_today()
    {
        await using var db = database.CreateContext();
        var today = DateOnly.FromDateTime(database.Clock.GetUtcNow().UtcDateTime);
        var first = await db.DailyPerformance.MinAsync(d => d.Date);
        var last = await db.DailyPerformance.MaxAsync(d => d.Date);
        Assert.True(today.DayNumber - first.DayNumber >= 179, $"Performance starts only {today.DayNumber - first.DayNumber} days ago.");
        Assert.InRange(today.DayNumber - last.DayNumber, 0, 1);
    }

    [Fact]
    public async Task Every_screen_has_communication_history_to_show()
    {
        await using var db = database.CreateContext();
        var partner = await db.Partners.SingleAsync(p => p.Email == DemoAccounts.Partner);
        Assert.True(await db.Messages.CountAsync(m => m.Thread!.PartnerId == partner.Id) >= 2);
        Assert.True(await db.MessageThreads.AnyAsync(t => t.RecordType != null));
        Assert.True(await db.MessageThreads.AnyAsync(t => t.CounterpartPartnerId != null));
        Assert.True(await db.InternalNotes.AnyAsync());
        Assert.True(await db.AnnouncementRecipients.AnyAsync(r => r.AcknowledgedAt != null));
        Assert.Equal(PartnerHub.Domain.Outbox.EventTypes.Triggerable.Count, await db.TriggerRules.CountAsync(r => r.Enabled));
        Assert.True(await db.Creatives.AnyAsync());
    }

    [Fact]
    public async Task A_retention_dry_run_on_the_demo_finds_former_partners_due_and_one_held()
    {
        var admin = new Actor("demo-test-admin", "Admin", new HashSet<string> { Roles.Admin }, null);
        var retention = new PartnerHub.Domain.Compliance.RetentionService(database.Factory, database.Clock,
            new PartnerHub.Domain.Files.FileStore(Path.GetTempPath()));
        var report = await retention.DryRunAsync(admin);
        Assert.All(report.Kinds, k =>
        {
            Assert.Equal(2, k.PartnersDue);
            Assert.Equal(["Rafael Duarte"], k.Held.Select(h => h.Name));
            Assert.True(k.TotalRows > 0);
        });
        await using var db = database.CreateContext();
        // A dry run deletes nothing.
        Assert.Equal(3, await db.MessageThreads.CountAsync(t => db.Partners.Any(p => p.Id == t.PartnerId && p.EndedAt != null && p.EndedAt < database.Clock.GetUtcNow().UtcDateTime.AddYears(-5))));
    }

    [Fact]
    public async Task Seeding_again_adds_nothing()
    {
        int Before(AppDbContext db) => db.Partners.Count() + db.Users.Count() + db.Messages.Count() + db.CommissionLines.Count();
        int before;
        await using (var db = database.CreateContext()) before = Before(db);

        await SeedAsync(database);

        await using (var db = database.CreateContext()) Assert.Equal(before, Before(db));
    }

    [Fact]
    public async Task Seeding_is_deterministic()
    {
        await using var other = await SqliteDatabase.CreateAsync();
        await SeedAsync(other);

        static async Task<(List<string> Emails, decimal Commission, int Messages)> Fingerprint(SqliteDatabase d)
        {
            await using var db = d.CreateContext();
            return (await db.Partners.OrderBy(p => p.Id).Select(p => p.Email).ToListAsync(),
                Math.Round(await db.CommissionLines.SumAsync(l => l.Amount), 2),
                await db.Messages.CountAsync());
        }

        var a = await Fingerprint(database);
        var b = await Fingerprint(other);
        Assert.Equal(a.Emails, b.Emails);
        Assert.Equal(a.Commission, b.Commission);
        Assert.Equal(a.Messages, b.Messages);
    }
}
