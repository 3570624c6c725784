using PartnerHub.Domain.Partners;

namespace PartnerHub.Domain.Notifications;

public enum NotificationCategory
{
    Payouts = 1, Commissions = 2, Deals = 3, TrafficQuality = 4, Creatives = 5, Compliance = 6, Milestones = 7, Messages = 8, Announcements = 9,
}

[Flags]
public enum NotificationChannels { None = 0, InApp = 1, Email = 2 }

/// <summary>Which partners an event must concern for a rule to fire. Empty lists mean "any".</summary>
public sealed record RuleConditions
{
    public IReadOnlyList<Vertical> Verticals { get; init; } = [];
    public IReadOnlyList<int> Tiers { get; init; } = [];
    public decimal? MinAmount { get; init; }
    public decimal? MaxAmount { get; init; }
    public int? SegmentId { get; init; }
}

/// <summary>Who a rule notifies.</summary>
public sealed record RuleRecipients
{
    public bool Partner { get; init; } = true;
    public bool Manager { get; init; }
    /// <summary>Notify the partner's upline up to this many levels (1 = the direct master IB).</summary>
    public int UplineLevels { get; init; }
    /// <summary>For deal changes: also the sub-IBs whose terms derive from the changed deal.</summary>
    public bool DerivedSubIbs { get; init; }
    public int? SegmentId { get; init; }
    /// <summary>For messages: whoever the sent message concerns (the partner for an operator's message; the assignee, the account
    /// manager or else the managers for a partner's; the other side of a downline thread).</summary>
    public bool Conversation { get; init; }
    /// <summary>For announcements: every partner of the announcement's recipient ledger (resolved set-based, at dispatch).</summary>
    public bool Audience { get; init; }
}

/// <summary>An admin-configured rule: when an event of <see cref="EventType"/> matches the conditions, notify the recipients.</summary>
public class TriggerRule
{
    private TriggerRule() { }

    public TriggerRule(string name, string eventType, NotificationCategory category, string titleTemplate, string bodyTemplate, DateTime createdAt)
    {
        Name = Guard.Required(name, nameof(Name), 120);
        EventType = Guard.Required(eventType, nameof(EventType), 64);
        Category = Guard.Defined(category, nameof(Category));
        TitleTemplate = Guard.Required(titleTemplate, nameof(TitleTemplate), 200);
        BodyTemplate = Guard.Required(bodyTemplate, nameof(BodyTemplate), 4000);
        CreatedAt = UpdatedAt = createdAt;
        Enabled = true;
        Channels = NotificationChannels.InApp;
    }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public string EventType { get; private set; } = "";
    public bool Enabled { get; set; }
    public NotificationCategory Category { get; private set; }
    public RuleConditions Conditions { get; set; } = new();
    public RuleRecipients Recipients { get; set; } = new();
    public NotificationChannels Channels { get; set; }
    public string TitleTemplate { get; private set; } = "";
    public string BodyTemplate { get; private set; } = "";
    /// <summary>At most one notification per partner per this many minutes (throttle).</summary>
    public int? CooldownMinutes { get; set; }
    public bool RespectQuietHours { get; set; } = true;
    /// <summary>Bundle into the daily digest instead of delivering at once.</summary>
    public bool Digest { get; set; }
    /// <summary>Ignores quiet hours and preferences.</summary>
    public bool Critical { get; set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public void SetTemplates(string title, string body, DateTime at)
    {
        TitleTemplate = Guard.Required(title, nameof(TitleTemplate), 200);
        BodyTemplate = Guard.Required(body, nameof(BodyTemplate), 4000);
        UpdatedAt = at;
        Version++;
    }

    public void Rename(string name) => Name = Guard.Required(name, nameof(Name), 120);

    public void Touch(DateTime at)
    {
        UpdatedAt = at;
        Version++;
    }
}

/// <summary>What a rule did with one event for one recipient: the rule's run log.</summary>
public enum RuleOutcome { Sent = 1, Skipped = 2, Failed = 3, Deferred = 4 }

public class RuleRun
{
    private RuleRun() { }

    public RuleRun(int ruleId, long eventId, string? recipientKey, RuleOutcome outcome, string? reason, DateTime at)
    {
        RuleId = ruleId;
        EventId = eventId;
        RecipientKey = recipientKey;
        Outcome = outcome;
        Reason = reason;
        At = at;
    }

    public long Id { get; private set; }
    public int RuleId { get; private set; }
    public long EventId { get; private set; }
    public string? RecipientKey { get; private set; }
    public RuleOutcome Outcome { get; set; }
    public string? Reason { get; set; }
    public DateTime At { get; set; }
    public int Attempts { get; set; }
}
