using PartnerHub.Domain.Diagnostics;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Messaging;

namespace PartnerHub.Domain.Notifications;

/// <summary>
/// One email to send. <paramref name="MessageId"/> (without angle brackets) becomes its Message-ID header; <paramref name="References"/>
/// the earlier emails of the same thread, oldest first (the last is also In-Reply-To), so mail clients thread them;
/// <paramref name="ReplyTo"/> the thread's reply address for this recipient.
/// </summary>
public sealed record OutgoingEmail(string To, string ToName, string Subject, string TextBody, string HtmlBody,
    string? MessageId = null, string? ReplyTo = null, IReadOnlyList<string>? References = null);

/// <summary>
/// Sends a batch over one connection. Throws when the server cannot be reached (every email failed); otherwise returns,
/// per email, null when sent or the error it got. The app uses <see cref="MailKitTransport"/>.
/// </summary>
public interface IMailTransport
{
    Task<IReadOnlyList<Exception?>> SendAsync(SmtpSettings settings, IReadOnlyList<OutgoingEmail> batch, CancellationToken ct);
}

/// <summary>MailKit over SMTP: one connection per batch.</summary>
public sealed class MailKitTransport : IMailTransport
{
    public async Task<IReadOnlyList<Exception?>> SendAsync(SmtpSettings settings, IReadOnlyList<OutgoingEmail> batch, CancellationToken ct)
    {
        var results = new List<Exception?>(batch.Count);
        using var client = new SmtpClient { Timeout = 30_000 };
        var security = settings.Security.ToUpperInvariant() switch
        {
            "NONE" => SecureSocketOptions.None,
            "STARTTLS" => SecureSocketOptions.StartTls,
            "SSLONCONNECT" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        };
        await client.ConnectAsync(settings.Host ?? throw new InvalidOperationException("Smtp:Host is not set."), settings.Port, security, ct);
        if (!string.IsNullOrEmpty(settings.UserName))
            await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
        foreach (var mail in batch)
        {
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse(settings.From));
            message.To.Add(new MailboxAddress(mail.ToName, mail.To));
            message.Subject = mail.Subject;
            if (mail.MessageId is not null) message.MessageId = mail.MessageId;
            if (mail.ReplyTo is not null) message.ReplyTo.Add(MailboxAddress.Parse(mail.ReplyTo));
            if (mail.References is { Count: > 0 } references)
            {
                foreach (var r in references) message.References.Add(r);
                message.InReplyTo = references[^1];
            }
            message.Body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody }.ToMessageBody();
            try
            {
                await client.SendAsync(message, ct);
                results.Add(null);
            }
            catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or IOException)
            {
                results.Add(ex);
                if (!client.IsConnected) break;
            }
        }
        while (results.Count < batch.Count) results.Add(new IOException("The connection to the mail server was lost."));
        if (client.IsConnected) await client.DisconnectAsync(true, ct);
        return results;
    }
}

