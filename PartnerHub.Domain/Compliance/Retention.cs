namespace PartnerHub.Domain.Compliance;

/// <summary>The kinds of record a retention period applies to.</summary>
public enum RetentionKind
{
    /// <summary>Conversations: threads, messages, revisions, receipts, attachments, internal notes.</summary>
    Conversations = 1,
    /// <summary>Announcements' recipient ledger and acknowledgements (delivery, read, acknowledgement, IP).</summary>
    AnnouncementLedger = 2,
    /// <summary>In-app notifications and the emails sent for them.</summary>
    Notifications = 3,
    /// <summary>The audit log: never purged below the longest other period.</summary>
    AuditLog = 4,
}

/// <summary>
/// How long records of one kind are kept after the partner relationship ends (<see cref="Partners.Partner.EndedAt"/>); set in
/// the admin area, one row per kind (a missing row means the default).
/// </summary>
public class RetentionRule
{
    private RetentionRule() { }

    public RetentionRule(RetentionKind kind, int years, string updatedByName, DateTime updatedAt)
    {
        Kind = Guard.Defined(kind, nameof(Kind));
        Set(years, updatedByName, updatedAt);
    }

    public RetentionKind Kind { get; private set; }
    /// <summary>Whole years after the relationship ends.</summary>
    public int Years { get; private set; }
    public string UpdatedByName { get; private set; } = "";
    public DateTime UpdatedAt { get; private set; }

    public void Set(int years, string updatedByName, DateTime updatedAt)
    {
        Years = years;
        UpdatedByName = updatedByName;
        UpdatedAt = updatedAt;
    }
}
