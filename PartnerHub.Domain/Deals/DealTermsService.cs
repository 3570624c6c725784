using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Domain.Deals;

/// <summary>What the operator's "Edit terms" sends: Propose (the partner accepts) or Apply (the partner acknowledges).</summary>
public sealed record TermsProposalDraft(
    int DealId, ProposalMode Mode, DealTerms Terms, string? Summary, DateOnly EffectiveFrom, DateOnly? Deadline,
    DeadlineDefault AfterDeadline, string? ShortNoticeReason, int? ExpectedDealVersion = null);

/// <summary>
/// One proposal as the Deals tab, the portal terms page and the terms history show it. <see cref="Text"/> is the canonical
/// text the partner reads and <see cref="TextDigest"/> its SHA-256: the portal sends that digest back with the answer.
/// </summary>
public sealed record TermsProposalView(
    int Id, int DealId, string DealName, int PartnerId, string PartnerName, bool IsSubIbDeal, ProposalMode Mode, ProposalState State,
    string Summary, DateOnly EffectiveFrom, DateOnly? Deadline, DeadlineDefault AfterDeadline, bool HoldsPayoutsPastDeadline,
    int NoticeDays, string? ShortNoticeReason, DateTime ProposedAt, string? ProposedByName, int? ParentProposalId,
    int? BaseVersionNumber, int? ResultingVersionNumber, DealTerms Terms, DealTerms? BaseTerms, IReadOnlyList<TermChange> Changes,
    string Text, string TextDigest, string? Digest, DateTime? AnsweredAt, string? AnsweredByName, string? AnsweredFromIp,
    string? DeclineReason, DateTime? WithdrawnAt, DateTime? ExpiredAt)
{
    public bool IsAwaitingPartner => State == ProposalState.Proposed || (State == ProposalState.Applied && AnsweredAt is null);
    public bool IsAcknowledged => State == ProposalState.Applied && AnsweredAt is not null;
}

/// <summary>Which proposals the terms history lists: one partner's, or the program's narrowed by state, manager and vertical.</summary>
public sealed record TermsEvidenceFilter(int? PartnerId = null, bool PendingPastDeadline = false, bool DeclinedOnly = false,
    string? ManagerId = null, Vertical? Vertical = null);

/// <summary>One proposal in the printable terms history and its CSV: when proposed, by whom, and the answer's evidence.</summary>
public sealed record TermsEvidenceRow(
    int ProposalId, int PartnerId, string PartnerName, Vertical Vertical, string? ManagerName, string DealName, ProposalMode Mode,
    ProposalState State, DateTime ProposedAt, string? ProposedByName, DateOnly EffectiveFrom, DateOnly? Deadline, int NoticeDays,
    string? ShortNoticeReason, string Summary, DateTime? AnsweredAt, string? AnsweredByName, string? AnsweredFromIp, string? Digest,
    string? DeclineReason, int? VersionNumber, int? ParentProposalId);

/// <summary>What one run of the deadline scanner did.</summary>
public sealed record TermsScanResult(int Expired, int Reminded, int Held);

/// <summary>A sub-IB's derived proposal as its master (or the master's operator) sees it on the network page.</summary>
public sealed record SubIbTermsStatus(int PartnerId, string Name, int Depth, int ProposalId, ProposalState State, DateTime? AnsweredAt, string? DeclineReason);

/// <summary>
/// Terms the partner accepts: proposing or applying new terms (the partner's manager or an admin), the partner's answer
/// with its evidence, withdrawal, and the deadline scanner (expiry and the reminder). Each change is one transaction with
/// its audit entry and an outbox event (the timeline and the notification rules read those). A master IB's proposal is
/// cascaded as derived proposals to every sub-IB deal that derives from it, level by level.
/// </summary>
public sealed class DealTermsService(IDbContextFactory<AppDbContext> factory, TimeProvider clock, DealTermsOptions options)
{
    public const string ChangedMeanwhileMessage = "These terms changed meanwhile; reload the page and try again.";
    public const string OpenProposalMessage = "A proposal for this deal is awaiting the partner's answer; withdraw it before proposing new terms.";

    public DealTermsOptions Options => options;

