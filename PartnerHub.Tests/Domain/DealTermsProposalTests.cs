using PartnerHub.Domain;
using PartnerHub.Domain.Deals;

namespace PartnerHub.Tests.Domain;

/// <summary>The proposal state machine: every transition, and every refusal leaves the proposal and the deal as they were.</summary>
public class DealTermsProposalTests
{
    private static readonly DateTime Now = Fakes.Now;
    private static readonly DateOnly Today = DateOnly.FromDateTime(Fakes.Now);
    private const int MinNotice = 14;

    private static readonly DealTerms Old = new(null, null, 30m, "USD", [new LotRateTerm(InstrumentClass.FxMajors, 9m, 1.2m)]);
    private static readonly DealTerms New = new(null, null, 30m, "USD",
        [new LotRateTerm(InstrumentClass.FxMajors, 10m, 1.2m), new LotRateTerm(InstrumentClass.Metals, 11m)]);

    private static (Deal Deal, DealTermsProposal Proposal) Proposed(DeadlineDefault afterDeadline = DeadlineDefault.KeepCurrent,
        bool hold = false, ProposalMode mode = ProposalMode.Propose)
    {
        var deal = Fakes.Deal(DealType.LotBased);
        deal.AddVersion(Old, Today.AddDays(-60), "manager-1", Now.AddDays(-60));
        var p = DealTermsProposal.Create(deal, mode, New, "FX majors +1.00 per lot; metals added.", Today.AddDays(14), Today.AddDays(21),
            afterDeadline, MinNotice, null, "manager-1", Now, holdPayoutsPastDeadline: hold);
        return (deal, p);
    }

    private static string Text(Deal deal, DealTermsProposal p) => DealTermsText.Render(deal.Name, p, Old, false);

    private static TermsEvidence Evidence(DateTime at, string digest = "") => new(digest, at, "partner-user", "Pat Partner", "203.0.113.7");

    private static DomainException Refused(Action act) => Assert.Throws<DomainException>(act);

    [Fact]
    public void A_proposal_starts_proposed_with_its_notice_and_creates_no_version()
    {
        var (deal, p) = Proposed();

        Assert.Equal(ProposalState.Proposed, p.State);
        Assert.Equal(14, p.NoticeDays);
        Assert.Null(p.ShortNoticeReason);
        Assert.True(p.IsAwaitingPartner);
        Assert.Single(deal.Versions);
        Assert.Equal(New.LotRates, p.Terms.LotRates);
    }

    [Fact]
    public void Accepting_creates_the_version_on_the_effective_date_and_records_the_evidence()
    {
        var (deal, p) = Proposed();
        var text = Text(deal, p);
        var at = Now.AddDays(2);

        var version = p.Accept(deal, deal.PartnerId, DealTermsProposal.DigestOf(text), text, Evidence(at));

        Assert.Equal(ProposalState.Accepted, p.State);
        Assert.Equal(2, version.Number);
        Assert.Equal(Today.AddDays(14), version.EffectiveFrom);
        Assert.Same(version, deal.Current);
        Assert.Same(version, p.ResultingVersion);
        Assert.Equal(DealTermsProposal.DigestOf(text), p.Digest);
        Assert.Equal(64, p.Digest!.Length);
        Assert.Equal(at, p.AnsweredAt);
        Assert.Equal("partner-user", p.AnsweredById);
        Assert.Equal("203.0.113.7", p.AnsweredFromIp);
        Assert.False(p.IsAwaitingPartner);
    }

    [Fact]
    public void Accepting_after_the_effective_date_starts_the_version_on_the_day_of_acceptance()
    {
        var (deal, p) = Proposed();
        var text = Text(deal, p);
        var at = Now.AddDays(17);

        var version = p.Accept(deal, deal.PartnerId, DealTermsProposal.DigestOf(text), text, Evidence(at));

        Assert.Equal(DateOnly.FromDateTime(at), version.EffectiveFrom);
    }

