using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Deals;

/// <summary>A partner's deals as the Deals section shows them. A partner normally has one deal.</summary>
public sealed record DealView(int PartnerId, string PartnerName, IReadOnlyList<DealDetail> Deals);

/// <summary>
/// One deal with every version, newest first. <see cref="Master"/> is set for a sub-IB deal that
/// derives from its master's; <see cref="SubIbs"/> lists the sub-IB deals deriving from this one.
/// <see cref="Version"/> is the concurrency token the editor passes back to
/// <see cref="DealService.AddVersionAsync(Actor, int, DealTerms, DateOnly, int?, CancellationToken)"/>.
/// </summary>
public sealed record DealDetail(
    int Id, string Name, DealType Type, int Version, DateTime CreatedAt,
    MasterDealRef? Master, IReadOnlyList<DerivedSubIb> SubIbs, int SubIbCount,
    string ShareLabel, IReadOnlyList<DealVersionView> Versions)
{
    /// <summary>The version in force today (null when the only versions start in the future).</summary>
    public DealVersionView? InForce => Versions.FirstOrDefault(v => v.State == DealVersionState.Current);

    /// <summary>The latest version: the one the next edit supersedes, and the editor's starting point.</summary>
    public DealVersionView? Latest => Versions.Count > 0 ? Versions[0] : null;
}

public sealed record MasterDealRef(int DealId, string DealName, int PartnerId, string PartnerName);

/// <summary>A sub-IB whose deal derives from a master deal, with the share it receives under the version in force today.</summary>
public sealed record DerivedSubIb(int PartnerId, string Name, int DealId, decimal? SharePercent);

/// <summary>
/// Versions whose effective date is after today are scheduled; the one with the greatest effective date on or
/// before today is current; the rest are earlier. (A version is superseded when the next is created, even if
/// that one starts later, so "superseded" and "no longer in force" are different things.)
/// </summary>
public enum DealVersionState { Scheduled = 1, Current = 2, Earlier = 3 }

public sealed record DealVersionView(
    int Id, int Number, DateOnly EffectiveFrom, DateTime CreatedAt, DateTime? SupersededAt, string? CreatedByName,
    DealTerms Terms, DealVersionState State);

public enum TermChangeKind { Changed = 1, Added = 2, Removed = 3 }

/// <summary>One changed term: <see cref="Field"/> is stable ("CpaAmount", "LotRates.FxMajors.RatePerLot"), the rest is for display.</summary>
public sealed record TermChange(string Field, string Label, TermChangeKind Kind, string? Old, string? New);

/// <summary>One row of a side-by-side comparison of two versions' terms.</summary>
public sealed record TermRow(string Field, string Label, string Left, string Right, bool Changed);

