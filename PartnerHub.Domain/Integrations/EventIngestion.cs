using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Integrations;

public enum IngestStatus
{
    /// <summary>Written to the outbox now.</summary>
    Accepted = 1,
    /// <summary>This integration already sent this idempotency key; nothing was written, <see cref="IngestResult.EventId"/> is the first event.</summary>
    Duplicate = 2,
    /// <summary>The body or a header is wrong; <see cref="IngestResult.Errors"/> names the fields.</summary>
    Invalid = 3,
    /// <summary>No partner has the id or e-mail given.</summary>
    UnknownPartner = 4,
    /// <summary>The idempotency key was used before for a different event (another type or partner).</summary>
    Conflict = 5,
}

public sealed record IngestResult(IngestStatus Status, long? EventId = null, IReadOnlyDictionary<string, string[]>? Errors = null, string? Detail = null)
{
    public static IngestResult Invalid(string field, string message) => new(IngestStatus.Invalid, Errors: new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>
/// Events posted by external tracking systems (<c>POST /api/v1/events</c>). A valid body, checked against
/// <see cref="EventSchema"/>, becomes one outbox <see cref="DomainEvent"/> (and for a traffic flag the
/// <see cref="TrafficQualityFlag"/>, for a KYC request the <see cref="KycRequirement"/>), written with the audit
/// entry in one transaction. The unique (IntegrationId, IdempotencyKey) index makes a repeated or concurrent
/// duplicate land once: the loser's transaction rolls back whole and it answers with the first event's id.
/// </summary>
public sealed class EventIngestion(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public const int MaxIdempotencyKeyLength = 200;
    /// <summary>How far in the future an occurredAt may be (clock skew between systems).</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    public async Task<IngestResult> IngestAsync(ApiKeyCheck integration, string? idempotencyKey, JsonElement body, string? ipAddress = null,
        CancellationToken ct = default)
    {
        if (integration is not { Status: ApiKeyStatus.Valid, IntegrationId: { } integrationId })
            throw new AccessDeniedException("A valid API key is required.");

        if (string.IsNullOrWhiteSpace(idempotencyKey))
            return IngestResult.Invalid("Idempotency-Key", "The Idempotency-Key header is required.");
        var key = idempotencyKey.Trim();
        if (key.Length > MaxIdempotencyKeyLength || key.Any(c => c < 0x21 || c > 0x7e))
            return IngestResult.Invalid("Idempotency-Key", $"The Idempotency-Key header must be 1 to {MaxIdempotencyKeyLength} visible ASCII characters.");

        var errors = EventSchema.Validate(body);
        if (errors.Count > 0)
            return new IngestResult(IngestStatus.Invalid, Errors: errors.ToDictionary(e => e.Field, e => new[] { e.Message }));

        var now = clock.GetUtcNow().UtcDateTime;
        var type = body.GetProperty("type").GetString()!;
        EventSchema.TryDateTime(body.GetProperty("occurredAt").GetString()!, out var occurred);
        var occurredAt = occurred.UtcDateTime;
        if (occurredAt > now + AllowedClockSkew) return IngestResult.Invalid("occurredAt", "occurredAt cannot be in the future.");
        var data = body.GetProperty("data");
        var hash = BodyHash(body);

        await using var db = await factory.CreateDbContextAsync(ct);
        if (await FindAsync(db, integrationId, key, ct) is { } earlier) return Repeat(earlier, type, null, hash);

        var partner = await ResolvePartnerAsync(db, body, ct);
        if (partner.Error is { } problem) return new IngestResult(IngestStatus.UnknownPartner, Detail: problem);
        var partnerId = partner.Id!.Value;

        var actor = new Actor($"integration:{integrationId}", integration.IntegrationName ?? $"Integration {integrationId}",
            new HashSet<string>(), null, ipAddress);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var (recordType, recordId, payload) = await WriteRecordAsync(db, type, partnerId, occurredAt, data, integration.IntegrationName, ct);
            var e = new DomainEvent(type, partnerId, recordType, recordId, JsonSerializer.Serialize(payload, AuditTrail.Json), occurredAt,
                null, integrationId, key, hash);
            if (e.Payload.Length > 16_000) return IngestResult.Invalid("data", "data is too large.");
            db.DomainEvents.Add(e);
            await db.ApiIntegrations.Where(i => i.Id == integrationId).ExecuteUpdateAsync(s => s.SetProperty(i => i.LastUsedAt, now), ct);
            await db.SaveChangesAsync(ct);
            db.Audit(actor, now, "event.received", nameof(DomainEvent), e.Id, partnerId,
                new { type, idempotencyKey = key, recordType, recordId });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new IngestResult(IngestStatus.Accepted, e.Id);
        }
        catch (DomainException ex)
        {
            return IngestResult.Invalid(ex.Field is { } f ? "data." + char.ToLowerInvariant(f[0]) + f[1..] : "data", ex.Message);
        }
        catch (DbUpdateException)
        {
            // Most likely the same key from the same integration committed first (the unique index refused ours,
            // and our transaction rolled back with everything it wrote). Answer as a repeat if so.
            await using var again = await factory.CreateDbContextAsync(ct);
            if (await FindAsync(again, integrationId, key, ct) is { } winner) return Repeat(winner, type, partnerId, hash);
            throw;
        }
    }

