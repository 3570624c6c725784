using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Partners;
using PartnerHub.Tests.Domain;

namespace PartnerHub.Tests.Integration;

/// <summary>Deal terms the partner accepts, through the service on SQLite: the evidence stored, what is audited and published, and every refusal.</summary>
public class DealTermsServiceTests(DealTermsServiceTests.Data data) : IClassFixture<DealTermsServiceTests.Data>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(SqliteDatabase.Start.UtcDateTime);

    internal static readonly DealTerms MasterTerms = new(null, null, 30m, "USD",
        [new LotRateTerm(InstrumentClass.FxMajors, 9m, 1.2m), new LotRateTerm(InstrumentClass.Metals, 11m)], "Onboarding terms.");

    internal static readonly DealTerms Raised = MasterTerms with
    {
        LotRates = [new LotRateTerm(InstrumentClass.FxMajors, 10m, 1.2m), new LotRateTerm(InstrumentClass.Metals, 12m)],
        Notes = "FX majors +1.00, metals +1.00 per lot.",
    };

    public sealed class Data : SqliteDatabase
    {
        public Actor Manager { get; private set; } = default!;
        public Actor OtherManager { get; private set; } = default!;
        public Actor Admin { get; private set; } = default!;
        private readonly Bogus.Faker<Partner> partners = Fakes.Partners(7316);

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Manager = await AddActorAsync(Roles.Manager);
            OtherManager = await AddActorAsync(Roles.Manager);
            Admin = await AddActorAsync(Roles.Admin);
        }

        /// <summary>A partner managed by <see cref="Manager"/>, with its own login, and a lot-based deal with one version.</summary>
        public async Task<(Partner Partner, Actor Login, Deal Deal)> PartnerWithDealAsync(Deal? parentDeal = null, decimal share = 30m)
        {
            var now = Clock.GetUtcNow().UtcDateTime.AddDays(-60);
            await using var db = CreateContext();
            var partner = partners.Generate();
            partner.AssignManager(Manager.UserId, null, now);
            db.Partners.Add(partner);
            await db.SaveChangesAsync();
            var deal = new Deal(partner.Id, parentDeal is null ? "IB rebate agreement" : "Sub-IB rebates", DealType.LotBased, now, parentDeal?.Id);
            var terms = parentDeal is null ? MasterTerms : DealTermsProposal.Derive(MasterTerms, share, "master");
            deal.AddVersion(terms, Today.AddDays(-60), Manager.UserId, now);
            db.Deals.Add(deal);
            await db.SaveChangesAsync();
            var login = await AddActorAsync(Roles.Partner, partner.Id);
            return (partner, login, deal);
        }

        public async Task<(int Versions, int Proposals, int Audit, int Events)> CountsAsync(int partnerId)
        {
            await using var db = CreateContext();
            return (await db.DealVersions.CountAsync(v => v.Deal!.PartnerId == partnerId),
                await db.DealTermsProposals.CountAsync(p => p.PartnerId == partnerId),
                await db.AuditLog.CountAsync(a => a.PartnerId == partnerId),
                await db.DomainEvents.CountAsync(e => e.PartnerId == partnerId));
        }
    }

    private DealTermsService Service(TimeProvider? clock = null, DealTermsOptions? options = null) =>
        new(data.Factory, clock ?? data.Clock, options ?? new DealTermsOptions());

    internal static TermsProposalDraft Draft(int dealId, DealTerms? terms = null, int notice = 14, int deadlineAfter = 7, string? reason = null,
        DeadlineDefault afterDeadline = DeadlineDefault.KeepCurrent, ProposalMode mode = ProposalMode.Propose) =>
        new(dealId, mode, terms ?? Raised, "FX majors and metals up by 1.00 per lot.", Today.AddDays(notice), Today.AddDays(notice + deadlineAfter),
            afterDeadline, reason);

    private async Task<TermsProposalView> ShownAsync(Actor login, int proposalId) =>
        (await Service().AwaitingAsync(login, login.PartnerId!.Value)).Single(v => v.Id == proposalId);

    [Fact]
    public async Task Accepting_records_the_version_the_digest_of_the_text_shown_the_time_the_ip_and_the_user()
    {
        var (partner, login, deal) = await data.PartnerWithDealAsync();
        var id = await Service().ProposeAsync(data.Manager, Draft(deal.Id));
        var shown = await ShownAsync(login, id);

        await Service().AcceptAsync(login, id, shown.TextDigest);

        var history = await Service().HistoryAsync(data.Manager, partner.Id);
        var accepted = Assert.Single(history);
        Assert.Equal(ProposalState.Accepted, accepted.State);
        Assert.Equal(2, accepted.ResultingVersionNumber);
        Assert.Equal(shown.TextDigest, accepted.Digest);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(shown.Text))), accepted.Digest);
        Assert.Equal(data.Clock.GetUtcNow().UtcDateTime, accepted.AnsweredAt);
        Assert.Equal(login.Name, accepted.AnsweredByName);
        Assert.Equal("127.0.0.1", accepted.AnsweredFromIp);

        await using var db = data.CreateContext();
        var current = await db.DealVersions.Include(v => v.LotRates).SingleAsync(v => v.DealId == deal.Id && v.SupersededAt == null);
        Assert.Equal(2, current.Number);
        Assert.Equal(Today.AddDays(14), current.EffectiveFrom);
        Assert.Equal(Raised.LotRates, current.Terms.LotRates);
        var audit = await db.AuditLog.Where(a => a.PartnerId == partner.Id).OrderBy(a => a.Id).Select(a => new { a.Action, a.UserId, a.Details }).ToListAsync();
        Assert.Equal(["deal.terms-proposed", "deal.terms-accepted"], audit.Select(a => a.Action));
        Assert.Equal(login.UserId, audit[1].UserId);
        Assert.Contains(shown.TextDigest, audit[1].Details, StringComparison.Ordinal);
        var events = await db.DomainEvents.Where(e => e.PartnerId == partner.Id).OrderBy(e => e.Id).Select(e => new { e.Type, e.Payload }).ToListAsync();
        Assert.Equal([EventTypes.DealTermsProposed, EventTypes.DealTermsAccepted], events.Select(e => e.Type));
        using var payload = JsonDocument.Parse(events[1].Payload);
        Assert.Equal(2, payload.RootElement.GetProperty("number").GetInt32());
    }

    [Fact]
    public async Task A_text_that_changed_after_the_page_showed_it_is_refused_with_the_new_text_and_nothing_is_written()
    {
        var (partner, login, deal) = await data.PartnerWithDealAsync();
        var id = await Service().ProposeAsync(data.Manager, Draft(deal.Id));
        var shown = await ShownAsync(login, id);
        var before = await data.CountsAsync(partner.Id);

        var ex = await Assert.ThrowsAsync<TermsChangedException>(() => Service().AcceptAsync(login, id, DealTermsProposal.DigestOf("an older text")));

        Assert.Equal(shown.Text, ex.CurrentText);
        Assert.Equal(before, await data.CountsAsync(partner.Id));
        Assert.Equal(ProposalState.Proposed, (await ShownAsync(login, id)).State);
    }

    [Fact]
    public async Task Another_partners_login_or_an_operator_cannot_answer_and_nothing_is_written()
    {
        var (partner, login, deal) = await data.PartnerWithDealAsync();
        var (_, otherLogin, _) = await data.PartnerWithDealAsync();
        var id = await Service().ProposeAsync(data.Manager, Draft(deal.Id));
        var shown = await ShownAsync(login, id);
        var before = await data.CountsAsync(partner.Id);

        var ex = await Assert.ThrowsAsync<DomainException>(() => Service().AcceptAsync(otherLogin, id, shown.TextDigest));
        Assert.Equal("These terms were proposed to another partner; only that partner can answer them.", ex.Message);
        await Assert.ThrowsAsync<DomainException>(() => Service().DeclineAsync(otherLogin, id, "Not mine."));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service().AcceptAsync(data.Manager, id, shown.TextDigest));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service().HistoryAsync(otherLogin, partner.Id));

        Assert.Equal(before, await data.CountsAsync(partner.Id));
    }

    [Fact]
    public async Task Accepting_twice_and_accepting_after_withdrawal_are_refused_and_nothing_is_written()
    {
        var (partner, login, deal) = await data.PartnerWithDealAsync();
        var id = await Service().ProposeAsync(data.Manager, Draft(deal.Id));
        var shown = await ShownAsync(login, id);
        await Service().AcceptAsync(login, id, shown.TextDigest);
        var afterAccept = await data.CountsAsync(partner.Id);

        var twice = await Assert.ThrowsAsync<DomainException>(() => Service().AcceptAsync(login, id, shown.TextDigest));
        Assert.Equal("You already accepted these terms on 2 Mar 2026.", twice.Message);
        Assert.Equal(afterAccept, await data.CountsAsync(partner.Id));

        var second = await Service().ProposeAsync(data.Manager, Draft(deal.Id, Raised with { SubIbSharePercent = 35m }, notice: 20));
        var shownSecond = await ShownAsync(login, second);
        await Service().WithdrawAsync(data.Manager, second);
        var afterWithdraw = await data.CountsAsync(partner.Id);

        var late = await Assert.ThrowsAsync<DomainException>(() => Service().AcceptAsync(login, second, shownSecond.TextDigest));
        Assert.Equal("The manager withdrew this proposal on 2 Mar 2026; it can no longer be accepted.", late.Message);
        Assert.Equal(afterWithdraw, await data.CountsAsync(partner.Id));
        Assert.Empty(await Service().AwaitingAsync(login, partner.Id));
    }

    [Fact]
    public async Task Accepting_after_expiry_is_refused_and_expiry_applies_the_chosen_default()
    {
        var (keepPartner, keepLogin, keepDeal) = await data.PartnerWithDealAsync();
        var (applyPartner, _, applyDeal) = await data.PartnerWithDealAsync();
        var keep = await Service().ProposeAsync(data.Manager, Draft(keepDeal.Id, afterDeadline: DeadlineDefault.KeepCurrent));
        var apply = await Service().ProposeAsync(data.Manager, Draft(applyDeal.Id, afterDeadline: DeadlineDefault.ApplyNew));
        var shown = await ShownAsync(keepLogin, keep);
        var later = new FakeClock(SqliteDatabase.Start.AddDays(22));

        var scan = await Service(later).ScanDeadlinesAsync();

        Assert.True(scan.Expired >= 2);
        var kept = Assert.Single(await Service(later).HistoryAsync(data.Manager, keepPartner.Id));
        Assert.Equal(ProposalState.Expired, kept.State);
        Assert.Null(kept.ResultingVersionNumber);
        var applied = Assert.Single(await Service(later).HistoryAsync(data.Manager, applyPartner.Id));
        Assert.Equal(ProposalState.Expired, applied.State);
        Assert.Equal(2, applied.ResultingVersionNumber);
        var before = await data.CountsAsync(keepPartner.Id);
        var ex = await Assert.ThrowsAsync<DomainException>(() => Service(later).AcceptAsync(keepLogin, keep, shown.TextDigest));
        Assert.Equal("This proposal expired after its deadline (23 Mar 2026); it can no longer be accepted.", ex.Message);
        Assert.Equal(before, await data.CountsAsync(keepPartner.Id));
        Assert.Equal(0, (await Service(later).ScanDeadlinesAsync()).Expired);
    }

    [Fact]
    public async Task The_reminder_before_the_deadline_is_sent_once()
    {
        var (partner, _, deal) = await data.PartnerWithDealAsync();
        await Service().ProposeAsync(data.Manager, Draft(deal.Id, deadlineAfter: 2));
        var nearDeadline = new FakeClock(SqliteDatabase.Start.AddDays(14));

        await Service(nearDeadline).ScanDeadlinesAsync();
        await Service(nearDeadline).ScanDeadlinesAsync();

        await using var db = data.CreateContext();
        Assert.Equal(1, await db.DomainEvents.CountAsync(e => e.PartnerId == partner.Id && e.Type == EventTypes.DealTermsReminder));
    }

    [Fact]
    public async Task Declining_keeps_the_current_terms_and_tells_the_manager_why()
    {
        var (partner, login, deal) = await data.PartnerWithDealAsync();
        var id = await Service().ProposeAsync(data.Manager, Draft(deal.Id));

        await Service().DeclineAsync(login, id, "The metals rate is still below the market.");

        var declined = Assert.Single(await Service().HistoryAsync(data.Manager, partner.Id));
        Assert.Equal(ProposalState.Declined, declined.State);
        Assert.Equal("The metals rate is still below the market.", declined.DeclineReason);
        await using var db = data.CreateContext();
        Assert.Equal(1, await db.DealVersions.CountAsync(v => v.DealId == deal.Id));
        var e = await db.DomainEvents.SingleAsync(x => x.PartnerId == partner.Id && x.Type == EventTypes.DealTermsDeclined);
        Assert.Contains("The metals rate is still below the market.", e.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Short_notice_needs_a_reason_that_is_audited_and_a_deadline_before_the_effective_date_is_refused()
    {
        var (partner, _, deal) = await data.PartnerWithDealAsync();
        var before = await data.CountsAsync(partner.Id);

        var noReason = await Assert.ThrowsAsync<DomainException>(() => Service().ProposeAsync(data.Manager, Draft(deal.Id, notice: 5)));
        Assert.Equal("5 days' notice is below the program's minimum of 14 days; give a reason for the shorter notice.", noReason.Message);
        var badDeadline = await Assert.ThrowsAsync<DomainException>(() => Service().ProposeAsync(data.Manager,
            Draft(deal.Id) with { Deadline = Today.AddDays(10) }));
        Assert.Equal("The deadline (2026-03-12) cannot be before the effective date (2026-03-16).", badDeadline.Message);
        Assert.Equal(before, await data.CountsAsync(partner.Id));

        await Service().ProposeAsync(data.Manager, Draft(deal.Id, notice: 5, reason: "Regulatory change on the 7th."));
        await using var db = data.CreateContext();
        var audit = await db.AuditLog.SingleAsync(a => a.PartnerId == partner.Id && a.Action == "deal.terms-proposed");
        Assert.Contains("Regulatory change on the 7th.", audit.Details, StringComparison.Ordinal);
        Assert.Contains("\"noticeDays\":5", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_partners_manager_or_an_admin_proposes_and_withdraws_and_one_proposal_waits_at_a_time()
    {
        var (partner, _, deal) = await data.PartnerWithDealAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => Service().ProposeAsync(data.OtherManager, Draft(deal.Id)));
        var id = await Service().ProposeAsync(data.Admin, Draft(deal.Id));
        var again = await Assert.ThrowsAsync<DomainException>(() => Service().ProposeAsync(data.Manager, Draft(deal.Id, Raised with { SubIbSharePercent = 40m })));
        Assert.Equal(DealTermsService.OpenProposalMessage, again.Message);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service().WithdrawAsync(data.OtherManager, id));

        await Service().WithdrawAsync(data.Manager, id);
        Assert.Equal(ProposalState.Withdrawn, Assert.Single(await Service().HistoryAsync(data.Manager, partner.Id)).State);
    }

    [Fact]
    public async Task Applied_terms_create_the_version_at_once_and_the_partner_acknowledges_them_with_evidence()
    {
        var (partner, login, deal) = await data.PartnerWithDealAsync();
        var id = await Service().ProposeAsync(data.Manager, Draft(deal.Id, mode: ProposalMode.Apply));
        var shown = await ShownAsync(login, id);
        Assert.Equal(ProposalState.Applied, shown.State);
        Assert.Equal(2, shown.ResultingVersionNumber);
        Assert.Equal(1, await Service().AwaitingCountAsync(login));

        await Service().AcceptAsync(login, id, shown.TextDigest);

        var acknowledged = Assert.Single(await Service().HistoryAsync(data.Manager, partner.Id));
        Assert.True(acknowledged.IsAcknowledged);
        Assert.Equal(shown.TextDigest, acknowledged.Digest);
        Assert.Equal(0, await Service().AwaitingCountAsync(login));
    }

    [Fact]
    public async Task A_master_ibs_proposal_cascades_down_a_three_level_tree_and_the_master_sees_each_answer()
    {
        var (master, masterLogin, masterDeal) = await data.PartnerWithDealAsync();
        var (sub1, sub1Login, sub1Deal) = await data.PartnerWithDealAsync(masterDeal, share: 40m);
        var (sub2, sub2Login, _) = await data.PartnerWithDealAsync(masterDeal, share: 50m);
        var (subSub, _, _) = await data.PartnerWithDealAsync(sub1Deal, share: 50m);
        var (_, strangerLogin, _) = await data.PartnerWithDealAsync();
        var (terminated, _, _) = await data.PartnerWithDealAsync(masterDeal, share: 30m);
        await using (var db = data.CreateContext())
        {
            var t = await db.Partners.SingleAsync(p => p.Id == terminated.Id);
            t.ChangeStatus(PartnerStatus.Terminated, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            await db.SaveChangesAsync();
        }

        var id = await Service().ProposeAsync(data.Manager, Draft(masterDeal.Id));
        Assert.Empty(await Service().HistoryAsync(data.Manager, terminated.Id));

        var sub1Proposal = (await Service().AwaitingAsync(sub1Login, sub1.Id)).Single();
        Assert.Equal(id, sub1Proposal.ParentProposalId);
        Assert.Equal([new LotRateTerm(InstrumentClass.FxMajors, 4m, 1.2m), new LotRateTerm(InstrumentClass.Metals, 4.8m)], sub1Proposal.Terms.LotRates);
        Assert.Equal(40m, sub1Proposal.Terms.SubIbSharePercent);
        Assert.Equal(Today.AddDays(14), sub1Proposal.EffectiveFrom);
        Assert.Equal(Today.AddDays(21), sub1Proposal.Deadline);
        var subSubProposal = Assert.Single(await Service().HistoryAsync(data.Manager, subSub.Id));
        Assert.Equal(sub1Proposal.Id, subSubProposal.ParentProposalId);
        Assert.Equal([new LotRateTerm(InstrumentClass.FxMajors, 2m, 1.2m), new LotRateTerm(InstrumentClass.Metals, 2.4m)], subSubProposal.Terms.LotRates);
        await using (var db = data.CreateContext())
            Assert.Equal(1, await db.DomainEvents.CountAsync(e => e.PartnerId == subSub.Id && e.Type == EventTypes.DealTermsProposed));

        await Service().AcceptAsync(sub1Login, sub1Proposal.Id, sub1Proposal.TextDigest);
        var sub2Proposal = (await Service().AwaitingAsync(sub2Login, sub2.Id)).Single();
        await Service().DeclineAsync(sub2Login, sub2Proposal.Id, "50 % of the new rate is not enough.");

        var status = await Service().SubIbStatusAsync(masterLogin, master.Id);
        Assert.Equal(3, status.Count);
        Assert.Equal(ProposalState.Accepted, status.Single(s => s.PartnerId == sub1.Id).State);
        var declined = status.Single(s => s.PartnerId == sub2.Id);
        Assert.Equal(ProposalState.Declined, declined.State);
        Assert.Equal("50 % of the new rate is not enough.", declined.DeclineReason);
        var pending = status.Single(s => s.PartnerId == subSub.Id);
        Assert.Equal((ProposalState.Proposed, 2), (pending.State, pending.Depth));
        Assert.Equal(status, await Service().SubIbStatusAsync(data.Manager, master.Id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service().SubIbStatusAsync(strangerLogin, master.Id));
        Assert.Equal(ProposalState.Proposed, (await Service().AwaitingAsync(masterLogin, master.Id)).Single().State);
    }

    [Fact]
    public async Task With_the_hold_setting_payouts_are_held_past_the_deadline_show_why_and_are_released_on_acceptance()
    {
        var hold = new DealTermsOptions { HoldPayoutsPastDeadline = true };
        var (partner, login, deal) = await data.PartnerWithDealAsync();
        long payoutId;
        await using (var db = data.CreateContext())
        {
            var payout = new PartnerHub.Domain.Payouts.Payout(partner.Id, 250m, "USD", PayoutMethod.BankWire, data.Clock.GetUtcNow().UtcDateTime);
            db.Payouts.Add(payout);
            await db.SaveChangesAsync();
            payoutId = payout.Id;
        }
        var id = await Service(options: hold).ProposeAsync(data.Manager, Draft(deal.Id));
        var shown = await ShownAsync(login, id);
        var late = new FakeClock(SqliteDatabase.Start.AddDays(25));
        var payouts = new PartnerHub.Domain.Payouts.PayoutService(data.Factory, late);

        var scan = await Service(late, hold).ScanDeadlinesAsync();

        Assert.Equal(1, scan.Held);
        Assert.Equal(ProposalState.Proposed, Assert.Single(await Service(late, hold).HistoryAsync(data.Manager, partner.Id)).State);
        var balance = await payouts.GetBalanceAsync(data.Manager, partner.Id);
        Assert.Equal($"Deal terms proposal #{id} awaits acceptance since its deadline (23 Mar 2026).", balance.HeldReason);
        var refused = await Assert.ThrowsAsync<DomainException>(() => payouts.StartProcessingAsync(data.Manager, payoutId, 0));
        Assert.Equal($"Payouts to this partner are held: Deal terms proposal #{id} awaits acceptance since its deadline (23 Mar 2026).", refused.Message);
        Assert.Equal(0, (await Service(late, hold).ScanDeadlinesAsync()).Held);

        await Service(late, hold).AcceptAsync(login, id, shown.TextDigest);

        Assert.Null((await payouts.GetBalanceAsync(login, partner.Id)).HeldReason);
        await payouts.StartProcessingAsync(data.Manager, payoutId, 0);
        await using var check = data.CreateContext();
        Assert.Equal(PartnerHub.Domain.Payouts.PayoutStatus.Processing, (await check.Payouts.SingleAsync(p => p.Id == payoutId)).Status);
        var actions = await check.AuditLog.Where(a => a.PartnerId == partner.Id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["deal.terms-proposed", "payouts.held", "deal.terms-accepted", "payouts.released", "payout.processing"], actions);
    }

    [Fact]
    public async Task The_terms_history_lists_the_evidence_filters_declined_and_pending_past_deadline_and_exports_audited_csv()
    {
        var (accepting, acceptingLogin, acceptingDeal) = await data.PartnerWithDealAsync();
        var (declining, decliningLogin, decliningDeal) = await data.PartnerWithDealAsync();
        var (waiting, _, waitingDeal) = await data.PartnerWithDealAsync();
        var accepted = await Service().ProposeAsync(data.Manager, Draft(acceptingDeal.Id));
        var shown = await ShownAsync(acceptingLogin, accepted);
        await Service().AcceptAsync(acceptingLogin, accepted, shown.TextDigest);
        var declined = await Service().ProposeAsync(data.Manager, Draft(decliningDeal.Id));
        await Service().DeclineAsync(decliningLogin, declined, "Too low, with a comma.");
        var pending = await Service(options: new DealTermsOptions { HoldPayoutsPastDeadline = true }).ProposeAsync(data.Manager, Draft(waitingDeal.Id));
        var late = new FakeClock(SqliteDatabase.Start.AddDays(25));

        var own = Assert.Single(await Service().EvidenceAsync(acceptingLogin, new TermsEvidenceFilter(accepting.Id)));
        Assert.Equal((accepted, ProposalState.Accepted, shown.TextDigest, "127.0.0.1", 2), (own.ProposalId, own.State, own.Digest, own.AnsweredFromIp, own.VersionNumber));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service().EvidenceAsync(acceptingLogin, new TermsEvidenceFilter()));
        var declinedRows = await Service().EvidenceAsync(data.Manager, new TermsEvidenceFilter(DeclinedOnly: true, ManagerId: data.Manager.UserId));
        Assert.Contains(declinedRows, r => r.ProposalId == declined && r.DeclineReason == "Too low, with a comma.");
        Assert.All(declinedRows, r => Assert.Equal(ProposalState.Declined, r.State));
        var overdue = await Service(late).EvidenceAsync(data.Manager, new TermsEvidenceFilter(PendingPastDeadline: true, Vertical: waiting.Vertical));
        Assert.Contains(overdue, r => r.ProposalId == pending);
        Assert.DoesNotContain(overdue, r => r.ProposalId == accepted || r.ProposalId == declined);
        Assert.Empty(await Service().EvidenceAsync(data.Manager, new TermsEvidenceFilter(declining.Id, ManagerId: data.OtherManager.UserId)));

        using var csv = new MemoryStream();
        await Service().WriteEvidenceCsvAsync(data.Manager, new TermsEvidenceFilter(declining.Id), csv);
        var lines = System.Text.Encoding.UTF8.GetString(csv.ToArray()).TrimEnd().Split('\n');
        Assert.Equal(string.Join(",", DealTermsService.EvidenceCsvHeader), lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"Too low, with a comma.\"", lines[1], StringComparison.Ordinal);
        await using var db = data.CreateContext();
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.PartnerId == declining.Id && a.Action == "deal.terms-exported"));
    }
}
