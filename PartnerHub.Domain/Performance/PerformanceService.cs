using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Performance;

/// <summary>How the chart's points are grouped.</summary>
public enum PerformanceBucket
{
    /// <summary>One point per day (ranges up to <see cref="PerformanceService.MaxDailyRangeDays"/> days).</summary>
    Day = 1,
    /// <summary>One point per ISO week, dated by its Monday (longer ranges).</summary>
    Week = 7,
}

/// <summary>
/// One KPI over the range: its total, the total over the previous period of the same length, the change
/// in percent (null when the previous total is zero), and one value per chart point.
/// </summary>
public sealed record KpiResult(Kpi Kpi, decimal Total, decimal PreviousTotal, decimal? ChangePercent, IReadOnlyList<decimal> Series);

/// <summary>
/// A partner's performance over [<see cref="From"/>, <see cref="To"/>]. <see cref="Points"/> holds the
/// start date of each chart point (every day or every ISO week of the range, gaps filled with zero);
/// each <see cref="KpiResult.Series"/> has one value per point.
/// </summary>
public sealed record PerformanceReport(
    int PartnerId, Vertical Vertical, string Currency,
    DateOnly From, DateOnly To, DateOnly PreviousFrom, DateOnly PreviousTo,
    PerformanceBucket Bucket, IReadOnlyList<DateOnly> Points, IReadOnlyList<KpiResult> Kpis)
{
    public int Days => To.DayNumber - From.DayNumber + 1;
}

/// <summary>
/// The performance section: a partner's KPIs over a range against the previous period, and the chart
/// series. Every figure is summed in the database (GROUP BY over <see cref="DailyPerformance"/>); only
/// one row per chart point and one row of totals come back, whatever the length of the range.
/// </summary>
public sealed class PerformanceService(IDbContextFactory<AppDbContext> factory)
{
    /// <summary>The preset ranges offered by the section.</summary>
    public static readonly IReadOnlyList<int> PresetDays = [7, 30, 90, 180];

    /// <summary>Ranges up to this many days are charted per day; longer ones per ISO week.</summary>
    public const int MaxDailyRangeDays = 92;

    /// <summary>
    /// Reads a partner's KPIs. The partner's vertical decides which KPIs; money is in the partner's currency.
    /// Active traders is a daily count, so its totals are the average per day of the period (days
    /// without figures count as zero) and weekly chart points are the average per day of the week.
    /// </summary>
    public async Task<PerformanceReport> GetAsync(Actor actor, int partnerId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        actor.RequireCanRead(partnerId);
        RequireValidRange(from, to);

        await using var db = await factory.CreateDbContextAsync(ct);
        var partner = await db.Partners.AsNoTracking().Where(p => p.Id == partnerId)
            .Select(p => new { p.Vertical, p.Currency }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Partner not found.");

        var days = to.DayNumber - from.DayNumber + 1;
        var previousTo = from.AddDays(-1);
        var previousFrom = previousTo.AddDays(-(days - 1));
        var bucket = days <= MaxDailyRangeDays ? PerformanceBucket.Day : PerformanceBucket.Week;
        var width = (int)bucket;

        // Day numbers count from 0001-01-01, a Monday, so DayNumber / 7 numbers ISO weeks.
        var rows = db.DailyPerformance.AsNoTracking().Where(d => d.PartnerId == partnerId);
        var perBucket = await Sum(rows.Where(d => d.Date >= from && d.Date <= to).GroupBy(d => d.Date.DayNumber / width)).ToListAsync(ct);
        var previous = await Sum(rows.Where(d => d.Date >= previousFrom && d.Date <= previousTo).GroupBy(d => 0)).SingleOrDefaultAsync(ct)
            ?? PerformanceSums.Zero;

        // Every bucket of the range, in order, with the days of the range it covers (edge weeks are partial).
        var points = new List<(DateOnly Start, int Days, PerformanceSums Sums)>();
        var byKey = perBucket.ToDictionary(b => b.Key);
        for (var key = from.DayNumber / width; key <= to.DayNumber / width; key++)
        {
            var start = DateOnly.FromDayNumber(key * width);
            var first = Math.Max(start.DayNumber, from.DayNumber);
            var last = Math.Min(start.DayNumber + width - 1, to.DayNumber);
            points.Add((start, last - first + 1, byKey.GetValueOrDefault(key, PerformanceSums.Zero)));
        }
        var current = PerformanceSums.Add(points.Select(p => p.Sums));

        var kpis = PerformanceKpis.For(partner.Vertical).Select(kpi =>
        {
            var total = PerformanceKpis.Read(kpi, current, days);
            var before = PerformanceKpis.Read(kpi, previous, days);
            return new KpiResult(kpi, total, before, Change(total, before),
                points.Select(p => PerformanceKpis.Read(kpi, p.Sums, p.Days)).ToList());
        }).ToList();

        return new PerformanceReport(partnerId, partner.Vertical, partner.Currency, from, to, previousFrom, previousTo,
            bucket, points.Select(p => p.Start).ToList(), kpis);
    }

    /// <summary>The last <paramref name="days"/> days up to and including <paramref name="today"/>.</summary>
    public static (DateOnly From, DateOnly To) Range(int days, DateOnly today)
    {
        if (days < 1 || days > today.DayNumber - today.AddYears(-3).DayNumber + 1)
            throw new DomainException("Choose a range between 1 day and 3 years.", "Range");
        return (today.AddDays(-(days - 1)), today);
    }

    /// <summary>Refuses a range that ends before it starts or starts more than three calendar years before its end.</summary>
    public static void RequireValidRange(DateOnly from, DateOnly to)
    {
        if (from > to)
            throw new DomainException("The start date must be on or before the end date.", "Range");
        if (from < to.AddYears(-3))
            throw new DomainException("Choose a range of at most 3 years.", "Range");
    }

    private static decimal? Change(decimal total, decimal previous) =>
        previous == 0 ? null : Math.Round((total - previous) / Math.Abs(previous) * 100m, 1);

    /// <summary>The column sums of each group, computed by the database.</summary>
    internal static IQueryable<PerformanceSums> Sum(IQueryable<IGrouping<int, DailyPerformance>> groups) =>
        groups.Select(g => new PerformanceSums
        {
            Key = g.Key,
            Clicks = g.Sum(d => (long)d.Clicks),
            Registrations = g.Sum(d => (long)d.Registrations),
            Ftds = g.Sum(d => (long)d.Ftds),
            Deposits = g.Sum(d => d.Deposits),
            NetGamingRevenue = g.Sum(d => d.NetGamingRevenue),
            Lots = g.Sum(d => d.Lots),
            Volume = g.Sum(d => d.Volume),
            NetDeposits = g.Sum(d => d.NetDeposits),
            ActiveTraders = g.Sum(d => (long)d.ActiveTraders),
            SignUps = g.Sum(d => (long)d.SignUps),
            ChallengesSold = g.Sum(d => (long)d.ChallengesSold),
            FundedAccounts = g.Sum(d => (long)d.FundedAccounts),
        });
}