    [Fact]
    public void Declining_records_the_reason_and_keeps_the_current_terms()
    {
        var (deal, p) = Proposed();
        var current = deal.Current;

        p.Decline(deal.PartnerId, "  The metals rate is too low.  ", Evidence(Now.AddDays(1)));

        Assert.Equal(ProposalState.Declined, p.State);
        Assert.Equal("The metals rate is too low.", p.DeclineReason);
        Assert.Equal("partner-user", p.AnsweredById);
        Assert.Same(current, deal.Current);
        Assert.Null(p.ResultingVersion);
    }

    [Fact]
    public void Withdrawing_an_open_proposal_records_who_and_when()
    {
        var (deal, p) = Proposed();

        p.Withdraw("manager-1", Now.AddDays(1));

        Assert.Equal(ProposalState.Withdrawn, p.State);
        Assert.Equal(Now.AddDays(1), p.WithdrawnAt);
        Assert.Equal("manager-1", p.WithdrawnById);
        Assert.Single(deal.Versions);
    }

    [Fact]
    public void Expiring_with_keep_current_creates_no_version()
    {
        var (deal, p) = Proposed(DeadlineDefault.KeepCurrent);

        var version = p.Expire(deal, Now.AddDays(22));

        Assert.Null(version);
        Assert.Equal(ProposalState.Expired, p.State);
        Assert.Single(deal.Versions);
    }

    [Fact]
    public void Expiring_with_apply_new_creates_the_version()
    {
        var (deal, p) = Proposed(DeadlineDefault.ApplyNew);
        var at = Now.AddDays(22);

        var version = p.Expire(deal, at);

        Assert.NotNull(version);
        Assert.Equal(ProposalState.Expired, p.State);
        Assert.Equal(DateOnly.FromDateTime(at), version.EffectiveFrom);
        Assert.Equal(New.LotRates, version.Terms.LotRates);
        Assert.Same(version, deal.Current);
    }

    [Fact]
    public void Apply_mode_creates_the_version_at_once_and_only_awaits_an_acknowledgement()
    {
        var (deal, p) = Proposed(mode: ProposalMode.Apply);
        Assert.Equal(ProposalState.Applied, p.State);
        Assert.Null(p.Deadline);

        var version = p.ApplyNow(deal, Now);
        Assert.Equal(Today.AddDays(14), version.EffectiveFrom);
        Assert.True(p.IsAwaitingPartner);

        var text = DealTermsText.Render(deal.Name, p, Old, false);
        p.Acknowledge(deal.PartnerId, DealTermsProposal.DigestOf(text), text, Evidence(Now.AddDays(1)));
        Assert.Equal(ProposalState.Applied, p.State);
        Assert.Equal(DealTermsProposal.DigestOf(text), p.Digest);
        Assert.False(p.IsAwaitingPartner);
        var twice = Refused(() => p.Acknowledge(deal.PartnerId, DealTermsProposal.DigestOf(text), text, Evidence(Now.AddDays(2))));
        Assert.Equal("You already acknowledged these terms on 3 Mar 2026.", twice.Message);
        Assert.Equal(Now.AddDays(1), p.AnsweredAt);
    }

    [Fact]
    public void Past_its_deadline_a_proposal_that_holds_payouts_keeps_waiting_and_can_still_be_accepted()
    {
        var (deal, p) = Proposed(hold: true);
        var late = Now.AddDays(30);
        Assert.True(p.HoldsPayouts(late));
        Assert.False(p.HoldsPayouts(Now));

        var refused = Refused(() => p.Expire(deal, late));
        Assert.Contains("does not expire", refused.Message, StringComparison.Ordinal);
        var text = Text(deal, p);
        p.Accept(deal, deal.PartnerId, DealTermsProposal.DigestOf(text), text, Evidence(late));

        Assert.Equal(ProposalState.Accepted, p.State);
        Assert.False(p.HoldsPayouts(late));
    }