/// <summary>
/// The email channel, separate from in-app delivery: the dispatcher only marks a notification's email Pending; this sends due
/// emails (Pending, or Deferred whose retry time came). An attempt that gets a transient answer (SMTP 4xx, a lost or refused
/// connection) is <see cref="EmailState.Deferred"/> with the answer kept, and retried with backoff (1 min, 5 min, 30 min, 2 h, 12 h)
/// until <see cref="NotificationOptions.MaxEmailAttempts"/>, then <see cref="EmailState.GivenUp"/>; a permanent answer (SMTP 5xx)
/// is given up at once. A failing mail server never delays or undoes the in-app notification.
/// </summary>
public sealed class EmailDelivery(IDbContextFactory<AppDbContext> factory, TimeProvider clock, NotificationOptions options, IMailTransport transport,
    ILogger<EmailDelivery>? log = null, InboundMailOptions? inbound = null)
{
    public const int BatchSize = 50;
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12)];
    /// <summary>While being sent, an email is leased so a second sender does not send it too.</summary>
    public static readonly TimeSpan SendLease = TimeSpan.FromMinutes(5);

    private readonly ILogger log = log ?? NullLogger<EmailDelivery>.Instance;

    public static TimeSpan BackoffAfter(int attempts) => Backoff[Math.Clamp(attempts - 1, 0, Backoff.Length - 1)];

    /// <summary>A permanent refusal (SMTP 5xx): trying again would get the same answer.</summary>
    public static bool IsPermanent(Exception error) => error is SmtpCommandException c && (int)c.StatusCode >= 500;

    /// <summary>The answer as operators read it: the SMTP code and the server's text ("451 Mailbox busy"), or the error.</summary>
    public static string AnswerOf(Exception error)
    {
        var text = error is SmtpCommandException c ? $"{(int)c.StatusCode} {c.Message}" : error.Message;
        return text.Length > 2000 ? text[..2000] : text;
    }

    /// <summary>Sends one batch of due emails; returns (sent, failed attempts).</summary>
    public async Task<(int Sent, int Failed)> SendDueAsync(CancellationToken ct = default)
    {
        if (!options.EmailEnabled) return (0, 0);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var due = await db.Notifications.Where(n => (n.EmailState == EmailState.Pending || n.EmailState == EmailState.Deferred) && n.EmailNextAttemptAt <= now)
            .OrderBy(n => n.EmailNextAttemptAt).Select(n => n.Id).Take(BatchSize).ToListAsync(ct);
        if (due.Count == 0) return (0, 0);
        var leaseUntil = now + SendLease;
        await db.Notifications.Where(n => due.Contains(n.Id) && (n.EmailState == EmailState.Pending || n.EmailState == EmailState.Deferred) && n.EmailNextAttemptAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.EmailNextAttemptAt, leaseUntil), ct);
        var mine = await db.Notifications.Where(n => due.Contains(n.Id) && (n.EmailState == EmailState.Pending || n.EmailState == EmailState.Deferred)
                && n.EmailNextAttemptAt == leaseUntil)
            .OrderBy(n => n.Id).ToListAsync(ct);

        var partnerIds = mine.Where(n => n.RecipientPartnerId is not null).Select(n => n.RecipientPartnerId!.Value).Distinct().ToList();
        var userIds = mine.Where(n => n.RecipientUserId is not null).Select(n => n.RecipientUserId!).Distinct().ToList();
        var partners = await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => (p.Email, p.Name, p.TimeZone), ct);
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => (u.Email, u.DisplayName, u.TimeZone), ct);

        var unread = await MessageEmails.UnreadAsync(db, mine, ct);
        var announcements = await AnnouncementEmails.ForAsync(db, mine, ct);
        var batch = new List<(Notification N, OutgoingEmail Mail, IReadOnlyList<UnreadMessage> Carried)>();
        foreach (var n in mine)
        {
            if (unread.TryGetValue(n.Id, out var messages) && messages.Count == 0)
            {
                n.EmailState = EmailState.NotNeeded;
                n.EmailNextAttemptAt = null;
                continue;
            }
            var (email, name, zone) = n.RecipientPartnerId is { } pid ? partners.GetValueOrDefault(pid) : users.GetValueOrDefault(n.RecipientUserId ?? "");
            if (string.IsNullOrWhiteSpace(email))
            {
                n.EmailState = EmailState.GivenUp;
                n.EmailLastError = "The recipient has no email address.";
                n.EmailNextAttemptAt = null;
                n.EmailLastAttemptAt = now;
                continue;
            }
            var mail = messages is not null ? MessageEmails.Compose(n, email, name ?? email, messages, LinkOf(n))
                : announcements.TryGetValue(n.Id, out var a) ? AnnouncementEmails.Compose(n, email, name ?? email, a, zone, LinkOf(n))
                : Compose(n, email, name ?? email);
            n.EmailSubject = mail.Subject.Length > 300 ? mail.Subject[..300] : mail.Subject;
            batch.Add((n, mail, messages ?? []));
        }
        // Thread emails carry a stable Message-ID, the earlier emails of the thread and (with a reply domain) the reply address.
        var threading = await MessageEmails.ThreadingAsync(db, batch.Select(b => b.N).Where(n => n.ThreadId is not null).ToList(),
            MessageIdDomain(), inbound is { RepliesEnabled: true } ? inbound.ReplyDomain : null, now, ct);
        for (var i = 0; i < batch.Count; i++)
        {
            if (threading.TryGetValue(batch[i].N.Id, out var headers))
                batch[i] = (batch[i].N, batch[i].Mail with { MessageId = headers.MessageId, ReplyTo = headers.ReplyTo, References = headers.References }, batch[i].Carried);
        }

        IReadOnlyList<Exception?> results;
        try
        {
            results = batch.Count == 0 ? [] : await transport.SendAsync(options.Smtp, batch.Select(b => b.Mail).ToList(), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning(ex, "The mail server failed for {Count} notification emails; they will be retried.", batch.Count);
            results = batch.Select(_ => (Exception?)ex).ToList();
        }
        var sent = 0;
        var failed = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var n = batch[i].N;
            n.EmailAttempts++;
            n.EmailLastAttemptAt = now;
            if (results[i] is not { } error)
            {
                n.EmailState = EmailState.Sent;
                n.EmailSentAt = now;
                n.EmailNextAttemptAt = null;
                n.EmailLastError = null;
                db.EmailedMessages.AddRange(batch[i].Carried.Select(m => new EmailedMessage(n.Id, m.Id)));
                sent++;
                continue;
            }
            n.EmailLastError = AnswerOf(error);
            if (IsPermanent(error) || n.EmailAttempts >= options.MaxEmailAttempts)
            {
                n.EmailState = EmailState.GivenUp;
                n.EmailNextAttemptAt = null;
            }
            else
            {
                n.EmailState = EmailState.Deferred;
                n.EmailNextAttemptAt = now + BackoffAfter(n.EmailAttempts);
            }
            failed++;
        }
        await db.SaveChangesAsync(CancellationToken.None);
        PartnerHubMetrics.EmailsSent.Add(sent);
        PartnerHubMetrics.EmailsFailed.Add(failed);
        return (sent, failed);
    }

    /// <summary>The right-hand side of our Message-IDs: the reply domain, else the From address's domain.</summary>
    private string MessageIdDomain()
    {
        if (inbound is { RepliesEnabled: true }) return inbound.ReplyDomain!;
        return MailboxAddress.TryParse(options.Smtp.From, out var from) && from.Domain is { Length: > 0 } d ? d : "partnerhub.local";
    }

    private string? LinkOf(Notification n) =>
        n.Link is { } l && options.Smtp.PublicBaseUrl?.TrimEnd('/') is { } baseUrl ? baseUrl + l : null;

    private OutgoingEmail Compose(Notification n, string email, string name)
    {
        var link = LinkOf(n);
        var text = SafeMarkdown.ToPlainText(n.Body) + (link is null ? "" : "\n\n" + link);
        var html = SafeMarkdown.ToHtml(n.Body) + (link is null ? "" : $"<p><a href=\"{System.Net.WebUtility.HtmlEncode(link)}\">Open in PartnerHub</a></p>");
        return new OutgoingEmail(email, name, n.Title, text, html);
    }
}
