using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Data;

namespace PartnerHub.Domain.Messaging;

/// <summary>A record a conversation is about: its type and id as the thread stores them.</summary>
public readonly record struct RecordKey(LinkedRecordType Type, string Id);

/// <summary>
/// The readable name of a linked record, the same wherever a conversation about it is named:
/// "Payout · 12 Oct 2026 · 1,250 USD", "Commission line · Oct 2026 · Lots", "Deal version 3 · 1 Nov 2026",
/// "Creative · Spring banner", "Traffic flag · Duplicate IPs". Loaded set-based: one query per record type.
/// </summary>
public static class RecordTitles
{
    public const int MaxReasonLength = 60;

    /// <summary>The record type as a person says it ("Commission line").</summary>
    public static string TypeName(LinkedRecordType type) => type switch
    {
        LinkedRecordType.Payout => "Payout",
        LinkedRecordType.CommissionLine => "Commission line",
        LinkedRecordType.DealVersion => "Deal version",
        LinkedRecordType.Creative => "Creative",
        LinkedRecordType.TrafficQualityFlag => "Traffic flag",
        _ => "Record",
    };

    public static string Payout(DateTime requestedAt, decimal amount, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"Payout · {requestedAt:d MMM yyyy} · {amount:#,0.##} {currency.ToUpperInvariant()}");

    public static string CommissionLine(DateOnly periodStart, CommissionBasis basis) =>
        string.Create(CultureInfo.InvariantCulture, $"Commission line · {periodStart:MMM yyyy} · {BasisName(basis)}");

    public static string DealVersion(int number, DateOnly effectiveFrom) =>
        string.Create(CultureInfo.InvariantCulture, $"Deal version {number} · {effectiveFrom:d MMM yyyy}");

    public static string Creative(string name) => $"Creative · {name}";

    public static string TrafficFlag(string reason) =>
        $"Traffic flag · {(reason.Length <= MaxReasonLength ? reason : reason[..(MaxReasonLength - 1)] + "…")}";

    public static string BasisName(CommissionBasis basis) => basis switch
    {
        CommissionBasis.Cpa => "CPA",
        CommissionBasis.RevShare => "Revenue share",
        _ => "Lots",
    };

    /// <summary>
    /// The titles of <paramref name="records"/> (unknown or missing records are left out, so the caller keeps its own
    /// fallback). One query per record type present.
    /// </summary>
    public static async Task<IReadOnlyDictionary<RecordKey, string>> LoadAsync(AppDbContext db, IEnumerable<RecordKey> records, CancellationToken ct)
    {
        var result = new Dictionary<RecordKey, string>();
        var byType = records.Distinct().GroupBy(r => r.Type).ToList();
        foreach (var group in byType)
        {
            var longs = group.Select(r => long.TryParse(r.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (long?)null)
                .Where(id => id is not null).Select(id => id!.Value).Distinct().ToList();
            if (longs.Count == 0) continue;
            var ints = longs.Where(id => id <= int.MaxValue).Select(id => (int)id).ToList();
            switch (group.Key)
            {
                case LinkedRecordType.Payout:
                    foreach (var p in await db.Payouts.AsNoTracking().Where(p => longs.Contains(p.Id))
                                 .Select(p => new { p.Id, p.RequestedAt, p.Amount, p.Currency }).ToListAsync(ct))
                        result[Key(group.Key, p.Id)] = Payout(p.RequestedAt, p.Amount, p.Currency);
                    break;
                case LinkedRecordType.CommissionLine:
                    foreach (var l in await db.CommissionLines.AsNoTracking().Where(l => longs.Contains(l.Id))
                                 .Select(l => new { l.Id, l.PeriodStart, l.Basis }).ToListAsync(ct))
                        result[Key(group.Key, l.Id)] = CommissionLine(l.PeriodStart, l.Basis);
                    break;
                case LinkedRecordType.DealVersion:
                    foreach (var v in await db.DealVersions.AsNoTracking().Where(v => ints.Contains(v.Id))
                                 .Select(v => new { v.Id, v.Number, v.EffectiveFrom }).ToListAsync(ct))
                        result[Key(group.Key, v.Id)] = DealVersion(v.Number, v.EffectiveFrom);
                    break;
                case LinkedRecordType.Creative:
                    foreach (var c in await db.Creatives.AsNoTracking().Where(c => ints.Contains(c.Id))
                                 .Select(c => new { c.Id, c.Name }).ToListAsync(ct))
                        result[Key(group.Key, c.Id)] = Creative(c.Name);
                    break;
                case LinkedRecordType.TrafficQualityFlag:
                    foreach (var f in await db.TrafficQualityFlags.AsNoTracking().Where(f => longs.Contains(f.Id))
                                 .Select(f => new { f.Id, f.Reason }).ToListAsync(ct))
                        result[Key(group.Key, f.Id)] = TrafficFlag(f.Reason);
                    break;
            }
        }
        return result;
    }

    /// <summary>The title of each thread: its record's title for a record thread, else its stored subject.</summary>
    internal static async Task<Dictionary<long, string>> OfThreadsAsync(AppDbContext db, IReadOnlyCollection<MessageThread> threads, CancellationToken ct)
    {
        var titles = await LoadAsync(db, threads.Where(t => t.Kind == ThreadKind.Record && t.RecordType is not null && t.RecordId is not null)
            .Select(t => new RecordKey(t.RecordType!.Value, t.RecordId!)), ct);
        return threads.ToDictionary(t => t.Id,
            t => t.RecordType is { } type && t.RecordId is { } id && titles.TryGetValue(new RecordKey(type, id), out var title) ? title : t.Subject);
    }

    /// <summary>
    /// The title of a record as a message's frozen snapshot describes it (so a record card keeps the figures of the
    /// time it was sent); null when the snapshot lacks them.
    /// </summary>
    public static string? FromSnapshot(LinkedRecordType type, string? snapshotJson)
    {
        if (string.IsNullOrWhiteSpace(snapshotJson)) return null;
        try
        {
            using var doc = JsonDocument.Parse(snapshotJson);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            return type switch
            {
                LinkedRecordType.Payout when Date(root, "requestedAt") is { } at && Number(root, "amount") is { } amount =>
                    Payout(at, amount, Text(root, "currency") ?? ""),
                LinkedRecordType.CommissionLine when Date(root, "periodStart") is { } start
                    && Enum.TryParse<CommissionBasis>(Text(root, "basis"), out var basis) => CommissionLine(DateOnly.FromDateTime(start), basis),
                LinkedRecordType.DealVersion when Number(root, "number") is { } number && Date(root, "effectiveFrom") is { } from =>
                    DealVersion((int)number, DateOnly.FromDateTime(from)),
                LinkedRecordType.Creative when Text(root, "name") is { } name => Creative(name),
                LinkedRecordType.TrafficQualityFlag when Text(root, "reason") is { } reason => TrafficFlag(reason),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static decimal? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) ? d : null;

    private static DateTime? Date(JsonElement e, string name) =>
        Text(e, name) is { } s && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d)
            ? d : null;

    private static RecordKey Key(LinkedRecordType type, long id) => new(type, id.ToString(CultureInfo.InvariantCulture));
}
