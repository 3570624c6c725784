using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Announcements;

/// <summary>
/// Reminders to partners who still owe an acknowledgement, and escalation of overdue ones to their account manager.
/// Both mark the ledger rows set-based first (RemindersSent/LastRemindedAt, EscalatedAt) and then write one in-app
/// notification per marked row (reminders) or per manager and announcement (escalations), in the same transaction:
/// a run that fails leaves no half-marked rows, and a row is escalated once. The notifications go through
/// <see cref="NotificationWriter"/>: a reminder that is not yet overdue waits for the partner's quiet hours to end.
/// </summary>
public sealed class ReminderService(IDbContextFactory<AppDbContext> factory, NotificationWriter writer)
{
    /// <summary>The default time between two reminders to the same partner.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromHours(24);

    private const int Batch = 2000;

    /// <summary>
    /// Reminds every recipient who has not acknowledged the version to acknowledge, was told at least
    /// <paramref name="every"/> ago and was not reminded within it. Returns the number of reminders written.
    /// </summary>
    public async Task<int> SendRemindersAsync(DateTime now, TimeSpan? every = null, CancellationToken ct = default)
    {
        var interval = every ?? DefaultInterval;
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(every), "The reminder interval must be positive.");
        var before = now - interval;
        var total = 0;
        var written = new List<Notification>();
        foreach (var a in await OpenAcknowledgementsAsync(now, overdueOnly: false, ct))
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var marked = await Outstanding(db, a.Id, a.AcknowledgementVersion)
                .Where(r => r.DeliveredAt <= before && (r.LastRemindedAt == null || r.LastRemindedAt <= before))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.RemindersSent, r => r.RemindersSent + 1).SetProperty(r => r.LastRemindedAt, now), ct);
            if (marked == 0) continue;

            var due = a.AcknowledgementDueAt is { } d ? d.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture) : "as soon as possible";
            var overdue = a.AcknowledgementDueAt < now;
            var title = Truncate((overdue ? "Overdue: please acknowledge " : "Reminder: please acknowledge ") + $"\"{a.Title}\"", 200);
            var body = $"Please read **{Md(a.Title)}** and confirm you have read and understood it. Due: {due}.";
            var link = $"/portal/announcements/{a.Id}";
            var after = 0;
            while (true)
            {
                var ids = await db.AnnouncementRecipients.Where(r => r.AnnouncementId == a.Id && r.LastRemindedAt == now && r.PartnerId > after)
                    .OrderBy(r => r.PartnerId).Select(r => r.PartnerId).Take(Batch).ToListAsync(ct);
                if (ids.Count == 0) break;
                written.AddRange(await writer.WriteAsync(db, ids.Select(partnerId => new Notification(Notification.PartnerKey(partnerId), partnerId, null,
                    NotificationCategory.Compliance, title, body, link, now, now) { AboutPartnerId = partnerId, Critical = overdue }).ToList(), now, ct));
                db.ChangeTracker.Clear();
                after = ids[^1];
            }
            db.Audit(Actor.System, now, "announcement.reminded", nameof(Announcement), a.Id, null, new { reminders = marked, overdue });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            total += marked;
        }
        writer.Signal(written, now);
        return total;
    }

    /// <summary>
    /// For every announcement whose acknowledgement is overdue: marks each outstanding recipient with a manager as escalated
    /// (once) and tells each manager, in one notification per announcement, which of their partners have not acknowledged.
    /// Returns the number of recipients escalated.
    /// </summary>
    public async Task<int> EscalateOverdueAsync(DateTime now, CancellationToken ct = default)
    {
        var total = 0;
        var written = new List<Notification>();
        foreach (var a in await OpenAcknowledgementsAsync(now, overdueOnly: true, ct))
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Partners without a manager stay unmarked: they are escalated once a manager is assigned.
            var marked = await Outstanding(db, a.Id, a.AcknowledgementVersion)
                .Where(r => r.EscalatedAt == null && db.Partners.Any(p => p.Id == r.PartnerId && p.ManagerId != null))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.EscalatedAt, now), ct);
            if (marked == 0) continue;

            var escalated = await (from r in db.AnnouncementRecipients
                                   join p in db.Partners on r.PartnerId equals p.Id
                                   where r.AnnouncementId == a.Id && r.EscalatedAt == now
                                   select new { p.ManagerId, p.Id, p.Name })
                .ToListAsync(ct);
            var due = a.AcknowledgementDueAt!.Value.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);
            var notices = new List<Notification>();
            foreach (var group in escalated.GroupBy(x => x.ManagerId!))
            {
                var partners = group.OrderBy(x => x.Name).ToList();
                var names = string.Join(Environment.NewLine, partners.Take(20).Select(x => $"- {Md(x.Name)}"));
                var more = partners.Count > 20 ? $"{Environment.NewLine}- and {partners.Count - 20} more" : "";
                var title = Truncate(partners.Count == 1
                    ? $"Overdue acknowledgement: {partners[0].Name}, \"{a.Title}\""
                    : $"Overdue acknowledgement: {partners.Count} of your partners, \"{a.Title}\"", 200);
                var body = $"These partners have not acknowledged **{Md(a.Title)}** (due {due}):{Environment.NewLine}{Environment.NewLine}{names}{more}";
                notices.Add(new Notification(Notification.UserKey(group.Key), null, group.Key, NotificationCategory.Compliance, title, body,
                    $"/console/compliance/{a.Id}", now, now) { Critical = true, AboutPartnerId = partners.Count == 1 ? partners[0].Id : null });
            }
            written.AddRange(await writer.WriteAsync(db, notices, now, ct));
            db.Audit(Actor.System, now, "announcement.escalated", nameof(Announcement), a.Id, null,
                new { escalated = marked, managers = escalated.Select(x => x.ManagerId).Distinct().Count() });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            total += marked;
        }
        writer.Signal(written, now);
        return total;
    }

    private sealed record OpenItem(int Id, string Title, int AcknowledgementVersion, DateTime? AcknowledgementDueAt);

    private async Task<List<OpenItem>> OpenAcknowledgementsAsync(DateTime now, bool overdueOnly, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.Announcements.AsNoTracking().Where(a => a.Status == AnnouncementStatus.Sent && a.RequiresAcknowledgement);
        if (overdueOnly) q = q.Where(a => a.AcknowledgementDueAt < now);
        return await q.OrderBy(a => a.Id).Select(a => new OpenItem(a.Id, a.Title, a.AcknowledgementVersion, a.AcknowledgementDueAt)).ToListAsync(ct);
    }

    private static IQueryable<AnnouncementRecipient> Outstanding(AppDbContext db, int announcementId, int ackVersion) =>
        db.AnnouncementRecipients.Where(r => r.AnnouncementId == announcementId && (r.AcknowledgedVersion == null || r.AcknowledgedVersion < ackVersion));

    /// <summary>A title or name as Markdown text: the template renderer's escaper, like every other notification.</summary>
    private static string Md(string value) => TemplateRenderer.EscapeMarkdown(string.Join(' ', value.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)));

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
