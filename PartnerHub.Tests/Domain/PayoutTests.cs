using PartnerHub.Domain;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;

namespace PartnerHub.Tests.Domain;

public class PayoutTests
{
    private const int PartnerId = 11;

    [Fact]
    public void Payout_for_approved_lines_is_requested_for_their_sum()
    {
        var lines = Fakes.ApprovedLines(PartnerId, 3);

        var payout = Payout.ForLines(PartnerId, lines, "usd", PayoutMethod.Crypto, Fakes.Now);

        Assert.Equal(PayoutStatus.Requested, payout.Status);
        Assert.Equal(lines.Sum(l => l.Amount), payout.Amount);
        Assert.Equal("USD", payout.Currency);
        Assert.Equal(lines, payout.Lines);
    }

    [Fact]
    public void Payout_refuses_lines_that_are_not_approved()
    {
        var lines = Fakes.ApprovedLines(PartnerId, 2);
        lines.Add(Fakes.CommissionLines(PartnerId, 99).Generate());

        Assert.Throws<DomainException>(() => Payout.ForLines(PartnerId, lines, "USD", PayoutMethod.BankWire, Fakes.Now));
    }

    [Fact]
    public void Payout_refuses_a_rejected_line()
    {
        var rejected = Fakes.CommissionLines(PartnerId).Generate();
        rejected.Reject("manager-1", "Fraud", Fakes.Now);

        Assert.Throws<DomainException>(() => Payout.ForLines(PartnerId, [rejected], "USD", PayoutMethod.BankWire, Fakes.Now));
    }

    [Fact]
    public void Payout_refuses_another_partners_lines()
    {
        var lines = Fakes.ApprovedLines(PartnerId, 2);
        lines.AddRange(Fakes.ApprovedLines(PartnerId + 1, 1, 5));

        Assert.Throws<DomainException>(() => Payout.ForLines(PartnerId, lines, "USD", PayoutMethod.BankWire, Fakes.Now));
    }

    [Fact]
    public void Payout_refuses_lines_already_claimed_by_another_payout()
    {
        var lines = Fakes.ApprovedLines(PartnerId, 2);
        var first = Payout.ForLines(PartnerId, lines, "USD", PayoutMethod.BankWire, Fakes.Now);
        Assert.All(lines, l => Assert.Same(first, l.Payout));

        // Paying the same commission twice: the second payout must not accept a line the first one holds.
        Assert.Throws<DomainException>(() => Payout.ForLines(PartnerId, [lines[0]], "USD", PayoutMethod.Crypto, Fakes.Now.AddMinutes(1)));
    }

    [Fact]
    public void Payout_without_lines_is_refused()
    {
        Assert.Throws<DomainException>(() => Payout.ForLines(PartnerId, [], "USD", PayoutMethod.BankWire, Fakes.Now));
    }

