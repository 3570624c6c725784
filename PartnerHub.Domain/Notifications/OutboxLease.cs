using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Outbox;

namespace PartnerHub.Domain.Notifications;

/// <summary>A batch of outbox events one dispatcher holds (<see cref="DomainEvent.LockedBy"/> = <see cref="Token"/>).</summary>
public sealed record OutboxClaim(string Token, IReadOnlyList<DomainEvent> Events)
{
    public List<long> Ids => Events.Select(e => e.Id).ToList();
}

/// <summary>
/// The outbox lease: claims a batch of unprocessed events for a while, marks them processed where the claim still holds,
/// and keeps a failed batch's error on its rows.
/// </summary>
public interface IOutboxLease
{
    /// <summary>Claims the oldest claimable events; null when none is claimable.</summary>
    Task<OutboxClaim?> ClaimAsync(AppDbContext db, DateTime now, CancellationToken ct);

    /// <summary>Marks the claimed events processed (in the caller's transaction) where the claim still holds; returns how many.</summary>
    Task<int> CompleteAsync(AppDbContext db, OutboxClaim claim, DateTime now, CancellationToken ct);

    /// <summary>Keeps <paramref name="error"/> on the claimed rows; the lease stays until it expires.</summary>
    Task RecordErrorAsync(OutboxClaim claim, Exception error);
}

/// <summary>
/// The lease on <see cref="DomainEvent.LockedBy"/>/<see cref="DomainEvent.LockedUntil"/>. A claim is ONE conditional UPDATE
/// whose sub-query picks the oldest claimable rows while holding the write lock, so concurrent dispatchers never pick the
/// same rows; a row another dispatcher holds (lease not expired) is left alone.
/// </summary>
public sealed class OutboxLease(IDbContextFactory<AppDbContext> factory, NotificationOptions options, ILogger<OutboxLease>? log = null) : IOutboxLease
{
    private readonly ILogger log = log ?? NullLogger<OutboxLease>.Instance;

    public async Task<OutboxClaim?> ClaimAsync(AppDbContext db, DateTime now, CancellationToken ct)
    {
        var token = Token();
        var until = now + options.Lease;
        var claimable = db.DomainEvents
            .Where(e => e.ProcessedAt == null && (e.LockedUntil == null || e.LockedUntil < now))
            .OrderBy(e => e.Id).Select(e => e.Id).Take(Math.Max(1, options.BatchSize));
        var claimedCount = await db.DomainEvents
            .Where(e => claimable.Contains(e.Id) && e.ProcessedAt == null && (e.LockedUntil == null || e.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LockedBy, token).SetProperty(e => e.LockedUntil, until)
                .SetProperty(e => e.Attempts, e => e.Attempts + 1), ct);
        if (claimedCount == 0) return null;
        var events = await db.DomainEvents.AsNoTracking()
            .Where(e => e.ProcessedAt == null && e.LockedBy == token)
            .OrderBy(e => e.Id).ToListAsync(ct);
        return new OutboxClaim(token, events);
    }

    public Task<int> CompleteAsync(AppDbContext db, OutboxClaim claim, DateTime now, CancellationToken ct)
    {
        var ids = claim.Ids;
        var token = claim.Token;
        return db.DomainEvents.Where(e => ids.Contains(e.Id) && e.LockedBy == token && e.ProcessedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ProcessedAt, now).SetProperty(e => e.LockedBy, (string?)null)
                .SetProperty(e => e.LockedUntil, (DateTime?)null).SetProperty(e => e.LastError, (string?)null), ct);
    }

    public async Task RecordErrorAsync(OutboxClaim claim, Exception error)
    {
        var ids = claim.Ids;
        var token = claim.Token;
        var message = error.Message.Length > 2000 ? error.Message[..2000] : error.Message;
        try
        {
            await using var fresh = await factory.CreateDbContextAsync(CancellationToken.None);
            await fresh.DomainEvents.Where(e => ids.Contains(e.Id) && e.LockedBy == token)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.LastError, message), CancellationToken.None);
        }
        catch (Exception recordError) when (recordError is not OperationCanceledException)
        {
            log.LogWarning(recordError, "Could not record the dispatch error on the events.");
        }
    }

    private string Token()
    {
        var id = options.DispatcherId.Length > 60 ? options.DispatcherId[..60] : options.DispatcherId;
        return $"{id}:{Guid.NewGuid():N}";
    }
}
