using System.Security.Cryptography;

namespace PartnerHub.Domain.Messaging;

/// <summary>
/// The reply address of one thread for one recipient (<c>reply+{Token}@{InboundMail:ReplyDomain}</c>), made the first time that
/// recipient is emailed about the thread and reused afterwards. The token is 160 random bits (base32, 32 characters), stored
/// rather than derived (an HMAC would need a key to keep and rotate, and could not be withdrawn one thread at a time): knowing a
/// thread id or a partner's address never lets anyone guess it, and <see cref="RevokedAt"/> withdraws one address.
/// </summary>
public class ReplyAddress
{
    public const int TokenLength = 32;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    private ReplyAddress() { }

    public ReplyAddress(long threadId, string recipientKey, DateTime createdAt)
    {
        ThreadId = threadId;
        RecipientKey = recipientKey;
        Token = NewToken();
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }
    public string Token { get; private set; } = "";
    public long ThreadId { get; private set; }
    /// <summary>Who the address was given to: <c>p:{partnerId}</c> or <c>u:{userId}</c>, as on the notification.</summary>
    public string RecipientKey { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime? RevokedAt { get; set; }

    /// <summary>The token in a <c>reply+{token}@domain</c> address, or null when the address is not one of ours.</summary>
    public static string? TokenOf(string? address, string replyDomain)
    {
        if (string.IsNullOrWhiteSpace(address)) return null;
        var at = address.LastIndexOf('@');
        if (at < 0 || !string.Equals(address[(at + 1)..], replyDomain, StringComparison.OrdinalIgnoreCase)) return null;
        var local = address[..at];
        if (!local.StartsWith("reply+", StringComparison.OrdinalIgnoreCase)) return null;
        var token = local["reply+".Length..].ToLowerInvariant();
        return token.Length == TokenLength && token.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? token : null;
    }

    public string Address(string replyDomain) => $"reply+{Token}@{replyDomain}";

    private static string NewToken()
    {
        Span<byte> bytes = stackalloc byte[20];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[TokenLength];
        // 20 bytes = 160 bits = 32 base32 characters of 5 bits each.
        var buffer = 0;
        var bits = 0;
        var i = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[i++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }
        return new string(chars);
    }
}

/// <summary>What the inbound job did with one mail.</summary>
public enum InboundMailOutcome { Accepted = 1, Refused = 2, Bounce = 3 }

/// <summary>
/// One mail the inbound job took from the mailbox, once: the unique index on <see cref="MailMessageId"/> is what makes a reply a
/// message exactly once (the row commits in the message's transaction; a second fetch of the same mail finds it and writes
/// nothing). Refusals and bounces are recorded too, with their reason.
/// </summary>
public class InboundMail
{
    public const int MaxMessageIdLength = 500;

    private InboundMail() { }

    public InboundMail(string mailMessageId, string from, string subject, DateTime processedAt, InboundMailOutcome outcome, string? reason)
    {
        MailMessageId = mailMessageId.Length > MaxMessageIdLength ? mailMessageId[..MaxMessageIdLength] : mailMessageId;
        From = from.Length > 320 ? from[..320] : from;
        Subject = subject.Length > 200 ? subject[..200] : subject;
        ProcessedAt = processedAt;
        Outcome = outcome;
        Reason = reason is { Length: > 500 } ? reason[..500] : reason;
    }

    public long Id { get; private set; }
    /// <summary>The mail's Message-ID header without angle brackets (or a hash of the mail when it has none).</summary>
    public string MailMessageId { get; private set; } = "";
    public string From { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public DateTime ProcessedAt { get; private set; }
    public InboundMailOutcome Outcome { get; private set; }
    public string? Reason { get; private set; }
    public long? ThreadId { get; set; }
    public int? PartnerId { get; set; }
    /// <summary>The message an accepted reply became.</summary>
    public long? MessageId { get; set; }
    /// <summary>The notification whose email a bounce returned.</summary>
    public long? NotificationId { get; set; }
}

/// <summary>
/// The mailbox replies arrive in (configuration section <c>InboundMail</c>). No host: no reply-by-email (the notification emails
/// then carry no Reply-To). The reply domain must deliver <c>reply+*@{ReplyDomain}</c> into <see cref="Folder"/>.
/// </summary>
public sealed class InboundMailOptions
{
    public const string Section = "InboundMail";

    public string? Host { get; set; }
    public int Port { get; set; } = 993;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>Auto, None, StartTls or SslOnConnect (as for SMTP).</summary>
    public string Security { get; set; } = "Auto";
    public string Folder { get; set; } = "INBOX";
    /// <summary>Where handled mails go (accepted, refused, bounces); created when missing.</summary>
    public string ProcessedFolder { get; set; } = "Processed";
    /// <summary>The domain of the reply addresses, e.g. <c>reply.partners.example.com</c>.</summary>
    public string? ReplyDomain { get; set; }
    /// <summary>A mail whose text is larger than this is refused.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;
    /// <summary>A mail larger than this in all (attachments included) is refused without being downloaded.</summary>
    public long MaxMailBytes { get; set; } = 60L * 1024 * 1024;
    public double PollSeconds { get; set; } = 60;
    /// <summary>Mails taken per connection.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Outbound emails get a reply address when a reply domain is set; the job polls when a host is set too.</summary>
    public bool RepliesEnabled => !string.IsNullOrWhiteSpace(ReplyDomain);
    public bool PollingEnabled => RepliesEnabled && !string.IsNullOrWhiteSpace(Host);
}