    // Refusals: a clear message, and nothing changed.

    private static void AssertUnchanged(Deal deal, DealTermsProposal p, ProposalState state)
    {
        Assert.Equal(state, p.State);
        Assert.Single(deal.Versions, v => v.SupersededAt is null);
    }

    [Fact]
    public void Accepting_someone_elses_proposal_is_refused()
    {
        var (deal, p) = Proposed();
        var text = Text(deal, p);

        var ex = Refused(() => p.Accept(deal, deal.PartnerId + 1, DealTermsProposal.DigestOf(text), text, Evidence(Now)));

        Assert.Equal("These terms were proposed to another partner; only that partner can answer them.", ex.Message);
        AssertUnchanged(deal, p, ProposalState.Proposed);
        Assert.Null(p.AnsweredAt);
        Assert.Single(deal.Versions);
    }

    [Fact]
    public void Declining_someone_elses_proposal_is_refused()
    {
        var (deal, p) = Proposed();

        var ex = Refused(() => p.Decline(deal.PartnerId + 1, "No.", Evidence(Now)));

        Assert.Contains("another partner", ex.Message, StringComparison.Ordinal);
        Assert.Null(p.DeclineReason);
    }

    [Fact]
    public void Accepting_twice_is_refused()
    {
        var (deal, p) = Proposed();
        var text = Text(deal, p);
        p.Accept(deal, deal.PartnerId, DealTermsProposal.DigestOf(text), text, Evidence(Now));
        var answered = p.AnsweredAt;

        var ex = Refused(() => p.Accept(deal, deal.PartnerId, DealTermsProposal.DigestOf(text), text, Evidence(Now.AddHours(1))));

        Assert.Equal("You already accepted these terms on 2 Mar 2026.", ex.Message);
        Assert.Equal(2, deal.Versions.Count);
        Assert.Equal(answered, p.AnsweredAt);
    }

    [Fact]
    public void Accepting_after_withdrawal_is_refused()
    {
        var (deal, p) = Proposed();
        var text = Text(deal, p);
        p.Withdraw("manager-1", Now);

        var ex = Refused(() => p.Accept(deal, deal.PartnerId, DealTermsProposal.DigestOf(text), text, Evidence(Now.AddHours(1))));

        Assert.Equal("The manager withdrew this proposal on 2 Mar 2026; it can no longer be accepted.", ex.Message);
        AssertUnchanged(deal, p, ProposalState.Withdrawn);
        Assert.Single(deal.Versions);
        Assert.Null(p.Digest);
    }

    [Fact]
    public void Accepting_after_expiry_is_refused()
    {
        var (deal, p) = Proposed();
        var text = Text(deal, p);
        p.Expire(deal, Now.AddDays(22));

        var ex = Refused(() => p.Accept(deal, deal.PartnerId, DealTermsProposal.DigestOf(text), text, Evidence(Now.AddDays(23))));

        Assert.Equal("This proposal expired after its deadline (23 Mar 2026); it can no longer be accepted.", ex.Message);
        AssertUnchanged(deal, p, ProposalState.Expired);
        Assert.Single(deal.Versions);
    }

    [Fact]
    public void Accepting_past_the_deadline_before_the_expiry_job_ran_is_refused()
    {
        var (deal, p) = Proposed();
        var text = Text(deal, p);

        var ex = Refused(() => p.Accept(deal, deal.PartnerId, DealTermsProposal.DigestOf(text), text, Evidence(Now.AddDays(22))));

        Assert.Equal("The deadline (23 Mar 2026) has passed; this proposal can no longer be accepted.", ex.Message);
        AssertUnchanged(deal, p, ProposalState.Proposed);
    }

