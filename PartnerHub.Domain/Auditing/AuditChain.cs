using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Domain.Auditing;

/// <summary>
/// One link of the audit chain: the SHA-256 of an audit entry's canonical content chained to the previous link's hash, so a row
/// changed or deleted behind the app's back (the append-only trigger dropped, the file edited) breaks every link after it.
/// Links are written by <see cref="AuditChain.SealAsync"/> shortly after the entries commit (the entries themselves stay
/// append-only; a link is never rewritten).
/// </summary>
public class AuditChainLink
{
    private AuditChainLink() { }

    public AuditChainLink(long entryId, string previousHash, string hash, DateTime sealedAt)
    {
        EntryId = entryId;
        PreviousHash = previousHash;
        Hash = hash;
        SealedAt = sealedAt;
    }

    /// <summary>The audit entry's id (one link per entry; the key, not generated).</summary>
    public long EntryId { get; private set; }
    public string PreviousHash { get; private set; } = "";
    public string Hash { get; private set; } = "";
    public DateTime SealedAt { get; private set; }
}

/// <summary>The chain's head at the end of a UTC day: what a reviewer keeps outside the database to check the log later.</summary>
public class AuditChainHead
{
    private AuditChainHead() { }

    public AuditChainHead(DateOnly day, long entryId, string hash, DateTime recordedAt)
    {
        Day = day;
        EntryId = entryId;
        Hash = hash;
        RecordedAt = recordedAt;
    }

    public int Id { get; private set; }
    public DateOnly Day { get; private set; }
    /// <summary>The last entry of the day (or of the chain before it, on a day without entries).</summary>
    public long EntryId { get; private set; }
    public string Hash { get; private set; } = "";
    public DateTime RecordedAt { get; private set; }
}

/// <summary>
/// What a verification found: intact up to <see cref="HeadEntryId"/>, or the first broken link and why. <see cref="Redacted"/> entries were
/// redacted by an erasure (checked against their recorded redaction instead of their original content).
/// </summary>
public sealed record AuditVerification(
    bool Intact, long EntriesChecked, long? HeadEntryId, string? HeadHash, int Unsealed, long? BrokenAtEntryId, string? Problem, int Redacted = 0);

/// <summary>A sealed state of the chain as shown on the admin page.</summary>
public sealed record AuditChainStatus(long Entries, long Sealed, long? HeadEntryId, string? HeadHash, IReadOnlyList<AuditChainHead> Heads);

