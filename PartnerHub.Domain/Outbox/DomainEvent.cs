namespace PartnerHub.Domain.Outbox;

/// <summary>Event types written to the outbox. Record events also feed the partner timeline.</summary>
public static class EventTypes
{
    public const string PayoutProcessed = "PayoutProcessed";
    public const string PayoutStatusChanged = "PayoutStatusChanged";
    public const string CommissionApproved = "CommissionApproved";
    public const string CommissionRejected = "CommissionRejected";
    public const string DealTermsUpdated = "DealTermsUpdated";
    /// <summary>New terms proposed to (or applied for) a partner, awaiting its acceptance (or acknowledgement).</summary>
    public const string DealTermsProposed = "DealTermsProposed";
    public const string DealTermsAccepted = "DealTermsAccepted";
    public const string DealTermsDeclined = "DealTermsDeclined";
    /// <summary>A proposal's deadline is near and the partner has not answered (sent once).</summary>
    public const string DealTermsReminder = "DealTermsReminder";
    public const string DealTermsWithdrawn = "DealTermsWithdrawn";
    public const string DealTermsExpired = "DealTermsExpired";
    public const string TrafficQualityFlagged = "TrafficQualityFlagged";
    public const string CreativesPublished = "CreativesPublished";
    public const string CreativeDeprecated = "CreativeDeprecated";
    public const string PayoutThresholdReached = "PayoutThresholdReached";
    public const string KycRequired = "KycRequired";
    public const string MilestoneAchieved = "MilestoneAchieved";
    public const string ManagerReassigned = "ManagerReassigned";
    public const string PartnerCreated = "PartnerCreated";
    public const string PartnerStatusChanged = "PartnerStatusChanged";
    public const string UplineChanged = "UplineChanged";
    /// <summary>A message was sent in a thread; its payload names who should hear of it (<c>MessageSentPayload</c>).</summary>
    public const string MessageSent = "MessageSent";
    /// <summary>An announcement was sent: one event per announcement (its id in RecordId), whose recipients are its ledger.</summary>
    public const string AnnouncementSent = "AnnouncementSent";
    /// <summary>A sent announcement asks its ledger to acknowledge it (payload: the due date; <c>mandatory</c> for compliance).</summary>
    public const string AcknowledgementRequested = "AcknowledgementRequested";

    /// <summary>The events trigger rules can be written for.</summary>
    public static readonly IReadOnlyList<string> Triggerable =
    [
        PayoutProcessed, CommissionApproved, DealTermsUpdated, TrafficQualityFlagged,
        CreativesPublished, PayoutThresholdReached, KycRequired, MilestoneAchieved, MessageSent,
        AnnouncementSent, AcknowledgementRequested,
        DealTermsProposed, DealTermsAccepted, DealTermsDeclined, DealTermsReminder,
    ];

    /// <summary>Events about an announcement: their recipients are the announcement's ledger, resolved set-based.</summary>
    public static bool IsAnnouncement(string type) => type is AnnouncementSent or AcknowledgementRequested;
}

/// <summary>
/// The outbox: every operational change appends one of these in the same transaction as the change.
/// The dispatcher (automation) claims unprocessed rows; the partner timeline reads them as record events.
/// Events posted by external systems carry the integration and its idempotency key (unique together).
/// </summary>
public class DomainEvent
{
    private DomainEvent() { }

    public DomainEvent(string type, int? partnerId, string? recordType, string? recordId, string payload, DateTime occurredAt,
        string? actorUserId = null, int? integrationId = null, string? idempotencyKey = null, string? requestHash = null)
    {
        Type = Guard.Required(type, nameof(Type), 64);
        PartnerId = partnerId;
        RecordType = recordType;
        RecordId = recordId;
        Payload = payload;
        OccurredAt = occurredAt;
        ActorUserId = actorUserId;
        IntegrationId = integrationId;
        IdempotencyKey = idempotencyKey;
        RequestHash = requestHash;
    }

    public long Id { get; private set; }
    public string Type { get; private set; } = "";
    public int? PartnerId { get; private set; }
    public string? RecordType { get; private set; }
    public string? RecordId { get; private set; }
    /// <summary>JSON: the figures before and after, and anything a template may need.</summary>
    public string Payload { get; private set; } = "{}";
    public DateTime OccurredAt { get; private set; }
    public string? ActorUserId { get; private set; }
    public int? IntegrationId { get; private set; }
    public string? IdempotencyKey { get; private set; }
    /// <summary>For an event posted to the API: the SHA-256 (hex) of its body, so a reused Idempotency-Key with another body is refused.</summary>
    public string? RequestHash { get; private set; }
    public DateTime? ProcessedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    /// <summary>A dispatcher's lease: rows locked until this time belong to the dispatcher that claimed them.</summary>
    public DateTime? LockedUntil { get; set; }
    public string? LockedBy { get; set; }
}
