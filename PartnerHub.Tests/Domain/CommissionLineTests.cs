using PartnerHub.Domain;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;

namespace PartnerHub.Tests.Domain;

public class CommissionLineTests
{
    private const int PartnerId = 7;
    private static readonly DateOnly March1 = new(2026, 3, 1);
    private static readonly DateOnly March31 = new(2026, 3, 31);

    [Fact]
    public void New_line_is_calculated()
    {
        var line = Fakes.CommissionLines(PartnerId).Generate();

        Assert.Equal(CommissionStatus.Calculated, line.Status);
        Assert.Null(line.ApprovedAt);
        Assert.Null(line.PayoutId);
    }

    [Fact]
    public void Calculated_line_can_be_approved()
    {
        var line = Fakes.CommissionLines(PartnerId).Generate();
        var version = line.Version;

        line.Approve("manager-1", Fakes.Now);

        Assert.Equal(CommissionStatus.Approved, line.Status);
        Assert.Equal("manager-1", line.ApprovedById);
        Assert.Equal(Fakes.Now, line.ApprovedAt);
        Assert.True(line.Version > version);
    }

    [Fact]
    public void Approved_line_is_paid_through_a_payout()
    {
        var line = Fakes.ApprovedLines(PartnerId, 1).Single();
        var payout = Payout.ForLines(PartnerId, [line], "USD", PayoutMethod.BankWire, Fakes.Now);
        payout.StartProcessing(Fakes.Now.AddHours(1));

        payout.MarkPaid("WIRE-0001", Fakes.Now.AddHours(2));

        Assert.Equal(CommissionStatus.Paid, line.Status);
        Assert.Equal(Fakes.Now.AddHours(2), line.PaidAt);
    }

