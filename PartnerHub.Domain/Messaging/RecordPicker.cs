using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Messaging;

/// <summary>
/// One record an operator can pick to start a conversation about. The page reads it as
/// "<see cref="Title"/> · <see cref="At"/> (in the viewer's time zone, when set) · <see cref="Detail"/>".
/// </summary>
public sealed record RecordOption(LinkedRecordType Type, string Id, string Title, DateTime? At, string Detail);

/// <summary>
/// The records of one partner an operator can start a conversation about: payouts, commission lines and deal versions,
/// newest first, filtered by a search over what the option shows (and the id or payment reference), at most
/// <see cref="MaxResults"/>.
/// </summary>
public sealed class RecordPicker(IDbContextFactory<AppDbContext> factory)
{
    public const int MaxResults = 20;
    /// <summary>How many of the newest records the search looks through.</summary>
    private const int Window = 500;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public async Task<IReadOnlyList<RecordOption>> SearchAsync(Actor actor, int partnerId, LinkedRecordType type, string? search,
        CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        var candidates = type switch
        {
            LinkedRecordType.Payout => await PayoutsAsync(db, partnerId, ct),
            LinkedRecordType.CommissionLine => await LinesAsync(db, partnerId, ct),
            LinkedRecordType.DealVersion => await DealVersionsAsync(db, partnerId, ct),
            _ => [],
        };
        var term = search?.Trim();
        return candidates
            .Where(c => string.IsNullOrEmpty(term) || c.SearchText.Contains(term, StringComparison.OrdinalIgnoreCase))
            .Take(MaxResults).Select(c => c.Option).ToList();
    }

    private sealed record Candidate(RecordOption Option, string SearchText);

    private static async Task<List<Candidate>> PayoutsAsync(AppDbContext db, int partnerId, CancellationToken ct)
    {
        var rows = await db.Payouts.AsNoTracking().Where(p => p.PartnerId == partnerId).OrderByDescending(p => p.RequestedAt).ThenByDescending(p => p.Id)
            .Take(Window).Select(p => new { p.Id, p.RequestedAt, p.Amount, p.Currency, p.Status, p.Reference }).ToListAsync(ct);
        return rows.Select(p =>
        {
            var option = new RecordOption(LinkedRecordType.Payout, Key(p.Id), "Payout", p.RequestedAt,
                $"{DisplayFormat.Money(p.Amount, p.Currency)} · {p.Status}");
            return new Candidate(option, Search(option, p.Reference));
        }).ToList();
    }

    private static async Task<List<Candidate>> LinesAsync(AppDbContext db, int partnerId, CancellationToken ct)
    {
        var rows = await db.CommissionLines.AsNoTracking().Where(l => l.PartnerId == partnerId)
            .OrderByDescending(l => l.PeriodStart).ThenByDescending(l => l.Id)
            .Take(Window).Select(l => new { l.Id, l.PeriodStart, l.PeriodEnd, l.Basis, l.Amount, l.Currency, l.Status }).ToListAsync(ct);
        return rows.Select(l =>
        {
            var option = new RecordOption(LinkedRecordType.CommissionLine, Key(l.Id), $"Commission line · {Period(l.PeriodStart, l.PeriodEnd)}", null,
                $"{DisplayFormat.Money(l.Amount, l.Currency)} · {l.Status} · {l.Basis}");
            return new Candidate(option, Search(option, null));
        }).ToList();
    }

    private static async Task<List<Candidate>> DealVersionsAsync(AppDbContext db, int partnerId, CancellationToken ct)
    {
        var rows = await db.DealVersions.AsNoTracking().Where(v => v.Deal!.PartnerId == partnerId)
            .OrderByDescending(v => v.EffectiveFrom).ThenByDescending(v => v.Id)
            .Take(Window).Select(v => new { v.Id, DealName = v.Deal!.Name, v.Number, v.EffectiveFrom, Superseded = v.SupersededAt != null }).ToListAsync(ct);
        return rows.Select(v =>
        {
            var option = new RecordOption(LinkedRecordType.DealVersion, Key(v.Id), $"{v.DealName} · version {v.Number}", null,
                $"from {v.EffectiveFrom.ToString("d MMM yyyy", Inv)} · {(v.Superseded ? "superseded" : "current")}");
            return new Candidate(option, Search(option, null));
        }).ToList();
    }

    /// <summary>A commission period as people say it: "Oct 2026" for a calendar month, else "1 Oct - 15 Oct 2026".</summary>
    public static string Period(DateOnly start, DateOnly end) =>
        start.Day == 1 && end == start.AddMonths(1).AddDays(-1)
            ? start.ToString("MMM yyyy", Inv)
            : $"{start.ToString(start.Year == end.Year ? "d MMM" : "d MMM yyyy", Inv)} - {end.ToString("d MMM yyyy", Inv)}";

    private static string Search(RecordOption o, string? reference) =>
        string.Join(' ', o.Id, o.Title, o.At?.ToString("d MMM yyyy", Inv), o.Detail, reference);

    private static string Key(long id) => id.ToString(Inv);
}
