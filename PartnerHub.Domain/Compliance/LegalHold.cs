using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Domain.Compliance;

/// <summary>
/// A legal hold on a partner: while it holds, nothing about the partner may be purged or erased (retention and erasure check
/// <see cref="LegalHolds.IsHeldAsync"/>). Placing and releasing it are audited with a reason; a released hold stays as a record.
/// </summary>
public class LegalHold
{
    private LegalHold() { }

    public LegalHold(int partnerId, string reason, string placedById, string placedByName, DateTime placedAt)
    {
        PartnerId = partnerId;
        Reason = reason;
        PlacedById = placedById;
        PlacedByName = placedByName;
        PlacedAt = placedAt;
    }

    public int Id { get; private set; }
    public int PartnerId { get; private set; }
    public string Reason { get; private set; } = "";
    public string PlacedById { get; private set; } = "";
    public string PlacedByName { get; private set; } = "";
    public DateTime PlacedAt { get; private set; }
    public DateTime? ReleasedAt { get; private set; }
    public string? ReleasedById { get; private set; }
    public string? ReleasedByName { get; private set; }
    public string? ReleaseReason { get; private set; }

    public bool IsActive => ReleasedAt is null;

    public void Release(string reason, string byId, string byName, DateTime at)
    {
        if (!IsActive) throw new DomainException("This legal hold was already released.");
        ReleaseReason = reason;
        ReleasedById = byId;
        ReleasedByName = byName;
        ReleasedAt = at;
    }
}

/// <summary>What the profile shows of the partner's current hold (null when none holds).</summary>
public sealed record LegalHoldView(int Id, string Reason, string PlacedByName, DateTime PlacedAt);

/// <summary>
/// Places and releases legal holds (Compliance and Admin only, each with a reason, audited in the same transaction); any
/// operator who may read the partner sees whether a hold is in force.
/// </summary>
public sealed class LegalHolds(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public const int MinimumReasonLength = 10;

    /// <summary>Whether a hold is in force on the partner (for retention and erasure, inside their own context).</summary>
    public static Task<bool> IsHeldAsync(AppDbContext db, int partnerId, CancellationToken ct = default) =>
        db.LegalHolds.AnyAsync(h => h.PartnerId == partnerId && h.ReleasedAt == null, ct);

    public async Task<LegalHoldView?> CurrentAsync(Actor actor, int partnerId, CancellationToken ct = default)
    {
        actor.RequireOperator();
        actor.RequireCanRead(partnerId);
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.LegalHolds.AsNoTracking().Where(h => h.PartnerId == partnerId && h.ReleasedAt == null)
            .Select(h => new LegalHoldView(h.Id, h.Reason, h.PlacedByName, h.PlacedAt)).FirstOrDefaultAsync(ct);
    }

    public async Task PlaceAsync(Actor actor, int partnerId, string reason, CancellationToken ct = default)
    {
        actor.RequireReviewer("place or release a legal hold");
        var text = RequireReason(reason);
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await db.Partners.AnyAsync(p => p.Id == partnerId, ct)) throw new NotFoundException("Partner not found.");
        if (await IsHeldAsync(db, partnerId, ct)) throw new DomainException("A legal hold is already in force on this partner.");
        var now = clock.GetUtcNow().UtcDateTime;
        var hold = new LegalHold(partnerId, text, actor.UserId, actor.Name, now);
        db.LegalHolds.Add(hold);
        await db.SaveChangesAsync(ct);
        db.Audit(actor, now, "legalhold.placed", nameof(LegalHold), hold.Id, partnerId, new { reason = text });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task ReleaseAsync(Actor actor, int partnerId, string reason, CancellationToken ct = default)
    {
        actor.RequireReviewer("place or release a legal hold");
        var text = RequireReason(reason);
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var hold = await db.LegalHolds.FirstOrDefaultAsync(h => h.PartnerId == partnerId && h.ReleasedAt == null, ct)
            ?? throw new DomainException("No legal hold is in force on this partner.");
        var now = clock.GetUtcNow().UtcDateTime;
        hold.Release(text, actor.UserId, actor.Name, now);
        db.Audit(actor, now, "legalhold.released", nameof(LegalHold), hold.Id, partnerId,
            new { reason = text, placed = hold.PlacedAt, placedBy = hold.PlacedByName, placedFor = hold.Reason });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static string RequireReason(string? reason)
    {
        var text = reason?.Trim() ?? "";
        if (text.Length < MinimumReasonLength)
            throw new DomainException($"Give the reason (at least {MinimumReasonLength} characters): it is kept in the audit log.", "Reason");
        if (text.Length > 500) throw new DomainException("Keep the reason under 500 characters.", "Reason");
        return text;
    }
}