    /// <summary>
    /// Proposes (or applies) new terms to the deal's partner, and derived terms to the sub-IBs whose deals derive from it.
    /// Refused, with nothing written, for anyone but an admin or the partner's manager, for invalid terms or dates, a notice
    /// below the minimum without a reason, or while another proposal for the deal awaits an answer. Returns the proposal's id.
    /// </summary>
    public async Task<int> ProposeAsync(Actor actor, TermsProposalDraft draft, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        actor.RequireWriter();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var deal = await LoadDealAsync(db, draft.DealId, ct) ?? throw new NotFoundException("Deal not found.");
        var partner = await db.Partners.AsNoTracking().Where(p => p.Id == deal.PartnerId)
            .Select(p => new { p.Id, p.Name, p.ManagerId }).SingleAsync(ct);
        if (!actor.IsAdmin && partner.ManagerId != actor.UserId)
            throw new AccessDeniedException("Only the partner's manager or an admin can change its terms.");
        if (draft.ExpectedDealVersion is { } expected && expected != deal.Version)
            throw new DomainException(DealService.ChangedMeanwhileMessage);
        if (await db.DealTermsProposals.AnyAsync(p => p.DealId == deal.Id && p.State == ProposalState.Proposed, ct))
            throw new DomainException(OpenProposalMessage);

        var terms = DealService.Normalise(draft.Terms);
        var proposal = DealTermsProposal.Create(deal, draft.Mode, terms, draft.Summary, draft.EffectiveFrom, draft.Deadline,
            draft.AfterDeadline, options.MinimumNoticeDays, draft.ShortNoticeReason, actor.UserId, now,
            holdPayoutsPastDeadline: options.HoldPayoutsPastDeadline);
        var version = draft.Mode == ProposalMode.Apply ? proposal.ApplyNow(deal, now) : null;

        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.DealTermsProposals.Add(proposal);
            await db.SaveChangesAsync(ct);
            Recorded(db, actor, now, deal, proposal, partner.Name, version);
            await db.SaveChangesAsync(ct);
            await CascadeAsync(db, actor, now, deal, proposal, partner.Name, ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException(DealService.ChangedMeanwhileMessage);
        }
        return proposal.Id;
    }

    /// <summary>Each deal deriving from <paramref name="masterDeal"/> gets its own derived proposal (its share recomputed), then its own sub-IBs.</summary>
    private async Task CascadeAsync(AppDbContext db, Actor actor, DateTime now, Deal masterDeal, DealTermsProposal parent, string masterName,
        CancellationToken ct)
    {
        var children = await db.Deals
            .Include(d => d.Versions.Where(v => v.SupersededAt == null)).ThenInclude(v => v.LotRates)
            .Where(d => d.ParentDealId == masterDeal.Id).OrderBy(d => d.Id).ToListAsync(ct);
        if (children.Count == 0) return;
        var childPartnerIds = children.Select(c => c.PartnerId).ToList();
        var names = await db.Partners.Where(p => childPartnerIds.Contains(p.Id) && p.Status != PartnerStatus.Terminated)
            .ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var childIds = children.Select(c => c.Id).ToList();
        var open = await db.DealTermsProposals.Where(p => childIds.Contains(p.DealId) && p.State == ProposalState.Proposed).ToListAsync(ct);

        var created = new List<(Deal Deal, DealTermsProposal Proposal)>();
        foreach (var child in children)
        {
            // A terminated sub-IB gets no proposal (and passes none down).
            if (!names.ContainsKey(child.PartnerId) || child.Current is not { SubIbSharePercent: { } share }) continue;
            var pending = open.Where(p => p.DealId == child.Id).ToList();
            // The operator's own proposal to the sub-IB stands; an earlier derived one gives way to this one.
            if (pending.Any(p => p.ParentProposalId is null)) continue;
            DealTermsProposal derived;
            try
            {
                var summary = $"Derived from {masterName}'s new terms ({share:0.##} % share): {parent.Summary}";
                if (summary.Length > DealTermsProposal.MaxSummaryLength) summary = summary[..DealTermsProposal.MaxSummaryLength];
                derived = DealTermsProposal.Create(child, parent.Mode, DealTermsProposal.Derive(parent.Terms, share, masterName), summary,
                    parent.EffectiveFrom, parent.Deadline, parent.AfterDeadline, parent.NoticeDays, null, parent.ProposedById, now, parent.Id,
                    parent.HoldsPayoutsPastDeadline);
                if (parent.Mode == ProposalMode.Apply) derived.ApplyNow(child, now);
            }
            catch (DomainException)
            {
                // Same terms as now (nothing to accept), or a later effective date already scheduled: this sub-IB is left out.
                continue;
            }
            foreach (var p in pending)
            {
                p.Withdraw(actor.UserId, now);
                db.Audit(actor, now, "deal.terms-withdrawn", nameof(Deal), child.Id, child.PartnerId, new { proposalId = p.Id, supersededBy = "cascade" });
            }
            db.DealTermsProposals.Add(derived);
            created.Add((child, derived));
        }
        await db.SaveChangesAsync(ct);
        foreach (var (child, derived) in created)
            Recorded(db, actor, now, child, derived, names.GetValueOrDefault(child.PartnerId, ""), derived.ResultingVersion);
        await db.SaveChangesAsync(ct);
        foreach (var (child, derived) in created)
            await CascadeAsync(db, actor, now, child, derived, names.GetValueOrDefault(child.PartnerId, ""), ct);
    }

