namespace PartnerHub.Domain.Announcements;

public enum AnnouncementCategory { Promotion = 1, CommissionChange = 2, Compliance = 3, ProductUpdate = 4, SeasonalCampaign = 5 }

public enum AnnouncementStatus { Draft = 1, Scheduled = 2, Sending = 3, Sent = 4, Cancelled = 5 }

/// <summary>Who an announcement goes to. Resolved once, at send, into the recipient ledger.</summary>
public sealed record AnnouncementAudience
{
    public IReadOnlyList<int> SegmentIds { get; init; } = [];
    public IReadOnlyList<int> PartnerIds { get; init; } = [];
    public IReadOnlyList<int> Tiers { get; init; } = [];
    public bool AllActivePartners { get; init; }

    public bool IsEmpty => !AllActivePartners && SegmentIds.Count == 0 && PartnerIds.Count == 0 && Tiers.Count == 0;
}

/// <summary>
/// A broadcast to partners. Its text is versioned (<see cref="AnnouncementVersion"/>); once sent,
/// the audience is frozen in <see cref="AnnouncementRecipient"/> rows.
/// </summary>
public class Announcement
{
    public const int MaxBodyLength = 50_000;

    private readonly List<AnnouncementVersion> _versions = [];

    private Announcement() { }

    public Announcement(string title, string body, AnnouncementCategory category, AnnouncementAudience audience, string createdById, DateTime createdAt)
    {
        Category = Guard.Defined(category, nameof(Category));
        Audience = audience;
        CreatedById = createdById;
        CreatedAt = createdAt;
        Status = AnnouncementStatus.Draft;
        _versions.Add(new AnnouncementVersion(1, title, body, true, createdById, createdAt));
        CurrentVersion = 1;
        Title = _versions[0].Title;
    }

    public int Id { get; private set; }
    /// <summary>The current version's title, kept here for lists.</summary>
    public string Title { get; private set; } = "";
    public AnnouncementCategory Category { get; private set; }
    public AnnouncementAudience Audience { get; private set; } = new();
    public bool RequiresAcknowledgement { get; private set; }
    public DateTime? AcknowledgementDueAt { get; private set; }
    /// <summary>An overdue acknowledgement blocks the portal's other pages until given.</summary>
    public bool BlocksPortalWhenOverdue { get; private set; }
    public AnnouncementStatus Status { get; private set; }
    public DateTime? ScheduledAt { get; private set; }
    public DateTime? SendStartedAt { get; private set; }
    public DateTime? SentAt { get; private set; }
    public int RecipientCount { get; private set; }
    public int CurrentVersion { get; private set; }
    /// <summary>The version recipients must have acknowledged (bumped by a material change).</summary>
    public int AcknowledgementVersion { get; private set; } = 1;
    public string CreatedById { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyCollection<AnnouncementVersion> Versions => _versions;

    public void RequireAcknowledgement(DateTime dueAt, bool blocksPortal, DateTime now)
    {
        if (dueAt <= now) throw new DomainException("The acknowledgement due date must be in the future.", nameof(AcknowledgementDueAt));
        RequiresAcknowledgement = true;
        AcknowledgementDueAt = dueAt;
        BlocksPortalWhenOverdue = blocksPortal;
        Version++;
    }

    /// <summary>No acknowledgement needed any more (a draft or scheduled item only: once sent, recipients were told).</summary>
    public void DropAcknowledgement()
    {
        RequireNotSent();
        RequiresAcknowledgement = false;
        AcknowledgementDueAt = null;
        BlocksPortalWhenOverdue = false;
        Version++;
    }

    /// <summary>Category and audience of an item not sent yet.</summary>
    public void ChangeDraft(AnnouncementCategory category, AnnouncementAudience audience)
    {
        RequireNotSent();
        Category = Guard.Defined(category, nameof(Category));
        Audience = audience ?? throw new DomainException("Choose an audience.", nameof(Audience));
        Version++;
    }

    /// <summary>Back to a draft: a scheduled item taken off the schedule, or a send whose audience turned out empty.</summary>
    public void ReturnToDraft()
    {
        if (Status is not (AnnouncementStatus.Scheduled or AnnouncementStatus.Sending))
            throw new DomainException($"A {Status} announcement cannot return to draft.");
        Status = AnnouncementStatus.Draft;
        ScheduledAt = null;
        SendStartedAt = null;
        Version++;
    }

    /// <summary>Whether the acknowledgement is due and <paramref name="now"/> is past it.</summary>
    public bool IsOverdue(DateTime now) => RequiresAcknowledgement && AcknowledgementDueAt is { } due && due < now;

    private void RequireNotSent()
    {
        if (Status is not (AnnouncementStatus.Draft or AnnouncementStatus.Scheduled))
            throw new DomainException("A sent announcement keeps its audience and settings; revise its text instead.");
    }

    public void Schedule(DateTime at, DateTime now)
    {
        if (Status != AnnouncementStatus.Draft) throw new DomainException("Only a draft can be scheduled.");
        if (at <= now) throw new DomainException("The scheduled time must be in the future.", nameof(ScheduledAt));
        if (Audience.IsEmpty) throw new DomainException("Choose an audience first.", nameof(Audience));
        ScheduledAt = at;
        Status = AnnouncementStatus.Scheduled;
        Version++;
    }

    public void BeginSending(DateTime now)
    {
        if (Status is not (AnnouncementStatus.Draft or AnnouncementStatus.Scheduled))
            throw new DomainException($"A {Status} announcement cannot be sent.");
        if (Audience.IsEmpty) throw new DomainException("Choose an audience first.", nameof(Audience));
        Status = AnnouncementStatus.Sending;
        SendStartedAt = now;
        Version++;
    }

    public void CompleteSending(int recipientCount, DateTime now)
    {
        if (Status != AnnouncementStatus.Sending) throw new DomainException("The announcement is not being sent.");
        if (recipientCount == 0) throw new DomainException("The audience matches no partner.", nameof(Audience));
        RecipientCount = recipientCount;
        Status = AnnouncementStatus.Sent;
        SentAt = now;
        Version++;
    }

    /// <summary>A new text. A material change to an acknowledgement-required item asks everyone to acknowledge again.</summary>
    public AnnouncementVersion Revise(string title, string body, bool materialChange, string byUserId, DateTime at)
    {
        if (Status == AnnouncementStatus.Cancelled) throw new DomainException("A cancelled announcement cannot change.");
        var v = new AnnouncementVersion(CurrentVersion + 1, title, body, materialChange, byUserId, at);
        _versions.Add(v);
        CurrentVersion = v.Number;
        Title = v.Title;
        if (materialChange && RequiresAcknowledgement) AcknowledgementVersion = v.Number;
        Version++;
        return v;
    }

    public void Cancel()
    {
        if (Status is not (AnnouncementStatus.Draft or AnnouncementStatus.Scheduled))
            throw new DomainException("Only a draft or scheduled announcement can be cancelled.");
        Status = AnnouncementStatus.Cancelled;
        Version++;
    }
}

public class AnnouncementVersion
{
    private AnnouncementVersion() { }

