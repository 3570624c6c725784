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

    /// <summary>The threading headers of one thread email.</summary>
    public sealed record Headers(string MessageId, string? ReplyTo, IReadOnlyList<string> References);

    /// <summary>
    /// For each thread email about to go: its Message-ID (kept on the notification, so a retry sends the same one and replies and
    /// bounces find it), the Message-IDs of the earlier emails of the thread to the same recipient (References, oldest first),
    /// and, when <paramref name="replyDomain"/> is set, the recipient's reply address for the thread (made once, then reused;
    /// committed before the email goes so a reply never arrives for an address that does not exist).
    /// </summary>
    public static async Task<Dictionary<long, Headers>> ThreadingAsync(AppDbContext db, IReadOnlyList<Notification> emails, string messageIdDomain,
        string? replyDomain, DateTime now, CancellationToken ct)
    {
        var result = new Dictionary<long, Headers>();
        if (emails.Count == 0) return result;
        foreach (var n in emails) n.EmailMessageId ??= $"{Guid.NewGuid():N}.{n.Id}@{messageIdDomain}";
        var keys = emails.Select(n => n.RecipientKey).Distinct().ToList();
        var threads = emails.Select(n => n.ThreadId!.Value).Distinct().ToList();
        var ids = emails.Select(n => n.Id).ToList();
        var earlier = (await db.Notifications.AsNoTracking()
                .Where(n => n.ThreadId != null && threads.Contains(n.ThreadId.Value) && keys.Contains(n.RecipientKey) && !ids.Contains(n.Id)
                    && n.EmailMessageId != null && (n.EmailState == EmailState.Sent || n.EmailState == EmailState.Bounced))
                .Select(n => new { n.RecipientKey, ThreadId = n.ThreadId!.Value, n.EmailMessageId, n.EmailSentAt, n.Id })
                .ToListAsync(ct))
            .GroupBy(x => (x.RecipientKey, x.ThreadId))
            .ToDictionary(g => g.Key, g => g.OrderBy(x => x.EmailSentAt).ThenBy(x => x.Id).Select(x => x.EmailMessageId!).TakeLast(MaxReferences).ToList());

        var addresses = new Dictionary<(long, string), ReplyAddress>();
        if (replyDomain is not null)
        {
            for (var attempt = 1; ; attempt++)
            {
                var existing = await db.ReplyAddresses.AsNoTracking()
                    .Where(r => threads.Contains(r.ThreadId) && keys.Contains(r.RecipientKey) && r.RevokedAt == null).ToListAsync(ct);
                foreach (var r in existing) addresses[(r.ThreadId, r.RecipientKey)] = r;
                var added = emails.Select(n => (Thread: n.ThreadId!.Value, n.RecipientKey)).Distinct()
                    .Where(k => !addresses.ContainsKey(k)).Select(k => new ReplyAddress(k.Thread, k.RecipientKey, now)).ToList();
                if (added.Count == 0) break;
                db.ReplyAddresses.AddRange(added);
                try
                {
                    await db.SaveChangesAsync(ct);
                    foreach (var r in added) addresses[(r.ThreadId, r.RecipientKey)] = r;
                    break;
                }
                catch (DbUpdateException) when (attempt < 3)
                {
                    // Another sender made the same address at the same moment: use theirs.
                    foreach (var r in added) db.Entry(r).State = EntityState.Detached;
                }
            }
        }
        foreach (var n in emails)
        {
            var key = (n.RecipientKey, n.ThreadId!.Value);
            result[n.Id] = new Headers(n.EmailMessageId!, addresses.GetValueOrDefault((n.ThreadId!.Value, n.RecipientKey))?.Address(replyDomain!),
                earlier.GetValueOrDefault(key) ?? []);
        }
        return result;
    }

    public const int MaxReferences = 10;

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