/// <summary>
/// Deal terms: reading a partner's deals with their version history and the sub-IB derivation,
/// comparing versions, and adding a version (admins and managers only; audited, with a
/// <see cref="EventTypes.DealTermsUpdated"/> outbox event in the same transaction).
/// </summary>
public sealed class DealService(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public const int MaxNotesLength = 2000;
    /// <summary>How many derived sub-IBs a deal view lists by name (<see cref="DealDetail.SubIbCount"/> has them all).</summary>
    public const int MaxListedSubIbs = 200;
    public const string ChangedMeanwhileMessage = "This deal changed while you were editing; reload and try again.";

    /// <summary>The partner's deals with every version; null when the partner has no deal. Operators, or the partner itself.</summary>
    public async Task<DealView?> GetAsync(Actor actor, int partnerId, CancellationToken ct = default)
    {
        actor.RequireCanRead(partnerId);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await using var db = await factory.CreateDbContextAsync(ct);

        var deals = await db.Deals.AsNoTracking().AsSplitQuery()
            .Where(d => d.PartnerId == partnerId)
            .Include(d => d.Versions).ThenInclude(v => v.LotRates)
            .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id)
            .ToListAsync(ct);
        if (deals.Count == 0) return null;

        var partnerName = await db.Partners.Where(p => p.Id == partnerId).Select(p => p.Name).SingleAsync(ct);
        var creatorIds = deals.SelectMany(d => d.Versions).Select(v => v.CreatedById).OfType<string>().Distinct().ToList();
        var creators = await db.Users.Where(u => creatorIds.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);

        var parentIds = deals.Select(d => d.ParentDealId).OfType<int>().Distinct().ToList();
        var masters = await (from d in db.Deals
                             where parentIds.Contains(d.Id)
                             join p in db.Partners on d.PartnerId equals p.Id
                             select new MasterDealRef(d.Id, d.Name, p.Id, p.Name)).ToDictionaryAsync(m => m.DealId, ct);

        var dealIds = deals.Select(d => d.Id).ToList();
        var derived = db.Deals.Where(d => d.ParentDealId != null && dealIds.Contains(d.ParentDealId.Value));
        var subCounts = await derived.GroupBy(d => d.ParentDealId!.Value).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var subs = await (from d in derived
                          join p in db.Partners on d.PartnerId equals p.Id
                          orderby p.Name, p.Id
                          select new SubIbRow
                          {
                              ParentDealId = d.ParentDealId!.Value, DealId = d.Id, PartnerId = p.Id, Name = p.Name,
                              Share = d.Versions.Where(v => v.EffectiveFrom <= today)
                                  .OrderByDescending(v => v.EffectiveFrom).ThenByDescending(v => v.Number)
                                  .Select(v => v.SubIbSharePercent).FirstOrDefault(),
                          }).Take(MaxListedSubIbs * dealIds.Count).ToListAsync(ct);

        var details = deals.Select(d =>
        {
            var inForce = InForceOn(d.Versions, today);
            var versions = d.Versions.OrderByDescending(v => v.Number)
                .Select(v => new DealVersionView(v.Id, v.Number, v.EffectiveFrom, v.CreatedAt, v.SupersededAt,
                    v.CreatedById is { } id ? creators.GetValueOrDefault(id) : null, v.Terms,
                    v.EffectiveFrom > today ? DealVersionState.Scheduled : v == inForce ? DealVersionState.Current : DealVersionState.Earlier))
                .ToList();
            var mine = subs.Where(s => s.ParentDealId == d.Id).Take(MaxListedSubIbs)
                .Select(s => new DerivedSubIb(s.PartnerId, s.Name, s.DealId, s.Share)).ToList();
            return new DealDetail(d.Id, d.Name, d.Type, d.Version, d.CreatedAt,
                d.ParentDealId is { } pid ? masters.GetValueOrDefault(pid) : null, mine, subCounts.GetValueOrDefault(d.Id),
                ShareLabel(d.ParentDealId is not null), versions);
        }).ToList();
        return new DealView(partnerId, partnerName, details);
    }

    private sealed class SubIbRow
    {
        public int ParentDealId { get; init; }
        public int DealId { get; init; }
        public int PartnerId { get; init; }
        public string Name { get; init; } = "";
        public decimal? Share { get; init; }
    }

    /// <summary>The version in force on <paramref name="date"/>: the greatest effective date on or before it (the later number on a tie).</summary>
    public static DealVersion? InForceOn(IEnumerable<DealVersion> versions, DateOnly date) =>
        versions.Where(v => v.EffectiveFrom <= date).OrderByDescending(v => v.EffectiveFrom).ThenByDescending(v => v.Number).FirstOrDefault();

    /// <summary>
    /// <see cref="DealVersion.SubIbSharePercent"/> means the share received from the upline on a sub-IB's
    /// (derived) deal, and the share passed down to sub-IBs on a master IB's deal.
    /// </summary>
    public static string ShareLabel(bool isSubIbDeal) => isSubIbDeal ? "Share received from upline" : "Share passed to sub-IBs";

    /// <inheritdoc cref="AddVersionAsync(Actor, int, DealTerms, DateOnly, int?, CancellationToken)"/>
    public Task<int> AddVersionAsync(Actor actor, int dealId, DealTerms terms, DateOnly effectiveFrom, CancellationToken ct = default) =>
        AddVersionAsync(actor, dealId, terms, effectiveFrom, null, ct);

    /// <summary>
    /// Adds a version of the deal's terms effective from <paramref name="effectiveFrom"/> and supersedes the
    /// latest one. Refused (nothing written) for an effective date before the latest version's, invalid terms,
    /// terms identical to the latest, or when the deal changed since the editor read it
    /// (<paramref name="expectedVersion"/>, or another save committed between this one's read and write).
    /// Returns the new version's id.
    /// </summary>
    public async Task<int> AddVersionAsync(Actor actor, int dealId, DealTerms terms, DateOnly effectiveFrom, int? expectedVersion,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        actor.RequireWriter();
        var now = clock.GetUtcNow().UtcDateTime;
        terms = Normalise(terms);
        await using var db = await factory.CreateDbContextAsync(ct);

        // Only the latest version is needed: the entity supersedes it and numbers the new one after it.
        var deal = await db.Deals
            .Include(d => d.Versions.Where(v => v.SupersededAt == null)).ThenInclude(v => v.LotRates)
            .SingleOrDefaultAsync(d => d.Id == dealId, ct) ?? throw new NotFoundException("Deal not found.");
        actor.RequireCanChange(deal.PartnerId);
        var loadedVersion = deal.Version;
        if (expectedVersion is { } expected && expected != loadedVersion)
            throw new DomainException(ChangedMeanwhileMessage);

        terms.Validate(deal.Type);
        var before = deal.Current?.Terms;
        var changes = before is null ? [] : Diff(before, terms);
        var version = deal.AddVersion(terms, effectiveFrom, actor.UserId, now);
        if (before is not null && changes.Count == 0)
            throw new DomainException("The new terms are the same as the current terms.");
        var derivedPartnerIds = await db.Deals.Where(d => d.ParentDealId == dealId)
            .Select(d => d.PartnerId).Distinct().OrderBy(id => id).ToListAsync(ct);

        try
        {
            // One transaction: the version (and the superseded one), then the audit entry and the outbox event that name its id.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            var details = new
            {
                dealId, versionId = version.Id, number = version.Number, effectiveFrom, parentDealId = deal.ParentDealId,
                before, after = version.Terms, changes,
            };
            db.Audit(actor, now, "deal.version-created", nameof(Deal), dealId, deal.PartnerId, details);
            db.RecordEvent(actor, now, EventTypes.DealTermsUpdated, deal.PartnerId, nameof(Deal), dealId, new
            {
                dealId,
                versionId = version.Id,
                number = version.Number,
                effectiveFrom,
                parentDealId = deal.ParentDealId,
                // One-line summaries for notification templates ({{deal.old}} / {{deal.new}}).
                old = before is null ? null : Summary(before),
                @new = Summary(version.Terms),
                oldTerms = before,
                newTerms = version.Terms,
                changes,
                derivedSubIbPartnerIds = derivedPartnerIds,
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            // A concurrent save bumped Deal.Version (concurrency token) or took this version number first.
            if (ex is DbUpdateConcurrencyException || await VersionOfAsync(dealId, ct) != loadedVersion)
                throw new DomainException(ChangedMeanwhileMessage);
            throw;
        }
        return version.Id;
    }

    private async Task<int?> VersionOfAsync(int dealId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Deals.Where(d => d.Id == dealId).Select(d => (int?)d.Version).SingleOrDefaultAsync(ct);
    }

    /// <summary>Trims and upper-cases the currency, orders the lot rates, trims the notes (refusing them over the limit).</summary>
    public static DealTerms Normalise(DealTerms terms)
    {
        var notes = string.IsNullOrWhiteSpace(terms.Notes) ? null : terms.Notes.Trim();
        if (notes is { Length: > MaxNotesLength })
            throw new DomainException($"Notes can be at most {MaxNotesLength:N0} characters.", nameof(DealTerms.Notes));
        return terms with
        {
            Currency = (terms.Currency ?? "").Trim().ToUpperInvariant(),
            LotRates = (terms.LotRates ?? []).OrderBy(r => r.InstrumentClass).ToList(),
            Notes = notes,
        };
    }

    /// <summary>Every changed term between two versions, in display order, with old and new values as display strings.</summary>
    public static IReadOnlyList<TermChange> Diff(DealTerms older, DealTerms newer)
    {
        ArgumentNullException.ThrowIfNull(older);
        ArgumentNullException.ThrowIfNull(newer);
        var changes = new List<TermChange>();
        void Value(string field, string label, string? oldValue, string? newValue)
        {
            if (oldValue == newValue) return;
            var kind = oldValue is null ? TermChangeKind.Added : newValue is null ? TermChangeKind.Removed : TermChangeKind.Changed;
            changes.Add(new TermChange(field, label, kind, oldValue, newValue));
        }

        Value(nameof(DealTerms.CpaAmount), "CPA", Money(older.CpaAmount, older.Currency), Money(newer.CpaAmount, newer.Currency));
        Value(nameof(DealTerms.RevSharePercent), "RevShare", Percent(older.RevSharePercent), Percent(newer.RevSharePercent));
        Value(nameof(DealTerms.SubIbSharePercent), "Sub-IB share", Percent(older.SubIbSharePercent), Percent(newer.SubIbSharePercent));
        Value(nameof(DealTerms.Currency), "Currency", older.Currency.ToUpperInvariant(), newer.Currency.ToUpperInvariant());

        var olderRates = RatesOf(older);
        var newerRates = RatesOf(newer);
        foreach (var c in olderRates.Keys.Union(newerRates.Keys).Order())
        {
            var field = $"{nameof(DealTerms.LotRates)}.{c}";
            var name = c.Display();
            switch (olderRates.GetValueOrDefault(c), newerRates.GetValueOrDefault(c))
            {
                case (null, { } added):
                    changes.Add(new TermChange(field, name, TermChangeKind.Added, null, LotRate(added, newer.Currency)));
                    break;
                case ({ } removed, null):
                    changes.Add(new TermChange(field, name, TermChangeKind.Removed, LotRate(removed, older.Currency), null));
                    break;
                case ({ } o, { } n):
                    Value($"{field}.{nameof(LotRateTerm.RatePerLot)}", $"{name} rate per lot", RatePerLot(o.RatePerLot, older.Currency), RatePerLot(n.RatePerLot, newer.Currency));
                    if (o.MaxSpreadPips != n.MaxSpreadPips)
                        changes.Add(new TermChange($"{field}.{nameof(LotRateTerm.MaxSpreadPips)}", $"{name} spread condition", TermChangeKind.Changed,
                            Spread(o.MaxSpreadPips), Spread(n.MaxSpreadPips)));
                    break;
            }
        }
        Value(nameof(DealTerms.Notes), "Notes", Blank(older.Notes), Blank(newer.Notes));
        return changes;
    }

    /// <summary>
    /// Both versions' terms row by row (CPA, RevShare, share, currency, one row per instrument class in either, notes);
    /// <see cref="TermRow.Changed"/> marks the rows <see cref="Diff"/> reports.
    /// </summary>
    public static IReadOnlyList<TermRow> SideBySide(DealTerms left, DealTerms right, string shareLabel)
    {
        var changed = Diff(left, right).Select(c => c.Field).ToList();
        bool Is(string field) => changed.Any(f => f == field || f.StartsWith(field + ".", StringComparison.Ordinal));
        var rows = new List<TermRow>
        {
            new(nameof(DealTerms.CpaAmount), "CPA", Money(left.CpaAmount, left.Currency) ?? "—", Money(right.CpaAmount, right.Currency) ?? "—", Is(nameof(DealTerms.CpaAmount))),
            new(nameof(DealTerms.RevSharePercent), "RevShare", Percent(left.RevSharePercent) ?? "—", Percent(right.RevSharePercent) ?? "—", Is(nameof(DealTerms.RevSharePercent))),
            new(nameof(DealTerms.SubIbSharePercent), shareLabel, Percent(left.SubIbSharePercent) ?? "—", Percent(right.SubIbSharePercent) ?? "—", Is(nameof(DealTerms.SubIbSharePercent))),
            new(nameof(DealTerms.Currency), "Currency", left.Currency, right.Currency, Is(nameof(DealTerms.Currency))),
        };
        var l = RatesOf(left);
        var r = RatesOf(right);
        foreach (var c in l.Keys.Union(r.Keys).Order())
        {
            var field = $"{nameof(DealTerms.LotRates)}.{c}";
            rows.Add(new TermRow(field, c.Display(),
                l.TryGetValue(c, out var a) ? LotRate(a, left.Currency) : "—",
                r.TryGetValue(c, out var b) ? LotRate(b, right.Currency) : "—", Is(field)));
        }
        rows.Add(new TermRow(nameof(DealTerms.Notes), "Notes", Blank(left.Notes) ?? "—", Blank(right.Notes) ?? "—", Is(nameof(DealTerms.Notes))));
        return rows;
    }

    // Display strings, shared by the diff, the event payload and the Deals section. Invariant culture: they are stored in events.

    public static string? Money(decimal? amount, string currency) => amount is { } a ? DisplayFormat.Money(a, currency) : null;

    public static string? Percent(decimal? percent) => percent is { } p ? DisplayFormat.Percent(p) : null;

    public static string RatePerLot(decimal rate, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{rate:N2} {currency.ToUpperInvariant()}/lot");

    public static string Spread(decimal? maxSpreadPips) =>
        maxSpreadPips is { } pips ? string.Create(CultureInfo.InvariantCulture, $"spread ≤ {pips:0.0#} pips") : "no spread condition";

    public static string LotRate(LotRateTerm rate, string currency) =>
        RatePerLot(rate.RatePerLot, currency) + (rate.MaxSpreadPips is null ? "" : $" ({Spread(rate.MaxSpreadPips)})");

    /// <summary>One line: "CPA 150.00 USD + 25 % RevShare", "FX majors 9.00 USD/lot (spread ≤ 1.2 pips), … + sub-IB share 30 %".</summary>
    public static string Summary(DealTerms terms)
    {
        var parts = new List<string>();
        if (Money(terms.CpaAmount, terms.Currency) is { } cpa) parts.Add("CPA " + cpa);
        if (Percent(terms.RevSharePercent) is { } rev) parts.Add(rev + " RevShare");
        if (terms.LotRates is { Count: > 0 } rates)
            parts.Add(string.Join(", ", rates.OrderBy(r => r.InstrumentClass).Select(r => $"{r.InstrumentClass.Display()} {LotRate(r, terms.Currency)}")));
        if (Percent(terms.SubIbSharePercent) is { } share) parts.Add("sub-IB share " + share);
        return parts.Count == 0 ? "No terms" : string.Join(" + ", parts);
    }

    private static Dictionary<InstrumentClass, LotRateTerm> RatesOf(DealTerms terms) =>
        (terms.LotRates ?? []).GroupBy(r => r.InstrumentClass).ToDictionary(g => g.Key, g => g.First());

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
