using PartnerHub.Domain.Deals;

namespace PartnerHub.Tests.Domain;

/// <summary>The diff between two versions' terms: what the side-by-side view highlights and the DealTermsUpdated event carries.</summary>
public class DealDiffTests
{
    private static readonly DealTerms Master = new(null, null, 30m, "USD",
    [
        new LotRateTerm(InstrumentClass.FxMajors, 9m, null),
        new LotRateTerm(InstrumentClass.Metals, 11m, 3.0m),
    ], "Master IB terms agreed at onboarding.");

    private static readonly DealTerms HybridTerms = new(150m, 25m, null, "USD", [], "Hybrid terms.");

    [Theory]
    [InlineData(DealType.Cpa, 1)]
    [InlineData(DealType.RevShare, 2)]
    [InlineData(DealType.Hybrid, 3)]
    [InlineData(DealType.LotBased, 4)]
    public void Identical_terms_have_no_changes(DealType type, int seed)
    {
        var terms = Fakes.TermsFor(type, seed);
        var copy = terms with { LotRates = terms.LotRates.Reverse().ToList() };

        Assert.Empty(DealService.Diff(terms, copy));
    }

    [Fact]
    public void A_changed_CPA_shows_old_and_new_amounts()
    {
        var change = Assert.Single(DealService.Diff(HybridTerms, HybridTerms with { CpaAmount = 175m }));

        Assert.Equal(new TermChange("CpaAmount", "CPA", TermChangeKind.Changed, "150.00 USD", "175.00 USD"), change);
    }

    [Fact]
    public void A_CPA_added_to_a_RevShare_deal_and_a_RevShare_removed_are_reported_as_such()
    {
        var revShare = new DealTerms(null, 30m, null, "EUR", []);
        var cpa = new DealTerms(80m, null, null, "EUR", []);

        var changes = DealService.Diff(revShare, cpa);

        Assert.Equal(
            [
                new TermChange("CpaAmount", "CPA", TermChangeKind.Added, null, "80.00 EUR"),
                new TermChange("RevSharePercent", "RevShare", TermChangeKind.Removed, "30 %", null),
            ],
            changes);
    }

    [Fact]
    public void A_changed_sub_IB_share_is_reported_as_a_percentage()
    {
        var change = Assert.Single(DealService.Diff(Master, Master with { SubIbSharePercent = 35m }));

        Assert.Equal(new TermChange("SubIbSharePercent", "Sub-IB share", TermChangeKind.Changed, "30 %", "35 %"), change);
    }

    [Fact]
    public void A_changed_currency_is_reported_with_the_amounts_in_each_currency()
    {
        var changes = DealService.Diff(HybridTerms, HybridTerms with { Currency = "EUR" });

        Assert.Contains(new TermChange("Currency", "Currency", TermChangeKind.Changed, "USD", "EUR"), changes);
        Assert.Contains(new TermChange("CpaAmount", "CPA", TermChangeKind.Changed, "150.00 USD", "150.00 EUR"), changes);
    }

    [Fact]
    public void Changed_notes_are_reported_but_blank_notes_equal_no_notes()
    {
        Assert.Equal(
            [new TermChange("Notes", "Notes", TermChangeKind.Changed, "Hybrid terms.", "CPA part raised.")],
            DealService.Diff(HybridTerms, HybridTerms with { Notes = "CPA part raised." }));
        Assert.Empty(DealService.Diff(HybridTerms with { Notes = null }, HybridTerms with { Notes = "   " }));
    }

    [Fact]
    public void An_instrument_class_added_shows_its_rate_and_spread_condition()
    {
        var newer = Master with { LotRates = [.. Master.LotRates, new LotRateTerm(InstrumentClass.Indices, 4m, 1.5m)] };

        var change = Assert.Single(DealService.Diff(Master, newer));

        Assert.Equal(new TermChange("LotRates.Indices", "Indices", TermChangeKind.Added, null, "4.00 USD/lot (spread ≤ 1.5 pips)"), change);
    }

    [Fact]
    public void An_instrument_class_removed_shows_the_rate_it_had()
    {
        var newer = Master with { LotRates = [Master.LotRates[0]] };

        var change = Assert.Single(DealService.Diff(Master, newer));

        Assert.Equal(new TermChange("LotRates.Metals", "Metals", TermChangeKind.Removed, "11.00 USD/lot (spread ≤ 3.0 pips)", null), change);
    }

    [Fact]
    public void A_changed_rate_per_lot_is_reported_for_its_instrument_class()
    {
        var newer = Master with { LotRates = [Master.LotRates[0], Master.LotRates[1] with { RatePerLot = 12.5m }] };

        var change = Assert.Single(DealService.Diff(Master, newer));

        Assert.Equal(new TermChange("LotRates.Metals.RatePerLot", "Metals rate per lot", TermChangeKind.Changed, "11.00 USD/lot", "12.50 USD/lot"), change);
    }

    [Fact]
    public void A_changed_spread_condition_is_reported_separately_from_the_rate()
    {
        var newer = Master with { LotRates = [Master.LotRates[0] with { RatePerLot = 10m, MaxSpreadPips = 1.2m }, Master.LotRates[1]] };

        var changes = DealService.Diff(Master, newer);

        Assert.Equal(
            [
                new TermChange("LotRates.FxMajors.RatePerLot", "FX majors rate per lot", TermChangeKind.Changed, "9.00 USD/lot", "10.00 USD/lot"),
                new TermChange("LotRates.FxMajors.MaxSpreadPips", "FX majors spread condition", TermChangeKind.Changed, "no spread condition", "spread ≤ 1.2 pips"),
            ],
            changes);
    }

    [Fact]
    public void Side_by_side_rows_cover_every_term_and_mark_only_the_changed_ones()
    {
        var newer = Master with { LotRates = [Master.LotRates[0], new LotRateTerm(InstrumentClass.Crypto, 6m)], SubIbSharePercent = 35m };

        var rows = DealService.SideBySide(Master, newer, DealService.ShareLabel(isSubIbDeal: false));

        Assert.Equal(["CPA", "RevShare", "Share passed to sub-IBs", "Currency", "FX majors", "Metals", "Crypto", "Notes"], rows.Select(r => r.Label));
        Assert.Equal(["Share passed to sub-IBs", "Metals", "Crypto"], rows.Where(r => r.Changed).Select(r => r.Label));
        var crypto = rows.Single(r => r.Label == "Crypto");
        Assert.Equal(("—", "6.00 USD/lot"), (crypto.Left, crypto.Right));
    }
}
