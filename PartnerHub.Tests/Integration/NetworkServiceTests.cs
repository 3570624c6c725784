using Bogus;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Performance;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// NetworkService against a migrated SQLite file: an IB tree built with PartnerService (so the closure
/// rows are the real ones), two months of daily figures, and who may read which network.
/// </summary>
public sealed class NetworkServiceTests(NetworkServiceTests.Data data) : IClassFixture<NetworkServiceTests.Data>
{
    /// <summary>
    /// Atlas Capital > Blue Harbour > { Aurora Markets, Cobalt Trading > Delta Pips }, a second network
    /// Zenith FX > Yield Partners, and an iGaming one Casino Guides > Slots Weekly.
    /// </summary>
    public sealed class Data : SqliteDatabase
    {
        public static readonly DateOnly Today = DateOnly.FromDateTime(Start.UtcDateTime);

        public Dictionary<string, int> Ids { get; } = [];
        public List<DailyPerformance> Rows { get; } = [];

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var admin = await AddActorAsync(Roles.Admin);
            var partners = new PartnerService(Factory, Clock);
            async Task Add(string name, Vertical vertical, string? parent) =>
                Ids[name] = await partners.CreateAsync(admin, new NewPartner
                {
                    Name = name,
                    Email = $"{name.Replace(" ", ".", StringComparison.Ordinal).ToLowerInvariant()}@network.test",
                    Vertical = vertical,
                    Country = "CY",
                    ParentId = parent is null ? null : Ids[parent],
                });
            await Add("Atlas Capital", Vertical.ForexIb, null);
            await Add("Blue Harbour", Vertical.ForexIb, "Atlas Capital");
            await Add("Cobalt Trading", Vertical.ForexIb, "Blue Harbour");
            await Add("Delta Pips", Vertical.ForexIb, "Cobalt Trading");
            await Add("Aurora Markets", Vertical.ForexIb, "Blue Harbour");
            await Add("Zenith FX", Vertical.ForexIb, null);
            await Add("Yield Partners", Vertical.ForexIb, "Zenith FX");
            await Add("Casino Guides", Vertical.IGamingAffiliate, null);
            await Add("Slots Weekly", Vertical.IGamingAffiliate, "Casino Guides");

            var f = new Faker { Random = new Randomizer(7_2026) };
            foreach (var (name, id) in Ids)
            {
                if (name == "Aurora Markets") continue; // a sub-IB with no figures at all
                for (var date = Today.AddDays(-59); date <= Today; date = date.AddDays(1))
                {
                    if (f.Random.Int(0, 6) == 0) continue;
                    var lots = Math.Round(f.Random.Decimal(0, 30), 2);
                    Rows.Add(new DailyPerformance(id, date)
                    {
                        Lots = lots,
                        Volume = Math.Round(lots * 105_000m, 2),
                        NetDeposits = Math.Round(f.Random.Decimal(-1_000, 4_000), 2),
                        ActiveTraders = f.Random.Int(0, 15),
                        Ftds = f.Random.Int(0, 9),
                        NetGamingRevenue = Math.Round(f.Random.Decimal(-500, 2_500), 2),
                    });
                }
            }
            await using var db = CreateContext();
            db.DailyPerformance.AddRange(Rows);
            await db.SaveChangesAsync();
        }