    private static void Recorded(AppDbContext db, Actor actor, DateTime now, Deal deal, DealTermsProposal p, string partnerName, DealVersion? version)
    {
        var details = new
        {
            proposalId = p.Id, dealId = deal.Id, mode = p.Mode, effectiveFrom = p.EffectiveFrom, deadline = p.Deadline,
            afterDeadline = p.AfterDeadline, noticeDays = p.NoticeDays, shortNoticeReason = p.ShortNoticeReason,
            holdsPayoutsPastDeadline = p.HoldsPayoutsPastDeadline, parentProposalId = p.ParentProposalId,
            baseVersion = p.BaseVersionNumber, versionId = version?.Id, number = version?.Number, summary = p.Summary, terms = p.Terms,
        };
        db.Audit(actor, now, p.Mode == ProposalMode.Apply ? "deal.terms-applied" : "deal.terms-proposed", nameof(Deal), deal.Id, deal.PartnerId, details);
        db.RecordEvent(actor, now, EventTypes.DealTermsProposed, deal.PartnerId, nameof(DealTermsProposal), p.Id, new
        {
            proposalId = p.Id, dealId = deal.Id, dealName = deal.Name, partnerName, mode = p.Mode, summary = p.Summary,
            effectiveFrom = p.EffectiveFrom, deadline = p.Deadline, noticeDays = p.NoticeDays, shortNoticeReason = p.ShortNoticeReason,
            parentProposalId = p.ParentProposalId, @new = DealService.Summary(p.Terms), number = version?.Number,
        });
    }

    /// <summary>
    /// The partner accepts a proposal (or acknowledges applied terms) whose text it was shown with digest
    /// <paramref name="digestShown"/>. Only the partner's own login; records the digest, time, IP and user. A text that
    /// changed since is refused with <see cref="TermsChangedException"/> carrying the new text. Releases held payouts (audited).
    /// </summary>
    public async Task AcceptAsync(Actor actor, int proposalId, string digestShown, CancellationToken ct = default)
    {
        var partnerId = RequirePartner(actor);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var proposal = await db.DealTermsProposals.SingleOrDefaultAsync(p => p.Id == proposalId, ct) ?? throw new NotFoundException("Proposal not found.");
        var deal = await LoadDealAsync(db, proposal.DealId, ct) ?? throw new NotFoundException("Deal not found.");
        var text = await TextOfAsync(db, deal, proposal, ct);
        var evidence = new TermsEvidence("", now, actor.UserId, actor.Name, actor.IpAddress);
        DealVersion? version = null;
        if (proposal.Mode == ProposalMode.Apply) proposal.Acknowledge(partnerId, digestShown, text, evidence);
        else version = proposal.Accept(deal, partnerId, digestShown, text, evidence);

        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            var action = proposal.Mode == ProposalMode.Apply ? "deal.terms-acknowledged" : "deal.terms-accepted";
            db.Audit(actor, now, action, nameof(Deal), deal.Id, deal.PartnerId, new
            {
                proposalId, dealId = deal.Id, digest = proposal.Digest, ip = actor.IpAddress, versionId = version?.Id ?? proposal.ResultingVersionId,
                number = version?.Number, effectiveFrom = version?.EffectiveFrom,
            });
            db.RecordEvent(actor, now, EventTypes.DealTermsAccepted, deal.PartnerId, nameof(DealTermsProposal), proposalId, new
            {
                proposalId, dealId = deal.Id, dealName = deal.Name, mode = proposal.Mode, summary = proposal.Summary,
                number = version?.Number, effectiveFrom = version?.EffectiveFrom ?? proposal.EffectiveFrom, digest = proposal.Digest,
                acknowledged = proposal.Mode == ProposalMode.Apply,
            });
            await ReleaseHoldAsync(db, actor, now, deal.PartnerId, proposalId, "The partner accepted the terms awaited past their deadline.", ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException(ChangedMeanwhileMessage);
        }
    }