    /// <summary>
    /// A repeat of the same event (same type, partner and body) answers with the first event's id; anything else under the same
    /// key is a conflict. Events stored before bodies were hashed have no hash and are compared by type and partner.
    /// </summary>
    private static IngestResult Repeat((long Id, string Type, int? PartnerId, string? Hash) earlier, string type, int? partnerId, string hash) =>
        earlier.Type == type && (partnerId is null || earlier.PartnerId == partnerId) && (earlier.Hash is null || earlier.Hash == hash)
            ? new IngestResult(IngestStatus.Duplicate, earlier.Id)
            : new IngestResult(IngestStatus.Conflict, earlier.Id, Detail: "This Idempotency-Key was already used for a different event.");

    /// <summary>
    /// SHA-256 (lower-case hex) of the body as JSON without insignificant whitespace: a retry that sends the same JSON differently
    /// indented is the same request; any other change of a value, a name or the order of properties is a different one.
    /// </summary>
    public static string BodyHash(JsonElement body) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body)));

    private static async Task<(long Id, string Type, int? PartnerId, string? Hash)?> FindAsync(AppDbContext db, int integrationId, string key, CancellationToken ct)
    {
        var row = await db.DomainEvents.AsNoTracking().Where(d => d.IntegrationId == integrationId && d.IdempotencyKey == key)
            .Select(d => new { d.Id, d.Type, d.PartnerId, d.RequestHash }).SingleOrDefaultAsync(ct);
        return row is null ? null : (row.Id, row.Type, row.PartnerId, row.RequestHash);
    }

    private static async Task<(int? Id, string? Error)> ResolvePartnerAsync(AppDbContext db, JsonElement body, CancellationToken ct)
    {
        int? byId = null, byEmail = null;
        if (body.TryGetProperty("partnerId", out var idProperty))
        {
            var id = idProperty.GetInt64();
            byId = id <= int.MaxValue && await db.Partners.AnyAsync(p => p.Id == (int)id, ct) ? (int)id : null;
            if (byId is null) return (null, $"No partner has the id {id}.");
        }
        if (body.TryGetProperty("partnerEmail", out var emailProperty))
        {
            var email = emailProperty.GetString()!.Trim().ToLowerInvariant();
            byEmail = await db.Partners.Where(p => p.Email == email).Select(p => (int?)p.Id).SingleOrDefaultAsync(ct);
            if (byEmail is null) return (null, "No partner has the e-mail address given.");
        }
        if (byId is not null && byEmail is not null && byId != byEmail) return (null, "partnerId and partnerEmail name different partners.");
        return (byId ?? byEmail, null);
    }

    /// <summary>Adds the record the event is about (if it has one) and returns the outbox payload.</summary>
    private static async Task<(string? RecordType, string? RecordId, object Payload)> WriteRecordAsync(AppDbContext db, string type, int partnerId,
        DateTime occurredAt, JsonElement data, string? source, CancellationToken ct)
    {
        string? S(string name) => data.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        decimal? D(string name) => data.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDecimal() : null;
        switch (type)
        {
            case EventTypes.TrafficQualityFlagged:
            {
                var flag = new TrafficQualityFlag(partnerId, Enum.Parse<FlagSeverity>(S("severity")!), S("reason")!, S("metric"), occurredAt, null);
                db.TrafficQualityFlags.Add(flag);
                await db.SaveChangesAsync(ct);
                return (nameof(TrafficQualityFlag), Id(flag.Id),
                    new { flagId = flag.Id, severity = flag.Severity.ToString(), reason = flag.Reason, metric = flag.Metric, source });
            }
            case EventTypes.KycRequired:
            {
                var document = Enum.Parse<KycDocumentType>(S("document")!);
                EventSchema.TryDateTime(S("dueAt")!, out var due);
                var requirement = new KycRequirement(partnerId, document, occurredAt, due.UtcDateTime, null);
                // This event is the partner's notice; when it is already due soon, the KYC scanner must not send "due soon" again.
                if (requirement.DueAt <= occurredAt + AutomationScanners.KycDueSoon) requirement.LastReminderAt = occurredAt;
                db.KycRequirements.Add(requirement);
                await db.SaveChangesAsync(ct);
                return (nameof(KycRequirement), Id(requirement.Id),
                    new { requirementId = requirement.Id, document = document.Display(), due = requirement.DueAt, source });
            }
            case EventTypes.MilestoneAchieved:
            {
                // Recorded like the scanner's own milestones, so the scanner never celebrates the same one again.
                var code = S("code")!;
                if (!await db.Milestones.AnyAsync(m => m.PartnerId == partnerId && m.Code == code, ct))
                    db.Milestones.Add(new Milestone(partnerId, code, S("title") ?? code, D("value") ?? 0, occurredAt));
                return ("Partner", Id(partnerId), new { code, title = S("title"), value = D("value"), source });
            }
            case EventTypes.PayoutThresholdReached:
                return ("Partner", Id(partnerId), new { balance = D("balance"), currency = S("currency"), threshold = D("threshold"), source });
            default:
                throw new DomainException($"'{type}' cannot be posted.", "Type");
        }
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