        public decimal Sum(string name, DateOnly from, DateOnly to, Func<DailyPerformance, decimal> column) =>
            Math.Round(Rows.Where(r => r.PartnerId == Ids[name] && r.Date >= from && r.Date <= to).Sum(column), 2);
    }

    private readonly NetworkService _service = new(data.Factory);
    private static readonly DateOnly From = Data.Today.AddDays(-29);
    private static readonly DateOnly To = Data.Today;

    private int Id(string name) => data.Ids[name];

    [Fact]
    public async Task An_operator_sees_the_upline_and_the_downline_in_tree_order_with_each_sub_IBs_totals()
    {
        var view = await _service.GetAsync(await data.AddActorAsync(Roles.Compliance), Id("Blue Harbour"), From, To);

        Assert.Equal([new UplineLink(Id("Atlas Capital"), "Atlas Capital", 1)], view.Upline);
        Assert.Equal(["Lots", "Volume", "Net deposits"], view.Columns.Select(c => c.Label));
        Assert.Equal(
            [("Aurora Markets", 1, Id("Blue Harbour")), ("Cobalt Trading", 1, Id("Blue Harbour")), ("Delta Pips", 2, Id("Cobalt Trading"))],
            view.Downline.Select(n => (n.Name, n.Depth, n.ParentId ?? 0)));
        foreach (var node in view.Downline)
        {
            Assert.Equal(
                [data.Sum(node.Name, From, To, r => r.Lots), data.Sum(node.Name, From, To, r => r.Volume), data.Sum(node.Name, From, To, r => r.NetDeposits)],
                node.Totals);
        }
        Assert.All(view.Downline.Single(n => n.Name == "Aurora Markets").Totals, t => Assert.Equal(0m, t));
    }

    [Fact]
    public async Task Grand_totals_add_up_the_whole_downline_and_only_the_range()
    {
        var view = await _service.GetAsync(Actor.System, Id("Atlas Capital"), From, To);

        string[] downline = ["Blue Harbour", "Cobalt Trading", "Delta Pips", "Aurora Markets"];
        Assert.Equal(downline.Order(), view.Downline.Select(n => n.Name).Order());
        Assert.Equal(downline.Sum(n => data.Sum(n, From, To, r => r.Lots)), view.GrandTotals[0]);
        Assert.Equal(downline.Sum(n => data.Sum(n, From, To, r => r.NetDeposits)), view.GrandTotals[2]);
        // The partner's own figures and other networks are not in it, nor days before the range.
        Assert.NotEqual(downline.Sum(n => data.Sum(n, From.AddDays(-30), To, r => r.Lots)), view.GrandTotals[0]);
        Assert.Empty(view.Upline);
    }

    [Fact]
    public async Task A_master_IB_sees_its_own_downlines_totals()
    {
        var master = await data.AddActorAsync(Roles.Partner, Id("Cobalt Trading"));

        var view = await _service.GetAsync(master, Id("Cobalt Trading"), From, To);

        var delta = Assert.Single(view.Downline);
        Assert.Equal("Delta Pips", delta.Name);
        Assert.Equal(data.Sum("Delta Pips", From, To, r => r.Lots), delta.Totals[0]);
        Assert.Equal(delta.Totals, view.GrandTotals);
        // Its upline is names only, top first.
        Assert.Equal(["Atlas Capital", "Blue Harbour"], view.Upline.Select(u => u.Name));
    }

    [Fact]
    public async Task A_sub_IB_asking_for_its_masters_network_is_refused()
    {
        var subIb = await data.AddActorAsync(Roles.Partner, Id("Delta Pips"));

        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.GetAsync(subIb, Id("Cobalt Trading"), From, To));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.GetAsync(subIb, Id("Atlas Capital"), From, To));
    }

    [Fact]
    public async Task A_master_IB_cannot_read_a_sub_IBs_network_or_another_network_either()
    {
        var master = await data.AddActorAsync(Roles.Partner, Id("Blue Harbour"));

        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.GetAsync(master, Id("Cobalt Trading"), From, To));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.GetAsync(master, Id("Zenith FX"), From, To));
    }

    [Fact]
    public async Task A_partner_without_sub_partners_gets_an_empty_downline_and_zero_totals()
    {
        var leaf = await data.AddActorAsync(Roles.Partner, Id("Delta Pips"));

        var view = await _service.GetAsync(leaf, Id("Delta Pips"), From, To);

        Assert.Empty(view.Downline);
        Assert.All(view.GrandTotals, t => Assert.Equal(0m, t));
        Assert.Equal(["Atlas Capital", "Blue Harbour", "Cobalt Trading"], view.Upline.Select(u => u.Name));
    }

    [Fact]
    public async Task An_iGaming_network_shows_FTDs_and_NGR()
    {
        var view = await _service.GetAsync(await data.AddActorAsync(Roles.Manager), Id("Casino Guides"), From, To);

        Assert.Equal(["FTDs", "NGR"], view.Columns.Select(c => c.Label));
        var slots = Assert.Single(view.Downline);
        Assert.Equal([data.Sum("Slots Weekly", From, To, r => r.Ftds), data.Sum("Slots Weekly", From, To, r => r.NetGamingRevenue)], slots.Totals);
    }

    [Fact]
    public async Task A_start_after_the_end_is_refused_at_the_range()
    {
        var ex = await Assert.ThrowsAsync<DomainException>(() => _service.GetAsync(Actor.System, Id("Atlas Capital"), To, From));

        Assert.Equal("Range", ex.Field);
    }
}
