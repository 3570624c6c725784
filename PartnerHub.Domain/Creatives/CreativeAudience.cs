using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Segments;

namespace PartnerHub.Domain.Creatives;

/// <summary>
/// Who may see a creative, in one place for the portal library, downloads, announcements that link creatives and the
/// "new creative assets" notification: a partner of the creative's vertical (any when it has none) who, when the
/// creative has visibility segments, is in at least one of them. Drafts are seen by nobody.
/// </summary>
public static class CreativeAudience
{
    /// <summary>The ids of the partners who can see a published creative with this vertical and these segments, as one query.</summary>
    public static async Task<IQueryable<int>> PartnerIdsAsync(AppDbContext db, Vertical? vertical, IReadOnlyCollection<int> segmentIds,
        DateOnly today, CancellationToken ct = default)
    {
        var partners = vertical is { } v ? db.Partners.Where(p => p.Vertical == v) : db.Partners;
        if (segmentIds.Count == 0) return partners.Select(p => p.Id);
        var criteria = await db.Segments.AsNoTracking().Where(s => segmentIds.Contains(s.Id)).Select(s => s.Criteria).ToListAsync(ct);
        IQueryable<int>? members = null;
        foreach (var c in criteria)
        {
            var part = SegmentQuery.Apply(partners, db, c, today).Select(p => p.Id);
            members = members is null ? part : members.Union(part);
        }
        return members ?? partners.Where(_ => false).Select(p => p.Id);
    }

    /// <summary>
    /// Of <paramref name="creativeIds"/>, those <paramref name="partnerId"/> can see (published or deprecated, its vertical,
    /// and a member of one of the visibility segments when there are any): one query for the creatives, one for the segments.
    /// </summary>
    public static async Task<HashSet<int>> VisibleToAsync(AppDbContext db, int partnerId, IReadOnlyCollection<int> creativeIds,
        DateOnly today, CancellationToken ct = default)
    {
        if (creativeIds.Count == 0) return [];
        var vertical = await db.Partners.Where(p => p.Id == partnerId).Select(p => (Vertical?)p.Vertical).SingleOrDefaultAsync(ct);
        if (vertical is null) return [];
        var creatives = await db.Creatives.AsNoTracking()
            .Where(c => creativeIds.Contains(c.Id) && c.Status != CreativeStatus.Draft && (c.Vertical == null || c.Vertical == vertical))
            .Select(c => new { c.Id, Segments = c.Visibility.Select(s => s.SegmentId).ToList() })
            .ToListAsync(ct);
        var memberOf = await SegmentsContainingAsync(db, creatives.SelectMany(c => c.Segments).Distinct().ToList(), partnerId, today, ct);
        return creatives.Where(c => c.Segments.Count == 0 || c.Segments.Any(memberOf.Contains)).Select(c => c.Id).ToHashSet();
    }

    /// <summary>Of <paramref name="segmentIds"/>, those the partner is in, answered by one query (a UNION ALL of one branch per segment).</summary>
    private static async Task<HashSet<int>> SegmentsContainingAsync(AppDbContext db, IReadOnlyCollection<int> segmentIds, int partnerId,
        DateOnly today, CancellationToken ct)
    {
        if (segmentIds.Count == 0) return [];
        var segments = await db.Segments.AsNoTracking().Where(s => segmentIds.Contains(s.Id)).Select(s => new { s.Id, s.Criteria }).ToListAsync(ct);
        var me = db.Partners.Where(p => p.Id == partnerId);
        IQueryable<int>? hits = null;
        foreach (var s in segments)
        {
            var id = s.Id;
            var part = SegmentQuery.Apply(me, db, s.Criteria, today).Select(_ => id);
            hits = hits is null ? part : hits.Concat(part);
        }
        return hits is null ? [] : (await hits.ToListAsync(ct)).ToHashSet();
    }
}
