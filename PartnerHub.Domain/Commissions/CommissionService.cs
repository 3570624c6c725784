using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Commissions;

public sealed record CommissionQuery
{
    /// <summary>Only lines in this status; null for all.</summary>
    public CommissionStatus? Status { get; init; }
    /// <summary><see cref="CommissionRow.PeriodStart"/>, <see cref="CommissionRow.Amount"/> or <see cref="CommissionRow.Status"/>; null: newest period first.</summary>
    public string? SortBy { get; init; }
    public bool Descending { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

/// <summary>One commission line as the grid shows it. <see cref="Description"/> reads "212 FTDs x 150.00 USD", "25 % of 18,300.00 USD NGR", "128.4 lots".</summary>
public sealed record CommissionRow(
    long Id, DateOnly PeriodStart, DateOnly PeriodEnd, int DealVersionNumber, string DealName, CommissionBasis Basis, string Description,
    decimal Amount, string Currency, CommissionStatus Status, string? RejectionReason, string? ApprovedByName, DateTime? ApprovedAt,
    DateTime? RejectedAt, long? PayoutId, int Version);

/// <summary>Lots x rate for one instrument class, with the spread condition that applied.</summary>
public sealed record LotBreakdownRow(InstrumentClass InstrumentClass, string Instrument, decimal Lots, decimal RatePerLot, string? SpreadCondition, decimal Amount);

/// <summary>
/// The sub-IB share on a lot line. <see cref="Counterpart"/> is the other partner's name, or "a sub-IB" / "your upline"
/// when a partner reads a line whose counterpart is outside its own network; <see cref="CounterpartId"/> is null then.
/// </summary>
public sealed record ShareBreakdown(ShareDirection Direction, decimal Percent, decimal Amount, decimal SignedAmount, int? CounterpartId, string Counterpart, string Text);

/// <summary>The CPA / RevShare calculation: quantity x rate or base x percent.</summary>
public sealed record FormulaBreakdown(int? Quantity, string? QuantityUnit, decimal? Rate, decimal? BaseAmount, string? BaseLabel, decimal? Percent, string Text);

public sealed record TermsLotRate(InstrumentClass InstrumentClass, string Instrument, decimal RatePerLot, decimal? MaxSpreadPips);

/// <summary>The deal version's terms a line was calculated under.</summary>
public sealed record BreakdownTerms(
    int DealId, string DealName, int VersionNumber, DateOnly EffectiveFrom, bool Superseded, decimal? CpaAmount, decimal? RevSharePercent,
    decimal? SubIbSharePercent, string Currency, IReadOnlyList<TermsLotRate> LotRates);

/// <summary>
/// Why a commission line is the number it is: per instrument class lots x rate, the gross, the sub-IB share and the net;
/// or the CPA / RevShare formula; plus the deal terms the line used. <see cref="Summary"/> says it in one sentence.
/// </summary>
public sealed record CommissionBreakdown(
    long LineId, int PartnerId, string PartnerName, DateOnly PeriodStart, DateOnly PeriodEnd, CommissionBasis Basis, CommissionStatus Status,
    decimal Amount, string Currency, IReadOnlyList<LotBreakdownRow> LotRows, decimal? GrossAmount, ShareBreakdown? Share,
    FormulaBreakdown? Formula, BreakdownTerms Terms, string? RejectionReason, long? PayoutId, int Version, string Summary);

/// <summary>
/// Commission lines of one partner: the server-side list, the breakdown behind each number, and the review
/// (approve, bulk approve, reject). Operators read every partner, a partner only its own lines; only admins and
/// managers review. Every review is one transaction with its audit entries and outbox events.
/// </summary>
public sealed class CommissionService(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public const int MaxPageSize = 200;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public async Task<Page<CommissionRow>> ListAsync(Actor actor, int partnerId, CommissionQuery q, CancellationToken ct = default)
    {
        actor.RequireCanRead(partnerId);
        await using var db = await factory.CreateDbContextAsync(ct);
        var vertical = await db.Partners.AsNoTracking().Where(p => p.Id == partnerId).Select(p => (Vertical?)p.Vertical).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Partner not found.");

        var lines = db.CommissionLines.AsNoTracking().Where(l => l.PartnerId == partnerId);
        if (q.Status is { } status) lines = lines.Where(l => l.Status == status);
        var total = await lines.CountAsync(ct);

        lines = (q.SortBy, q.Descending) switch
        {
            (nameof(CommissionRow.Amount), false) => lines.OrderBy(l => l.Amount).ThenByDescending(l => l.Id),
            (nameof(CommissionRow.Amount), true) => lines.OrderByDescending(l => l.Amount).ThenByDescending(l => l.Id),
            (nameof(CommissionRow.Status), false) => lines.OrderBy(l => l.Status).ThenByDescending(l => l.PeriodStart).ThenByDescending(l => l.Id),
            (nameof(CommissionRow.Status), true) => lines.OrderByDescending(l => l.Status).ThenByDescending(l => l.PeriodStart).ThenByDescending(l => l.Id),
            (nameof(CommissionRow.PeriodStart) or "Period", false) => lines.OrderBy(l => l.PeriodStart).ThenBy(l => l.Id),
            _ => lines.OrderByDescending(l => l.PeriodStart).ThenByDescending(l => l.Id),
        };
        var size = Math.Clamp(q.PageSize, 1, MaxPageSize);
        var page = lines.Skip(Math.Max(q.Page, 0) * size).Take(size);

        // Paged first, then joined (EF keeps the page's order on the outer query): the joins and the lot sum run for one page only.
        var data = await (from l in page
                          join v in db.DealVersions on l.DealVersionId equals v.Id
                          join d in db.Deals on v.DealId equals d.Id
                          join u in db.Users on l.ApprovedById equals u.Id into approvers
                          from u in approvers.DefaultIfEmpty()
                          select new RowData
                          {
                              Id = l.Id, PeriodStart = l.PeriodStart, PeriodEnd = l.PeriodEnd, VersionNumber = v.Number, DealName = d.Name,
                              Basis = l.Basis, Quantity = l.Quantity, Rate = l.Rate, BaseAmount = l.BaseAmount,
                              Lots = l.Basis == CommissionBasis.Lots ? l.LotItems.Sum(i => (decimal?)i.Lots) : null,
                              ShareDirection = l.ShareDirection, SharePercent = l.SharePercent,
                              Amount = l.Amount, Currency = l.Currency, Status = l.Status, RejectionReason = l.RejectionReason,
                              ApprovedByName = u != null ? u.DisplayName : null, ApprovedAt = l.ApprovedAt, RejectedAt = l.RejectedAt,
                              PayoutId = l.PayoutId, Version = l.Version,
                          }).ToListAsync(ct);

        var rows = data.Select(r => new CommissionRow(
            r.Id, r.PeriodStart, r.PeriodEnd, r.VersionNumber, r.DealName, r.Basis, Describe(r, vertical), Money2(r.Amount), r.Currency, r.Status,
            r.RejectionReason, actor.IsOperator ? r.ApprovedByName : null, r.ApprovedAt, r.RejectedAt, r.PayoutId, r.Version)).ToList();
        return new Page<CommissionRow>(rows, total);
    }

    private sealed class RowData
    {
        public long Id { get; init; }
        public DateOnly PeriodStart { get; init; }
        public DateOnly PeriodEnd { get; init; }
        public int VersionNumber { get; init; }
        public string DealName { get; init; } = "";
        public CommissionBasis Basis { get; init; }
        public int? Quantity { get; init; }
        public decimal? Rate { get; init; }
        public decimal? BaseAmount { get; init; }
        public decimal? Lots { get; init; }
        public ShareDirection? ShareDirection { get; init; }
        public decimal? SharePercent { get; init; }
        public decimal Amount { get; init; }
        public string Currency { get; init; } = "";
        public CommissionStatus Status { get; init; }
        public string? RejectionReason { get; init; }
        public string? ApprovedByName { get; init; }
        public DateTime? ApprovedAt { get; init; }
        public DateTime? RejectedAt { get; init; }
        public long? PayoutId { get; init; }
        public int Version { get; init; }
    }

    private static string Describe(RowData r, Vertical vertical) => r.Basis switch
    {
        CommissionBasis.Cpa when r.Quantity is { } qty && r.Rate is { } rate =>
            string.Create(Inv, $"{qty:N0} {QuantityUnit(vertical, qty)} x {Money(rate, r.Currency)}"),
        CommissionBasis.RevShare when r.Rate is { } pct && r.BaseAmount is { } baseAmount =>
            $"{Percent(pct)} of {Money(baseAmount, r.Currency)} {BaseLabel(vertical)}",
        CommissionBasis.Lots => (r.Lots is { } lots ? Lots(lots) : "Lots")
            + (r.ShareDirection is { } dir && r.SharePercent is { } sp
                ? dir == Commissions.ShareDirection.PassedDown ? $", {Percent(sp)} passed down to a sub-IB" : $", {Percent(sp)} override from a sub-IB"
                : ""),
        CommissionBasis.Cpa => "CPA",
        _ => "RevShare",
    };

    public async Task<CommissionBreakdown> GetBreakdownAsync(Actor actor, long lineId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var line = await db.CommissionLines.AsNoTracking().Include(l => l.LotItems)
            .Include(l => l.DealVersion!).ThenInclude(v => v.Deal)
            .Include(l => l.DealVersion!).ThenInclude(v => v.LotRates)
            .SingleOrDefaultAsync(l => l.Id == lineId, ct) ?? throw new NotFoundException("Commission line not found.");
        actor.RequireCanRead(line.PartnerId);
        var partner = await db.Partners.AsNoTracking().Where(p => p.Id == line.PartnerId)
            .Select(p => new { p.Name, p.Vertical, p.Tier }).SingleAsync(ct);

        var version = line.DealVersion!;
        var terms = new BreakdownTerms(version.DealId, version.Deal?.Name ?? "", version.Number, version.EffectiveFrom, version.IsSuperseded,
            version.CpaAmount, version.RevSharePercent, version.SubIbSharePercent, version.Currency,
            version.LotRates.OrderBy(r => r.InstrumentClass)
                .Select(r => new TermsLotRate(r.InstrumentClass, r.InstrumentClass.Display(), r.RatePerLot, r.MaxSpreadPips)).ToList());

        var lotRows = line.LotItems.OrderBy(i => i.InstrumentClass)
            .Select(i => new LotBreakdownRow(i.InstrumentClass, i.InstrumentClass.Display(), i.Lots, i.RatePerLot, i.SpreadCondition, Money2(i.Amount)))
            .ToList();

        ShareBreakdown? share = null;
        if (line is { ShareDirection: { } direction, ShareAmount: { } shareAmount })
        {
            var (counterpartId, counterpart) = await CounterpartAsync(db, actor, line, partner.Tier, ct);
            var percent = line.SharePercent ?? 0m;
            var text = direction == ShareDirection.PassedDown
                ? $"{Percent(percent)} of the gross passed down to {counterpart}"
                : $"{Percent(percent)} override received from {counterpart}'s trading";
            share = new ShareBreakdown(direction, percent, Money2(shareAmount), direction == ShareDirection.PassedDown ? -Money2(shareAmount) : Money2(shareAmount),
                counterpartId, counterpart, text);
        }

        FormulaBreakdown? formula = line.Basis switch
        {
            CommissionBasis.Cpa => new FormulaBreakdown(line.Quantity, QuantityUnit(partner.Vertical, line.Quantity ?? 0), line.Rate, null, null, null,
                line is { Quantity: { } q, Rate: { } r }
                    ? string.Create(Inv, $"{q:N0} {QuantityUnit(partner.Vertical, q)} x {Money(r, line.Currency)} = {Money(line.Amount, line.Currency)}")
                    : $"CPA {Money(line.Amount, line.Currency)} (no quantity recorded)"),
            CommissionBasis.RevShare => new FormulaBreakdown(null, null, null, line.BaseAmount, BaseLabel(partner.Vertical), line.Rate,
                line is { BaseAmount: { } b, Rate: { } p }
                    ? $"{Money(b, line.Currency)} {BaseLabel(partner.Vertical)} x {Percent(p)} = {Money(line.Amount, line.Currency)}"
                    : $"RevShare {Money(line.Amount, line.Currency)} (no base amount recorded)"),
            _ => null,
        };

        var summary = line.Basis switch
        {
            CommissionBasis.Lots => LotSummary(line, lotRows, share),
            _ => formula!.Text + ".",
        };

        return new CommissionBreakdown(line.Id, line.PartnerId, partner.Name, line.PeriodStart, line.PeriodEnd, line.Basis, line.Status,
            Money2(line.Amount), line.Currency, lotRows, line.GrossAmount is { } g ? Money2(g) : null, share, formula, terms,
            line.RejectionReason, line.PayoutId, line.Version, summary);
    }

    private static string LotSummary(CommissionLine line, IReadOnlyList<LotBreakdownRow> rows, ShareBreakdown? share)
    {
        var gross = line.GrossAmount ?? rows.Sum(r => r.Amount);
        var text = $"{Lots(rows.Sum(r => r.Lots))} across {rows.Count} instrument class{(rows.Count == 1 ? "" : "es")} earn {Money(gross, line.Currency)} gross";
        if (share is not null)
            text += share.Direction == ShareDirection.PassedDown
                ? $"; {Money(share.Amount, line.Currency)} ({Percent(share.Percent)}) is passed down to {share.Counterpart}"
                : $"; {Money(share.Amount, line.Currency)} ({Percent(share.Percent)}) override is received from {share.Counterpart}";
        return text + $": net {Money(line.Amount, line.Currency)}.";
    }

    /// <summary>
    /// The share's counterpart as the caller may see it: operators see every name; a partner sees the name only when the
    /// counterpart is in its own downline or upline, otherwise "a sub-IB" or "your upline".
    /// </summary>
    private static async Task<(int? Id, string Name)> CounterpartAsync(AppDbContext db, Actor actor, CommissionLine line, int ownerTier, CancellationToken ct)
    {
        if (line.SharePartnerId is not { } counterpartId) return (null, "a sub-IB");
        var counterpart = await db.Partners.AsNoTracking().Where(p => p.Id == counterpartId).Select(p => new { p.Name, p.Tier }).SingleOrDefaultAsync(ct);
        if (counterpart is null) return (null, "a sub-IB");
        if (actor.IsOperator) return (counterpartId, counterpart.Name);
        var me = actor.PartnerId;
        var related = await db.PartnerHierarchy.AnyAsync(h => h.Depth > 0
            && ((h.AncestorId == me && h.DescendantId == counterpartId) || (h.AncestorId == counterpartId && h.DescendantId == me)), ct);
        if (related) return (counterpartId, counterpart.Name);
        return (null, counterpart.Tier < ownerTier ? "your upline" : "a sub-IB");
    }

    /// <summary>
    /// Approves the selected calculated lines of one partner, all or nothing. Each line must still be at the version the
    /// operator saw; a line someone else changed meanwhile (or approves at the same moment) refuses the whole batch.
    /// </summary>
    public async Task ApproveAsync(Actor actor, IReadOnlyCollection<(long Id, int Version)> lines, CancellationToken ct = default)
    {
        actor.RequireWriter();
        var seen = lines.GroupBy(l => l.Id).ToDictionary(g => g.Key, g => g.First().Version);
        if (seen.Count == 0) throw new DomainException("Select at least one calculated line to approve.");
        var now = clock.GetUtcNow().UtcDateTime;

        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = seen.Keys.ToList();
        var loaded = await db.CommissionLines.Where(l => ids.Contains(l.Id)).OrderBy(l => l.Id).ToListAsync(ct);
        var missing = ids.Where(id => loaded.All(l => l.Id != id)).ToList();
        if (missing.Count > 0) throw new NotFoundException($"Commission line {missing[0]} was not found.");
        var partnerIds = loaded.Select(l => l.PartnerId).Distinct().ToList();
        if (partnerIds.Count > 1) throw new DomainException("Approve the lines of one partner at a time.");
        var partnerId = partnerIds[0];
        actor.RequireCanChange(partnerId);

        foreach (var line in loaded)
        {
            if (line.Version != seen[line.Id]) throw Stale(line.Id);
            if (line.Status != CommissionStatus.Calculated)
                throw new DomainException($"Line {line.Id} is {line.Status}; only calculated lines can be approved. Nothing was approved.");
        }

        var partner = await db.Partners.AsNoTracking().Where(p => p.Id == partnerId)
            .Select(p => new { p.PayoutThreshold, p.Currency }).SingleAsync(ct);
        var before = await ApprovedUnpaidAsync(db, partnerId, ct);

        foreach (var line in loaded)
        {
            db.Entry(line).Property(l => l.Version).OriginalValue = seen[line.Id];
            line.Approve(actor.UserId, now);
            var payload = new
            {
                lineId = line.Id, before = nameof(CommissionStatus.Calculated), after = nameof(CommissionStatus.Approved),
                amount = line.Amount, currency = line.Currency, basis = line.Basis.ToString(),
                periodStart = line.PeriodStart, periodEnd = line.PeriodEnd, dealVersionId = line.DealVersionId,
            };
            db.Audit(actor, now, "commission.approved", nameof(CommissionLine), line.Id, partnerId, payload);
            db.RecordEvent(actor, now, EventTypes.CommissionApproved, partnerId, nameof(CommissionLine), line.Id, payload);
        }

        var after = before + loaded.Sum(l => l.Amount);
        if (partner.PayoutThreshold > 0 && before < partner.PayoutThreshold && after >= partner.PayoutThreshold)
            db.RecordEvent(actor, now, EventTypes.PayoutThresholdReached, partnerId, "Partner", partnerId, new
            {
                balanceBefore = before, balance = after, threshold = partner.PayoutThreshold, currency = partner.Currency,
                lineIds = loaded.Select(l => l.Id).ToList(),
            });

        await SaveAsync(db, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Rejects a calculated line with a reason the partner will read.</summary>
    public async Task RejectAsync(Actor actor, long lineId, int version, string reason, CancellationToken ct = default)
    {
        actor.RequireWriter();
        var why = Guard.Required(reason, "Reason", 500);
        var now = clock.GetUtcNow().UtcDateTime;

        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var line = await db.CommissionLines.SingleOrDefaultAsync(l => l.Id == lineId, ct) ?? throw new NotFoundException("Commission line not found.");
        actor.RequireCanChange(line.PartnerId);
        if (line.Version != version) throw Stale(line.Id);
        if (line.Status != CommissionStatus.Calculated)
            throw new DomainException($"Line {line.Id} is {line.Status}; only calculated lines can be rejected.");

        db.Entry(line).Property(l => l.Version).OriginalValue = version;
        line.Reject(actor.UserId, why, now);
        var payload = new
        {
            lineId = line.Id, before = nameof(CommissionStatus.Calculated), after = nameof(CommissionStatus.Rejected),
            amount = line.Amount, currency = line.Currency, reason = why, basis = line.Basis.ToString(),
            periodStart = line.PeriodStart, periodEnd = line.PeriodEnd,
        };
        db.Audit(actor, now, "commission.rejected", nameof(CommissionLine), line.Id, line.PartnerId, payload);
        db.RecordEvent(actor, now, EventTypes.CommissionRejected, line.PartnerId, nameof(CommissionLine), line.Id, payload);
        await SaveAsync(db, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Approved lines no payout is paying yet: what the partner could request now.</summary>
    internal static async Task<decimal> ApprovedUnpaidAsync(AppDbContext db, int partnerId, CancellationToken ct) =>
        Money2(await db.CommissionLines
            .Where(l => l.PartnerId == partnerId && l.Status == CommissionStatus.Approved && l.PayoutId == null)
            .SumAsync(l => (decimal?)l.Amount, ct) ?? 0m);

    private static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            var id = ex.Entries.Select(e => e.Entity).OfType<CommissionLine>().FirstOrDefault()?.Id;
            throw new DomainException(id is null
                ? "A line was changed by someone else at the same time; reload. Nothing was saved."
                : $"Line {id} was changed by someone else at the same time; reload. Nothing was saved.");
        }
    }

    private static DomainException Stale(long lineId) => new($"Line {lineId} was changed by someone else; reload.");

    // Display strings (invariant culture: the same text in the grid, the breakdown and event payloads).

    /// <summary>Rounds a sum read back from SQLite's REAL column to the cent.</summary>
    public static decimal Money2(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    public static string Money(decimal amount, string currency) => DisplayFormat.Money(amount, currency);

    public static string Percent(decimal percent) => DisplayFormat.Percent(percent);

    public static string Lots(decimal lots) => string.Create(Inv, $"{lots:#,0.##} lot{(lots == 1m ? "" : "s")}");

    private static string QuantityUnit(Vertical vertical, int quantity) => vertical switch
    {
        Vertical.PropTradingAffiliate => quantity == 1 ? "challenge" : "challenges",
        Vertical.ForexIb => quantity == 1 ? "client" : "clients",
        _ => quantity == 1 ? "FTD" : "FTDs",
    };

    private static string BaseLabel(Vertical vertical) => vertical switch
    {
        Vertical.PropTradingAffiliate => "challenge fees",
        Vertical.ForexIb => "net deposits",
        _ => "NGR",
    };
}
