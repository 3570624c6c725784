using System.Reflection;
using PartnerHub.Domain;
using PartnerHub.Domain.Deals;

namespace PartnerHub.Tests.Domain;

public class DealTests
{
    private static readonly DateOnly Jan1 = new(2026, 1, 1);

    [Theory]
    [InlineData(DealType.Cpa)]
    [InlineData(DealType.RevShare)]
    [InlineData(DealType.Hybrid)]
    [InlineData(DealType.LotBased)]
    public void First_version_is_number_one_and_current(DealType type)
    {
        var deal = Fakes.Deal(type);
        var terms = Fakes.TermsFor(type);

        var v1 = deal.AddVersion(terms, Jan1, "manager-1", Fakes.Now);

        Assert.Equal(1, v1.Number);
        Assert.Same(v1, deal.Current);
        Assert.False(v1.IsSuperseded);
        Assert.Equal(terms.CpaAmount, v1.CpaAmount);
        Assert.Equal(terms.RevSharePercent, v1.RevSharePercent);
        Assert.Equal(terms.LotRates, v1.Terms.LotRates);
        Assert.Equal(Jan1, v1.EffectiveFrom);
    }

    [Fact]
    public void Adding_a_version_supersedes_the_current_one()
    {
        var deal = Fakes.Deal(DealType.Cpa);
        var v1 = deal.AddVersion(Fakes.TermsFor(DealType.Cpa, 1), Jan1, "manager-1", Fakes.Now.AddDays(-2));

        var v2 = deal.AddVersion(Fakes.TermsFor(DealType.Cpa, 2), Jan1.AddMonths(2), "manager-1", Fakes.Now);

        Assert.Equal(Fakes.Now, v1.SupersededAt);
        Assert.True(v1.IsSuperseded);
        Assert.Null(v2.SupersededAt);
        Assert.Same(v2, deal.Current);
        Assert.Single(deal.Versions, v => !v.IsSuperseded);
    }

    [Fact]
    public void Version_numbers_increase_by_one()
    {
        var deal = Fakes.Deal(DealType.LotBased);

        var numbers = Enumerable.Range(0, 4)
            .Select(i => deal.AddVersion(Fakes.TermsFor(DealType.LotBased, i), Jan1.AddMonths(i), "manager-1", Fakes.Now.AddHours(i)).Number)
            .ToList();

        Assert.Equal(new[] { 1, 2, 3, 4 }, numbers);
        Assert.Equal(4, deal.Current!.Number);
    }

    [Fact]
    public void Effective_date_before_the_current_version_is_refused()
    {
        var deal = Fakes.Deal(DealType.RevShare);
        var v1 = deal.AddVersion(Fakes.TermsFor(DealType.RevShare), Jan1.AddMonths(1), "manager-1", Fakes.Now);

        var ex = Assert.Throws<DomainException>(() =>
            deal.AddVersion(Fakes.TermsFor(DealType.RevShare, 2), Jan1, "manager-1", Fakes.Now.AddHours(1)));

        Assert.Equal("EffectiveFrom", ex.Field);
        Assert.Same(v1, deal.Current);
        Assert.False(v1.IsSuperseded);
        Assert.Single(deal.Versions);
    }

    [Fact]
    public void Effective_date_equal_to_the_current_version_is_accepted()
    {
        var deal = Fakes.Deal(DealType.RevShare);
        deal.AddVersion(Fakes.TermsFor(DealType.RevShare), Jan1, "manager-1", Fakes.Now);

        var v2 = deal.AddVersion(Fakes.TermsFor(DealType.RevShare, 2), Jan1, "manager-1", Fakes.Now.AddHours(1));

        Assert.Same(v2, deal.Current);
    }

    [Fact]
    public void Invalid_terms_leave_the_current_version_in_force()
    {
        var deal = Fakes.Deal(DealType.Cpa);
        var v1 = deal.AddVersion(Fakes.TermsFor(DealType.Cpa), Jan1, "manager-1", Fakes.Now);

        Assert.Throws<DomainException>(() =>
            deal.AddVersion(Fakes.TermsFor(DealType.Cpa) with { CpaAmount = -1m }, Jan1.AddMonths(1), "manager-1", Fakes.Now.AddHours(1)));

        Assert.Same(v1, deal.Current);
        Assert.Null(v1.SupersededAt);
    }

    [Fact]
    public void Lot_based_deal_without_rates_is_refused()
    {
        var deal = Fakes.Deal(DealType.LotBased);

        var ex = Assert.Throws<DomainException>(() =>
            deal.AddVersion(Fakes.TermsFor(DealType.LotBased) with { LotRates = [] }, Jan1, "manager-1", Fakes.Now));

        Assert.Equal("LotRates", ex.Field);
        Assert.Empty(deal.Versions);
    }

    [Fact]
    public void Negative_CPA_amount_is_refused()
    {
        var ex = Assert.Throws<DomainException>(() => (Fakes.TermsFor(DealType.Cpa) with { CpaAmount = -50m }).Validate(DealType.Cpa));

        Assert.Equal("CpaAmount", ex.Field);
    }

    [Theory]
    [InlineData(DealType.Cpa)]
    [InlineData(DealType.Hybrid)]
    public void CPA_deal_without_an_amount_is_refused(DealType type)
    {
        var ex = Assert.Throws<DomainException>(() => (Fakes.TermsFor(type) with { CpaAmount = null }).Validate(type));

        Assert.Equal("CpaAmount", ex.Field);
    }

    [Theory]
    [InlineData(100.01)]
    [InlineData(150)]
    [InlineData(-1)]
    public void RevShare_outside_zero_to_one_hundred_percent_is_refused(double percent)
    {
        var terms = Fakes.TermsFor(DealType.RevShare) with { RevSharePercent = (decimal)percent };

        var ex = Assert.Throws<DomainException>(() => terms.Validate(DealType.RevShare));

        Assert.Equal("RevSharePercent", ex.Field);
    }

