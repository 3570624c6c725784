namespace PartnerHub.Domain.Auditing;

/// <summary>
/// Append-only record of who changed what, when and from where. The DbContext refuses to update or
/// delete these rows. <see cref="Details"/> is JSON, typically <c>{"before":...,"after":...}</c>.
/// </summary>
public class AuditEntry
{
    private AuditEntry() { }

    public AuditEntry(DateTime at, string? userId, string? userName, string? ipAddress, string action,
        string entityType, string? entityId, int? partnerId, string? details)
    {
        At = at;
        UserId = userId;
        UserName = userName;
        IpAddress = ipAddress;
        Action = action;
        EntityType = entityType;
        EntityId = entityId;
        PartnerId = partnerId;
        Details = details;
    }

    public long Id { get; private set; }
    public DateTime At { get; private set; }
    public string? UserId { get; private set; }
    public string? UserName { get; private set; }
    public string? IpAddress { get; private set; }
    /// <summary>Verb in dotted form: <c>partner.created</c>, <c>commission.approved</c>, <c>message.sent</c>...</summary>
    public string Action { get; private set; } = "";
    public string EntityType { get; private set; } = "";
    public string? EntityId { get; private set; }
    public int? PartnerId { get; private set; }
    public string? Details { get; private set; }

    /// <summary>This entry as an erasure leaves it: the same entry with its user name, IP address and details redacted (not saved).</summary>
    internal AuditEntry Redacted(string? userName, string? ipAddress, string? details) =>
        new(At, UserId, userName, ipAddress, Action, EntityType, EntityId, PartnerId, details) { Id = Id };
}