    [Fact]
    public void Accepting_a_text_other_than_the_proposals_is_refused_with_the_current_text()
    {
        var (deal, p) = Proposed();
        var text = Text(deal, p);
        var shown = DealTermsProposal.DigestOf(text.Replace("10.00", "12.00", StringComparison.Ordinal));

        var ex = Assert.Throws<TermsChangedException>(() => p.Accept(deal, deal.PartnerId, shown, text, Evidence(Now)));

        Assert.Equal(text, ex.CurrentText);
        Assert.Contains("changed after the page showed them", ex.Message, StringComparison.Ordinal);
        AssertUnchanged(deal, p, ProposalState.Proposed);
        Assert.Single(deal.Versions);
    }

    [Fact]
    public void Declining_without_a_reason_is_refused()
    {
        var (deal, p) = Proposed();

        var ex = Refused(() => p.Decline(deal.PartnerId, "  ", Evidence(Now)));

        Assert.Equal("Decline reason is required.", ex.Message);
        Assert.Equal(nameof(DealTermsProposal.DeclineReason), ex.Field);
        AssertUnchanged(deal, p, ProposalState.Proposed);
    }

    [Fact]
    public void Declining_after_acceptance_is_refused()
    {
        var (deal, p) = Proposed();
        var text = Text(deal, p);
        p.Accept(deal, deal.PartnerId, DealTermsProposal.DigestOf(text), text, Evidence(Now));

        var ex = Refused(() => p.Decline(deal.PartnerId, "Changed my mind.", Evidence(Now.AddHours(1))));

        Assert.StartsWith("You already accepted these terms", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ProposalState.Accepted, p.State);
        Assert.Null(p.DeclineReason);
    }

    [Theory]
    [InlineData(ProposalState.Accepted, "The partner already accepted this proposal; it can no longer be withdrawn.")]
    [InlineData(ProposalState.Declined, "The partner declined this proposal; there is nothing to withdraw.")]
    [InlineData(ProposalState.Withdrawn, "This proposal is already withdrawn.")]
    [InlineData(ProposalState.Expired, "This proposal expired; there is nothing to withdraw.")]
    public void Withdrawing_an_answered_or_closed_proposal_is_refused(ProposalState state, string message)
    {
        var (deal, p) = Proposed();
        var text = Text(deal, p);
        switch (state)
        {
            case ProposalState.Accepted: p.Accept(deal, deal.PartnerId, DealTermsProposal.DigestOf(text), text, Evidence(Now)); break;
            case ProposalState.Declined: p.Decline(deal.PartnerId, "No.", Evidence(Now)); break;
            case ProposalState.Withdrawn: p.Withdraw("manager-1", Now); break;
            case ProposalState.Expired: p.Expire(deal, Now.AddDays(22)); break;
        }

        var ex = Refused(() => p.Withdraw("manager-1", Now.AddDays(30)));

        Assert.Equal(message, ex.Message);
        Assert.Equal(state, p.State);
    }

    [Fact]
    public void Expiring_before_the_deadline_is_refused()
    {
        var (deal, p) = Proposed(DeadlineDefault.ApplyNew);

        var ex = Refused(() => p.Expire(deal, Now.AddDays(21)));

        Assert.Equal("The deadline (2026-03-23) has not passed yet.", ex.Message);
        AssertUnchanged(deal, p, ProposalState.Proposed);
        Assert.Single(deal.Versions);
    }

    [Fact]
    public void A_notice_below_the_minimum_without_a_reason_is_refused()
    {
        var deal = Fakes.Deal(DealType.LotBased);
        deal.AddVersion(Old, Today.AddDays(-60), "manager-1", Now.AddDays(-60));

        var ex = Refused(() => DealTermsProposal.Create(deal, ProposalMode.Propose, New, "Raise.", Today.AddDays(7), Today.AddDays(10),
            DeadlineDefault.KeepCurrent, MinNotice, "   ", "manager-1", Now));

        Assert.Equal("7 days' notice is below the program's minimum of 14 days; give a reason for the shorter notice.", ex.Message);
        Assert.Equal(nameof(DealTermsProposal.ShortNoticeReason), ex.Field);
        Assert.Single(deal.Versions);
    }

