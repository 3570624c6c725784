using System.Security.Cryptography;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Domain.Messaging;

/// <summary>What one poll of the mailbox did.</summary>
public sealed record InboundRun(int Accepted, int Refused, int Bounces, int Duplicates)
{
    public int Total => Accepted + Refused + Bounces + Duplicates;
}

/// <summary>What happened to one mail.</summary>
public enum InboundResult { Accepted, Refused, Bounce, Duplicate }

/// <summary>
/// Replies by email: polls the <see cref="InboundMailOptions"/> mailbox over IMAP (MailKit) and, for each mail, stores a person's
/// reply in its thread through <see cref="MessagingService.ReplyByEmailAsync"/> (the same checks, audit, outbox event and live
/// signal as a send in the app), or records why not (audited, nothing written to the thread): an unknown reply address, a sender
/// with no account, a thread the sender may not write to, a text over <see cref="InboundMailOptions.MaxBodyBytes"/>, an
/// auto-reply. A delivery status notification marks the email it returns <see cref="EmailState.Bounced"/>. Every handled mail is
/// marked seen and moved to <see cref="InboundMailOptions.ProcessedFolder"/>; one fetched again (a restart between the commit and
/// the move) is found by its Message-ID and only moved.
/// </summary>
public sealed class InboundMailProcessor(IDbContextFactory<AppDbContext> factory, TimeProvider clock, InboundMailOptions options,
    AttachmentStore? store = null, IMessageSignal? signal = null, ILogger<InboundMailProcessor>? log = null)
{
    private readonly MessagingService messaging = new(factory, clock, store, limiter: null, signal);
    private readonly ILogger log = log ?? NullLogger<InboundMailProcessor>.Instance;

    /// <summary>Takes every mail waiting in the folder (in batches of <see cref="InboundMailOptions.BatchSize"/>, at most 20 batches).</summary>
    public async Task<InboundRun> PollAsync(CancellationToken ct = default)
    {
        if (!options.PollingEnabled) return new InboundRun(0, 0, 0, 0);
        using var client = new ImapClient { Timeout = 60_000 };
        await client.ConnectAsync(options.Host!, options.Port, Security(options.Security), ct);
        if (!string.IsNullOrEmpty(options.UserName)) await client.AuthenticateAsync(options.UserName, options.Password ?? "", ct);
        var folder = string.Equals(options.Folder, "INBOX", StringComparison.OrdinalIgnoreCase) ? client.Inbox : await client.GetFolderAsync(options.Folder, ct);
        var processed = await ProcessedFolderAsync(client, ct);
        await folder.OpenAsync(FolderAccess.ReadWrite, ct);
        int accepted = 0, refused = 0, bounces = 0, duplicates = 0;
        // A mail that fails for another reason (the database unavailable, a mail MimeKit cannot read) stays in the folder and is
        // tried again at the next poll; it does not hold up the others.
        var failed = new HashSet<UniqueId>();
        for (var round = 0; round < 20; round++)
        {
            var uids = (await folder.SearchAsync(SearchQuery.NotDeleted, ct)).Where(u => !failed.Contains(u)).Take(Math.Max(1, options.BatchSize)).ToList();
            if (uids.Count == 0) break;
            var summaries = await folder.FetchAsync(uids, MessageSummaryItems.UniqueId | MessageSummaryItems.Size | MessageSummaryItems.Envelope, ct);
            var handled = new List<UniqueId>(uids.Count);
            foreach (var summary in summaries)
            {
                InboundResult result;
                try
                {
                    result = summary.Size > options.MaxMailBytes
                        ? await TooLargeAsync(summary, ct)
                        : await HandleAsync(await folder.GetMessageAsync(summary.UniqueId, ct), ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException && ex is not IOException && ex is not ImapProtocolException)
                {
                    log.LogError(ex, "Inbound mail {Uid} could not be handled; it stays in {Folder} for the next poll.", summary.UniqueId, options.Folder);
                    failed.Add(summary.UniqueId);
                    continue;
                }
                switch (result)
                {
                    case InboundResult.Accepted: accepted++; break;
                    case InboundResult.Refused: refused++; break;
                    case InboundResult.Bounce: bounces++; break;
                    default: duplicates++; break;
                }
                handled.Add(summary.UniqueId);
            }
            if (handled.Count == 0) continue;
            await folder.AddFlagsAsync(handled, MessageFlags.Seen, true, ct);
            await folder.MoveToAsync(handled, processed, ct);
        }
        await client.DisconnectAsync(true, ct);
        return new InboundRun(accepted, refused, bounces, duplicates);
    }

    /// <summary>Handles one mail (no IMAP involved): a reply, a bounce, or a refusal; a mail handled before is a duplicate.</summary>
    public async Task<InboundResult> HandleAsync(MimeMessage mail, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var id = MailIdOf(mail);
        var from = mail.From.Mailboxes.FirstOrDefault()?.Address ?? "";
        var subject = mail.Subject ?? "";
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            if (await db.InboundMails.AnyAsync(m => m.MailMessageId == id, ct)) return InboundResult.Duplicate;
        }

        if (AutomaticMail.DeliveryReport(mail) is { } report) return await BounceAsync(id, from, subject, report.Failed, report.OriginalMessageIds, ct);
        if (AutomaticMail.AutoReplyReason(mail) is { } auto) return await RefuseAsync(id, from, subject, $"Auto-reply ({auto}).", null, null, ct);

        var (threadId, reason) = await FindThreadAsync(mail, ct);
        if (threadId is null) return await RefuseAsync(id, from, subject, reason!, null, null, ct);

        var (actor, who) = await SenderAsync(from, ct);
        if (actor is null) return await RefuseAsync(id, from, subject, who!, threadId, null, ct);

        var text = EmailReplyText.TextOf(mail);
        var bytes = AutomaticMail.TextBytes(text);
        if (bytes > options.MaxBodyBytes)
            return await RefuseAsync(id, from, subject, $"The text is {bytes:N0} bytes, over the limit of {options.MaxBodyBytes:N0}.", threadId, actor, ct);
        var body = EmailReplyText.Strip(text);
        if (body.Length == 0) return await RefuseAsync(id, from, subject, "The reply has no text of its own.", threadId, actor, ct);
        if (body.Length > Message.MaxBodyLength)
            return await RefuseAsync(id, from, subject, $"The reply is longer than {Message.MaxBodyLength:N0} characters.", threadId, actor, ct);

        var files = mail.Attachments.OfType<MimePart>().Select(UploadOf).ToList();
        try
        {
            var messageId = await messaging.ReplyByEmailAsync(actor, threadId.Value, body, files,
                new InboundMail(id, from, subject, Now(), InboundMailOutcome.Accepted, null), ct);
            log.LogInformation("Reply by email {MailId} from {From} became message {MessageId} in thread {ThreadId}.", id, from, messageId, threadId);
            return InboundResult.Accepted;
        }
        catch (Exception ex) when (ex is AccessDeniedException or NotFoundException)
        {
            return await RefuseAsync(id, from, subject, $"The sender may not write to this conversation: {ex.Message}", threadId, actor, ct);
        }
        catch (DomainException ex)
        {
            return await RefuseAsync(id, from, subject, ex.Message, threadId, actor, ct);
        }
        catch (DbUpdateException)
        {
            // The same mail, handled meanwhile by another poll: its row won (UX_InboundMails_MailMessageId) and ours rolled back.
            if (await SeenAsync(id, ct)) return InboundResult.Duplicate;
            throw;
        }
    }

    /// <summary>The thread of a reply: its reply address (To, Cc, Delivered-To, X-Original-To), else the email it answers (In-Reply-To, References).</summary>
    private async Task<(long? ThreadId, string? Reason)> FindThreadAsync(MimeMessage mail, CancellationToken ct)
    {
        var domain = options.ReplyDomain ?? "";
        var addressed = mail.To.Mailboxes.Concat(mail.Cc.Mailboxes).Select(m => m.Address)
            .Concat(mail.Headers.Where(h => h.Field.Equals("Delivered-To", StringComparison.OrdinalIgnoreCase) || h.Field.Equals("X-Original-To", StringComparison.OrdinalIgnoreCase))
                .Select(h => h.Value.Trim().Trim('<', '>')));
        var tokens = addressed.Select(a => ReplyAddress.TokenOf(a, domain)).OfType<string>().Distinct().ToList();
        await using var db = await factory.CreateDbContextAsync(ct);
        if (tokens.Count > 0)
        {
            var address = await db.ReplyAddresses.AsNoTracking().Where(r => tokens.Contains(r.Token) && r.RevokedAt == null).FirstOrDefaultAsync(ct);
            return address is null ? (null, "Unknown reply address.") : (address.ThreadId, null);
        }
        var answered = mail.References.Append(mail.InReplyTo).OfType<string>().Distinct().ToList();
        if (answered.Count > 0)
        {
            var threadId = await db.Notifications.AsNoTracking().Where(n => n.EmailMessageId != null && answered.Contains(n.EmailMessageId) && n.ThreadId != null)
                .OrderByDescending(n => n.Id).Select(n => n.ThreadId).FirstOrDefaultAsync(ct);
            if (threadId is not null) return (threadId, null);
        }
        return (null, "No reply address and no In-Reply-To of an email we sent.");
    }

    /// <summary>The account whose address on record sent the mail: a login with that email, else the partner record's email (its first login).</summary>
    private async Task<(Actor? Actor, string? Reason)> SenderAsync(string from, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(from)) return (null, "The mail has no sender address.");
        var normalized = from.Normalize().ToUpperInvariant();
        await using var db = await factory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized).OrderBy(u => u.CreatedAt).FirstOrDefaultAsync(ct);
        if (user is null)
        {
            var lower = from.ToLowerInvariant();
            var partnerId = await db.Partners.AsNoTracking().Where(p => p.Email.ToLower() == lower).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
            if (partnerId is not null)
                user = await db.Users.AsNoTracking().Where(u => u.PartnerId == partnerId).OrderBy(u => u.CreatedAt).FirstOrDefaultAsync(ct);
        }
        if (user is null) return (null, "The sender's address is not on record.");
        if (user.LockoutEnd is { } end && end > clock.GetUtcNow()) return (null, "The sender's account is locked.");
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name!).ToListAsync(ct);
        return (new Actor(user.Id, user.DisplayName, roles.ToHashSet(), user.PartnerId), null);
    }

    private async Task<InboundResult> BounceAsync(string id, string from, string subject, bool failed, IReadOnlyList<string> originals, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var notification = originals.Count == 0 ? null : await db.Notifications
            .Where(n => n.EmailMessageId != null && originals.Contains(n.EmailMessageId)).OrderByDescending(n => n.Id).FirstOrDefaultAsync(ct);
        if (notification is null) return await RefuseAsync(id, from, subject, "A delivery report for no email we sent.", null, null, ct);
        if (!failed) return await RefuseAsync(id, from, subject, "A delivery report that is not a failure (delayed or relayed).", notification.ThreadId, null, ct);
        var now = Now();
        var partnerId = notification.RecipientPartnerId ?? notification.AboutPartnerId;
        notification.EmailState = EmailState.Bounced;
        notification.EmailNextAttemptAt = null;
        notification.EmailLastError = $"Bounced: {subject}".Length > 2000 ? $"Bounced: {subject}"[..2000] : $"Bounced: {subject}";
        db.InboundMails.Add(new InboundMail(id, from, subject, now, InboundMailOutcome.Bounce, "Delivery failed.")
            { ThreadId = notification.ThreadId, PartnerId = partnerId, NotificationId = notification.Id });
        db.Audit(Actor.System, now, "email.bounced", nameof(Notification), notification.Id, partnerId,
            new { mailMessageId = id, from, emailMessageId = notification.EmailMessageId, to = notification.RecipientKey });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (await SeenAsync(id, ct)) return InboundResult.Duplicate;
            throw;
        }
        log.LogInformation("Email {EmailId} bounced ({MailId}).", notification.EmailMessageId, id);
        return InboundResult.Bounce;
    }

    /// <summary>Records the refusal with its audit entry, in one transaction, and nothing else.</summary>
    private async Task<InboundResult> RefuseAsync(string id, string from, string subject, string reason, long? threadId, Actor? sender, CancellationToken ct)
    {
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        int? partnerId = threadId is null ? sender?.PartnerId
            : await db.MessageThreads.Where(t => t.Id == threadId).Select(t => (int?)t.PartnerId).FirstOrDefaultAsync(ct);
        var row = new InboundMail(id, from, subject, now, InboundMailOutcome.Refused, reason) { ThreadId = threadId, PartnerId = partnerId };
        db.InboundMails.Add(row);
        db.Audit(Actor.System, now, "inbound-mail.refused", nameof(InboundMail), id, partnerId,
            new { reason, from, mailMessageId = id, subject, threadId, senderUserId = sender?.UserId });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (await SeenAsync(id, ct)) return InboundResult.Duplicate;
            throw;
        }
        log.LogInformation("Inbound mail {MailId} from {From} refused: {Reason}", id, from, reason);
        return InboundResult.Refused;
    }

    private async Task<InboundResult> TooLargeAsync(IMessageSummary summary, CancellationToken ct)
    {
        var envelope = summary.Envelope;
        var id = envelope?.MessageId is { Length: > 0 } mid ? mid : $"imap-size:{summary.UniqueId.Id}:{summary.Size}:{envelope?.Date?.ToUnixTimeSeconds()}";
        if (await SeenAsync(id, ct)) return InboundResult.Duplicate;
        return await RefuseAsync(id, envelope?.From.Mailboxes.FirstOrDefault()?.Address ?? "", envelope?.Subject ?? "",
            $"The mail is {summary.Size:N0} bytes, over the limit of {options.MaxMailBytes:N0}.", null, null, ct);
    }

    private async Task<bool> SeenAsync(string id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.InboundMails.AnyAsync(m => m.MailMessageId == id, ct);
    }

    /// <summary>The mail's Message-ID, or (for a mail without one) a hash of its bytes, so the same mail is recognised again.</summary>
    public static string MailIdOf(MimeMessage mail)
    {
        if (!string.IsNullOrWhiteSpace(mail.MessageId)) return mail.MessageId;
        using var stream = new MemoryStream();
        mail.WriteTo(stream);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }

    private static UploadedFile UploadOf(MimePart part)
    {
        using var decoded = new MemoryStream();
        part.Content?.DecodeTo(decoded);
        var bytes = decoded.ToArray();
        return new UploadedFile(part.FileName ?? "attachment", bytes.Length, part.ContentType.MimeType, _ => new MemoryStream(bytes, writable: false));
    }

    /// <summary>The processed folder at the top of the personal namespace, created when missing.</summary>
    private async Task<IMailFolder> ProcessedFolderAsync(ImapClient client, CancellationToken ct)
    {
        var root = client.GetFolder(client.PersonalNamespaces[0]);
        var subfolders = await root.GetSubfoldersAsync(false, ct);
        return subfolders.FirstOrDefault(f => string.Equals(f.Name, options.ProcessedFolder, StringComparison.OrdinalIgnoreCase))
            ?? await root.CreateAsync(options.ProcessedFolder, true, ct)
            ?? throw new InvalidOperationException($"The folder {options.ProcessedFolder} could not be created.");
    }

    internal static SecureSocketOptions Security(string security) => security.ToUpperInvariant() switch
    {
        "NONE" => SecureSocketOptions.None,
        "STARTTLS" => SecureSocketOptions.StartTls,
        "SSLONCONNECT" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
