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
                return p is null ? null : new Loaded(Id(id), p.PartnerId, $"Payout #{id}",
                    Json(new { p.Amount, p.Currency, p.Status, p.Reference, p.Method, p.RequestedAt, p.PaidAt, p.FailureReason }));
            }
            case LinkedRecordType.CommissionLine when long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id):
            {
                var l = await db.CommissionLines.AsNoTracking().Include(x => x.LotItems).SingleOrDefaultAsync(x => x.Id == id, ct);
                return l is null ? null : new Loaded(Id(id), l.PartnerId,
                    $"Commission line #{id} ({l.PeriodStart:yyyy-MM-dd} to {l.PeriodEnd:yyyy-MM-dd})",
                    Json(new
                    {
                        l.PeriodStart, l.PeriodEnd, l.Basis, l.Quantity, l.Rate, l.BaseAmount, l.GrossAmount,
                        l.ShareDirection, l.SharePercent, l.ShareAmount, l.Amount, l.Currency, l.Status, l.DealVersionId,
                        lots = l.LotItems.OrderBy(i => i.InstrumentClass)
                            .Select(i => new { i.InstrumentClass, i.Lots, i.RatePerLot, i.Amount }).ToList(),
                    }));
            }
            case LinkedRecordType.DealVersion when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id):
            {
                var v = await db.DealVersions.AsNoTracking().Include(x => x.Deal).Include(x => x.LotRates).SingleOrDefaultAsync(x => x.Id == id, ct);
                if (v?.Deal is not { } deal) return null;
                return new Loaded(Id(id), deal.PartnerId, Truncate($"{deal.Name}, version {v.Number}"),
                    Json(new
                    {
                        deal = deal.Name, dealType = deal.Type, v.Number, v.EffectiveFrom, superseded = v.IsSuperseded,
                        v.CpaAmount, v.RevSharePercent, v.SubIbSharePercent, v.Currency,
                        lotRates = v.LotRates.OrderBy(r => r.InstrumentClass).Select(r => new { r.InstrumentClass, r.RatePerLot, r.MaxSpreadPips }).ToList(),
                        notes = v.Notes is { Length: > 500 } n ? n[..500] : v.Notes,
                    }));
            }
            case LinkedRecordType.TrafficQualityFlag when long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id):
            {
                var f = await db.TrafficQualityFlags.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
                return f is null ? null : new Loaded(Id(id), f.PartnerId, $"Traffic quality flag #{id}",
                    Json(new { f.Severity, f.Reason, f.Metric, f.Status, f.DetectedAt }));
            }
            case LinkedRecordType.Creative when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id):
            {
                var c = await db.Creatives.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
                return c is null ? null : new Loaded(Id(id), null, Truncate($"Creative: {c.Name}"),
                    Json(new { c.Name, c.Type, c.Vertical, c.Status }));
            }
            default:
                return null;
        }
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Truncate(string subject) => subject.Length <= 200 ? subject : subject[..200];

    private static string Json(object value) => JsonSerializer.Serialize(value, AuditTrail.Json);
}
