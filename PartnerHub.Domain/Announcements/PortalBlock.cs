using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Announcements;

/// <summary>
/// "Block the portal when overdue", the one rule: a partner who owes an acknowledgement of an announcement marked to block
/// the portal, past its due date, can open nothing but the announcement until they acknowledge it. The portal shell shows
/// the block (<see cref="PartnerAnnouncements.PendingAsync"/>); the services behind the portal (messages, attachments,
/// creatives, payout requests) and so the file endpoints refuse with <see cref="RequireOpenAsync"/>, so a URL typed by hand or
/// a page left open gets nothing either. Operators are never blocked.
/// </summary>
public static class PortalBlock
{
    /// <summary>Whether an unacknowledged announcement blocks the portal at <paramref name="now"/>.</summary>
    public static bool Blocks(DateTime? acknowledgementDueAt, bool blocksWhenOverdue, DateTime now) =>
        blocksWhenOverdue && acknowledgementDueAt is { } due && due < now;

    /// <summary>The title of the first announcement blocking this partner's portal, or null.</summary>
    public static Task<string?> BlockingTitleAsync(AppDbContext db, int partnerId, DateTime now, CancellationToken ct) =>
        (from r in db.AnnouncementRecipients.AsNoTracking()
         join a in db.Announcements.AsNoTracking() on r.AnnouncementId equals a.Id
         join v in db.AnnouncementVersions.AsNoTracking() on new { a.Id, Number = a.CurrentVersion } equals new { Id = v.AnnouncementId, v.Number }
         where r.PartnerId == partnerId && a.Status == AnnouncementStatus.Sent && a.RequiresAcknowledgement && a.BlocksPortalWhenOverdue
               && a.AcknowledgementDueAt < now && (r.AcknowledgedVersion == null || r.AcknowledgedVersion < a.AcknowledgementVersion)
         orderby a.AcknowledgementDueAt, a.Id
         select v.Title).FirstOrDefaultAsync(ct);

    /// <summary>Refuses a partner whose portal is blocked, naming the announcement to acknowledge; does nothing for anyone else.</summary>
    /// <exception cref="AccessDeniedException">The partner owes an overdue, blocking acknowledgement.</exception>
    public static async Task RequireOpenAsync(AppDbContext db, Actor actor, DateTime now, CancellationToken ct)
    {
        if (actor.IsOperator || !actor.IsPartner || actor.PartnerId is not { } partnerId) return;
        if (await BlockingTitleAsync(db, partnerId, now, ct) is { } title) throw new AccessDeniedException(Message(title));
    }

    public static string Message(string title) =>
        $"Please acknowledge \"{title}\" first: its acknowledgement is overdue and the portal is closed until you do (Announcements).";
}
