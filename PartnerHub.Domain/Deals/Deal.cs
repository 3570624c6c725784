namespace PartnerHub.Domain.Deals;

public enum DealType { Cpa = 1, RevShare = 2, Hybrid = 3, LotBased = 4 }

public enum InstrumentClass { FxMajors = 1, FxMinors = 2, Metals = 3, Indices = 4, Energies = 5, Crypto = 6, Stocks = 7 }

/// <summary>
/// A partner's commercial agreement. Terms live in <see cref="DealVersion"/>s: editing terms adds a
/// version with an effective date and supersedes the current one, which never changes again.
/// A sub-IB's deal may derive from its master's deal (<see cref="ParentDealId"/>), receiving a share
/// of the master's lot rates.
/// </summary>
public class Deal
{
    private readonly List<DealVersion> _versions = [];

    private Deal() { }

    public Deal(int partnerId, string name, DealType type, DateTime createdAt, int? parentDealId = null)
    {
        PartnerId = partnerId;
        Name = Guard.Required(name, nameof(Name), 120);
        Type = Guard.Defined(type, nameof(Type));
        CreatedAt = createdAt;
        ParentDealId = parentDealId;
    }

    public int Id { get; private set; }
    public int PartnerId { get; private set; }
    public string Name { get; private set; } = "";
    public DealType Type { get; private set; }
    public int? ParentDealId { get; private set; }
    public Deal? ParentDeal { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyCollection<DealVersion> Versions => _versions;

    /// <summary>The version in force: the one not superseded. Requires <see cref="Versions"/> loaded.</summary>
    public DealVersion? Current => _versions.SingleOrDefault(v => v.SupersededAt is null);

    /// <summary>
    /// Adds new terms effective from <paramref name="effectiveFrom"/>. The effective date cannot be
    /// before the current version's; the current version is superseded and frozen.
    /// </summary>
    public DealVersion AddVersion(DealTerms terms, DateOnly effectiveFrom, string? createdById, DateTime now)
    {
        terms.Validate(Type);
        var current = Current;
        if (current is not null)
        {
            if (effectiveFrom < current.EffectiveFrom)
                throw new DomainException(
                    $"The effective date cannot be before the current version's ({current.EffectiveFrom:yyyy-MM-dd}).",
                    "EffectiveFrom");
            current.Supersede(now);
        }
        var version = new DealVersion(this, (current?.Number ?? 0) + 1, terms, effectiveFrom, createdById, now);
        _versions.Add(version);
        Version++;
        return version;
    }
}

/// <summary>The terms of one deal version. Validated against the deal type.</summary>
public sealed record DealTerms(
    decimal? CpaAmount,
    decimal? RevSharePercent,
    decimal? SubIbSharePercent,
    string Currency,
    IReadOnlyList<LotRateTerm> LotRates,
    string? Notes = null)
{
    public void Validate(DealType type)
    {
        if (CpaAmount is < 0) throw new DomainException("CPA amount cannot be negative.", nameof(CpaAmount));
        if (RevSharePercent is < 0 or > 100) throw new DomainException("RevShare must be between 0 and 100 %.", nameof(RevSharePercent));
        if (SubIbSharePercent is < 0 or > 100) throw new DomainException("Sub-IB share must be between 0 and 100 %.", nameof(SubIbSharePercent));
        var needsCpa = type is DealType.Cpa or DealType.Hybrid;
        var needsRev = type is DealType.RevShare or DealType.Hybrid;
        if (needsCpa && CpaAmount is null or 0) throw new DomainException("This deal type needs a CPA amount.", nameof(CpaAmount));
        if (needsRev && RevSharePercent is null or 0) throw new DomainException("This deal type needs a RevShare percentage.", nameof(RevSharePercent));
        if (type == DealType.LotBased && LotRates.Count == 0) throw new DomainException("A lot-based deal needs at least one rate per instrument class.", nameof(LotRates));
        if (LotRates.GroupBy(r => r.InstrumentClass).Any(g => g.Count() > 1))
            throw new DomainException("Each instrument class can have only one rate.", nameof(LotRates));
        foreach (var r in LotRates)
        {
            Guard.Defined(r.InstrumentClass, "InstrumentClass");
            if (r.RatePerLot < 0) throw new DomainException("A lot rate cannot be negative.", nameof(LotRates));
            if (r.MaxSpreadPips is < 0) throw new DomainException("A spread condition cannot be negative.", nameof(LotRates));
        }
        if (string.IsNullOrWhiteSpace(Currency) || Currency.Length != 3)
            throw new DomainException("Currency must be a three-letter ISO code.", nameof(Currency));
    }
}

/// <summary>A rate per lot for one instrument class, paid only while the spread is at most <see cref="MaxSpreadPips"/> (when set).</summary>
public sealed record LotRateTerm(InstrumentClass InstrumentClass, decimal RatePerLot, decimal? MaxSpreadPips = null);

public class DealVersion
{
    private readonly List<DealLotRate> _lotRates = [];

    private DealVersion() { }

    internal DealVersion(Deal deal, int number, DealTerms terms, DateOnly effectiveFrom, string? createdById, DateTime createdAt)
    {
        Deal = deal;
        Number = number;
        EffectiveFrom = effectiveFrom;
        CreatedById = createdById;
        CreatedAt = createdAt;
        CpaAmount = terms.CpaAmount;
        RevSharePercent = terms.RevSharePercent;
        SubIbSharePercent = terms.SubIbSharePercent;
        Currency = terms.Currency.ToUpperInvariant();
        Notes = terms.Notes;
        _lotRates.AddRange(terms.LotRates.Select(r => new DealLotRate(r.InstrumentClass, r.RatePerLot, r.MaxSpreadPips)));
    }

    public int Id { get; private set; }
    public int DealId { get; private set; }
    public Deal? Deal { get; private set; }
    public int Number { get; private set; }
    public DateOnly EffectiveFrom { get; private set; }
    public DateTime? SupersededAt { get; private set; }
    public string? CreatedById { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public decimal? CpaAmount { get; private set; }
    public decimal? RevSharePercent { get; private set; }
    /// <summary>For a master IB: the share of its rate passed down to sub-IBs; for a sub-IB: the share it receives.</summary>
    public decimal? SubIbSharePercent { get; private set; }
    public string Currency { get; private set; } = "USD";
    public string? Notes { get; private set; }
    public IReadOnlyCollection<DealLotRate> LotRates => _lotRates;

    public bool IsSuperseded => SupersededAt is not null;

    public DealTerms Terms => new(CpaAmount, RevSharePercent, SubIbSharePercent, Currency,
        _lotRates.Select(r => new LotRateTerm(r.InstrumentClass, r.RatePerLot, r.MaxSpreadPips)).ToList(), Notes);

    internal void Supersede(DateTime at)
    {
        if (IsSuperseded) throw new DomainException("This deal version is already superseded and cannot change.");
        SupersededAt = at;
    }
}

public class DealLotRate
{
    private DealLotRate() { }

    internal DealLotRate(InstrumentClass instrumentClass, decimal ratePerLot, decimal? maxSpreadPips)
    {
        InstrumentClass = instrumentClass;
        RatePerLot = ratePerLot;
        MaxSpreadPips = maxSpreadPips;
    }

    public int Id { get; private set; }
    public int DealVersionId { get; private set; }
    public InstrumentClass InstrumentClass { get; private set; }
    public decimal RatePerLot { get; private set; }
    public decimal? MaxSpreadPips { get; private set; }
}