/// <summary>
/// The tamper-evident audit chain. <see cref="SealAsync"/> links the entries committed since the last link, in id order, set-based
/// in batches (a Quartz job runs it every minute; entries younger than <see cref="SettleTime"/> wait, so an id whose transaction
/// commits late is never skipped); <see cref="RecordDailyHeadsAsync"/> keeps the head of each past day; <see cref="VerifyAsync"/>
/// recomputes every link and reports the first one that no longer matches its entry (altered), whose entry is gone (deleted) or
/// an entry between links that has none (inserted behind the app's back).
/// </summary>
public sealed class AuditChain(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    /// <summary>The previous hash of the first link.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>How old an entry must be before it is sealed.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(30);

    private const int Batch = 2_000;

    /// <summary>The fields of an entry in a fixed order, as JSON (numbers invariant, times round-trip in UTC).</summary>
    public static string Canonical(AuditEntry e) => JsonSerializer.Serialize(new object?[]
    {
        e.Id, DateTime.SpecifyKind(e.At, DateTimeKind.Utc).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        e.UserId, e.UserName, e.IpAddress, e.Action, e.EntityType, e.EntityId, e.PartnerId, e.Details,
    });

    /// <summary>SHA-256 (lower-case hex) of an entry's canonical content alone (what a redaction records).</summary>
    public static string ContentHash(AuditEntry e) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(e))));

    /// <summary>SHA-256 (lower-case hex) of the previous hash, a line break and the entry's canonical content.</summary>
    public static string LinkHash(string previousHash, AuditEntry e) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previousHash + "\n" + Canonical(e))));

    /// <summary>Links every settled entry that has no link yet; returns how many were sealed.</summary>
    public async Task<int> SealAsync(CancellationToken ct = default)
    {
        var sealedCount = 0;
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var last = await db.AuditChain.AsNoTracking().OrderByDescending(l => l.EntryId).FirstOrDefaultAsync(ct);
            var settled = clock.GetUtcNow().UtcDateTime - SettleTime;
            var lastId = last?.EntryId ?? 0;
            // Stop before the first entry that has not settled: later ids must not be linked before it.
            var firstYoung = await db.AuditLog.Where(e => e.Id > lastId && e.At > settled).MinAsync(e => (long?)e.Id, ct) ?? long.MaxValue;
            var entries = await db.AuditLog.AsNoTracking().Where(e => e.Id > lastId && e.Id < firstYoung)
                .OrderBy(e => e.Id).Take(Batch).ToListAsync(ct);
            if (entries.Count == 0) return sealedCount;
            var previous = last?.Hash ?? Genesis;
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var e in entries)
            {
                var hash = LinkHash(previous, e);
                db.AuditChain.Add(new AuditChainLink(e.Id, previous, hash, now));
                previous = hash;
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another node sealed the same entries first (the entry id is the key): its links stand.
                return sealedCount;
            }
            sealedCount += entries.Count;
            if (entries.Count < Batch) return sealedCount;
        }
    }

    /// <summary>Records the head of every finished UTC day since the last recorded one (none before the first entry).</summary>
    public async Task<int> RecordDailyHeadsAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var lastHead = await db.AuditChainHeads.AsNoTracking().OrderByDescending(h => h.Day).FirstOrDefaultAsync(ct);
        DateOnly day;
        if (lastHead is not null) day = lastHead.Day.AddDays(1);
        else
        {
            var first = await db.AuditLog.AsNoTracking().OrderBy(e => e.Id).Select(e => (DateTime?)e.At).FirstOrDefaultAsync(ct);
            if (first is null) return 0;
            day = DateOnly.FromDateTime(first.Value);
        }
        var recorded = 0;
        for (; day < today; day = day.AddDays(1))
        {
            var end = day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            // A day is recorded only once every entry of it is sealed.
            if (await db.AuditLog.AnyAsync(e => e.At < end && !db.AuditChain.Any(l => l.EntryId == e.Id), ct)) break;
            var head = await db.AuditChain.AsNoTracking().Where(l => db.AuditLog.Any(e => e.Id == l.EntryId && e.At < end))
                .OrderByDescending(l => l.EntryId).FirstOrDefaultAsync(ct);
            if (head is null) continue;
            db.AuditChainHeads.Add(new AuditChainHead(day, head.EntryId, head.Hash, now));
            recorded++;
        }
        await db.SaveChangesAsync(ct);
        return recorded;
    }

    /// <summary>For admins and compliance: how much of the log is sealed, its head and the recent daily heads.</summary>
    public async Task<AuditChainStatus> StatusAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireReviewer("review the audit chain");
        await using var db = await factory.CreateDbContextAsync(ct);
        var entries = await db.AuditLog.LongCountAsync(ct);
        var sealedLinks = await db.AuditChain.LongCountAsync(ct);
        var head = await db.AuditChain.AsNoTracking().OrderByDescending(l => l.EntryId).FirstOrDefaultAsync(ct);
        var heads = await db.AuditChainHeads.AsNoTracking().OrderByDescending(h => h.Day).Take(30).ToListAsync(ct);
        return new AuditChainStatus(entries, sealedLinks, head?.EntryId, head?.Hash, heads);
    }

    /// <summary>For admins and compliance (the page and the command line): see <see cref="VerifyAllAsync"/>.</summary>
    public Task<AuditVerification> VerifyAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireReviewer("review the audit chain");
        return VerifyAllAsync(ct);
    }

    /// <summary>
    /// Recomputes the chain from the first link, reading entries and links in id order in batches: the first entry whose link
    /// no longer matches, the first link without its entry, an entry between links without one, or a daily head that is not on
    /// the chain breaks it. Entries after the last link (not sealed yet) are counted, not judged.
    /// </summary>
    public async Task<AuditVerification> VerifyAllAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var previous = Genesis;
        long cursor = 0, checkedCount = 0;
        long? headId = null;
        var redactedCount = 0;
        var lastLinkId = await db.AuditChain.MaxAsync(l => (long?)l.EntryId, ct) ?? 0;
        var heads = await db.AuditChainHeads.AsNoTracking().ToDictionaryAsync(h => h.EntryId, h => h, ct);
        var redactions = await db.AuditRedactions.AsNoTracking().ToDictionaryAsync(r => r.EntryId, ct);
        var listed = redactions.Count == 0 ? [] : await ListedRedactionsAsync(db, ct);
        while (cursor < lastLinkId)
        {
            var links = await db.AuditChain.AsNoTracking().Where(l => l.EntryId > cursor).OrderBy(l => l.EntryId).Take(Batch).ToListAsync(ct);
            var upTo = links[^1].EntryId;
            var entries = await db.AuditLog.AsNoTracking().Where(e => e.Id > cursor && e.Id <= upTo)
                .ToDictionaryAsync(e => e.Id, ct);
            var linked = links.Select(l => l.EntryId).ToHashSet();
            var stray = entries.Keys.Where(id => !linked.Contains(id)).DefaultIfEmpty().Min();
            if (stray > 0)
                return Broken(stray, $"Entry {stray} is between sealed entries but has no link: it was inserted behind the app's back.");
            foreach (var link in links)
            {
                if (!entries.TryGetValue(link.EntryId, out var entry))
                    return Broken(link.EntryId, $"Entry {link.EntryId} was sealed but is no longer in the audit log: it was deleted.");
                if (link.PreviousHash != previous)
                    return Broken(link.EntryId, $"The link of entry {link.EntryId} does not follow the link before it: the chain was rewritten.");
                string hash;
                if (redactions.TryGetValue(link.EntryId, out var redaction))
                {
                    // Redacted by an erasure: the link keeps the original content's hash; the entry must match what the redaction recorded,
                    // and the erasure's own entry (on the chain) must list the same redaction.
                    if (ContentHash(entry) != redaction.ContentSha256)
                        return Broken(link.EntryId, $"Entry {link.EntryId} ({entry.Action}, {entry.At:yyyy-MM-dd HH:mm:ss} UTC) was redacted by erasure {redaction.ErasureId} but no longer matches that redaction: it was altered.");
                    if (!listed.TryGetValue(link.EntryId, out var recorded) || recorded != redaction.ContentSha256)
                        return Broken(link.EntryId, $"Entry {link.EntryId} carries a redaction that no erasure entry in the audit log records.");
                    hash = link.Hash;
                    redactedCount++;
                }
                else
                {
                    hash = LinkHash(previous, entry);
                    if (hash != link.Hash)
                        return Broken(link.EntryId, $"Entry {link.EntryId} ({entry.Action}, {entry.At:yyyy-MM-dd HH:mm:ss} UTC) no longer matches its link: it was altered.");
                }
                if (heads.TryGetValue(link.EntryId, out var day) && day.Hash != hash)
                    return Broken(link.EntryId, $"The head recorded for {day.Day:yyyy-MM-dd} is not on the chain at entry {link.EntryId}.");
                previous = hash;
                headId = link.EntryId;
                checkedCount++;
            }
            cursor = upTo;
        }
        var unsealed = await db.AuditLog.CountAsync(e => e.Id > lastLinkId, ct);
        return new AuditVerification(true, checkedCount, headId, headId is null ? null : previous, unsealed, null, null, redactedCount);

        AuditVerification Broken(long id, string problem) => new(false, checkedCount, headId, previous, 0, id, problem, redactedCount);
    }

    /// <summary>The redactions the erasures' own audit entries list (entry id → content hash after redaction).</summary>
    private static async Task<Dictionary<long, string>> ListedRedactionsAsync(AppDbContext db, CancellationToken ct)
    {
        var listed = new Dictionary<long, string>();
        var details = await db.AuditLog.AsNoTracking().Where(e => e.Action == AuditRedaction.ErasureAction && e.Details != null)
            .Select(e => e.Details!).ToListAsync(ct);
        foreach (var json in details)
        {
            using var doc = JsonDocument.Parse(json);
            if (!doc.RootElement.TryGetProperty("redacted", out var redacted) || redacted.ValueKind != JsonValueKind.Object) continue;
            foreach (var p in redacted.EnumerateObject())
            {
                if (long.TryParse(p.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
                    && p.Value.GetString() is { } hash)
                    listed[id] = hash;
            }
        }
        return listed;
    }
}