    /// <summary>The partner declines a proposal with a reason (its own login only). The version in force stays.</summary>
    public async Task DeclineAsync(Actor actor, int proposalId, string? reason, CancellationToken ct = default)
    {
        var partnerId = RequirePartner(actor);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var proposal = await db.DealTermsProposals.SingleOrDefaultAsync(p => p.Id == proposalId, ct) ?? throw new NotFoundException("Proposal not found.");
        var dealName = await db.Deals.Where(d => d.Id == proposal.DealId).Select(d => d.Name).SingleAsync(ct);
        proposal.Decline(partnerId, reason, new TermsEvidence("", now, actor.UserId, actor.Name, actor.IpAddress));
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            db.Audit(actor, now, "deal.terms-declined", nameof(Deal), proposal.DealId, proposal.PartnerId, new
            {
                proposalId, dealId = proposal.DealId, reason = proposal.DeclineReason, ip = actor.IpAddress,
            });
            db.RecordEvent(actor, now, EventTypes.DealTermsDeclined, proposal.PartnerId, nameof(DealTermsProposal), proposalId, new
            {
                proposalId, dealId = proposal.DealId, dealName, summary = proposal.Summary, reason = proposal.DeclineReason,
            });
            await ReleaseHoldAsync(db, actor, now, proposal.PartnerId, proposalId, "The partner declined the terms awaited past their deadline.", ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException(ChangedMeanwhileMessage);
        }
    }

    /// <summary>The partner's manager or an admin withdraws an unanswered proposal, with the derived proposals still open under it.</summary>
    public async Task WithdrawAsync(Actor actor, int proposalId, CancellationToken ct = default)
    {
        actor.RequireWriter();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var proposal = await db.DealTermsProposals.SingleOrDefaultAsync(p => p.Id == proposalId, ct) ?? throw new NotFoundException("Proposal not found.");
        var managerId = await db.Partners.Where(p => p.Id == proposal.PartnerId).Select(p => p.ManagerId).SingleAsync(ct);
        if (!actor.IsAdmin && managerId != actor.UserId)
            throw new AccessDeniedException("Only the partner's manager or an admin can withdraw its terms.");
        proposal.Withdraw(actor.UserId, now);
        var withdrawn = new List<DealTermsProposal> { proposal };
        for (var level = new List<int> { proposal.Id }; level.Count > 0;)
        {
            var children = await db.DealTermsProposals
                .Where(p => p.ParentProposalId != null && level.Contains(p.ParentProposalId.Value) && p.State == ProposalState.Proposed).ToListAsync(ct);
            foreach (var c in children) c.Withdraw(actor.UserId, now);
            withdrawn.AddRange(children);
            level = children.Select(c => c.Id).ToList();
        }
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            foreach (var p in withdrawn)
            {
                db.Audit(actor, now, "deal.terms-withdrawn", nameof(Deal), p.DealId, p.PartnerId, new { proposalId = p.Id, dealId = p.DealId, parentProposalId = p.ParentProposalId });
                db.RecordEvent(actor, now, EventTypes.DealTermsWithdrawn, p.PartnerId, nameof(DealTermsProposal), p.Id, new
                {
                    proposalId = p.Id, dealId = p.DealId, summary = p.Summary,
                });
                await ReleaseHoldAsync(db, actor, now, p.PartnerId, p.Id, "The terms awaited past their deadline were withdrawn.", ct);
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException(ChangedMeanwhileMessage);
        }
    }

