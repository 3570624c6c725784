using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Outbox;

namespace PartnerHub.Domain.Notifications;

/// <summary>An announcement email to compose: the announcement and whether the notification asks for its acknowledgement.</summary>
internal sealed record AnnouncementEmail(AnnouncementEmailFacts Announcement, bool AcknowledgementRequested);

/// <summary>
/// Announcement emails: one per announcement and recipient, carrying the announcement's current text (through the same safe
/// Markdown pipeline as the portal, as plain text and HTML), the recipient's name, the link to the announcement, and, when the
/// notification asks for acknowledgement, that request with its due date in the recipient's time zone.
/// </summary>
internal static class AnnouncementEmails
{
    /// <summary>The due notifications that come from announcement events, with what their email says (two queries per batch).</summary>
    public static async Task<Dictionary<long, AnnouncementEmail>> ForAsync(AppDbContext db, IReadOnlyList<Notification> due, CancellationToken ct)
    {
        var result = new Dictionary<long, AnnouncementEmail>();
        var eventIds = due.Where(n => n.EventId is not null && n.ThreadId is null).Select(n => n.EventId!.Value).Distinct().ToList();
        if (eventIds.Count == 0) return result;
        var events = await db.DomainEvents.AsNoTracking()
            .Where(e => eventIds.Contains(e.Id) && (e.Type == EventTypes.AnnouncementSent || e.Type == EventTypes.AcknowledgementRequested))
            .Select(e => new { e.Id, e.Type, e.RecordId }).ToListAsync(ct);
        var byEvent = new Dictionary<long, (int Announcement, bool Ack)>();
        foreach (var e in events)
            if (int.TryParse(e.RecordId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
                byEvent[e.Id] = (id, e.Type == EventTypes.AcknowledgementRequested);
        if (byEvent.Count == 0) return result;
        var facts = await db.AnnouncementEmailFactsAsync(byEvent.Values.Select(v => v.Announcement).Distinct().ToList(), ct);
        foreach (var n in due)
            if (n.EventId is { } eid && byEvent.TryGetValue(eid, out var x) && facts.TryGetValue(x.Announcement, out var a))
                result[n.Id] = new AnnouncementEmail(a, x.Ack && a.RequiresAcknowledgement);
        return result;
    }

    public static OutgoingEmail Compose(Notification n, string email, string name, AnnouncementEmail mail, string? timeZone, string? link)
    {
        var a = mail.Announcement;
        var subject = mail.AcknowledgementRequested ? $"Please acknowledge: {a.Title}" : $"New announcement: {a.Title}";
        var text = new StringBuilder();
        var html = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Hello {name},\n\n");
        html.Append(CultureInfo.InvariantCulture, $"<p>Hello {WebUtility.HtmlEncode(name)},</p>");
        if (mail.AcknowledgementRequested)
        {
            var due = a.AcknowledgementDueAt is { } d ? DueText(d, timeZone) : null;
            var ask = due is null ? "This announcement needs your acknowledgement." : $"This announcement needs your acknowledgement by {due}.";
            text.Append(ask).Append("\n\n");
            html.Append(CultureInfo.InvariantCulture, $"<p><strong>{WebUtility.HtmlEncode(ask)}</strong></p>");
        }
        text.Append(a.Title).Append("\n\n").Append(SafeMarkdown.ToPlainText(a.Body)).Append("\n\n");
        html.Append(CultureInfo.InvariantCulture, $"<h2>{WebUtility.HtmlEncode(a.Title)}</h2>").Append(SafeMarkdown.ToHtml(a.Body));
        if (link is not null)
        {
            var action = mail.AcknowledgementRequested ? "Read and acknowledge in PartnerHub" : "Read in PartnerHub";
            text.Append(action).Append(": ").Append(link).Append('\n');
            html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">{action}</a></p>");
        }
        return new OutgoingEmail(email, name, subject, text.ToString(), html.ToString());
    }

    /// <summary>"15 April 2026 17:00 (Europe/London)": the due time in the recipient's zone.</summary>
    private static string DueText(DateTime dueUtc, string? timeZone)
    {
        var zone = NotificationOptions.Zone(timeZone);
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(dueUtc, DateTimeKind.Utc), zone);
        return local.ToString("d MMMM yyyy HH:mm", CultureInfo.InvariantCulture) + $" ({zone.Id})";
    }
}