    [Fact]
    public void A_notice_below_the_minimum_with_a_reason_is_accepted_and_keeps_the_reason()
    {
        var deal = Fakes.Deal(DealType.LotBased);
        deal.AddVersion(Old, Today.AddDays(-60), "manager-1", Now.AddDays(-60));

        var p = DealTermsProposal.Create(deal, ProposalMode.Propose, New, "Raise.", Today.AddDays(7), Today.AddDays(10),
            DeadlineDefault.KeepCurrent, MinNotice, "Partner asked for the raise before month end.", "manager-1", Now);

        Assert.Equal(7, p.NoticeDays);
        Assert.Equal("Partner asked for the raise before month end.", p.ShortNoticeReason);
    }

    [Fact]
    public void A_deadline_before_the_effective_date_is_refused()
    {
        var deal = Fakes.Deal(DealType.LotBased);
        deal.AddVersion(Old, Today.AddDays(-60), "manager-1", Now.AddDays(-60));

        var ex = Refused(() => DealTermsProposal.Create(deal, ProposalMode.Propose, New, "Raise.", Today.AddDays(14), Today.AddDays(13),
            DeadlineDefault.KeepCurrent, MinNotice, null, "manager-1", Now));

        Assert.Equal("The deadline (2026-03-15) cannot be before the effective date (2026-03-16).", ex.Message);
        Assert.Equal(nameof(DealTermsProposal.Deadline), ex.Field);
    }

    [Fact]
    public void A_proposal_without_a_summary_or_with_unchanged_terms_is_refused()
    {
        var deal = Fakes.Deal(DealType.LotBased);
        deal.AddVersion(Old, Today.AddDays(-60), "manager-1", Now.AddDays(-60));

        Assert.Equal("Summary is required.", Refused(() => DealTermsProposal.Create(deal, ProposalMode.Propose, New, " ", Today.AddDays(14),
            Today.AddDays(14), DeadlineDefault.KeepCurrent, MinNotice, null, "manager-1", Now)).Message);
        Assert.Equal("The new terms are the same as the current terms.", Refused(() => DealTermsProposal.Create(deal, ProposalMode.Propose, Old,
            "Same.", Today.AddDays(14), Today.AddDays(14), DeadlineDefault.KeepCurrent, MinNotice, null, "manager-1", Now)).Message);
    }

    [Fact]
    public void The_terms_text_is_stable_and_names_the_changes()
    {
        var (deal, p) = Proposed();

        var text = Text(deal, p);

        Assert.Equal(text, Text(deal, p));
        Assert.Contains("Effective from: 2026-03-16\n", text, StringComparison.Ordinal);
        Assert.Contains("Answer by: 2026-03-23 (end of day, UTC)\n", text, StringComparison.Ordinal);
        Assert.Contains("  FX majors rate per lot: 9.00 USD/lot -> 10.00 USD/lot\n", text, StringComparison.Ordinal);
        Assert.Contains("  Metals: — -> 11.00 USD/lot\n", text, StringComparison.Ordinal);
        Assert.Contains("FX majors +1.00 per lot; metals added.", text, StringComparison.Ordinal);
        Assert.NotEqual(DealTermsProposal.DigestOf(text), DealTermsProposal.DigestOf(text.Replace("10.00", "10.01", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_derived_sub_ib_proposal_takes_its_share_of_the_masters_rates()
    {
        var derived = DealTermsProposal.Derive(New, 40m, "Atlas Markets");

        Assert.Equal(40m, derived.SubIbSharePercent);
        Assert.Equal([new LotRateTerm(InstrumentClass.FxMajors, 4m, 1.2m), new LotRateTerm(InstrumentClass.Metals, 4.4m)], derived.LotRates);
        Assert.Equal("USD", derived.Currency);
    }
}
