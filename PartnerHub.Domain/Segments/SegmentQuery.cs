using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Performance;

namespace PartnerHub.Domain.Segments;

/// <summary>
/// Turns <see cref="SegmentCriteria"/> into one database query over partners. Nothing is loaded into memory:
/// callers count it, page it, or use it as a sub-query (<c>INSERT ... SELECT</c>, <c>WHERE Id IN (...)</c>).
/// </summary>
public static class SegmentQuery
{
    /// <summary>The partners matching <paramref name="criteria"/>; <paramref name="today"/> anchors performance windows.</summary>
    public static IQueryable<Partner> Apply(IQueryable<Partner> partners, AppDbContext db, SegmentCriteria criteria, DateOnly today)
    {
        var q = partners;
        if (criteria.Verticals.Count > 0) q = q.Where(p => criteria.Verticals.Contains(p.Vertical));
        if (criteria.Statuses.Count > 0) q = q.Where(p => criteria.Statuses.Contains(p.Status));
        if (criteria.Countries.Count > 0)
        {
            var countries = criteria.Countries.Select(c => c.Trim().ToUpperInvariant()).ToList();
            q = q.Where(p => countries.Contains(p.Country));
        }
        if (criteria.Tiers.Count > 0) q = q.Where(p => criteria.Tiers.Contains(p.Tier));
        if (criteria.KycStatuses.Count > 0) q = q.Where(p => criteria.KycStatuses.Contains(p.KycStatus));
        if (criteria.ManagerIds.Count > 0) q = q.Where(p => p.ManagerId != null && criteria.ManagerIds.Contains(p.ManagerId));
        if (criteria.Tags.Count > 0)
        {
            var tags = criteria.Tags.Select(t => t.Trim().ToLowerInvariant()).ToList();
            q = q.Where(p => db.PartnerTags.Any(t => t.PartnerId == p.Id && tags.Contains(t.Tag)));
        }
        if (criteria.DealIds.Count > 0) q = q.Where(p => db.Deals.Any(d => d.PartnerId == p.Id && criteria.DealIds.Contains(d.Id)));
        if (criteria.DealTypes.Count > 0) q = q.Where(p => db.Deals.Any(d => d.PartnerId == p.Id && criteria.DealTypes.Contains(d.Type)));
        if (criteria.DownlineOfPartnerId is int master)
            q = q.Where(p => db.PartnerHierarchy.Any(h => h.AncestorId == master && h.DescendantId == p.Id && h.Depth > 0));
        foreach (var threshold in criteria.Thresholds)
        {
            var reached = Reaching(db.DailyPerformance, threshold, today);
            q = q.Where(p => reached.Contains(p.Id));
        }
        return q;
    }

    /// <summary>The ids of the partners matching <paramref name="criteria"/>, as a sub-query.</summary>
    public static IQueryable<int> PartnerIds(AppDbContext db, SegmentCriteria criteria, DateOnly today) =>
        Apply(db.Partners, db, criteria, today).Select(p => p.Id);

    /// <summary>The ids of partners in saved segment <paramref name="segmentId"/>; a missing segment matches nobody.</summary>
    public static async Task<IQueryable<int>> SegmentPartnerIdsAsync(AppDbContext db, int segmentId, DateOnly today, CancellationToken ct = default)
    {
        var criteria = await db.Segments.Where(s => s.Id == segmentId).Select(s => s.Criteria).SingleOrDefaultAsync(ct);
        return criteria is null ? db.Partners.Where(_ => false).Select(p => p.Id) : PartnerIds(db, criteria, today);
    }

    /// <summary>Whether one partner is in the segment: the same query, narrowed to that partner.</summary>
    internal static Task<bool> ContainsAsync(AppDbContext db, SegmentCriteria criteria, int partnerId, DateOnly today, CancellationToken ct = default) =>
        Apply(db.Partners.Where(p => p.Id == partnerId), db, criteria, today).AnyAsync(ct);

    /// <summary>Partners whose sum of the metric over the last <c>WindowDays</c> days (today included) is at least the minimum.</summary>
    private static IQueryable<int> Reaching(IQueryable<DailyPerformance> rows, PerformanceThreshold t, DateOnly today)
    {
        if (t.WindowDays is < 1 or > 3660) throw new DomainException("The window must be between 1 and 3660 days.", nameof(PerformanceThreshold.WindowDays));
        var from = today.AddDays(1 - t.WindowDays);
        var groups = rows.Where(d => d.Date >= from && d.Date <= today).GroupBy(d => d.PartnerId);
        var min = t.Minimum;
        return (t.Metric switch
        {
            PerformanceMetric.Clicks => groups.Where(g => g.Sum(d => (decimal)d.Clicks) >= min),
            PerformanceMetric.Registrations => groups.Where(g => g.Sum(d => (decimal)d.Registrations) >= min),
            PerformanceMetric.Ftds => groups.Where(g => g.Sum(d => (decimal)d.Ftds) >= min),
            PerformanceMetric.Deposits => groups.Where(g => g.Sum(d => d.Deposits) >= min),
            PerformanceMetric.NetGamingRevenue => groups.Where(g => g.Sum(d => d.NetGamingRevenue) >= min),
            PerformanceMetric.Lots => groups.Where(g => g.Sum(d => d.Lots) >= min),
            PerformanceMetric.Volume => groups.Where(g => g.Sum(d => d.Volume) >= min),
            PerformanceMetric.NetDeposits => groups.Where(g => g.Sum(d => d.NetDeposits) >= min),
            PerformanceMetric.SignUps => groups.Where(g => g.Sum(d => (decimal)d.SignUps) >= min),
            PerformanceMetric.ChallengesSold => groups.Where(g => g.Sum(d => (decimal)d.ChallengesSold) >= min),
            PerformanceMetric.FundedAccounts => groups.Where(g => g.Sum(d => (decimal)d.FundedAccounts) >= min),
            _ => throw new DomainException($"Unknown metric {t.Metric}.", nameof(PerformanceThreshold.Metric)),
        }).Select(g => g.Key);
    }
}