    [Fact]
    public void RevShare_of_exactly_one_hundred_percent_is_accepted()
    {
        var terms = Fakes.TermsFor(DealType.RevShare) with { RevSharePercent = 100m };

        terms.Validate(DealType.RevShare);
    }

    [Theory]
    [InlineData(DealType.RevShare)]
    [InlineData(DealType.Hybrid)]
    public void RevShare_deal_without_a_percentage_is_refused(DealType type)
    {
        var ex = Assert.Throws<DomainException>(() => (Fakes.TermsFor(type) with { RevSharePercent = null }).Validate(type));

        Assert.Equal("RevSharePercent", ex.Field);
    }

    [Fact]
    public void Sub_IB_share_above_one_hundred_percent_is_refused()
    {
        var ex = Assert.Throws<DomainException>(() =>
            (Fakes.TermsFor(DealType.LotBased) with { SubIbSharePercent = 101m }).Validate(DealType.LotBased));

        Assert.Equal("SubIbSharePercent", ex.Field);
    }

    [Fact]
    public void Duplicate_instrument_class_is_refused()
    {
        var terms = Fakes.TermsFor(DealType.LotBased) with
        {
            LotRates = [new LotRateTerm(InstrumentClass.FxMajors, 8m), new LotRateTerm(InstrumentClass.Metals, 5m), new LotRateTerm(InstrumentClass.FxMajors, 7m)],
        };

        var ex = Assert.Throws<DomainException>(() => terms.Validate(DealType.LotBased));

        Assert.Equal("LotRates", ex.Field);
    }

    [Fact]
    public void Negative_lot_rate_or_spread_condition_is_refused()
    {
        var negativeRate = Fakes.TermsFor(DealType.LotBased) with { LotRates = [new LotRateTerm(InstrumentClass.FxMajors, -1m)] };
        var negativeSpread = Fakes.TermsFor(DealType.LotBased) with { LotRates = [new LotRateTerm(InstrumentClass.FxMajors, 8m, -0.5m)] };

        Assert.Equal("LotRates", Assert.Throws<DomainException>(() => negativeRate.Validate(DealType.LotBased)).Field);
        Assert.Equal("LotRates", Assert.Throws<DomainException>(() => negativeSpread.Validate(DealType.LotBased)).Field);
    }

    [Fact]
    public void Unknown_instrument_class_is_refused()
    {
        var terms = Fakes.TermsFor(DealType.LotBased) with { LotRates = [new LotRateTerm((InstrumentClass)42, 8m)] };

        var ex = Assert.Throws<DomainException>(() => terms.Validate(DealType.LotBased));

        Assert.Equal("InstrumentClass", ex.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("US")]
    [InlineData("USDT")]
    public void Terms_currency_must_have_three_letters(string currency)
    {
        var ex = Assert.Throws<DomainException>(() => (Fakes.TermsFor(DealType.Cpa) with { Currency = currency }).Validate(DealType.Cpa));

        Assert.Equal("Currency", ex.Field);
    }

    [Fact]
    public void Unknown_deal_type_is_refused()
    {
        var ex = Assert.Throws<DomainException>(() => new Deal(1, "Some deal", (DealType)9, Fakes.Now));

        Assert.Equal("Type", ex.Field);
    }

    [Fact]
    public void A_superseded_version_keeps_its_supersession_time_when_later_versions_are_added()
    {
        var deal = Fakes.Deal(DealType.Hybrid);
        var v1 = deal.AddVersion(Fakes.TermsFor(DealType.Hybrid, 1), Jan1, "manager-1", Fakes.Now);
        deal.AddVersion(Fakes.TermsFor(DealType.Hybrid, 2), Jan1.AddMonths(1), "manager-1", Fakes.Now.AddDays(1));

        deal.AddVersion(Fakes.TermsFor(DealType.Hybrid, 3), Jan1.AddMonths(2), "manager-1", Fakes.Now.AddDays(2));

        Assert.Equal(Fakes.Now.AddDays(1), v1.SupersededAt);
        Assert.Equal(new DateTime?[] { Fakes.Now.AddDays(1), Fakes.Now.AddDays(2), null }, deal.Versions.OrderBy(v => v.Number).Select(v => v.SupersededAt));
    }

    [Fact]
    public void A_superseded_version_cannot_be_superseded_again()
    {
        var deal = Fakes.Deal(DealType.Cpa);
        var v1 = deal.AddVersion(Fakes.TermsFor(DealType.Cpa, 1), Jan1, "manager-1", Fakes.Now);
        deal.AddVersion(Fakes.TermsFor(DealType.Cpa, 2), Jan1.AddMonths(1), "manager-1", Fakes.Now.AddDays(1));

        // Supersede is internal (only Deal.AddVersion calls it); reach it directly to prove the version guards itself.
        var supersede = typeof(DealVersion).GetMethod("Supersede", BindingFlags.Instance | BindingFlags.NonPublic)!;
        var ex = Assert.Throws<TargetInvocationException>(() => supersede.Invoke(v1, [Fakes.Now.AddDays(5)]));

        Assert.IsType<DomainException>(ex.InnerException);
        Assert.Equal(Fakes.Now.AddDays(1), v1.SupersededAt);
    }

    [Fact]
    public void Version_currency_is_upper_cased()
    {
        var deal = Fakes.Deal(DealType.Cpa);

        var v1 = deal.AddVersion(Fakes.TermsFor(DealType.Cpa) with { Currency = "eur" }, Jan1, "manager-1", Fakes.Now);

        Assert.Equal("EUR", v1.Currency);
    }
}
