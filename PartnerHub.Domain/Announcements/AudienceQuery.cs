using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Segments;

namespace PartnerHub.Domain.Announcements;

/// <summary>
/// An <see cref="AnnouncementAudience"/> as one database query of partner ids (a UNION of its parts, each
/// built by <see cref="SegmentQuery"/>), and the set-based ledger write that freezes it.
/// Terminated partners are never addressed; "all active partners" means status Active.
/// </summary>
public static class AudienceQuery
{
    /// <summary>The ids of the partners the audience reaches today. Refuses an empty audience or a segment that no longer exists.</summary>
    public static async Task<IQueryable<int>> PartnerIdsAsync(AppDbContext db, AnnouncementAudience audience, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(audience);
        if (audience.IsEmpty) throw new DomainException("Choose an audience: segments, partners, IB tiers or all active partners.", nameof(Announcement.Audience));
        var reachable = db.Partners.Where(p => p.Status != PartnerStatus.Terminated);
        IQueryable<int>? ids = null;
        void Add(IQueryable<int> part) => ids = ids is null ? part : ids.Union(part);

        if (audience.AllActivePartners) Add(db.Partners.Where(p => p.Status == PartnerStatus.Active).Select(p => p.Id));
        if (audience.PartnerIds.Count > 0)
        {
            var explicitIds = audience.PartnerIds.Distinct().ToList();
            Add(reachable.Where(p => explicitIds.Contains(p.Id)).Select(p => p.Id));
        }
        if (audience.Tiers.Count > 0)
        {
            var tiers = audience.Tiers.Distinct().ToList();
            Add(reachable.Where(p => tiers.Contains(p.Tier)).Select(p => p.Id));
        }
        if (audience.SegmentIds.Count > 0)
        {
            var segmentIds = audience.SegmentIds.Distinct().ToList();
            var segments = await db.Segments.AsNoTracking().Where(s => segmentIds.Contains(s.Id)).Select(s => new { s.Id, s.Criteria }).ToListAsync(ct);
            if (segments.Count != segmentIds.Count)
                throw new DomainException("A chosen segment no longer exists.", nameof(Announcement.Audience));
            foreach (var s in segments) Add(SegmentQuery.Apply(reachable, db, s.Criteria, today).Select(p => p.Id));
        }
        return ids!;
    }

    /// <summary>Checks the parts of an audience exist (explicit partners, segments, tiers from 1).</summary>
    public static async Task ValidateAsync(AppDbContext db, AnnouncementAudience audience, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(audience);
        if (audience.IsEmpty) throw new DomainException("Choose an audience: segments, partners, IB tiers or all active partners.", nameof(Announcement.Audience));
        if (audience.Tiers.Any(t => t < 1)) throw new DomainException("IB tiers start at 1.", nameof(Announcement.Audience));
        var partnerIds = audience.PartnerIds.Distinct().ToList();
        if (partnerIds.Count > 0 && await db.Partners.CountAsync(p => partnerIds.Contains(p.Id), ct) != partnerIds.Count)
            throw new DomainException("A chosen partner does not exist.", nameof(Announcement.Audience));
        var segmentIds = audience.SegmentIds.Distinct().ToList();
        if (segmentIds.Count > 0 && await db.Segments.CountAsync(s => segmentIds.Contains(s.Id), ct) != segmentIds.Count)
            throw new DomainException("A chosen segment no longer exists.", nameof(Announcement.Audience));
    }

    /// <summary>
    /// <c>INSERT INTO AnnouncementRecipients SELECT ... FROM (audience query)</c>: one statement, whatever the audience size,
    /// inside the caller's transaction. Rows already in the ledger are skipped (never a duplicate). Returns the rows inserted.
    /// </summary>
    internal static Task<int> WriteLedgerAsync(AppDbContext db, int announcementId, IQueryable<int> partnerIds, DateTime deliveredAt,
        CancellationToken ct) =>
        db.ExecuteAsync(LedgerStatement(db, announcementId, partnerIds, deliveredAt), ct);

    /// <summary>The statement <see cref="WriteLedgerAsync"/> runs, in the context's dialect.</summary>
    internal static SetBasedStatement LedgerStatement(AppDbContext db, int announcementId, IQueryable<int> partnerIds, DateTime deliveredAt)
    {
        var missing = partnerIds.Where(id => !db.AnnouncementRecipients.Any(r => r.AnnouncementId == announcementId && r.PartnerId == id));
        return db.InsertFromStatement<AnnouncementRecipient, int>(missing, r => r.PartnerId,
        [
            SetBasedInsert.Set<AnnouncementRecipient>(r => r.AnnouncementId, announcementId),
            SetBasedInsert.Set<AnnouncementRecipient>(r => r.DeliveredAt, deliveredAt),
            SetBasedInsert.Set<AnnouncementRecipient>(r => r.RemindersSent, 0),
        ]);
    }
}
