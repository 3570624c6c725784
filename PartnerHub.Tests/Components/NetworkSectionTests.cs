using System.Security.Claims;
using Bogus;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Performance;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Components;

/// <summary>The network section against a real SQLite database: upline, downline with totals, and the portal's view of it.</summary>
public sealed class NetworkSectionTests : MudTestContext, IClassFixture<NetworkSectionTests.Data>
{
    /// <summary>Orion Markets > Polaris FX > { Rigel Trading > Sirius Pips, Antares Capital }.</summary>
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
            async Task Add(string name, string? parent) =>
                Ids[name] = await partners.CreateAsync(admin, new NewPartner
                {
                    Name = name,
                    Email = $"{name.Replace(" ", ".", StringComparison.Ordinal).ToLowerInvariant()}@stars.test",
                    Vertical = Vertical.ForexIb,
                    Country = "CY",
                    ParentId = parent is null ? null : Ids[parent],
                });
            await Add("Orion Markets", null);
            await Add("Polaris FX", "Orion Markets");
            await Add("Rigel Trading", "Polaris FX");
            await Add("Sirius Pips", "Rigel Trading");
            await Add("Antares Capital", "Polaris FX");

            var f = new Faker { Random = new Randomizer(9_001) };
            foreach (var id in Ids.Values)
            {
                for (var date = Today.AddDays(-40); date <= Today; date = date.AddDays(1))
                {
                    var lots = Math.Round(f.Random.Decimal(0, 25), 2);
                    Rows.Add(new DailyPerformance(id, date) { Lots = lots, Volume = lots * 100_000m, NetDeposits = Math.Round(f.Random.Decimal(0, 3_000), 2) });
                }
            }
            await using var db = CreateContext();
            db.DailyPerformance.AddRange(Rows);
            await db.SaveChangesAsync();
        }

        public string Lots(string name, int days) => Rows
            .Where(r => r.PartnerId == Ids[name] && r.Date > Today.AddDays(-days)).Sum(r => r.Lots).ToString("N2", PerformanceKpis.Culture);

        public string NetworkLots(int days, params string[] names) => Rows
            .Where(r => names.Select(n => Ids[n]).Contains(r.PartnerId) && r.Date > Today.AddDays(-days)).Sum(r => r.Lots).ToString("N2", PerformanceKpis.Culture);
    }

    private readonly Data data;

    public NetworkSectionTests(Data data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock);
        Services.AddScoped<NetworkService>();
    }

    [Fact]
    public void An_operator_sees_the_upline_and_each_sub_IBs_30_day_totals_with_profile_links()
    {
        SignIn("manager-1", "Maya Manager", Roles.Manager);

        var cut = Render<NetworkSection>(p => p.Add(s => s.PartnerId, data.Ids["Polaris FX"]));

        cut.WaitForAssertion(() => Assert.Equal(3, DownlineRows(cut).Count));
        Assert.Equal(new[] { "Antares Capital", "Rigel Trading", "Sirius Pips" }, DownlineRows(cut).Select(r => r.QuerySelector("th")!.TextContent.Trim()));
        foreach (var name in new[] { "Antares Capital", "Rigel Trading", "Sirius Pips" })
        {
            var row = cut.Find($"tr[data-partner='{data.Ids[name]}']");
            Assert.Equal($"/console/partners/{data.Ids[name]}", row.QuerySelector("a")!.GetAttribute("href"));
            Assert.Equal(data.Lots(name, 30), row.QuerySelectorAll("td")[2].TextContent.Trim());
        }
        var total = cut.Find("tr.network-total");
        Assert.Contains("Network total (3 sub-partners)", total.TextContent, StringComparison.Ordinal);
        Assert.Equal(data.NetworkLots(30, "Antares Capital", "Rigel Trading", "Sirius Pips"), total.QuerySelectorAll("td")[0].TextContent.Trim());
        var upline = cut.Find("nav[aria-label=Upline] a");
        Assert.Equal(("Orion Markets", $"/console/partners/{data.Ids["Orion Markets"]}"), (upline.TextContent.Trim(), upline.GetAttribute("href")));
    }

    [Fact]
    public void Choosing_7_days_reloads_the_totals()
    {
        SignIn("manager-1", "Maya Manager", Roles.Manager);
        var cut = Render<NetworkSection>(p => p.Add(s => s.PartnerId, data.Ids["Polaris FX"]));
        cut.WaitForAssertion(() => Assert.Equal(3, DownlineRows(cut).Count));

        cut.FindAll("button").Single(b => b.TextContent.Trim() == "7 days").Click();

        var rigel = $"tr[data-partner='{data.Ids["Rigel Trading"]}'] td";
        cut.WaitForAssertion(() => Assert.Equal(data.Lots("Rigel Trading", 7), cut.FindAll(rigel)[2].TextContent.Trim()));
        Assert.Equal(data.NetworkLots(7, "Antares Capital", "Rigel Trading", "Sirius Pips"),
            cut.Find("tr.network-total td").TextContent.Trim());
    }

    [Fact]
    public void A_master_IB_sees_its_downline_in_the_portal_without_console_links()
    {
        SignInPartner(data.Ids["Rigel Trading"]);

        var cut = Render<NetworkSection>(p => p.Add(s => s.PartnerId, data.Ids["Rigel Trading"]).Add(s => s.PortalView, true));

        cut.WaitForAssertion(() => Assert.Single(DownlineRows(cut)));
        Assert.Equal("Your network", cut.Find("h2").TextContent.Trim());
        Assert.Equal(data.Lots("Sirius Pips", 30), cut.FindAll($"tr[data-partner='{data.Ids["Sirius Pips"]}'] td")[2].TextContent.Trim());
        Assert.Empty(cut.FindAll("a[href^='/console']"));
        // The upline is there by name only.
        Assert.Equal(new[] { "Orion Markets", "Polaris FX" }, cut.FindAll("nav[aria-label=Upline] li[data-upline] span:first-child").Select(s => s.TextContent.Trim()));
    }

    [Fact]
    public void A_partner_without_sub_partners_is_told_so()
    {
        SignInPartner(data.Ids["Sirius Pips"]);

        var cut = Render<NetworkSection>(p => p.Add(s => s.PartnerId, data.Ids["Sirius Pips"]).Add(s => s.PortalView, true));

        cut.WaitForAssertion(() => Assert.Equal("You have no sub-partners yet.", cut.Find("[data-testid=empty-downline]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("table"));
    }

    [Fact]
    public void A_sub_IB_opening_its_masters_network_sees_no_figures()
    {
        SignInPartner(data.Ids["Sirius Pips"]);

        var cut = Render<NetworkSection>(p => p.Add(s => s.PartnerId, data.Ids["Rigel Trading"]).Add(s => s.PortalView, true));

        cut.WaitForAssertion(() => Assert.Contains("do not have access", cut.Find("[role=alert]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("tr[data-partner]"));
    }

    private static IReadOnlyList<AngleSharp.Dom.IElement> DownlineRows(IRenderedComponent<NetworkSection> cut) => cut.FindAll("tbody tr[data-partner]");

    private void SignInPartner(int partnerId)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("partner");
        auth.SetRoles(Roles.Partner);
        auth.SetClaims(
            new Claim(ClaimTypes.NameIdentifier, $"partner-{partnerId}"),
            new Claim(Actor.DisplayNameClaim, "Partner user"),
            new Claim(Actor.PartnerIdClaim, partnerId.ToString(PerformanceKpis.Culture)));
    }
}
