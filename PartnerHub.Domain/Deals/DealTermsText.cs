using System.Globalization;
using System.Text;

namespace PartnerHub.Domain.Deals;

/// <summary>
/// The canonical plain-text rendering of a proposal: what the portal shows as "the exact terms" and what an acceptance's
/// SHA-256 digest is computed over. Invariant culture and "\n" line ends, so the same proposal always gives the same bytes.
/// Anything that would change what the partner agrees to (the terms, the dates, the default, the summary, the version it
/// replaces) is in it.
/// </summary>
public static class DealTermsText
{
    public static string Render(string dealName, DealTermsProposal proposal, DealTerms? baseTerms, bool isSubIbDeal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var terms = proposal.Terms;
        var sb = new StringBuilder();
        void Line(string text) => sb.Append(text).Append('\n');
        void Field(string label, string? value) => Line($"{label}: {value ?? "—"}");

        Line(proposal.Mode == ProposalMode.Propose ? "PROPOSED DEAL TERMS" : "APPLIED DEAL TERMS");
        Field("Deal", $"{dealName.Trim()} (#{proposal.DealId.ToString(CultureInfo.InvariantCulture)})");
        Field("Proposal", "#" + proposal.Id.ToString(CultureInfo.InvariantCulture));
        Field("Replaces", proposal.BaseVersionNumber is { } n ? "version " + n.ToString(CultureInfo.InvariantCulture) : "no earlier version");
        Field("Effective from", Date(proposal.EffectiveFrom));
        if (proposal.Mode == ProposalMode.Propose)
        {
            Field("Answer by", Date(proposal.Deadline!.Value) + " (end of day, UTC)");
            Field("If not answered by then", proposal.HoldsPayoutsPastDeadline
                ? "payouts are held until you answer"
                : proposal.AfterDeadline == DeadlineDefault.ApplyNew ? "the new terms apply" : "the current terms stay");
        }
        Line("");
        Line("Summary:");
        foreach (var l in proposal.Summary.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')) Line("  " + l.TrimEnd());
        Line("");
        Line("Terms:");
        Field("  CPA", DealService.Money(terms.CpaAmount, terms.Currency));
        Field("  RevShare", DealService.Percent(terms.RevSharePercent));
        Field("  " + DealService.ShareLabel(isSubIbDeal), DealService.Percent(terms.SubIbSharePercent));
        Field("  Currency", terms.Currency);
        if (terms.LotRates.Count == 0) Field("  Lot rates", null);
        foreach (var r in terms.LotRates.OrderBy(r => r.InstrumentClass))
            Field("  " + r.InstrumentClass.Display(), DealService.LotRate(r, terms.Currency));
        Field("  Notes", string.IsNullOrWhiteSpace(terms.Notes) ? null : terms.Notes.Trim().Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", " / ", StringComparison.Ordinal));
        Line("");
        if (baseTerms is null)
        {
            Line("Changes: first terms of this deal.");
        }
        else
        {
            var changes = DealService.Diff(baseTerms, terms);
            Line($"Changes from version {proposal.BaseVersionNumber?.ToString(CultureInfo.InvariantCulture)}:");
            foreach (var c in changes)
                Line($"  {c.Label}: {c.Old ?? "—"} -> {c.New ?? "—"}");
        }
        return sb.ToString();
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