    /// <summary>
    /// The deadline scanner: proposals past their deadline expire (applying their terms when that is their default; those
    /// that hold payouts keep waiting), and proposals within <see cref="DealTermsOptions.ReminderDaysBeforeDeadline"/> days of
    /// it get one <see cref="EventTypes.DealTermsReminder"/>. One transaction per proposal; safe to run again. Returns how many
    /// expired and how many were reminded.
    /// </summary>
    public async Task<TermsScanResult> ScanDeadlinesAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        int expired = 0, reminded = 0;
        List<int> due;
        await using (var db = await factory.CreateDbContextAsync(ct))
            due = await db.DealTermsProposals.Where(p => p.State == ProposalState.Proposed && p.Deadline < today && !p.HoldsPayoutsPastDeadline)
                .OrderBy(p => p.Id).Select(p => p.Id).Take(1000).ToListAsync(ct);
        foreach (var id in due)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var p = await db.DealTermsProposals.SingleAsync(x => x.Id == id, ct);
            var deal = await LoadDealAsync(db, p.DealId, ct);
            if (deal is null || p.State != ProposalState.Proposed) continue;
            try
            {
                var version = p.Expire(deal, now);
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await db.SaveChangesAsync(ct);
                db.Audit(Actor.System, now, "deal.terms-expired", nameof(Deal), deal.Id, deal.PartnerId, new
                {
                    proposalId = id, afterDeadline = p.AfterDeadline, versionId = version?.Id, number = version?.Number,
                });
                db.RecordEvent(Actor.System, now, EventTypes.DealTermsExpired, deal.PartnerId, nameof(DealTermsProposal), id, new
                {
                    proposalId = id, dealId = deal.Id, dealName = deal.Name, summary = p.Summary, applied = version is not null, number = version?.Number,
                    effectiveFrom = version?.EffectiveFrom,
                });
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                expired++;
            }
            catch (Exception ex) when (ex is DbUpdateConcurrencyException or DomainException)
            {
                // Answered or withdrawn meanwhile: nothing to expire.
            }
        }

        var remindFrom = today.AddDays(options.ReminderDaysBeforeDeadline);
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var soon = await db.DealTermsProposals
                .Where(p => p.State == ProposalState.Proposed && p.ReminderSentAt == null && p.Deadline >= today && p.Deadline <= remindFrom)
                .Join(db.Deals, p => p.DealId, d => d.Id, (p, d) => new { p, d.Name })
                .OrderBy(x => x.p.Id).Take(1000).ToListAsync(ct);
            if (soon.Count > 0)
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                foreach (var x in soon)
                {
                    x.p.MarkReminded(now);
                    db.RecordEvent(Actor.System, now, EventTypes.DealTermsReminder, x.p.PartnerId, nameof(DealTermsProposal), x.p.Id, new
                    {
                        proposalId = x.p.Id, dealId = x.p.DealId, dealName = x.Name, summary = x.p.Summary, deadline = x.p.Deadline,
                        effectiveFrom = x.p.EffectiveFrom,
                    });
                }
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                reminded = soon.Count;
            }
        }
        return new TermsScanResult(expired, reminded, await HoldPayoutsAsync(now, ct));
    }

    /// <summary>Holds the payouts of partners with a proposal awaiting acceptance past its deadline (when it was made to hold them), audited.</summary>
    private async Task<int> HoldPayoutsAsync(DateTime now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(now);
        await using var db = await factory.CreateDbContextAsync(ct);
        var due = await db.DealTermsProposals
            .Where(p => p.State == ProposalState.Proposed && p.HoldsPayoutsPastDeadline && p.Deadline < today)
            .Join(db.Partners.Where(x => x.PayoutsHeldReason == null), p => p.PartnerId, x => x.Id, (p, x) => new { p.Id, p.PartnerId, p.Deadline })
            .OrderBy(x => x.Id).Take(1000).ToListAsync(ct);
        if (due.Count == 0) return 0;
        var partnerIds = due.Select(d => d.PartnerId).Distinct().ToList();
        var partners = await db.Partners.Where(x => partnerIds.Contains(x.Id)).ToListAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var held = 0;
        foreach (var partner in partners)
        {
            var first = due.First(d => d.PartnerId == partner.Id);
            var reason = $"Deal terms proposal #{first.Id} awaits acceptance since its deadline ({first.Deadline:d MMM yyyy}).";
            if (!partner.HoldPayouts(reason, now)) continue;
            db.Audit(Actor.System, now, "payouts.held", "Partner", partner.Id, partner.Id, new { proposalId = first.Id, reason });
            held++;
        }
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return 0; // a partner changed meanwhile: the next run holds it
        }
        return held;
    }

    /// <summary>Releases the partner's held payouts (audited) unless another proposal still holds them.</summary>
    private static async Task ReleaseHoldAsync(AppDbContext db, Actor actor, DateTime now, int partnerId, int proposalId, string why, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(now);
        if (await db.DealTermsProposals.AnyAsync(p => p.PartnerId == partnerId && p.Id != proposalId && p.State == ProposalState.Proposed
                && p.HoldsPayoutsPastDeadline && p.Deadline < today, ct))
            return;
        var partner = await db.Partners.SingleAsync(p => p.Id == partnerId, ct);
        var since = partner.PayoutsHeldSince;
        var reason = partner.PayoutsHeldReason;
        if (!partner.ReleasePayouts()) return;
        db.Audit(actor, now, "payouts.released", "Partner", partnerId, partnerId, new { proposalId, why, heldSince = since, heldReason = reason });
    }

    /// <summary>Every proposal to the partner, newest first, with its text and evidence. Operators, or the partner itself.</summary>
    public async Task<IReadOnlyList<TermsProposalView>> HistoryAsync(Actor actor, int partnerId, CancellationToken ct = default)
    {
        actor.RequireCanRead(partnerId);
        await using var db = await factory.CreateDbContextAsync(ct);
        var ids = await db.DealTermsProposals.Where(p => p.PartnerId == partnerId).Select(p => p.Id).ToListAsync(ct);
        return await ViewsAsync(db, ids, ct);
    }

    /// <summary>What awaits the partner's answer (proposals, and applied terms not yet acknowledged). The partner itself or operators.</summary>
    public async Task<IReadOnlyList<TermsProposalView>> AwaitingAsync(Actor actor, int partnerId, CancellationToken ct = default) =>
        (await HistoryAsync(actor, partnerId, ct)).Where(v => v.IsAwaitingPartner).OrderBy(v => v.Deadline ?? DateOnly.MaxValue).ToList();

    /// <summary>How many answers the signed-in partner owes (the portal banner); 0 for anyone else.</summary>
    public async Task<int> AwaitingCountAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsPartner) return 0;
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.DealTermsProposals.CountAsync(p => p.PartnerId == actor.PartnerId
            && (p.State == ProposalState.Proposed || (p.State == ProposalState.Applied && p.AnsweredAt == null)), ct);
    }

    /// <summary>
    /// The derived proposals under the master's latest proposal, with each sub-IB's answer (any depth). Operators, or the
    /// master itself. Empty when the master has no proposal with derived ones.
    /// </summary>
    public async Task<IReadOnlyList<SubIbTermsStatus>> SubIbStatusAsync(Actor actor, int masterPartnerId, CancellationToken ct = default)
    {
        actor.RequireCanRead(masterPartnerId);
        await using var db = await factory.CreateDbContextAsync(ct);
        var latest = await db.DealTermsProposals.Where(p => p.PartnerId == masterPartnerId && p.ParentProposalId == null
                && db.DealTermsProposals.Any(c => c.ParentProposalId == p.Id))
            .OrderByDescending(p => p.ProposedAt).ThenByDescending(p => p.Id).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        if (latest is null) return [];
        var result = new List<SubIbTermsStatus>();
        var depth = 1;
        for (var level = new List<int> { latest.Value }; level.Count > 0; depth++)
        {
            var rows = await (from p in db.DealTermsProposals
                              where p.ParentProposalId != null && level.Contains(p.ParentProposalId.Value)
                              join partner in db.Partners on p.PartnerId equals partner.Id
                              orderby partner.Name, partner.Id
                              select new { p.Id, p.PartnerId, partner.Name, p.State, p.AnsweredAt, p.DeclineReason }).ToListAsync(ct);
            result.AddRange(rows.Select(r => new SubIbTermsStatus(r.PartnerId, r.Name, depth, r.Id, r.State, r.AnsweredAt, r.DeclineReason)));
            level = rows.Select(r => r.Id).ToList();
        }
        return result;
    }

    /// <summary>At most this many rows on the history page; the CSV has them all.</summary>
    public const int MaxEvidenceRows = 2000;

    /// <summary>
    /// The terms history with its evidence, newest first: one partner's (operators, or the partner itself) or the program's
    /// (operators) filtered by pending past deadline, declined, manager and vertical.
    /// </summary>
    public async Task<IReadOnlyList<TermsEvidenceRow>> EvidenceAsync(Actor actor, TermsEvidenceFilter filter, int max = MaxEvidenceRows,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.PartnerId is { } pid) actor.RequireCanRead(pid);
        else actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await EvidenceQuery(db, filter, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)).Take(max).ToListAsync(ct);
    }

    /// <summary>The managers who look after partners with proposals (the history page's manager filter).</summary>
    public async Task<IReadOnlyList<(string Id, string Name)>> ManagersAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await (from u in db.Users
                          where db.Partners.Any(p => p.ManagerId == u.Id && db.DealTermsProposals.Any(x => x.PartnerId == p.Id))
                          orderby u.DisplayName
                          select new { u.Id, u.DisplayName }).ToListAsync(ct);
        return rows.Select(r => (r.Id, r.DisplayName)).ToList();
    }

    /// <summary>Writes the filtered history as CSV (UTF-8, header row, ISO-8601 UTC times), audited before the first byte.</summary>
    public async Task WriteEvidenceCsvAsync(Actor actor, TermsEvidenceFilter filter, Stream output, CancellationToken ct = default)
    {
        var rows = await EvidenceAsync(actor, filter, int.MaxValue, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            db.Audit(actor, now, "deal.terms-exported", "Partner", filter.PartnerId, filter.PartnerId, new { filter, rows = rows.Count, format = "csv" });
            await db.SaveChangesAsync(ct);
        }
        await using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await writer.WriteLineAsync(string.Join(",", EvidenceCsvHeader));
        foreach (var r in rows)
            await writer.WriteLineAsync(string.Join(",",
                Inv(r.ProposalId), Inv(r.PartnerId), Csv(r.PartnerName), r.Vertical.ToString(), Csv(r.ManagerName), Csv(r.DealName), r.Mode.ToString(),
                r.State.ToString(), Iso(r.ProposedAt), Csv(r.ProposedByName), Day(r.EffectiveFrom), r.Deadline is { } d ? Day(d) : "", Inv(r.NoticeDays),
                Csv(r.ShortNoticeReason), Csv(r.Summary), Iso(r.AnsweredAt), Csv(r.AnsweredByName), Csv(r.AnsweredFromIp), r.Digest ?? "",
                Csv(r.DeclineReason), r.VersionNumber is { } v ? Inv(v) : "", r.ParentProposalId is { } pp ? Inv(pp) : ""));
        await writer.FlushAsync(ct);
    }

    public static readonly string[] EvidenceCsvHeader =
    [
        "ProposalId", "PartnerId", "Partner", "Vertical", "Manager", "Deal", "Mode", "State", "ProposedAtUtc", "ProposedBy", "EffectiveFrom",
        "Deadline", "NoticeDays", "ShortNoticeReason", "Summary", "AnsweredAtUtc", "AnsweredBy", "AnsweredFromIp", "Sha256", "DeclineReason",
        "Version", "DerivedFromProposal",
    ];

    private static string Inv(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);
    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    private static string Iso(DateTime? at) => at?.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    /// <summary>Quotes when needed, and defuses spreadsheet formulas (a cell starting with = + - @ is prefixed with ').</summary>
    private static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static IQueryable<TermsEvidenceRow> EvidenceQuery(AppDbContext db, TermsEvidenceFilter f, DateOnly today)
    {
        var q = db.DealTermsProposals.AsNoTracking();
        if (f.PartnerId is { } pid) q = q.Where(p => p.PartnerId == pid);
        if (f.PendingPastDeadline) q = q.Where(p => p.State == ProposalState.Proposed && p.Deadline < today);
        if (f.DeclinedOnly) q = q.Where(p => p.State == ProposalState.Declined);
        return from p in q
               join partner in db.Partners on p.PartnerId equals partner.Id
               where f.ManagerId == null || partner.ManagerId == f.ManagerId
               where f.Vertical == null || partner.Vertical == f.Vertical
               join d in db.Deals on p.DealId equals d.Id
               orderby p.ProposedAt descending, p.Id descending
               select new TermsEvidenceRow(p.Id, partner.Id, partner.Name, partner.Vertical,
                   db.Users.Where(u => u.Id == partner.ManagerId).Select(u => u.DisplayName).FirstOrDefault(), d.Name, p.Mode, p.State,
                   p.ProposedAt, db.Users.Where(u => u.Id == p.ProposedById).Select(u => u.DisplayName).FirstOrDefault(), p.EffectiveFrom,
                   p.Deadline, p.NoticeDays, p.ShortNoticeReason, p.Summary, p.AnsweredAt, p.AnsweredByName, p.AnsweredFromIp, p.Digest,
                   p.DeclineReason, p.ResultingVersion != null ? (int?)p.ResultingVersion.Number : null, p.ParentProposalId);
    }

    private async Task<IReadOnlyList<TermsProposalView>> ViewsAsync(AppDbContext db, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var proposals = await db.DealTermsProposals.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        var dealIds = proposals.Select(p => p.DealId).Distinct().ToList();
        var deals = await db.Deals.AsNoTracking().Where(d => dealIds.Contains(d.Id))
            .Select(d => new { d.Id, d.Name, d.ParentDealId, d.PartnerId }).ToDictionaryAsync(d => d.Id, ct);
        var partnerIds = proposals.Select(p => p.PartnerId).Distinct().ToList();
        var partners = await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var versionIds = proposals.SelectMany(p => new[] { p.BaseVersionId, p.ResultingVersionId }).OfType<int>().Distinct().ToList();
        var versions = await db.DealVersions.AsNoTracking().Include(v => v.LotRates).Where(v => versionIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, ct);
        var userIds = proposals.Select(p => p.ProposedById).OfType<string>().Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);

        return proposals.OrderByDescending(p => p.ProposedAt).ThenByDescending(p => p.Id).Select(p =>
        {
            var deal = deals[p.DealId];
            var baseTerms = p.BaseVersionId is { } b && versions.TryGetValue(b, out var bv) ? bv.Terms : null;
            var text = DealTermsText.Render(deal.Name, p, baseTerms, deal.ParentDealId is not null);
            return new TermsProposalView(p.Id, p.DealId, deal.Name, p.PartnerId, partners.GetValueOrDefault(p.PartnerId, ""),
                deal.ParentDealId is not null, p.Mode, p.State, p.Summary, p.EffectiveFrom, p.Deadline, p.AfterDeadline,
                p.HoldsPayoutsPastDeadline, p.NoticeDays, p.ShortNoticeReason, p.ProposedAt,
                p.ProposedById is { } u ? users.GetValueOrDefault(u) : null, p.ParentProposalId, p.BaseVersionNumber,
                p.ResultingVersionId is { } r && versions.TryGetValue(r, out var rv) ? rv.Number : null,
                p.Terms, baseTerms, baseTerms is null ? [] : DealService.Diff(baseTerms, p.Terms), text, DealTermsProposal.DigestOf(text),
                p.Digest, p.AnsweredAt, p.AnsweredByName, p.AnsweredFromIp, p.DeclineReason, p.WithdrawnAt, p.ExpiredAt);
        }).ToList();
    }

    private static async Task<string> TextOfAsync(AppDbContext db, Deal deal, DealTermsProposal p, CancellationToken ct)
    {
        DealTerms? baseTerms = null;
        if (p.BaseVersionId is { } b)
            baseTerms = (await db.DealVersions.AsNoTracking().Include(v => v.LotRates).SingleAsync(v => v.Id == b, ct)).Terms;
        return DealTermsText.Render(deal.Name, p, baseTerms, deal.ParentDealId is not null);
    }

    private static Task<Deal?> LoadDealAsync(AppDbContext db, int dealId, CancellationToken ct) =>
        db.Deals.Include(d => d.Versions.Where(v => v.SupersededAt == null)).ThenInclude(v => v.LotRates)
            .SingleOrDefaultAsync(d => d.Id == dealId, ct);

    private static int RequirePartner(Actor actor) =>
        actor.IsPartner ? actor.PartnerId!.Value : throw new AccessDeniedException("Only the partner's own login can answer its terms.");
}
