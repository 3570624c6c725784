using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Files;

namespace PartnerHub.Domain.Compliance;

/// <summary>Rows of one table that a purge deleted, or a dry run would delete.</summary>
public sealed record RetentionTableRows(string Table, int Rows);

/// <summary>A partner whose records are past their period but under a legal hold, so left alone.</summary>
public sealed record RetentionHeldPartner(int Id, string Name);

/// <summary>One kind's figures: the partners whose records are due (not held), the held ones, and the rows per table.</summary>
public sealed record RetentionKindReport(RetentionKind Kind, int Years, DateTime EndedBefore, int PartnersDue,
    IReadOnlyList<RetentionHeldPartner> Held, IReadOnlyList<RetentionTableRows> Tables)
{
    public int PartnersHeld => Held.Count;
    public int TotalRows => Tables.Sum(t => t.Rows);
}

/// <summary>A dry run (what would go) or a purge (what went), per purged kind.</summary>
public sealed record RetentionReport(DateTime At, bool Purged, IReadOnlyList<RetentionKindReport> Kinds)
{
    public bool NothingDue => Kinds.All(k => k.PartnersDue == 0);
    public int TotalRows => Kinds.Sum(k => k.TotalRows);
}

/// <summary>
/// The retention policy (years after the partner relationship ends, per kind of record) and the purge that applies it.
/// A partner's records of a kind are due when <c>EndedAt + years &lt; now</c>. A partner under a legal hold is skipped entirely
/// (checked inside each batch's transaction) and reported as held. The purge is set-based: up to <see cref="BatchSize"/>
/// partners per transaction per kind, each batch's deletes and its <c>retention.purged</c> audit entry committed together;
/// attachment files leave the file store after the commit. The audit log is never purged: its entries are hash-chained and
/// deleting any would break verification; its period is a floor the policy keeps. Admins edit and purge; compliance views.
/// </summary>
public sealed class RetentionService(IDbContextFactory<AppDbContext> factory, TimeProvider clock, FileStore attachments)
{
    /// <summary>Partners per transaction per kind.</summary>
    public int BatchSize { get; init; } = 200;