    internal AnnouncementVersion(int number, string title, string body, bool materialChange, string createdById, DateTime createdAt)
    {
        Number = number;
        Title = Guard.Required(title, nameof(Title), 200);
        Body = Guard.Required(body, nameof(Body), Announcement.MaxBodyLength);
        IsMaterialChange = materialChange;
        CreatedById = createdById;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }
    public int AnnouncementId { get; private set; }
    public int Number { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public bool IsMaterialChange { get; private set; }
    public string CreatedById { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
}

/// <summary>
/// The frozen ledger: one row per recipient, written once at send (set-based).
/// A partner who joins a segment later does not appear here.
/// </summary>
public class AnnouncementRecipient
{
    private AnnouncementRecipient() { }

    public AnnouncementRecipient(int announcementId, int partnerId, DateTime deliveredAt)
    {
        AnnouncementId = announcementId;
        PartnerId = partnerId;
        DeliveredAt = deliveredAt;
    }

    public int AnnouncementId { get; private set; }
    public int PartnerId { get; private set; }
    public DateTime DeliveredAt { get; private set; }
    public DateTime? ReadAt { get; set; }
    public DateTime? AcknowledgedAt { get; set; }
    /// <summary>The version the latest acknowledgement was for.</summary>
    public int? AcknowledgedVersion { get; set; }
    public int RemindersSent { get; set; }
    public DateTime? LastRemindedAt { get; set; }
    public DateTime? EscalatedAt { get; set; }
}

/// <summary>Every acknowledgement ever given: who, when, from where, for which version. Unique per version.</summary>
public class AnnouncementAcknowledgement
{
    private AnnouncementAcknowledgement() { }

    public AnnouncementAcknowledgement(int announcementId, int partnerId, int versionNumber, string userId, string? ipAddress, DateTime at)
    {
        AnnouncementId = announcementId;
        PartnerId = partnerId;
        VersionNumber = versionNumber;
        UserId = userId;
        IpAddress = ipAddress;
        At = at;
    }

    public long Id { get; private set; }
    public int AnnouncementId { get; private set; }
    public int PartnerId { get; private set; }
    public int VersionNumber { get; private set; }
    public string UserId { get; private set; } = "";
    public string? IpAddress { get; private set; }
    public DateTime At { get; private set; }
}

public class AnnouncementCreative
{
    private AnnouncementCreative() { }

    public AnnouncementCreative(int announcementId, int creativeId)
    {
        AnnouncementId = announcementId;
        CreativeId = creativeId;
    }

    public int AnnouncementId { get; private set; }
    public int CreativeId { get; private set; }
}
