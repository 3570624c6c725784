using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;

namespace PartnerHub.Domain.Messaging;

/// <summary>Loads a linked record and the key figures a message stores about it at send time.</summary>
internal static class RecordSnapshots
{
    /// <summary><see cref="OwnerPartnerId"/> is null for records any partner may discuss (creatives).</summary>
    internal sealed record Loaded(string Id, int? OwnerPartnerId, string Subject, string SnapshotJson);

    public static async Task<Loaded?> LoadAsync(AppDbContext db, LinkedRecordType type, string recordId, CancellationToken ct)
    {
        var key = recordId?.Trim() ?? "";
        switch (type)
        {
            case LinkedRecordType.Payout when long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id):
            {
                var p = await db.Payouts.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
                return p is null ? null : new Loaded(Id(id), p.PartnerId, $"Payout #{id}", Figures(p));
            }
            case LinkedRecordType.CommissionLine when long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id):
            {
                var l = await db.CommissionLines.AsNoTracking().Include(x => x.LotItems).SingleOrDefaultAsync(x => x.Id == id, ct);
                return l is null ? null : new Loaded(Id(id), l.PartnerId,
                    $"Commission line #{id} ({l.PeriodStart:yyyy-MM-dd} to {l.PeriodEnd:yyyy-MM-dd})",
                    Figures(l));
            }
            case LinkedRecordType.DealVersion when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id):
            {
                var v = await db.DealVersions.AsNoTracking().Include(x => x.Deal).Include(x => x.LotRates).SingleOrDefaultAsync(x => x.Id == id, ct);
                if (v?.Deal is not { } deal) return null;
                return new Loaded(Id(id), deal.PartnerId, Truncate($"{deal.Name}, version {v.Number}"), Figures(v, deal));
            }
            case LinkedRecordType.TrafficQualityFlag when long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id):
            {
                var f = await db.TrafficQualityFlags.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
                return f is null ? null : new Loaded(Id(id), f.PartnerId, $"Traffic quality flag #{id}",
                    Figures(f));
            }
            case LinkedRecordType.Creative when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id):
            {
                var c = await db.Creatives.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
                return c is null ? null : new Loaded(Id(id), null, Truncate($"Creative: {c.Name}"),
                    Figures(c));
            }
            default:
                return null;
        }
    }

    /// <summary>
    /// The key figures of many records as they are now, in the same shape as the snapshots messages store, read set-based
    /// (one query per record type). Records that no longer exist are absent.
    /// </summary>
    public static async Task<Dictionary<(LinkedRecordType Type, string Id), string>> CurrentFiguresAsync(AppDbContext db,
        IEnumerable<(LinkedRecordType Type, string Id)> records, CancellationToken ct)
    {
        var result = new Dictionary<(LinkedRecordType, string), string>();
        var byType = records.Distinct().ToLookup(r => r.Type, r => r.Id);
        List<long> Longs(LinkedRecordType t) => byType[t].Select(k => long.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1)
            .Where(v => v > 0).Distinct().ToList();
        foreach (var chunk in Longs(LinkedRecordType.Payout).Chunk(2000))
            foreach (var p in await db.Payouts.AsNoTracking().Where(x => chunk.Contains(x.Id)).ToListAsync(ct))
                result[(LinkedRecordType.Payout, Id(p.Id))] = Figures(p);
        foreach (var chunk in Longs(LinkedRecordType.CommissionLine).Chunk(2000))
            foreach (var l in await db.CommissionLines.AsNoTracking().Include(x => x.LotItems).Where(x => chunk.Contains(x.Id)).AsSplitQuery().ToListAsync(ct))
                result[(LinkedRecordType.CommissionLine, Id(l.Id))] = Figures(l);
        foreach (var chunk in Longs(LinkedRecordType.DealVersion).Select(v => (int)v).Chunk(2000))
            foreach (var v in await db.DealVersions.AsNoTracking().Include(x => x.Deal).Include(x => x.LotRates).Where(x => chunk.Contains(x.Id)).AsSplitQuery().ToListAsync(ct))
                if (v.Deal is { } deal) result[(LinkedRecordType.DealVersion, Id(v.Id))] = Figures(v, deal);
        foreach (var chunk in Longs(LinkedRecordType.TrafficQualityFlag).Chunk(2000))
            foreach (var f in await db.TrafficQualityFlags.AsNoTracking().Where(x => chunk.Contains(x.Id)).ToListAsync(ct))
                result[(LinkedRecordType.TrafficQualityFlag, Id(f.Id))] = Figures(f);
        foreach (var chunk in Longs(LinkedRecordType.Creative).Select(v => (int)v).Chunk(2000))
            foreach (var c in await db.Creatives.AsNoTracking().Where(x => chunk.Contains(x.Id)).ToListAsync(ct))
                result[(LinkedRecordType.Creative, Id(c.Id))] = Figures(c);
        return result;
    }

    private static string Figures(Payouts.Payout p) =>
        Json(new { p.Amount, p.Currency, p.Status, p.Reference, p.Method, p.RequestedAt, p.PaidAt, p.FailureReason });

    private static string Figures(Commissions.CommissionLine l) => Json(new
    {
        l.PeriodStart, l.PeriodEnd, l.Basis, l.Quantity, l.Rate, l.BaseAmount, l.GrossAmount,
        l.ShareDirection, l.SharePercent, l.ShareAmount, l.Amount, l.Currency, l.Status, l.DealVersionId,
        lots = l.LotItems.OrderBy(i => i.InstrumentClass)
            .Select(i => new { i.InstrumentClass, i.Lots, i.RatePerLot, i.Amount }).ToList(),
    });

    private static string Figures(Deals.DealVersion v, Deals.Deal deal) => Json(new
    {
        deal = deal.Name, dealType = deal.Type, v.Number, v.EffectiveFrom, superseded = v.IsSuperseded,
        v.CpaAmount, v.RevSharePercent, v.SubIbSharePercent, v.Currency,
        lotRates = v.LotRates.OrderBy(r => r.InstrumentClass).Select(r => new { r.InstrumentClass, r.RatePerLot, r.MaxSpreadPips }).ToList(),
        notes = v.Notes is { Length: > 500 } n ? n[..500] : v.Notes,
    });

    private static string Figures(Compliance.TrafficQualityFlag f) => Json(new { f.Severity, f.Reason, f.Metric, f.Status, f.DetectedAt });

    private static string Figures(Creatives.Creative c) => Json(new { c.Name, c.Type, c.Vertical, c.Status });

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Truncate(string subject) => subject.Length <= 200 ? subject : subject[..200];

    private static string Json(object value) => JsonSerializer.Serialize(value, AuditTrail.Json);
}