    [Fact]
    public void Calculated_line_can_be_rejected_with_a_reason()
    {
        var line = Fakes.CommissionLines(PartnerId).Generate();

        line.Reject("manager-1", "  Chargebacks on 4 of 9 FTDs ", Fakes.Now);

        Assert.Equal(CommissionStatus.Rejected, line.Status);
        Assert.Equal("Chargebacks on 4 of 9 FTDs", line.RejectionReason);
        Assert.Equal("manager-1", line.RejectedById);
        Assert.Equal(Fakes.Now, line.RejectedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Rejecting_without_a_reason_is_refused(string reason)
    {
        var line = Fakes.CommissionLines(PartnerId).Generate();

        var ex = Assert.Throws<DomainException>(() => line.Reject("manager-1", reason, Fakes.Now));

        Assert.Equal("Reason", ex.Field);
        Assert.Equal(CommissionStatus.Calculated, line.Status);
        Assert.Null(line.RejectedAt);
    }

    [Theory]
    [InlineData(CommissionStatus.Approved)]
    [InlineData(CommissionStatus.Rejected)]
    [InlineData(CommissionStatus.Paid)]
    public void Only_a_calculated_line_can_be_approved(CommissionStatus status)
    {
        var line = LineIn(status);
        var approvedAt = line.ApprovedAt;

        Assert.Throws<DomainException>(() => line.Approve("manager-2", Fakes.Now.AddDays(3)));

        Assert.Equal(status, line.Status);
        Assert.Equal(approvedAt, line.ApprovedAt);
    }

    [Theory]
    [InlineData(CommissionStatus.Approved)]
    [InlineData(CommissionStatus.Rejected)]
    [InlineData(CommissionStatus.Paid)]
    public void Only_a_calculated_line_can_be_rejected(CommissionStatus status)
    {
        var line = LineIn(status);

        Assert.Throws<DomainException>(() => line.Reject("manager-2", "Too late", Fakes.Now.AddDays(3)));

        Assert.Equal(status, line.Status);
    }

    [Fact]
    public void Lot_based_line_derives_its_amount_from_lots_times_rate_less_the_share_passed_down()
    {
        // 12.5 lots x 8 = 100, 3 lots x 5 = 15: gross 115; 25 % passed down = 28.75; net 86.25.
        var items = new[]
        {
            new CommissionLotItem(InstrumentClass.FxMajors, 12.5m, 8m, null),
            new CommissionLotItem(InstrumentClass.Metals, 3m, 5m, "spread <= 2.5 pips"),
        };
        var share = new SubIbShare(ShareDirection.PassedDown, 25m, 28.75m, CounterpartPartnerId: 42);

        var line = CommissionLine.ForLots(PartnerId, 3, March1, March31, items, share, "USD", Fakes.Now);

        Assert.Equal(new[] { 100m, 15m }, line.LotItems.Select(i => i.Amount));
        Assert.Equal(115m, line.GrossAmount);
        Assert.Equal(28.75m, line.ShareAmount);
        Assert.Equal(25m, line.SharePercent);
        Assert.Equal(ShareDirection.PassedDown, line.ShareDirection);
        Assert.Equal(42, line.SharePartnerId);
        Assert.Equal(86.25m, line.Amount);
        Assert.Equal(CommissionBasis.Lots, line.Basis);
        Assert.Equal(CommissionStatus.Calculated, line.Status);
    }

    [Fact]
    public void Lot_based_line_adds_an_override_received_from_a_sub_IB()
    {
        var items = new[] { new CommissionLotItem(InstrumentClass.Indices, 40m, 2.5m, null) };
        var share = new SubIbShare(ShareDirection.ReceivedFromSubIb, 10m, 12.40m, CounterpartPartnerId: 43);

        var line = CommissionLine.ForLots(PartnerId, 3, March1, March31, items, share, "USD", Fakes.Now);

        Assert.Equal(100m, line.GrossAmount);
        Assert.Equal(112.40m, line.Amount);
    }

    [Fact]
    public void Lot_based_line_without_a_share_is_its_gross()
    {
        var items = new[] { new CommissionLotItem(InstrumentClass.Crypto, 0.333m, 3m, null) };

        var line = CommissionLine.ForLots(PartnerId, 3, March1, March31, items, null, "USD", Fakes.Now);

        // 0.333 x 3 = 0.999, rounded to cents.
        Assert.Equal(1.00m, line.Amount);
        Assert.Equal(line.GrossAmount, line.Amount);
        Assert.Null(line.ShareDirection);
    }

    [Fact]
    public void Lot_item_amount_rounds_half_cents_away_from_zero()
    {
        Assert.Equal(0.13m, new CommissionLotItem(InstrumentClass.FxMinors, 0.05m, 2.5m, null).Amount); // 0.125
    }

    [Fact]
    public void Lot_based_line_without_items_is_refused()
    {
        var ex = Assert.Throws<DomainException>(() =>
            CommissionLine.ForLots(PartnerId, 3, March1, March31, [], null, "USD", Fakes.Now));

        Assert.Equal("LotItems", ex.Field);
    }

    [Fact]
    public void Share_passed_down_larger_than_the_gross_is_refused()
    {
        var items = new[] { new CommissionLotItem(InstrumentClass.FxMajors, 1m, 8m, null) };
        var share = new SubIbShare(ShareDirection.PassedDown, 100m, 9m, 42);

        var ex = Assert.Throws<DomainException>(() =>
            CommissionLine.ForLots(PartnerId, 3, March1, March31, items, share, "USD", Fakes.Now));

        Assert.Equal("Amount", ex.Field);
    }

    [Fact]
    public void Negative_lots_are_refused()
    {
        var ex = Assert.Throws<DomainException>(() => new CommissionLotItem(InstrumentClass.FxMajors, -1m, 8m, null));

        Assert.Equal("Lots", ex.Field);
    }

    [Fact]
    public void Period_ending_before_it_starts_is_refused()
    {
        var ex = Assert.Throws<DomainException>(() =>
            new CommissionLine(PartnerId, 3, March31, March1, CommissionBasis.Cpa, 100m, "USD", Fakes.Now));

        Assert.Equal("PeriodEnd", ex.Field);
    }

    [Fact]
    public void Negative_amount_is_refused()
    {
        var ex = Assert.Throws<DomainException>(() =>
            new CommissionLine(PartnerId, 3, March1, March31, CommissionBasis.Cpa, -0.01m, "USD", Fakes.Now));

        Assert.Equal("Amount", ex.Field);
    }

    private static CommissionLine LineIn(CommissionStatus status)
    {
        var line = Fakes.CommissionLines(PartnerId, (int)status).Generate();
        switch (status)
        {
            case CommissionStatus.Approved:
                line.Approve("manager-1", Fakes.Now);
                break;
            case CommissionStatus.Rejected:
                line.Reject("manager-1", "Incentivised traffic", Fakes.Now);
                break;
            case CommissionStatus.Paid:
                line.Approve("manager-1", Fakes.Now);
                var payout = Payout.ForLines(PartnerId, [line], "USD", PayoutMethod.BankWire, Fakes.Now);
                payout.StartProcessing(Fakes.Now);
                payout.MarkPaid("REF-1", Fakes.Now);
                break;
        }
        Assert.Equal(status, line.Status);
        return line;
    }
}
