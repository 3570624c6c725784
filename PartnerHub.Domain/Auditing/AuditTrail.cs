using System.Text.Json;
using System.Text.Json.Serialization;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Auditing;

/// <summary>
/// Adds the audit entry and (for record changes) the outbox event to the same context as the change,
/// so they commit in the change's transaction or not at all.
/// </summary>
public static class AuditTrail
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static AuditEntry Audit(this AppDbContext db, Actor actor, DateTime at, string action, string entityType,
        object? entityId, int? partnerId, object? details = null)
    {
        var entry = new AuditEntry(at, actor.UserId, actor.Name, actor.IpAddress, action, entityType,
            entityId?.ToString(), partnerId, details is null ? null : JsonSerializer.Serialize(details, Json));
        db.AuditLog.Add(entry);
        return entry;
    }

    public static DomainEvent RecordEvent(this AppDbContext db, Actor actor, DateTime at, string type, int? partnerId,
        string? recordType, object? recordId, object payload)
    {
        var e = new DomainEvent(type, partnerId, recordType, recordId?.ToString(), JsonSerializer.Serialize(payload, Json), at,
            actor == Actor.System ? null : actor.UserId);
        db.DomainEvents.Add(e);
        return e;
    }
}