/// <summary>
/// An audit entry whose personal data was redacted by an erasure (names, IP addresses and free text replaced). The entry's chain
/// link still holds the hash of its original content; verification accepts the entry when its current content hashes to
/// <see cref="ContentSha256"/> and the erasure's own (chained) audit entry lists the same entry and hash. The database allows an
/// audit row to change only when its redaction row exists, and never its id, time, action or subject.
/// </summary>
public class AuditRedaction
{
    /// <summary>The action of an erasure's own audit entry, whose details list its redactions (<c>redacted: {entryId: sha256}</c>).</summary>
    public const string ErasureAction = "partner.erased";

    private AuditRedaction() { }

    public AuditRedaction(long entryId, long erasureId, string contentSha256, DateTime redactedAt)
    {
        EntryId = entryId;
        ErasureId = erasureId;
        ContentSha256 = contentSha256;
        RedactedAt = redactedAt;
    }

    /// <summary>The redacted audit entry (the key).</summary>
    public long EntryId { get; private set; }
    /// <summary>The <c>PartnerErasure</c> that redacted it.</summary>
    public long ErasureId { get; private set; }
    /// <summary>SHA-256 (lower-case hex) of the entry's canonical content after redaction.</summary>
    public string ContentSha256 { get; private set; } = "";
    public DateTime RedactedAt { get; private set; }
}
