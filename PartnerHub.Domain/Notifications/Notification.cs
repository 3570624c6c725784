namespace PartnerHub.Domain.Notifications;

/// <summary>
/// An in-app notification (and optionally its email). Addressed to a partner (every login of that
/// partner sees it) or to one operator user. <see cref="RecipientKey"/> is "p:{partnerId}" or
/// "u:{userId}"; the unique index on (RuleId, EventId, RecipientKey) makes delivery exactly-once.
/// </summary>
public class Notification
{
    private Notification() { }

    public Notification(string recipientKey, int? recipientPartnerId, string? recipientUserId, NotificationCategory category,
        string title, string body, string? link, DateTime createdAt, DateTime deliverAt)
    {
        RecipientKey = recipientKey;
        RecipientPartnerId = recipientPartnerId;
        RecipientUserId = recipientUserId;
        Category = category;
        Title = Guard.Required(title, nameof(Title), 200);
        Body = body;
        Link = link;
        CreatedAt = createdAt;
        DeliverAt = deliverAt;
    }

    public static string PartnerKey(int partnerId) => $"p:{partnerId}";
    public static string UserKey(string userId) => $"u:{userId}";

    public long Id { get; private set; }
    public string RecipientKey { get; private set; } = "";
    public int? RecipientPartnerId { get; private set; }
    public string? RecipientUserId { get; private set; }
    /// <summary>The partner the notification is about (for the timeline); may differ from the recipient.</summary>
    public int? AboutPartnerId { get; set; }
    public int? RuleId { get; set; }
    public long? EventId { get; set; }
    /// <summary>The thread a message notification is about: its email waits for the delay and covers every unread message of it.</summary>
    public long? ThreadId { get; set; }
    public NotificationCategory Category { get; private set; }
    public bool Critical { get; set; }
    public string Title { get; private set; } = "";
    /// <summary>Markdown, rendered through the safe pipeline.</summary>
    public string Body { get; private set; } = "";
    /// <summary>A route inside the app: <c>/portal/payouts/12</c>.</summary>
    public string? Link { get; private set; }
    public DateTime CreatedAt { get; private set; }
    /// <summary>When it becomes visible (after quiet hours, or at the digest).</summary>
    public DateTime DeliverAt { get; set; }
    public bool InDigest { get; set; }
    public DateTime? ReadAt { get; set; }
    public EmailState EmailState { get; set; }
    public int EmailAttempts { get; set; }
    public DateTime? EmailNextAttemptAt { get; set; }
    public DateTime? EmailSentAt { get; set; }
    /// <summary>The last SMTP answer of a failed attempt (deferred or given up), or why no attempt could be made.</summary>
    public string? EmailLastError { get; set; }
    /// <summary>The subject of the email as it was last composed (a message email's subject names its messages).</summary>
    public string? EmailSubject { get; set; }
    /// <summary>When the email was last tried (sent, deferred or given up): its time on the partner's timeline.</summary>
    public DateTime? EmailLastAttemptAt { get; set; }
    /// <summary>The Message-ID header of the sent email (without angle brackets): replies and bounces are matched on it.</summary>
    public string? EmailMessageId { get; set; }
}

/// <summary>
/// The email of a notification, one row per email. <see cref="Pending"/>: queued, not tried yet. <see cref="Deferred"/>: an attempt
/// got a transient answer (SMTP 4xx, or the server could not be reached); the answer is in <see cref="Notification.EmailLastError"/>
/// and it is tried again with backoff. <see cref="GivenUp"/>: a permanent answer (SMTP 5xx), no address, or the last attempt failed
/// (the value 3, once called Failed, keeps its meaning). <see cref="NotNeeded"/>: a message email found everything read by the time
/// it was due, or another email of the same thread covered it. <see cref="Bounced"/>: sent, then a delivery status notification
/// came back for it. Members are only ever added: the values are stored.
/// </summary>
public enum EmailState { NotRequested = 0, Pending = 1, Sent = 2, GivenUp = 3, NotNeeded = 4, Bounced = 5, Deferred = 6 }

/// <summary>A message a sent email carried (so the message's receipts can say "emailed 10:42").</summary>
public class EmailedMessage
{
    private EmailedMessage() { }

    public EmailedMessage(long notificationId, long messageId)
    {
        NotificationId = notificationId;
        MessageId = messageId;
    }

    public long NotificationId { get; private set; }
    public long MessageId { get; private set; }
}

/// <summary>A partner's (or operator's) choice to mute a non-critical category on a channel.</summary>
public class NotificationPreference
{
    private NotificationPreference() { }

    public NotificationPreference(string userId, NotificationCategory category, NotificationChannels channel, bool muted)
    {
        if (category == NotificationCategory.Compliance && muted)
            throw new DomainException("Compliance notifications cannot be muted.", nameof(Category));
        UserId = userId;
        Category = category;
        Channel = channel;
        Muted = muted;
    }

    public string UserId { get; private set; } = "";
    public NotificationCategory Category { get; private set; }
    public NotificationChannels Channel { get; private set; }
    public bool Muted { get; private set; }

    /// <summary>Mutes or unmutes; the same rule as the constructor (compliance is never muted).</summary>
    public void SetMuted(bool muted)
    {
        if (Category == NotificationCategory.Compliance && muted)
            throw new DomainException("Compliance notifications cannot be muted.", nameof(Category));
        Muted = muted;
    }
}
