using Bogus;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Performance;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// PerformanceService against a migrated SQLite file: three years of daily figures with gaps, summed
/// in the database, checked against plain LINQ sums over the rows the test wrote.
/// </summary>
public sealed class PerformanceServiceTests(PerformanceServiceTests.Data data) : IClassFixture<PerformanceServiceTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public static readonly DateOnly Today = DateOnly.FromDateTime(Start.UtcDateTime);

        public Partner Forex { get; private set; } = default!;
        public Partner IGaming { get; private set; } = default!;
        public Partner Prop { get; private set; } = default!;
        /// <summary>Figures only in the last 30 days: nothing to compare with.</summary>
        public Partner Newcomer { get; private set; } = default!;
        public List<DailyPerformance> Rows { get; } = [];

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var now = Clock.GetUtcNow().UtcDateTime;
            Forex = new Partner("Harbour FX", "harbour@ib.test", Vertical.ForexIb, "CY", now);
            IGaming = new Partner("Lucky Reviews", "lucky@aff.test", Vertical.IGamingAffiliate, "MT", now);
            Prop = new Partner("Funded Edge", "edge@prop.test", Vertical.PropTradingAffiliate, "GB", now);
            Newcomer = new Partner("New Pips", "new@ib.test", Vertical.ForexIb, "AE", now);
            await using var db = CreateContext();
            db.Partners.AddRange(Forex, IGaming, Prop, Newcomer);
            await db.SaveChangesAsync();

            var f = new Faker { Random = new Randomizer(20260302) };
            // Three years and a bit for the Forex IB, one day in ten missing; a year for the others.
            for (var date = Today.AddYears(-3).AddDays(-200); date <= Today; date = date.AddDays(1))
            {
                if (f.Random.Int(0, 9) == 0) continue;
                var lots = Math.Round(f.Random.Decimal(0, 80), 2);
                Rows.Add(new DailyPerformance(Forex.Id, date)
                {
                    Lots = lots,
                    Volume = Math.Round(lots * 100_000m * f.Random.Decimal(1.02m, 1.18m), 2),
                    NetDeposits = Math.Round(f.Random.Decimal(-5_000, 20_000), 2),
                    ActiveTraders = f.Random.Int(0, 40),
                });
            }
            for (var date = Today.AddDays(-365); date <= Today; date = date.AddDays(1))
            {
                if (f.Random.Int(0, 9) == 0) continue;
                var clicks = f.Random.Int(100, 2_000);
                Rows.Add(new DailyPerformance(IGaming.Id, date)
                {
                    Clicks = clicks,
                    Registrations = clicks / 10,
                    Ftds = clicks / 40,
                    Deposits = Math.Round(f.Random.Decimal(0, 9_000), 2),
                    NetGamingRevenue = Math.Round(f.Random.Decimal(-2_000, 6_000), 2),
                });
                Rows.Add(new DailyPerformance(Prop.Id, date)
                {
                    SignUps = f.Random.Int(0, 50),
                    ChallengesSold = f.Random.Int(0, 12),
                    FundedAccounts = f.Random.Int(0, 3),
                });
            }
            for (var date = Today.AddDays(-29); date <= Today; date = date.AddDays(1))
                Rows.Add(new DailyPerformance(Newcomer.Id, date) { Lots = 1.5m, Volume = 150_000m, ActiveTraders = 3 });
            db.DailyPerformance.AddRange(Rows);
            await db.SaveChangesAsync();
        }

        public IEnumerable<DailyPerformance> RowsOf(Partner p, DateOnly from, DateOnly to) =>
            Rows.Where(r => r.PartnerId == p.Id && r.Date >= from && r.Date <= to);
    }

    private readonly PerformanceService _service = new(data.Factory);
    private static DateOnly Today => Data.Today;

    private async Task<Actor> OperatorAsync() => await data.AddActorAsync(Roles.Compliance);

    [Fact]
    public async Task Totals_over_30_days_equal_the_sum_of_the_daily_rows()
    {
        var (from, to) = PerformanceService.Range(30, Today);

        var report = await _service.GetAsync(await OperatorAsync(), data.Forex.Id, from, to);

        var rows = data.RowsOf(data.Forex, from, to).ToList();
        Assert.Equal(Math.Round(rows.Sum(r => r.Lots), 2), Total(report, "lots"));
        Assert.Equal(Math.Round(rows.Sum(r => r.Volume), 2), Total(report, "volume"));
        Assert.Equal(Math.Round(rows.Sum(r => r.NetDeposits), 2), Total(report, "net-deposits"));
        // Active traders is averaged over the 30 days of the range, missing days counting as zero.
        Assert.Equal(Math.Round(rows.Sum(r => r.ActiveTraders) / 30m, 1), Total(report, "active-traders"));
        Assert.Equal("Active traders (daily avg.)", report.Kpis.Single(k => k.Kpi.Key == "active-traders").Kpi.Label);
        Assert.Equal((from, to), (report.From, report.To));
    }

    [Fact]
    public async Task Previous_period_is_the_same_length_just_before_and_the_change_is_in_percent()
    {
        var (from, to) = PerformanceService.Range(90, Today);

        var report = await _service.GetAsync(await OperatorAsync(), data.IGaming.Id, from, to);

        Assert.Equal(from.AddDays(-90), report.PreviousFrom);
        Assert.Equal(from.AddDays(-1), report.PreviousTo);
        var now = (decimal)data.RowsOf(data.IGaming, from, to).Sum(r => r.Ftds);
        var before = (decimal)data.RowsOf(data.IGaming, report.PreviousFrom, report.PreviousTo).Sum(r => r.Ftds);
        var ftds = report.Kpis.Single(k => k.Kpi.Key == "ftds");
        Assert.Equal(now, ftds.Total);
        Assert.Equal(before, ftds.PreviousTotal);
        Assert.Equal(Math.Round((now - before) * 100m / before, 1), ftds.ChangePercent);
        var ngr = report.Kpis.Single(k => k.Kpi.Key == "ngr");
        Assert.Equal(Math.Round(data.RowsOf(data.IGaming, report.PreviousFrom, report.PreviousTo).Sum(r => r.NetGamingRevenue), 2), ngr.PreviousTotal);
    }

    [Fact]
    public async Task Change_is_empty_when_the_previous_period_had_nothing()
    {
        var (from, to) = PerformanceService.Range(30, Today);

        var report = await _service.GetAsync(await OperatorAsync(), data.Newcomer.Id, from, to);

        var lots = report.Kpis.Single(k => k.Kpi.Key == "lots");
        Assert.Equal(45m, lots.Total);
        Assert.Equal(0m, lots.PreviousTotal);
        Assert.Null(lots.ChangePercent);
        Assert.Equal(3m, Total(report, "active-traders"));
    }

    [Fact]
    public async Task Ranges_up_to_92_days_are_charted_per_day()
    {
        var (from, to) = PerformanceService.Range(92, Today);

        var report = await _service.GetAsync(await OperatorAsync(), data.Prop.Id, from, to);

        Assert.Equal(PerformanceBucket.Day, report.Bucket);
        Assert.Equal(Enumerable.Range(0, 92).Select(i => from.AddDays(i)), report.Points);
        var challenges = report.Kpis.Single(k => k.Kpi.Key == "challenges-sold").Series;
        Assert.Equal(report.Points.Select(d => (decimal)data.RowsOf(data.Prop, d, d).Sum(r => r.ChallengesSold)), challenges);
    }

    [Fact]
    public async Task A_180_day_range_is_charted_per_ISO_week_starting_on_Mondays()
    {
        var (from, to) = PerformanceService.Range(180, Today);

        var report = await _service.GetAsync(await OperatorAsync(), data.Forex.Id, from, to);

        Assert.Equal(PerformanceBucket.Week, report.Bucket);
        Assert.All(report.Points, d => Assert.Equal(DayOfWeek.Monday, d.DayOfWeek));
        Assert.True(report.Points[0] <= from && report.Points[0].AddDays(7) > from, "the first week contains the start");
        Assert.True(report.Points[^1] <= to && report.Points[^1].AddDays(7) > to, "the last week contains the end");
        Assert.Equal(report.Points.Count - 1, (report.Points[^1].DayNumber - report.Points[0].DayNumber) / 7);
        var lots = report.Kpis.Single(k => k.Kpi.Key == "lots");
        // Each point sums the days of its week that fall inside the range; together they make the total.
        var expected = report.Points.Select(monday => Math.Round(data.RowsOf(data.Forex,
            monday < from ? from : monday, monday.AddDays(6) > to ? to : monday.AddDays(6)).Sum(r => r.Lots), 2));
        Assert.Equal(expected, lots.Series);
        Assert.Equal(lots.Total, Math.Round(lots.Series.Sum(), 2));
    }

    [Fact]
    public async Task Three_years_are_summed_in_the_database_and_match_the_rows()
    {
        var from = Today.AddYears(-3);

        var report = await _service.GetAsync(await OperatorAsync(), data.Forex.Id, from, Today);

        var rows = data.RowsOf(data.Forex, from, Today).ToList();
        Assert.True(rows.Count > 900);
        Assert.Equal(Math.Round(rows.Sum(r => r.Volume), 2), Total(report, "volume"));
        Assert.Equal(Math.Round(data.RowsOf(data.Forex, report.PreviousFrom, report.PreviousTo).Sum(r => r.Lots), 2),
            report.Kpis.Single(k => k.Kpi.Key == "lots").PreviousTotal);
        Assert.InRange(report.Points.Count, 157, 158);
    }

    [Fact]
    public async Task Days_without_figures_are_zero_points_in_the_chart()
    {
        var (from, to) = PerformanceService.Range(60, Today);
        var missing = Enumerable.Range(0, 60).Select(i => from.AddDays(i))
            .Where(d => !data.RowsOf(data.Forex, d, d).Any()).ToList();
        Assert.NotEmpty(missing); // the seed leaves about one day in ten empty

        var report = await _service.GetAsync(await OperatorAsync(), data.Forex.Id, from, to);

        Assert.Equal(60, report.Points.Count);
        var lots = report.Kpis.Single(k => k.Kpi.Key == "lots");
        Assert.All(missing, d => Assert.Equal(0m, lots.Series[report.Points.ToList().IndexOf(d)]));
    }

    [Fact]
    public async Task A_partner_without_any_figures_gets_zeros_for_every_day()
    {
        var (from, to) = PerformanceService.Range(7, Today);
        var partner = new Partner("Quiet Affiliate", "quiet@aff.test", Vertical.IGamingAffiliate, "DE", data.Clock.GetUtcNow().UtcDateTime);
        await using (var db = data.CreateContext())
        {
            db.Partners.Add(partner);
            await db.SaveChangesAsync();
        }

        var report = await _service.GetAsync(await OperatorAsync(), partner.Id, from, to);

        Assert.Equal(7, report.Points.Count);
        Assert.All(report.Kpis, k => Assert.Equal((0m, 0m, (decimal?)null), (k.Total, k.PreviousTotal, k.ChangePercent)));
        Assert.All(report.Kpis, k => Assert.All(k.Series, v => Assert.Equal(0m, v)));
    }

    [Fact]
    public async Task Each_vertical_shows_its_own_KPIs()
    {
        var (from, to) = PerformanceService.Range(7, Today);
        var actor = await OperatorAsync();

        async Task<string[]> Labels(Partner p) => (await _service.GetAsync(actor, p.Id, from, to)).Kpis.Select(k => k.Kpi.Label).ToArray();

        Assert.Equal(new[] { "Clicks", "Registrations", "FTDs", "Deposits", "NGR" }, await Labels(data.IGaming));
        Assert.Equal(new[] { "Lots", "Volume", "Net deposits", "Active traders (daily avg.)" }, await Labels(data.Forex));
        Assert.Equal(new[] { "Sign-ups", "Challenges sold", "Funded accounts" }, await Labels(data.Prop));
    }

    [Fact]
    public async Task A_partner_reads_its_own_performance_but_not_another_partners()
    {
        var (from, to) = PerformanceService.Range(30, Today);
        var partner = await data.AddActorAsync(Roles.Partner, data.Prop.Id);

        var own = await _service.GetAsync(partner, data.Prop.Id, from, to);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.GetAsync(partner, data.Forex.Id, from, to));

        Assert.Equal((decimal)data.RowsOf(data.Prop, from, to).Sum(r => r.SignUps), Total(own, "sign-ups"));
    }

    [Fact]
    public async Task A_start_after_the_end_is_refused_at_the_range()
    {
        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            _service.GetAsync(Actor.System, data.Forex.Id, Today, Today.AddDays(-1)));

        Assert.Equal("Range", ex.Field);
        Assert.Contains("start date", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_range_longer_than_three_years_is_refused_at_the_range()
    {
        await _service.GetAsync(Actor.System, data.Forex.Id, Today.AddYears(-3), Today); // exactly three years is fine

        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            _service.GetAsync(Actor.System, data.Forex.Id, Today.AddYears(-3).AddDays(-1), Today));

        Assert.Equal("Range", ex.Field);
    }

    [Fact]
    public async Task An_unknown_partner_is_not_found()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => _service.GetAsync(Actor.System, 987_654, Today.AddDays(-6), Today));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(30)]
    [InlineData(90)]
    [InlineData(180)]
    public void Preset_ranges_end_today_and_span_the_number_of_days(int days)
    {
        var (from, to) = PerformanceService.Range(days, new DateOnly(2026, 3, 2));

        Assert.Equal(new DateOnly(2026, 3, 2), to);
        Assert.Equal(days, to.DayNumber - from.DayNumber + 1);
    }

    private static decimal Total(PerformanceReport report, string key) => report.Kpis.Single(k => k.Kpi.Key == key).Total;
}
