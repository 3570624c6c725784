using System.Security.Claims;
using Bogus;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Performance;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Performance;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Components;

/// <summary>The performance section against a real SQLite database: the KPI cards, the range presets and who sees what.</summary>
public sealed class PerformanceSectionTests : MudTestContext, IClassFixture<PerformanceSectionTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public static readonly DateOnly Today = DateOnly.FromDateTime(Start.UtcDateTime);

        public Partner Casino { get; private set; } = default!;
        public Partner Other { get; private set; } = default!;
        public List<DailyPerformance> Rows { get; } = [];

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var now = Clock.GetUtcNow().UtcDateTime;
            Casino = new Partner("Spin Reviews", "spin@aff.test", Vertical.IGamingAffiliate, "MT", now);
            Other = new Partner("Other Affiliate", "other@aff.test", Vertical.IGamingAffiliate, "MT", now);
            await using var db = CreateContext();
            db.Partners.AddRange(Casino, Other);
            await db.SaveChangesAsync();

            var f = new Faker { Random = new Randomizer(31337) };
            for (var date = Today.AddDays(-200); date <= Today; date = date.AddDays(1))
            {
                var clicks = f.Random.Int(200, 3_000);
                Rows.Add(new DailyPerformance(Casino.Id, date)
                {
                    Clicks = clicks,
                    Registrations = clicks / 8,
                    Ftds = f.Random.Int(5, 60),
                    Deposits = Math.Round(f.Random.Decimal(500, 9_000), 2),
                    NetGamingRevenue = Math.Round(f.Random.Decimal(-1_000, 5_000), 2),
                });
            }
            db.DailyPerformance.AddRange(Rows);
            await db.SaveChangesAsync();
        }

        public int Ftds(int days, int skip = 0) => Rows
            .Where(r => r.Date <= Today.AddDays(-skip) && r.Date > Today.AddDays(-skip - days)).Sum(r => r.Ftds);
    }

    private readonly Data data;

    public PerformanceSectionTests(Data data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock); // "today" is the fixture's day, whatever the real date
        Services.AddScoped<PerformanceService>();
    }

    [Fact]
    public void Cards_show_the_30_day_totals_and_the_change_on_the_previous_30_days()
    {
        SignIn("manager-1", "Maya Manager", Roles.Manager);

        var cut = Render<PerformanceSection>(p => p.Add(s => s.PartnerId, data.Casino.Id));

        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-kpi]").Count));
        var now = data.Ftds(30);
        var before = data.Ftds(30, skip: 30);
        var change = Math.Round((now - before) * 100m / before, 1);
        var card = cut.Find("[data-kpi=ftds]");
        Assert.Equal(now.ToString("N0", PerformanceKpis.Culture), card.QuerySelector(".kpi-total")!.TextContent.Trim());
        var direction = change > 0 ? "up" : "down";
        Assert.Equal($"FTDs {now.ToString("N0", PerformanceKpis.Culture)}, {direction} {Math.Abs(change).ToString("0.0", PerformanceKpis.Culture)} % on the previous 30 days",
            card.GetAttribute("aria-label"));
        Assert.Equal(new[] { "Clicks", "Registrations", "FTDs", "Deposits", "NGR" },
            cut.FindAll("[data-kpi] h3").Select(h => h.TextContent.Trim()));
        Assert.Contains("Clicks per day", cut.Find("figcaption").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Choosing_7_days_reloads_the_totals_for_the_last_week()
    {
        SignIn("manager-1", "Maya Manager", Roles.Manager);
        var cut = Render<PerformanceSection>(p => p.Add(s => s.PartnerId, data.Casino.Id));
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-kpi]").Count));

        cut.FindAll("button").Single(b => b.TextContent.Trim() == "7 days").Click();

        var week = data.Ftds(7).ToString("N0", PerformanceKpis.Culture);
        cut.WaitForAssertion(() => Assert.Equal(week, cut.Find("[data-kpi=ftds] .kpi-total").TextContent.Trim()));
        Assert.EndsWith("on the previous 7 days", cut.Find("[data-kpi=ftds]").GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Fact]
    public void Choosing_180_days_charts_weekly_points()
    {
        SignIn("manager-1", "Maya Manager", Roles.Manager);
        var cut = Render<PerformanceSection>(p => p.Add(s => s.PartnerId, data.Casino.Id));
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-kpi]").Count));

        cut.FindAll("button").Single(b => b.TextContent.Trim() == "180 days").Click();

        cut.WaitForAssertion(() => Assert.Contains("per week", cut.Find("figcaption").TextContent, StringComparison.Ordinal));
        var clicks = data.Rows.Where(r => r.Date > Data.Today.AddDays(-180)).Sum(r => r.Clicks);
        Assert.Equal(clicks.ToString("N0", PerformanceKpis.Culture), cut.Find("[data-kpi=clicks] .kpi-total").TextContent.Trim());
    }

    [Fact]
    public async Task Choosing_another_figure_charts_it()
    {
        SignIn("manager-1", "Maya Manager", Roles.Manager);
        var cut = Render<PerformanceSection>(p => p.Add(s => s.PartnerId, data.Casino.Id));
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-kpi]").Count));
        Assert.NotEmpty(cut.FindAll("svg path"));

        var select = cut.FindComponent<MudBlazor.MudSelect<string>>();
        Assert.Equal("Charted figure", select.Instance.Label);
        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync("ngr"));

        cut.WaitForAssertion(() => Assert.StartsWith("NGR per day", cut.Find("figcaption").TextContent.Trim(), StringComparison.Ordinal));
    }

    [Fact]
    public void A_partner_sees_its_own_performance_in_the_portal()
    {
        SignInPartner(data.Casino.Id);

        var cut = Render<PerformanceSection>(p => p.Add(s => s.PartnerId, data.Casino.Id).Add(s => s.PortalView, true));

        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-kpi]").Count));
        Assert.Equal("Your performance", cut.Find("h2").TextContent.Trim());
        Assert.Equal(data.Ftds(30).ToString("N0", PerformanceKpis.Culture), cut.Find("[data-kpi=ftds] .kpi-total").TextContent.Trim());
    }

    [Fact]
    public void A_partner_asking_for_another_partners_performance_sees_no_figures()
    {
        SignInPartner(data.Other.Id);

        var cut = Render<PerformanceSection>(p => p.Add(s => s.PartnerId, data.Casino.Id).Add(s => s.PortalView, true));

        cut.WaitForAssertion(() => Assert.Contains("do not have access", cut.Find("[role=alert]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-kpi]"));
    }

    [Fact]
    public async Task A_custom_range_longer_than_three_years_is_refused_at_the_picker_and_a_valid_one_is_applied()
    {
        SelectedRange? chosen = null;
        var cut = Render<RangePicker>(p => p
            .Add(r => r.Value, SelectedRange.Preset(30, Data.Today))
            .Add(r => r.ValueChanged, (SelectedRange v) => chosen = v));

        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Custom").Click();
        var picker = cut.FindComponent<MudBlazor.MudDateRangePicker>();
        Assert.Equal("Custom range", picker.Instance.Label);
        var today = Data.Today.ToDateTime(TimeOnly.MinValue);

        await cut.InvokeAsync(() => picker.Instance.DateRangeChanged.InvokeAsync(new MudBlazor.DateRange(today.AddYears(-4), today)));

        Assert.Null(chosen);
        Assert.Contains("at most 3 years", cut.Markup, StringComparison.Ordinal);

        await cut.InvokeAsync(() => picker.Instance.DateRangeChanged.InvokeAsync(new MudBlazor.DateRange(today.AddDays(-13), today)));

        Assert.Equal(SelectedRange.Custom(Data.Today.AddDays(-13), Data.Today), chosen);
        Assert.DoesNotContain("at most 3 years", cut.Markup, StringComparison.Ordinal);
    }

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
