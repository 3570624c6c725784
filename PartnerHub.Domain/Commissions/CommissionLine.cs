using PartnerHub.Domain.Deals;

namespace PartnerHub.Domain.Commissions;

public enum CommissionBasis { Cpa = 1, RevShare = 2, Lots = 3 }

public enum CommissionStatus { Calculated = 1, Approved = 2, Rejected = 3, Paid = 4 }

/// <summary>
/// What a partner earned for a period under one deal version. Calculated -> Approved or Rejected
/// (with a reason) -> Paid; anything else is refused here. Lot-based lines carry a breakdown per
/// instrument class and the sub-IB share passed down (or received from a sub-IB's trading).
/// </summary>
public class CommissionLine
{
    private readonly List<CommissionLotItem> _lotItems = [];

    private CommissionLine() { }

    public CommissionLine(int partnerId, int dealVersionId, DateOnly periodStart, DateOnly periodEnd,
        CommissionBasis basis, decimal amount, string currency, DateTime calculatedAt)
    {
        if (periodEnd < periodStart) throw new DomainException("The period ends before it starts.", nameof(PeriodEnd));
        PartnerId = partnerId;
        DealVersionId = dealVersionId;
        PeriodStart = periodStart;
        PeriodEnd = periodEnd;
        Basis = Guard.Defined(basis, nameof(Basis));
        Amount = Guard.NotNegative(amount, nameof(Amount));
        Currency = currency;
        CalculatedAt = calculatedAt;
        Status = CommissionStatus.Calculated;
    }

    /// <summary>A lot-based line built from its breakdown; the amount is derived, never typed in.</summary>
    public static CommissionLine ForLots(int partnerId, int dealVersionId, DateOnly periodStart, DateOnly periodEnd,
        IEnumerable<CommissionLotItem> items, SubIbShare? share, string currency, DateTime calculatedAt)
    {
        var list = items.ToList();
        if (list.Count == 0) throw new DomainException("A lot-based line needs at least one instrument class.", nameof(LotItems));
        var gross = list.Sum(i => i.Amount);
        var net = gross + (share?.SignedAmount ?? 0m);
        var line = new CommissionLine(partnerId, dealVersionId, periodStart, periodEnd, CommissionBasis.Lots, net, currency, calculatedAt)
        {
            GrossAmount = gross,
            ShareDirection = share?.Direction,
            SharePercent = share?.Percent,
            ShareAmount = share?.Amount,
            SharePartnerId = share?.CounterpartPartnerId,
        };
        line._lotItems.AddRange(list);
        return line;
    }

    public long Id { get; private set; }
    public int PartnerId { get; private set; }
    public int DealVersionId { get; private set; }
    public DealVersion? DealVersion { get; private set; }
    public DateOnly PeriodStart { get; private set; }
    public DateOnly PeriodEnd { get; private set; }
    public CommissionBasis Basis { get; private set; }
    /// <summary>CPA: qualifying FTDs. RevShare: not used.</summary>
    public int? Quantity { get; init; }
    /// <summary>CPA: amount per FTD. RevShare: the percentage.</summary>
    public decimal? Rate { get; init; }
    /// <summary>RevShare: the net gaming revenue the percentage applies to.</summary>
    public decimal? BaseAmount { get; init; }
    /// <summary>Lots: the sum of the breakdown before the sub-IB share.</summary>
    public decimal? GrossAmount { get; private set; }
    public ShareDirection? ShareDirection { get; private set; }
    public decimal? SharePercent { get; private set; }
    public decimal? ShareAmount { get; private set; }
    /// <summary>The sub-IB the share went to, or came from.</summary>
    public int? SharePartnerId { get; private set; }
    public decimal Amount { get; private set; }
    public string Currency { get; private set; } = "USD";
    public CommissionStatus Status { get; private set; }
    public DateTime CalculatedAt { get; private set; }
    public string? ApprovedById { get; private set; }
    public DateTime? ApprovedAt { get; private set; }
    public string? RejectedById { get; private set; }
    public DateTime? RejectedAt { get; private set; }
    public string? RejectionReason { get; private set; }
    /// <summary>The payout paying this line now (null when none, or after that payout failed).</summary>
    public long? PayoutId { get; private set; }
    public Payouts.Payout? Payout { get; private set; }
    public DateTime? PaidAt { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyCollection<CommissionLotItem> LotItems => _lotItems;

    public void Approve(string approvedById, DateTime at)
    {
        if (Status != CommissionStatus.Calculated)
            throw new DomainException($"Only a calculated line can be approved; this one is {Status}.");
        Status = CommissionStatus.Approved;
        ApprovedById = approvedById;
        ApprovedAt = at;
        Version++;
    }

    public void Reject(string rejectedById, string reason, DateTime at)
    {
        if (Status != CommissionStatus.Calculated)
            throw new DomainException($"Only a calculated line can be rejected; this one is {Status}.");
        RejectionReason = Guard.Required(reason, "Reason", 500);
        Status = CommissionStatus.Rejected;
        RejectedById = rejectedById;
        RejectedAt = at;
        Version++;
    }

    /// <summary>Puts the line in a payout. Only an approved line that no other payout is paying.</summary>
    internal void AttachTo(Payouts.Payout payout)
    {
        if (Status != CommissionStatus.Approved)
            throw new DomainException($"Only approved lines can be paid; line {Id} is {Status}.");
        if (PayoutId is not null || (Payout is not null && !ReferenceEquals(Payout, payout)))
            throw new DomainException($"Line {Id} is already in payout {PayoutId}.");
        Payout = payout;
        Version++;
    }

    internal void MarkPaid(DateTime at)
    {
        if (Status != CommissionStatus.Approved)
            throw new DomainException($"Only approved lines can be paid; line {Id} is {Status}.");
        Status = CommissionStatus.Paid;
        PaidAt = at;
        Version++;
    }

    /// <summary>A failed payout releases its lines so they can be paid again.</summary>
    internal void Release()
    {
        if (Status != CommissionStatus.Approved) return;
        Payout = null;
        PayoutId = null;
        Version++;
    }
}

public enum ShareDirection { PassedDown = 1, ReceivedFromSubIb = 2 }

/// <summary>
/// The sub-IB share on a lot-based line: <see cref="ShareDirection.PassedDown"/> reduces the master's
/// line, <see cref="ShareDirection.ReceivedFromSubIb"/> adds an override from a sub-IB's trading.
/// </summary>
public sealed record SubIbShare(ShareDirection Direction, decimal Percent, decimal Amount, int CounterpartPartnerId)
{
    public decimal SignedAmount => Direction == ShareDirection.PassedDown ? -Amount : Amount;
}

/// <summary>Lots x rate for one instrument class, with the spread condition that applied.</summary>
public class CommissionLotItem
{
    private CommissionLotItem() { }

    public CommissionLotItem(InstrumentClass instrumentClass, decimal lots, decimal ratePerLot, string? spreadCondition)
    {
        InstrumentClass = Guard.Defined(instrumentClass, nameof(InstrumentClass));
        Lots = Guard.NotNegative(lots, nameof(Lots));
        RatePerLot = Guard.NotNegative(ratePerLot, nameof(RatePerLot));
        SpreadCondition = spreadCondition;
        Amount = decimal.Round(lots * ratePerLot, 2, MidpointRounding.AwayFromZero);
    }

    public long Id { get; private set; }
    public long CommissionLineId { get; private set; }
    public InstrumentClass InstrumentClass { get; private set; }
    public decimal Lots { get; private set; }
    public decimal RatePerLot { get; private set; }
    public string? SpreadCondition { get; private set; }
    public decimal Amount { get; private set; }
}
