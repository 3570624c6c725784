namespace PartnerHub.Domain.Announcements;

/// <summary>What an operator writes in the composer.</summary>
public sealed record AnnouncementDraft
{
    public string Title { get; init; } = "";
    public string Body { get; init; } = "";
    public AnnouncementCategory Category { get; init; } = AnnouncementCategory.ProductUpdate;
    public AnnouncementAudience Audience { get; init; } = new();
    public bool RequiresAcknowledgement { get; init; }
    public DateTime? AcknowledgementDueAt { get; init; }
    public bool BlocksPortalWhenOverdue { get; init; }
    /// <summary>Published creatives the announcement points partners to (at most <see cref="AnnouncementService.MaxLinkedCreatives"/>).</summary>
    public IReadOnlyList<int> CreativeIds { get; init; } = [];
}

/// <summary>What the composer does with the draft: keep it, send it now, or schedule it.</summary>
public enum ComposeAction { SaveDraft = 1, SendNow = 2, Schedule = 3 }

public sealed record AnnouncementRow(int Id, string Title, AnnouncementCategory Category, AnnouncementStatus Status, DateTime CreatedAt,
    DateTime? ScheduledAt, DateTime? SentAt, int RecipientCount, bool RequiresAcknowledgement, DateTime? AcknowledgementDueAt, int CurrentVersion);

public sealed record AnnouncementVersionView(int Number, string Title, string Body, bool IsMaterialChange, DateTime CreatedAt);

public sealed record AnnouncementDetail(int Id, AnnouncementStatus Status, AnnouncementDraft Draft, DateTime? ScheduledAt, DateTime? SentAt,
    int RecipientCount, int CurrentVersion, int AcknowledgementVersion, int Version, IReadOnlyList<AnnouncementVersionView> Versions);

/// <summary>A segment or partner the composer offers as an audience.</summary>
public sealed record AudienceOption(int Id, string Name);

/// <summary>Where a send stands, for the console's progress display.</summary>
public sealed record SendProgress(int Id, AnnouncementStatus Status, int RecipientCount, DateTime? SendStartedAt, DateTime? SentAt);

/// <summary>Outbox event types of announcements.</summary>
public static class AnnouncementEvents
{
    public const string Sent = Outbox.EventTypes.AnnouncementSent;
    public const string AcknowledgementRequested = Outbox.EventTypes.AcknowledgementRequested;
    public const string Revised = "AnnouncementRevised";
    public const string Acknowledged = "AnnouncementAcknowledged";
}
