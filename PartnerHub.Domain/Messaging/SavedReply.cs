namespace PartnerHub.Domain.Messaging;

/// <summary>
/// An operator's canned answer. Shared replies (<see cref="OwnerId"/> null) are the team's; personal ones are their owner's.
/// The body may hold placeholders such as <c>{{partner.name}}</c> or <c>{{payout.amount}}</c>, filled at send time and frozen
/// in the message.
/// </summary>
public class SavedReply
{
    public const int MaxTitleLength = 100;

    private SavedReply() { }

    public SavedReply(string? ownerId, string title, string body, string createdById, DateTime at)
    {
        OwnerId = ownerId;
        CreatedById = Guard.Required(createdById, nameof(CreatedById), 450);
        CreatedAt = at;
        Change(title, body, at);
    }

    public long Id { get; private set; }
    /// <summary>Null for a reply shared with every operator.</summary>
    public string? OwnerId { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public string CreatedById { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public bool IsShared => OwnerId is null;

    public void Change(string title, string body, DateTime at)
    {
        Title = Guard.Required(title, nameof(Title), MaxTitleLength);
        Body = Guard.Required(body, nameof(Body), Message.MaxBodyLength);
        UpdatedAt = at;
        Version++;
    }
}

/// <summary>An operator's "mark unread" on a thread: it shows as unread to them until they open it again. Receipts are evidence and are never deleted.</summary>
public class ThreadUnreadMark
{
    private ThreadUnreadMark() { }

    public ThreadUnreadMark(long threadId, string userId, DateTime markedAt)
    {
        ThreadId = threadId;
        UserId = Guard.Required(userId, nameof(UserId), 450);
        MarkedAt = markedAt;
    }

    public long ThreadId { get; private set; }
    public string UserId { get; private set; } = "";
    public DateTime MarkedAt { get; private set; }
}
