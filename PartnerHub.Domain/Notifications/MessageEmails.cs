using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Messaging;

namespace PartnerHub.Domain.Notifications;

/// <summary>One unread message as a message email lists it.</summary>
internal sealed record UnreadMessage(long Id, string Author, string Body, DateTime SentAt);

/// <summary>
/// Message emails: when a message notification's email falls due (after <see cref="NotificationOptions.MessageEmailDelay"/>),
/// it lists every message of the thread the recipient has not read and that no earlier email of the thread already carried;
/// when there is none (the recipient read the thread in time) no email goes. Due notifications of one thread and recipient
/// become one email; the others are marked <see cref="EmailState.NotNeeded"/>.
/// </summary>
internal static class MessageEmails
{
    public const int MaxMessages = 20;

    /// <summary>For each due message notification: the messages its email carries, or none (then it is not needed).</summary>
    public static async Task<Dictionary<long, List<UnreadMessage>>> UnreadAsync(AppDbContext db, IReadOnlyList<Notification> due, CancellationToken ct)
    {
        var result = new Dictionary<long, List<UnreadMessage>>();
        var groups = due.Where(n => n.ThreadId is not null).GroupBy(n => (n.RecipientKey, Thread: n.ThreadId!.Value)).ToList();
        if (groups.Count == 0) return result;
        // What earlier emails of these threads already carried: one query for the whole batch.
        var keys = groups.Select(g => g.Key.RecipientKey).Distinct().ToList();
        var threads = groups.Select(g => g.Key.Thread).Distinct().ToList();
        var emailed = (await db.Notifications
                .Where(n => n.EmailState == EmailState.Sent && n.ThreadId != null && keys.Contains(n.RecipientKey) && threads.Contains(n.ThreadId.Value))
                .GroupBy(n => new { n.RecipientKey, n.ThreadId })
                .Select(g => new { g.Key.RecipientKey, g.Key.ThreadId, Until = g.Max(n => n.EmailSentAt) })
                .ToListAsync(ct))
            .ToDictionary(x => (x.RecipientKey, x.ThreadId!.Value), x => x.Until);
        foreach (var group in groups)
        {
            var first = group.OrderBy(n => n.Id).First();
            var threadId = group.Key.Thread;
            var emailedUntil = emailed.GetValueOrDefault(group.Key) ?? DateTime.MinValue;
            var messages = db.Messages.Where(m => m.ThreadId == threadId && m.RetractedAt == null && m.SentAt > emailedUntil);
            if (first.RecipientPartnerId is { } partnerId)
            {
                var logins = db.Users.Where(u => u.PartnerId == partnerId).Select(u => u.Id);
                messages = messages.Where(m => (m.AuthorPartnerId == null || m.AuthorPartnerId != partnerId)
                    && !db.MessageReceipts.Any(r => r.MessageId == m.Id && logins.Contains(r.UserId)));
            }
            else
            {
                var userId = first.RecipientUserId;
                messages = messages.Where(m => m.AuthorKind == MessageAuthorKind.Partner
                    && !db.MessageReceipts.Any(r => r.MessageId == m.Id && r.UserId == userId));
            }
            var unread = await (from m in messages
                                join u in db.Users on m.AuthorUserId equals u.Id into authors
                                from u in authors.DefaultIfEmpty()
                                orderby m.SentAt, m.Id
                                select new UnreadMessage(m.Id, u != null ? u.DisplayName : "PartnerHub", m.Body, m.SentAt)).Take(MaxMessages).ToListAsync(ct);
            result[first.Id] = unread;
            foreach (var other in group.Where(n => n.Id != first.Id)) result[other.Id] = [];
        }
        return result;
    }

    /// <summary>Subject, text and HTML of a message email: each message with its author and time, and the link to the thread.</summary>
    public static OutgoingEmail Compose(Notification n, string email, string name, IReadOnlyList<UnreadMessage> unread, string? link)
    {
        var authors = unread.Select(m => m.Author).Distinct().ToList();
        var subject = unread.Count == 1 ? $"New message from {authors[0]}" : $"{unread.Count} new messages from {string.Join(", ", authors)}";
        var text = new StringBuilder();
        var html = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Hello {name},\n\n");
        html.Append(CultureInfo.InvariantCulture, $"<p>Hello {WebUtility.HtmlEncode(name)},</p>");
        foreach (var m in unread)
        {
            var when = m.SentAt.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{m.Author}, {when}:\n{SafeMarkdown.ToPlainText(m.Body)}\n\n");
            html.Append(CultureInfo.InvariantCulture, $"<p><strong>{WebUtility.HtmlEncode(m.Author)}</strong>, {when}:</p><blockquote>{SafeMarkdown.ToHtml(m.Body)}</blockquote>");
        }
        if (link is not null)
        {
            text.Append("Read and answer in PartnerHub: ").Append(link).Append('\n');
            html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">Read and answer in PartnerHub</a></p>");
        }
        return new OutgoingEmail(email, name, subject, text.ToString(), html.ToString());
    }
}
