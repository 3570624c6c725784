using PartnerHub.Domain.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Domain.Notifications;

/// <summary>What one dispatch batch did.</summary>
public sealed record DispatchResult(int Events, int Sent, int Deferred, int Skipped, int Failed, bool LeaseLost)
{
    public static readonly DispatchResult Nothing = new(0, 0, 0, 0, 0, false);
}

/// <summary>
/// The outbox dispatcher. <see cref="DispatchBatchAsync"/> claims a batch of unprocessed events (<see cref="IOutboxLease"/>),
/// evaluates the enabled trigger rules of their types (<see cref="RuleEvaluator"/>), and in ONE transaction marks the events
/// processed and writes the notifications and the rules' run log (<see cref="NotificationWriter"/>).
/// <para>Exactly once: the transaction first marks the events processed only where this claim still holds them
/// (a dispatcher whose lease expired and was taken over commits nothing), then skips any (rule, event, recipient)
/// already delivered; the unique index on Notifications is the backstop. A dispatcher killed after claiming leaves
/// only its lease behind, which expires so another dispatcher resumes the batch: no duplicates, no gaps.</para>
/// </summary>
public sealed class NotificationDispatcher(
    IDbContextFactory<AppDbContext> factory,
    TimeProvider clock,
    IOutboxLease lease,
    RuleEvaluator evaluator,
    NotificationWriter writer,
    ILogger<NotificationDispatcher>? log = null)
{
    private readonly ILogger log = log ?? NullLogger<NotificationDispatcher>.Instance;

    /// <summary>Dispatches batches until nothing is claimable; returns the totals.</summary>
    public async Task<DispatchResult> DispatchAllAsync(CancellationToken ct = default)
    {
        var total = DispatchResult.Nothing;
        while (!ct.IsCancellationRequested)
        {
            var r = await DispatchBatchAsync(ct);
            if (r.Events == 0 && !r.LeaseLost) break;
            total = new(total.Events + r.Events, total.Sent + r.Sent, total.Deferred + r.Deferred, total.Skipped + r.Skipped,
                total.Failed + r.Failed, total.LeaseLost || r.LeaseLost);
        }
        return total;
    }

    /// <summary>Claims, evaluates and commits one batch. Returns <see cref="DispatchResult.Nothing"/> when no event is claimable.</summary>
    public async Task<DispatchResult> DispatchBatchAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await lease.ClaimAsync(db, now, ct) is not { } claim) return DispatchResult.Nothing;
        try
        {
            return await ProcessAsync(db, claim, now, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The lease stays until it expires, then the batch is tried again; the error is kept on the rows for operators.
            log.LogError(ex, "Dispatching {Count} events failed; they will be retried when the lease expires.", claim.Events.Count);
            await lease.RecordErrorAsync(claim, ex);
            throw;
        }
    }

    private async Task<DispatchResult> ProcessAsync(AppDbContext db, OutboxClaim claim, DateTime now, CancellationToken ct)
    {
        // Evaluate (reads only, outside the write transaction).
        var rules = await RuleEvaluator.RulesForAsync(db, claim.Events.Select(e => e.Type).Distinct().ToList(), null, ct);
        var plan = await evaluator.EvaluateAsync(db, claim.Events, rules, now, ct);

        // Commit: processed mark (guarded by the claim), notifications, run log: all or nothing.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var marked = await lease.CompleteAsync(db, claim, now, ct);
        if (marked != claim.Events.Count)
        {
            // The lease expired and another dispatcher took (some of) the batch over: it delivers them.
            await tx.RollbackAsync(ct);
            log.LogWarning("Dispatcher {Token} lost its lease on {Lost} of {Count} events; nothing committed.", claim.Token, claim.Events.Count - marked, claim.Events.Count);
            return new DispatchResult(0, 0, 0, 0, 0, LeaseLost: true);
        }
        var delivered = await writer.WritePlanAsync(db, plan, claim.Ids, now, ct);
        await tx.CommitAsync(ct);

        PartnerHubMetrics.OutboxDispatched.Add(claim.Events.Count);
        writer.Signal(delivered, now);
        return Summarise(claim.Events.Count, plan);
    }

    /// <summary>
    /// Re-runs a failed run-log entry (rule, event[, recipient]) with the rule as it is now. The failed entry is replaced by the
    /// new outcome(s) in one transaction; recipients already delivered are never delivered again.
    /// </summary>
    public async Task<DispatchResult> RetryAsync(long runId, CancellationToken ct = default) => await RetryAsync(runId, null, ct);

    /// <inheritdoc cref="RetryAsync(long, CancellationToken)"/>
    /// <param name="audit">Adds the caller's audit entry to the retry's transaction (given the failed run and the result).</param>
    public async Task<DispatchResult> RetryAsync(long runId, Action<AppDbContext, RuleRun, DispatchResult>? audit, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var run = await db.RuleRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, ct) ?? throw new NotFoundException("Run not found.");
        if (run.Outcome != RuleOutcome.Failed) throw new DomainException("Only a failed run can be retried.");
        var e = await db.DomainEvents.AsNoTracking().SingleAsync(x => x.Id == run.EventId, ct);
        var rules = await RuleEvaluator.RulesForAsync(db, [e.Type], run.RuleId, ct);
        if (rules.Count == 0) throw new DomainException("The rule no longer exists.");
        var plan = await evaluator.EvaluateAsync(db, [e], rules, now, ct);
        if (run.RecipientKey is { } only)
            plan.RemoveAll(p => p.RecipientKey is not null && p.RecipientKey != only);
        foreach (var p in plan) p.Attempts = run.Attempts + 1;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Guard against a second retry of the same entry running at the same time.
        var removed = await db.RuleRuns.Where(r => r.Id == runId && r.Outcome == RuleOutcome.Failed).ExecuteDeleteAsync(ct);
        if (removed == 0) throw new DomainException("This run was retried meanwhile.");
        var delivered = await writer.WritePlanAsync(db, plan, [e.Id], now, ct);
        var result = Summarise(1, plan);
        if (audit is not null)
        {
            audit(db, run, result);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        writer.Signal(delivered, now);
        return result;
    }

    /// <summary>
    /// Tells open circuits about notifications held (quiet hours) that became visible within the last <paramref name="window"/>
    /// (the job runs more often than that; a repeated signal only makes a bell re-count).
    /// </summary>
    public async Task<int> SignalNowVisibleAsync(TimeSpan window, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - window;
        await using var db = await factory.CreateDbContextAsync(ct);
        var keys = await db.Notifications.AsNoTracking()
            .Where(n => n.DeliverAt > since && n.DeliverAt <= now && n.CreatedAt < n.DeliverAt && !n.InDigest)
            .Select(n => n.RecipientKey).Distinct().OrderBy(k => k).Take(10_000).ToListAsync(ct);
        writer.Signal(keys);
        return keys.Count;
    }

    private static DispatchResult Summarise(int events, List<PlannedRun> plan) => new(events,
        plan.Count(p => p.Outcome == RuleOutcome.Sent), plan.Count(p => p.Outcome == RuleOutcome.Deferred),
        plan.Count(p => p.Outcome == RuleOutcome.Skipped), plan.Count(p => p.Outcome == RuleOutcome.Failed), false);
}