    [Fact]
    public void Payout_goes_requested_processing_paid_and_pays_its_lines()
    {
        var lines = Fakes.ApprovedLines(PartnerId, 2);
        var payout = Payout.ForLines(PartnerId, lines, "USD", PayoutMethod.BankWire, Fakes.Now);

        payout.StartProcessing(Fakes.Now.AddHours(1));
        Assert.Equal(PayoutStatus.Processing, payout.Status);
        Assert.Equal(Fakes.Now.AddHours(1), payout.ProcessingAt);

        payout.MarkPaid("  WIRE-2026-0042 ", Fakes.Now.AddHours(2));

        Assert.Equal(PayoutStatus.Paid, payout.Status);
        Assert.Equal("WIRE-2026-0042", payout.Reference);
        Assert.Equal(Fakes.Now.AddHours(2), payout.PaidAt);
        Assert.All(lines, l =>
        {
            Assert.Equal(CommissionStatus.Paid, l.Status);
            Assert.Equal(Fakes.Now.AddHours(2), l.PaidAt);
        });
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Marking_paid_without_a_reference_is_refused(string reference)
    {
        var lines = Fakes.ApprovedLines(PartnerId, 2);
        var payout = Payout.ForLines(PartnerId, lines, "USD", PayoutMethod.BankWire, Fakes.Now);
        payout.StartProcessing(Fakes.Now);

        var ex = Assert.Throws<DomainException>(() => payout.MarkPaid(reference, Fakes.Now.AddHours(1)));

        Assert.Equal("Reference", ex.Field);
        Assert.Equal(PayoutStatus.Processing, payout.Status);
        Assert.All(lines, l => Assert.Equal(CommissionStatus.Approved, l.Status));
    }

    [Fact]
    public void Marking_paid_without_processing_first_is_refused()
    {
        var lines = Fakes.ApprovedLines(PartnerId, 1);
        var payout = Payout.ForLines(PartnerId, lines, "USD", PayoutMethod.BankWire, Fakes.Now);

        Assert.Throws<DomainException>(() => payout.MarkPaid("WIRE-1", Fakes.Now));

        Assert.Equal(PayoutStatus.Requested, payout.Status);
        Assert.Equal(CommissionStatus.Approved, lines[0].Status);
    }

    [Fact]
    public void Processing_cannot_start_twice()
    {
        var payout = Payout.ForLines(PartnerId, Fakes.ApprovedLines(PartnerId, 1), "USD", PayoutMethod.BankWire, Fakes.Now);
        payout.StartProcessing(Fakes.Now);

        Assert.Throws<DomainException>(() => payout.StartProcessing(Fakes.Now.AddHours(1)));

        Assert.Equal(Fakes.Now, payout.ProcessingAt);
    }

    [Fact]
    public void Failed_payout_releases_its_lines_to_be_paid_again()
    {
        var lines = Fakes.ApprovedLines(PartnerId, 2);
        var payout = Payout.ForLines(PartnerId, lines, "USD", PayoutMethod.BankWire, Fakes.Now);
        Assert.All(lines, l => Assert.Same(payout, l.Payout));
        payout.StartProcessing(Fakes.Now.AddHours(1));

        payout.MarkFailed("IBAN rejected by the beneficiary bank", Fakes.Now.AddHours(2));

        Assert.Equal(PayoutStatus.Failed, payout.Status);
        Assert.Equal(Fakes.Now.AddHours(2), payout.FailedAt);
        Assert.All(lines, l =>
        {
            Assert.Null(l.PayoutId);
            Assert.Equal(CommissionStatus.Approved, l.Status);
        });
        var retry = Payout.ForLines(PartnerId, lines, "USD", PayoutMethod.Crypto, Fakes.Now.AddDays(1));
        Assert.Equal(payout.Amount, retry.Amount);
    }

    [Fact]
    public void Requested_payout_can_fail_too()
    {
        var payout = Payout.ForLines(PartnerId, Fakes.ApprovedLines(PartnerId, 1), "USD", PayoutMethod.BankWire, Fakes.Now);

        payout.MarkFailed("Partner closed the account", Fakes.Now);

        Assert.Equal(PayoutStatus.Failed, payout.Status);
    }

    [Fact]
    public void Failing_without_a_reason_is_refused()
    {
        var payout = Payout.ForLines(PartnerId, Fakes.ApprovedLines(PartnerId, 1), "USD", PayoutMethod.BankWire, Fakes.Now);

        var ex = Assert.Throws<DomainException>(() => payout.MarkFailed(" ", Fakes.Now));

        Assert.Equal("Reason", ex.Field);
        Assert.Equal(PayoutStatus.Requested, payout.Status);
    }

    [Fact]
    public void Paid_payout_cannot_fail_and_its_lines_stay_paid()
    {
        var lines = Fakes.ApprovedLines(PartnerId, 2);
        var payout = Payout.ForLines(PartnerId, lines, "USD", PayoutMethod.BankWire, Fakes.Now);
        payout.StartProcessing(Fakes.Now);
        payout.MarkPaid("WIRE-7", Fakes.Now);

        Assert.Throws<DomainException>(() => payout.MarkFailed("Oops", Fakes.Now.AddHours(1)));

        Assert.Equal(PayoutStatus.Paid, payout.Status);
        Assert.All(lines, l =>
        {
            Assert.Equal(CommissionStatus.Paid, l.Status);
            Assert.Same(payout, l.Payout);
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-25)]
    public void Payout_amount_must_be_positive(int amount)
    {
        var ex = Assert.Throws<DomainException>(() => new Payout(PartnerId, amount, "USD", PayoutMethod.BankWire, Fakes.Now));

        Assert.Equal("Amount", ex.Field);
    }

    [Fact]
    public void Payout_of_zero_amount_lines_is_refused()
    {
        var line = new CommissionLine(PartnerId, 1, new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28), CommissionBasis.Cpa, 0m, "USD", Fakes.Now);
        line.Approve("manager-1", Fakes.Now);

        var ex = Assert.Throws<DomainException>(() => Payout.ForLines(PartnerId, [line], "USD", PayoutMethod.BankWire, Fakes.Now));

        Assert.Equal("Amount", ex.Field);
    }

    [Fact]
    public void Unknown_payout_method_is_refused()
    {
        var ex = Assert.Throws<DomainException>(() => new Payout(PartnerId, 10m, "USD", (PayoutMethod)0, Fakes.Now));

        Assert.Equal("Method", ex.Field);
    }
}
