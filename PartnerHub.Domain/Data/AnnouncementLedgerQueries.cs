using Microsoft.EntityFrameworkCore;

namespace PartnerHub.Domain.Data;

/// <summary>What an announcement email says: the current version's text, and the acknowledgement asked for.</summary>
public sealed record AnnouncementEmailFacts(int Id, string Title, string Body, string Category, bool RequiresAcknowledgement, DateTime? AcknowledgementDueAt);

/// <summary>
/// The announcement ledger as the notification engine reads it (the engine knows announcements only through their events,
/// so these queries live with the context rather than in either feature).
/// </summary>
public static class AnnouncementLedgerQueries
{
    /// <summary>The partners an announcement was sent to, as a query (its ledger, frozen at send).</summary>
    public static IQueryable<int> AnnouncementPartnerIds(this AppDbContext db, int announcementId) =>
        db.AnnouncementRecipients.Where(r => r.AnnouncementId == announcementId).Select(r => r.PartnerId);

    /// <summary>The email text of these announcements (their current version), by id.</summary>
    public static async Task<Dictionary<int, AnnouncementEmailFacts>> AnnouncementEmailFactsAsync(this AppDbContext db, IReadOnlyCollection<int> ids,
        CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var list = ids.ToList();
        var rows = await (from a in db.Announcements.AsNoTracking()
                          where list.Contains(a.Id)
                          join v in db.AnnouncementVersions on a.Id equals v.AnnouncementId
                          where v.Number == a.CurrentVersion
                          select new { a.Id, v.Title, v.Body, a.Category, a.RequiresAcknowledgement, a.AcknowledgementDueAt }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => new AnnouncementEmailFacts(r.Id, r.Title, r.Body, r.Category.ToString(), r.RequiresAcknowledgement, r.AcknowledgementDueAt));
    }
}
