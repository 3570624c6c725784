using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Domain.Payouts;

public enum PayoutStatus { Requested = 1, Processing = 2, Paid = 3, Failed = 4 }

/// <summary>
/// A payment to a partner for a set of approved commission lines.
/// Requested -> Processing -> Paid (reference required) or Failed (reason required).
/// <see cref="Items"/> is the permanent record of what the payout contained (it survives a failure);
/// <see cref="CommissionLine.PayoutId"/> only says which payout is paying a line right now.
/// </summary>
public class Payout
{
    private readonly List<PayoutItem> _items = [];

    private Payout() { }

    public Payout(int partnerId, decimal amount, string currency, PayoutMethod method, DateTime requestedAt)
    {
        PartnerId = partnerId;
        Amount = Guard.Positive(amount, nameof(Amount));
        Currency = Guard.Required(currency, nameof(Currency), 3).ToUpperInvariant();
        Method = Guard.Defined(method, nameof(Method));
        RequestedAt = requestedAt;
        Status = PayoutStatus.Requested;
    }

    /// <summary>A payout for exactly these approved lines; its amount is their sum.</summary>
    public static Payout ForLines(int partnerId, IReadOnlyCollection<CommissionLine> lines, string currency, PayoutMethod method, DateTime requestedAt)
    {
        if (lines.Count == 0) throw new DomainException("A payout needs at least one approved commission line.");
        if (lines.Any(l => l.PartnerId != partnerId)) throw new DomainException("A payout can only pay the partner's own lines.");
        if (lines.Any(l => l.Status != CommissionStatus.Approved)) throw new DomainException("Only approved lines can be paid.");
        if (lines.FirstOrDefault(l => l.PayoutId is not null || l.Payout is not null) is { } claimed)
            throw new DomainException($"Commission line {claimed.Id} is already in payout {claimed.PayoutId}.");
        var payout = new Payout(partnerId, lines.Sum(l => l.Amount), currency, method, requestedAt);
        foreach (var line in lines)
        {
            line.AttachTo(payout);
            payout._items.Add(new PayoutItem(line));
        }
        return payout;
    }

    public long Id { get; private set; }
    public int PartnerId { get; private set; }
    public decimal Amount { get; private set; }
    public string Currency { get; private set; } = "USD";
    public PayoutMethod Method { get; private set; }
    public PayoutStatus Status { get; private set; }
    public string? Reference { get; private set; }
    public string? FailureReason { get; private set; }
    public DateTime RequestedAt { get; private set; }
    public DateTime? ProcessingAt { get; private set; }
    public DateTime? PaidAt { get; private set; }
    public DateTime? FailedAt { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyCollection<PayoutItem> Items => _items;

    /// <summary>The lines this payout contains. Requires <c>Items.Line</c> loaded (Include(p => p.Items).ThenInclude(i => i.Line)).</summary>
    public IEnumerable<CommissionLine> Lines =>
        _items.Select(i => i.Line ?? throw new InvalidOperationException("Load the payout with Items.Line to use its lines."));

    public void StartProcessing(DateTime at)
    {
        if (Status != PayoutStatus.Requested)
            throw new DomainException($"Only a requested payout can start processing; this one is {Status}.");
        Status = PayoutStatus.Processing;
        ProcessingAt = at;
        Version++;
    }

    /// <summary>Marks the payout paid and its lines with it. Requires <see cref="Lines"/> loaded.</summary>
    public void MarkPaid(string reference, DateTime at)
    {
        if (Status != PayoutStatus.Processing)
            throw new DomainException($"Only a payout in processing can be marked paid; this one is {Status}.");
        Reference = Guard.Required(reference, nameof(Reference), 100);
        foreach (var line in Lines) line.MarkPaid(at);
        Status = PayoutStatus.Paid;
        PaidAt = at;
        Version++;
    }

    public void MarkFailed(string reason, DateTime at)
    {
        if (Status is not (PayoutStatus.Requested or PayoutStatus.Processing))
            throw new DomainException($"A {Status} payout cannot fail.");
        FailureReason = Guard.Required(reason, "Reason", 500);
        foreach (var line in Lines) line.Release();
        Status = PayoutStatus.Failed;
        FailedAt = at;
        Version++;
    }
}

/// <summary>One line in a payout, with the amount it contributed. Kept for good, also when the payout fails.</summary>
public class PayoutItem
{
    private PayoutItem() { }

    internal PayoutItem(CommissionLine line)
    {
        Line = line;
        CommissionLineId = line.Id;
        Amount = line.Amount;
    }

    public long PayoutId { get; private set; }
    public long CommissionLineId { get; private set; }
    public CommissionLine? Line { get; private set; }
    public decimal Amount { get; private set; }
}