    public async Task<IReadOnlyList<RetentionPeriod>> PolicyAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireReviewer("see the retention policy");
        await using var db = await factory.CreateDbContextAsync(ct);
        return await LoadPolicyAsync(db, ct);
    }

    /// <summary>Saves every kind's period (Admin), checked by <see cref="RetentionPolicy.Validate"/>; audited with before and after.</summary>
    public async Task SavePolicyAsync(Actor actor, IReadOnlyDictionary<RetentionKind, int> years, CancellationToken ct = default)
    {
        if (!actor.IsAdmin) throw new AccessDeniedException("Only admins can change the retention policy.");
        RetentionPolicy.Validate(years);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rules = await db.RetentionRules.ToDictionaryAsync(r => r.Kind, ct);
        var before = RetentionPolicy.Kinds.ToDictionary(k => k, k => rules.TryGetValue(k, out var r) ? r.Years : RetentionPolicy.DefaultYears(k));
        var after = RetentionPolicy.Kinds.ToDictionary(k => k, k => years[k]);
        if (before.All(b => after[b.Key] == b.Value) && rules.Count == RetentionPolicy.Kinds.Count) return;
        foreach (var kind in RetentionPolicy.Kinds)
        {
            if (rules.TryGetValue(kind, out var rule)) rule.Set(after[kind], actor.Name, now);
            else db.RetentionRules.Add(new RetentionRule(kind, after[kind], actor.Name, now));
        }
        db.Audit(actor, now, "retention.policy", nameof(RetentionRule), null, null, new { before, after });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>What a purge would delete now (Admin and Compliance); deletes nothing.</summary>
    public async Task<RetentionReport> DryRunAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireReviewer("see the retention policy");
        return await RunAsync(actor, delete: false, ct);
    }

    /// <summary>Deletes what is due (Admin, or <see cref="Actor.System"/> from the job) and returns what it deleted.</summary>
    public async Task<RetentionReport> PurgeAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdmin) throw new AccessDeniedException("Only admins can purge records.");
        return await RunAsync(actor, delete: true, ct);
    }

    /// <summary>
    /// A purge commits batch by batch. A dry run runs the very same deletes inside one transaction that it rolls back, so its
    /// figures are what a purge would delete (rows two kinds share, such as an email sent for a message, are counted once).
    /// </summary>
    private async Task<RetentionReport> RunAsync(Actor actor, bool delete, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var dry = delete ? null : await factory.CreateDbContextAsync(ct);
        await using var dryTx = dry is null ? null : await dry.Database.BeginTransactionAsync(ct);
        List<RetentionPeriod> policy;
        await using (var db = await factory.CreateDbContextAsync(ct))
            policy = await LoadPolicyAsync(db, ct);
        var kinds = new List<RetentionKindReport>();
        foreach (var kind in RetentionPolicy.PurgedKinds)
        {
            var years = policy.Single(p => p.Kind == kind).Years;
            kinds.Add(await RunKindAsync(actor, kind, years, now, dry, ct));
        }
        if (dryTx is not null) await dryTx.RollbackAsync(ct);
        return new RetentionReport(now, delete, kinds);
    }

    private async Task<RetentionKindReport> RunKindAsync(Actor actor, RetentionKind kind, int years, DateTime now, AppDbContext? dry, CancellationToken ct)
    {
        var endedBefore = now.AddYears(-years);
        List<int> candidates;
        List<RetentionHeldPartner> held;
        var db = dry ?? await factory.CreateDbContextAsync(ct);
        try
        {
            var withRows = db.Partners.Where(p => p.EndedAt != null && p.EndedAt < endedBefore).Where(RetentionRows.HasRows(db, kind));
            candidates = await withRows.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
            held = await withRows.Where(p => db.LegalHolds.Any(h => h.PartnerId == p.Id && h.ReleasedAt == null))
                .OrderBy(p => p.Id).Select(p => new RetentionHeldPartner(p.Id, p.Name)).ToListAsync(ct);
        }
        finally
        {
            if (dry is null) await db.DisposeAsync();
        }
        var heldIds = held.Select(h => h.Id).ToHashSet();
        var totals = new Dictionary<string, int>();
        var due = 0;
        foreach (var chunk in candidates.Where(id => !heldIds.Contains(id)).Chunk(BatchSize))
        {
            var (partners, rows) = dry is null
                ? await PurgeBatchAsync(actor, kind, years, chunk, now, ct)
                : await DeleteBatchAsync(dry, kind, chunk, ct);
            due += partners.Count;
            foreach (var (table, count) in rows) totals[table] = totals.GetValueOrDefault(table) + count;
        }
        var tables = RetentionRows.Steps(kind).Select(s => new RetentionTableRows(s.Table, totals.GetValueOrDefault(s.Table))).ToList();
        return new RetentionKindReport(kind, years, endedBefore, due, held, tables);
    }

    /// <summary>One batch in its own transaction: the deletes and their audit entry commit together; the files go after.</summary>
    private async Task<(List<int> Partners, List<(string Table, int Rows)> Rows)> PurgeBatchAsync(Actor actor, RetentionKind kind, int years,
        int[] chunk, DateTime now, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = await UnheldAsync(db, chunk, ct);
        if (ids.Count == 0) return (ids, []);
        // Read before the rows go, and only for the partners this batch deletes.
        var files = kind == RetentionKind.Conversations ? await RetentionRows.AttachmentPaths(db, ids).ToListAsync(ct) : [];
        var rows = await DeleteRowsAsync(db, kind, ids, ct);
        db.Audit(actor, now, "retention.purged", nameof(RetentionRule), kind.ToString(), null,
            new { kind, years, partnerIds = ids, rows = rows.ToDictionary(r => r.Table, r => r.Rows) });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        foreach (var path in files)
        {
            try
            {
                attachments.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The row is gone; a file the store cannot remove now is an orphan no one can reach, not a record.
            }
        }
        return (ids, rows);
    }

    /// <summary>A dry run's batch, inside the dry run's transaction (rolled back at the end).</summary>
    private static async Task<(List<int> Partners, List<(string Table, int Rows)> Rows)> DeleteBatchAsync(AppDbContext db, RetentionKind kind,
        int[] chunk, CancellationToken ct)
    {
        var ids = await UnheldAsync(db, chunk, ct);
        return ids.Count == 0 ? (ids, []) : (ids, await DeleteRowsAsync(db, kind, ids, ct));
    }

    /// <summary>
    /// The batch's partners not under a legal hold, read inside the deleting transaction: a hold placed since the candidates
    /// were listed still protects its partner.
    /// </summary>
    private static Task<List<int>> UnheldAsync(AppDbContext db, int[] chunk, CancellationToken ct) =>
        db.Partners.Where(p => chunk.Contains(p.Id) && !db.LegalHolds.Any(h => h.PartnerId == p.Id && h.ReleasedAt == null))
            .OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);

    /// <summary>Deletes the partners' rows of the kind, children before parents, and returns the rows per table.</summary>
    private static async Task<List<(string Table, int Rows)>> DeleteRowsAsync(AppDbContext db, RetentionKind kind, List<int> ids, CancellationToken ct)
    {
        var rows = new List<(string Table, int Rows)>();
        foreach (var step in RetentionRows.Steps(kind))
            rows.Add((step.Table, await step.Delete(db, ids, ct)));
        return rows;
    }

    private static async Task<List<RetentionPeriod>> LoadPolicyAsync(AppDbContext db, CancellationToken ct)
    {
        var rules = await db.RetentionRules.AsNoTracking().ToDictionaryAsync(r => r.Kind, ct);
        return RetentionPolicy.Kinds.Select(k => rules.TryGetValue(k, out var r)
            ? new RetentionPeriod(k, r.Years, false, r.UpdatedByName, r.UpdatedAt)
            : new RetentionPeriod(k, RetentionPolicy.DefaultYears(k), true, null, null)).ToList();
    }
}
