using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PartnerHub.Domain.Deals;

/// <summary>
/// How new terms reach a partner. <see cref="Propose"/>: the partner must accept, and the version in force stays until then
/// (or until the deadline, when the proposal's <see cref="DeadlineDefault"/> decides). <see cref="Apply"/>: the terms take
/// effect on their effective date and the partner acknowledges having been informed.
/// </summary>
public enum ProposalMode { Propose = 1, Apply = 2 }

/// <summary>
/// Proposed → Accepted | Declined | Withdrawn | Expired. An <see cref="ProposalMode.Apply"/> proposal is Applied from the
/// start (its version is created at once) and only records the partner's acknowledgement.
/// </summary>
public enum ProposalState { Proposed = 1, Accepted = 2, Declined = 3, Withdrawn = 4, Expired = 5, Applied = 6 }

/// <summary>What happens to a proposal nobody answered by its deadline.</summary>
public enum DeadlineDefault { KeepCurrent = 1, ApplyNew = 2 }

/// <summary>What a partner's acceptance (or acknowledgement) records: the SHA-256 of the exact text shown, when, who, from where.</summary>
public sealed record TermsEvidence(string Digest, DateTime At, string UserId, string UserName, string? IpAddress);

/// <summary>
/// New terms for a deal on their way to the partner. The proposed terms are frozen at creation; the version they become
/// is created only when the partner accepts (or at the deadline when the default is to apply them, or at once for
/// <see cref="ProposalMode.Apply"/>). Every refusal is a <see cref="DomainException"/> thrown before anything changes.
/// </summary>
public class DealTermsProposal
{
    public const int MaxSummaryLength = 2000;
    public const int MaxReasonLength = 1000;

    private DealTermsProposal() { }

    private DealTermsProposal(Deal deal, DealVersion? baseVersion, ProposalMode mode, DealTerms terms, string summary, DateOnly effectiveFrom,
        DateOnly? deadline, DeadlineDefault afterDeadline, int noticeDays, string? shortNoticeReason, string? proposedById, DateTime now,
        int? parentProposalId, bool holdsPayouts)
    {
        DealId = deal.Id;
        HoldsPayoutsPastDeadline = holdsPayouts && mode == ProposalMode.Propose;
        PartnerId = deal.PartnerId;
        BaseVersionId = baseVersion?.Id;
        BaseVersionNumber = baseVersion?.Number;
        Mode = mode;
        State = mode == ProposalMode.Apply ? ProposalState.Applied : ProposalState.Proposed;
        Summary = summary;
        EffectiveFrom = effectiveFrom;
        Deadline = deadline;
        AfterDeadline = afterDeadline;
        NoticeDays = noticeDays;
        ShortNoticeReason = shortNoticeReason;
        ProposedById = proposedById;
        ProposedAt = now;
        ParentProposalId = parentProposalId;
        CpaAmount = terms.CpaAmount;
        RevSharePercent = terms.RevSharePercent;
        SubIbSharePercent = terms.SubIbSharePercent;
        Currency = terms.Currency.ToUpperInvariant();
        Notes = terms.Notes;
        LotRates = terms.LotRates.OrderBy(r => r.InstrumentClass).ToList();
    }

    public int Id { get; private set; }
    public int DealId { get; private set; }
    public int PartnerId { get; private set; }
    /// <summary>The version in force (the latest) when proposed: the diff is against it.</summary>
    public int? BaseVersionId { get; private set; }
    public int? BaseVersionNumber { get; private set; }
    /// <summary>For a sub-IB's derived proposal: the master's proposal it was derived from.</summary>
    public int? ParentProposalId { get; private set; }
    public ProposalMode Mode { get; private set; }
    public ProposalState State { get; private set; }
    public string Summary { get; private set; } = "";
    public DateOnly EffectiveFrom { get; private set; }
    /// <summary>The last day (UTC) the partner may answer a <see cref="ProposalMode.Propose"/> proposal; null for Apply.</summary>
    public DateOnly? Deadline { get; private set; }
    public DeadlineDefault AfterDeadline { get; private set; }
    /// <summary>
    /// Set from the program's setting when proposed: past its deadline the proposal does not expire but keeps waiting for
    /// the partner's answer, and the partner's payouts are held until then.
    /// </summary>
    public bool HoldsPayoutsPastDeadline { get; private set; }
    public int NoticeDays { get; private set; }
    public string? ShortNoticeReason { get; private set; }
    public string? ProposedById { get; private set; }
    public DateTime ProposedAt { get; private set; }

    public decimal? CpaAmount { get; private set; }
    public decimal? RevSharePercent { get; private set; }
    public decimal? SubIbSharePercent { get; private set; }
    public string Currency { get; private set; } = "USD";
    public string? Notes { get; private set; }
    public List<LotRateTerm> LotRates { get; private set; } = [];

    /// <summary>The version these terms became (on acceptance, on applying, or at the deadline by default).</summary>
    public int? ResultingVersionId { get; private set; }
    public DealVersion? ResultingVersion { get; private set; }

    // Evidence of the partner's answer: acceptance, acknowledgement (Apply) or decline.
    public string? Digest { get; private set; }
    public DateTime? AnsweredAt { get; private set; }
    public string? AnsweredById { get; private set; }
    public string? AnsweredByName { get; private set; }
    public string? AnsweredFromIp { get; private set; }
    public string? DeclineReason { get; private set; }

    public DateTime? WithdrawnAt { get; private set; }
    public string? WithdrawnById { get; private set; }
    public DateTime? ExpiredAt { get; private set; }
    /// <summary>When the reminder before the deadline was sent (once).</summary>
    public DateTime? ReminderSentAt { get; private set; }

    public DealTerms Terms => new(CpaAmount, RevSharePercent, SubIbSharePercent, Currency, LotRates, Notes);

    /// <summary>Awaiting the partner: a proposal not yet answered, or applied terms not yet acknowledged.</summary>
    public bool IsAwaitingPartner => State == ProposalState.Proposed || (State == ProposalState.Applied && AnsweredAt is null);

    /// <summary>Past its deadline (the end of that UTC day) on <paramref name="now"/>.</summary>
    public bool IsPastDeadline(DateTime now) => Deadline is { } d && DateOnly.FromDateTime(now) > d;

    /// <summary>Still awaiting the partner past its deadline, with the partner's payouts held meanwhile.</summary>
    public bool HoldsPayouts(DateTime now) => State == ProposalState.Proposed && HoldsPayoutsPastDeadline && IsPastDeadline(now);

    /// <summary>
    /// Validates and creates a proposal. The notice is the days from today to <paramref name="effectiveFrom"/>; below
    /// <paramref name="minimumNoticeDays"/> it needs <paramref name="shortNoticeReason"/>. A Propose proposal needs a
    /// deadline on or after the effective date. Nothing is added to the deal here: the service stores the proposal, and
    /// <see cref="ApplyNow"/> creates the version of an Apply proposal.
    /// </summary>
    public static DealTermsProposal Create(Deal deal, ProposalMode mode, DealTerms terms, string? summary, DateOnly effectiveFrom,
        DateOnly? deadline, DeadlineDefault afterDeadline, int minimumNoticeDays, string? shortNoticeReason, string? proposedById,
        DateTime now, int? parentProposalId = null, bool holdPayoutsPastDeadline = false)
    {
        ArgumentNullException.ThrowIfNull(deal);
        ArgumentNullException.ThrowIfNull(terms);
        Guard.Defined(mode, "Mode");
        Guard.Defined(afterDeadline, "AfterDeadline");
        var text = Guard.Required(summary, nameof(Summary), MaxSummaryLength);
        var reason = Guard.Optional(shortNoticeReason, nameof(ShortNoticeReason), MaxReasonLength);
        terms.Validate(deal.Type);

        var today = DateOnly.FromDateTime(now);
        if (effectiveFrom < today)
            throw new DomainException("The effective date cannot be in the past.", nameof(EffectiveFrom));
        var current = deal.Current;
        if (current is not null && effectiveFrom < current.EffectiveFrom)
            throw new DomainException(
                $"The effective date cannot be before the current version's ({current.EffectiveFrom:yyyy-MM-dd}).", nameof(EffectiveFrom));
        var notice = effectiveFrom.DayNumber - today.DayNumber;
        if (notice < minimumNoticeDays && reason is null)
            throw new DomainException(
                string.Create(CultureInfo.InvariantCulture,
                    $"{notice} days' notice is below the program's minimum of {minimumNoticeDays} days; give a reason for the shorter notice."),
                nameof(ShortNoticeReason));
        if (notice >= minimumNoticeDays) reason = null;

        if (mode == ProposalMode.Propose)
        {
            if (deadline is not { } d)
                throw new DomainException("Choose the deadline for the partner's answer.", nameof(Deadline));
            if (d < effectiveFrom)
                throw new DomainException(
                    $"The deadline ({d:yyyy-MM-dd}) cannot be before the effective date ({effectiveFrom:yyyy-MM-dd}).", nameof(Deadline));
        }
        else
        {
            deadline = null;
        }
        if (current is not null && DealService.Diff(current.Terms, terms).Count == 0)
            throw new DomainException("The new terms are the same as the current terms.");

        return new DealTermsProposal(deal, current, mode, terms, text, effectiveFrom, deadline, afterDeadline, notice, reason,
            proposedById, now, parentProposalId, holdPayoutsPastDeadline);
    }

    /// <summary>An Apply proposal's version, created with the proposal. Requires the deal's current version loaded.</summary>
    public DealVersion ApplyNow(Deal deal, DateTime now)
    {
        if (Mode != ProposalMode.Apply || State != ProposalState.Applied || ResultingVersion is not null)
            throw new DomainException("Only applied terms take effect at once.");
        return CreateVersion(deal, EffectiveFrom, now);
    }

    /// <summary>
    /// The partner accepts. Refused for another partner's proposal, an answered, withdrawn or expired one, or when the text
    /// the partner was shown (<paramref name="digestShown"/>) is not the proposal's text now (<paramref name="currentText"/>):
    /// then <see cref="TermsChangedException"/> carries the text to show instead. Creates the version, effective from the
    /// proposal's date or today when that has passed. Requires the deal's current version loaded.
    /// </summary>
    public DealVersion Accept(Deal deal, int partnerId, string digestShown, string currentText, TermsEvidence evidence)
    {
        RequireOwnPartner(partnerId);
        if (State == ProposalState.Applied)
            throw new DomainException("These terms were applied; acknowledge them instead.");
        RequireOpen(evidence.At, "accept");
        RequireSameText(digestShown, currentText);
        var today = DateOnly.FromDateTime(evidence.At);
        var version = CreateVersion(deal, EffectiveFrom > today ? EffectiveFrom : today, evidence.At);
        Record(evidence with { Digest = DigestOf(currentText) });
        State = ProposalState.Accepted;
        return version;
    }

    /// <summary>The partner declines, with a reason. The version in force stays.</summary>
    public void Decline(int partnerId, string? reason, TermsEvidence evidence)
    {
        RequireOwnPartner(partnerId);
        if (State == ProposalState.Applied)
            throw new DomainException("These terms were applied and cannot be declined; message your manager about them.");
        var text = Guard.Required(reason, nameof(DeclineReason), MaxReasonLength);
        RequireOpen(evidence.At, "decline");
        Record(evidence);
        DeclineReason = text;
        State = ProposalState.Declined;
    }

    /// <summary>The partner acknowledges applied terms (Apply mode), with the same evidence as an acceptance.</summary>
    public void Acknowledge(int partnerId, string digestShown, string currentText, TermsEvidence evidence)
    {
        RequireOwnPartner(partnerId);
        if (Mode != ProposalMode.Apply)
            throw new DomainException("These terms need your acceptance, not an acknowledgement.");
        if (State == ProposalState.Withdrawn)
            throw new DomainException("The manager withdrew these terms.");
        if (AnsweredAt is { } at)
            throw new DomainException($"You already acknowledged these terms on {at:d MMM yyyy}.");
        RequireSameText(digestShown, currentText);
        Record(evidence with { Digest = DigestOf(currentText) });
    }

    /// <summary>The operator withdraws a proposal the partner has not answered.</summary>
    public void Withdraw(string? byUserId, DateTime now)
    {
        if (Mode == ProposalMode.Apply)
            throw new DomainException("Applied terms are a version already; add new terms instead of withdrawing them.");
        switch (State)
        {
            case ProposalState.Accepted: throw new DomainException("The partner already accepted this proposal; it can no longer be withdrawn.");
            case ProposalState.Declined: throw new DomainException("The partner declined this proposal; there is nothing to withdraw.");
            case ProposalState.Withdrawn: throw new DomainException("This proposal is already withdrawn.");
            case ProposalState.Expired: throw new DomainException("This proposal expired; there is nothing to withdraw.");
        }
        State = ProposalState.Withdrawn;
        WithdrawnAt = now;
        WithdrawnById = byUserId;
    }

    /// <summary>
    /// A proposal past its deadline expires; with <see cref="DeadlineDefault.ApplyNew"/> its terms become a version (returned),
    /// effective from the proposal's date or today when that has passed. Requires the deal's current version loaded.
    /// </summary>
    public DealVersion? Expire(Deal deal, DateTime now)
    {
        if (State != ProposalState.Proposed)
            throw new DomainException("Only a proposal awaiting an answer can expire.");
        if (!IsPastDeadline(now))
            throw new DomainException($"The deadline ({Deadline:yyyy-MM-dd}) has not passed yet.");
        if (HoldsPayoutsPastDeadline)
            throw new DomainException("This proposal waits for the partner's answer past its deadline (payouts are held meanwhile); it does not expire.");
        State = ProposalState.Expired;
        ExpiredAt = now;
        if (AfterDeadline != DeadlineDefault.ApplyNew) return null;
        var today = DateOnly.FromDateTime(now);
        return CreateVersion(deal, EffectiveFrom > today ? EffectiveFrom : today, now);
    }

    public void MarkReminded(DateTime now) => ReminderSentAt ??= now;

    private DealVersion CreateVersion(Deal deal, DateOnly effectiveFrom, DateTime now)
    {
        if (deal.Id != DealId) throw new InvalidOperationException("The proposal belongs to another deal.");
        var current = deal.Current;
        if (current is not null && effectiveFrom < current.EffectiveFrom) effectiveFrom = current.EffectiveFrom;
        var version = deal.AddVersion(Terms, effectiveFrom, ProposedById, now);
        ResultingVersion = version;
        return version;
    }

    private void RequireOwnPartner(int partnerId)
    {
        if (partnerId != PartnerId)
            throw new DomainException("These terms were proposed to another partner; only that partner can answer them.");
    }

    private void RequireOpen(DateTime now, string verb)
    {
        switch (State)
        {
            case ProposalState.Accepted:
                throw new DomainException($"You already accepted these terms on {AnsweredAt:d MMM yyyy}.");
            case ProposalState.Declined:
                throw new DomainException($"You declined these terms on {AnsweredAt:d MMM yyyy}; ask your manager for a new proposal.");
            case ProposalState.Withdrawn:
                throw new DomainException($"The manager withdrew this proposal on {WithdrawnAt:d MMM yyyy}; it can no longer be {verb}ed.");
            case ProposalState.Expired:
                throw new DomainException($"This proposal expired after its deadline ({Deadline:d MMM yyyy}); it can no longer be {verb}ed.");
        }
        if (IsPastDeadline(now) && !HoldsPayoutsPastDeadline)
            throw new DomainException($"The deadline ({Deadline:d MMM yyyy}) has passed; this proposal can no longer be {verb}ed.");
    }

    private static void RequireSameText(string digestShown, string currentText)
    {
        if (!string.Equals(digestShown?.Trim(), DigestOf(currentText), StringComparison.OrdinalIgnoreCase))
            throw new TermsChangedException(currentText);
    }

    private void Record(TermsEvidence evidence)
    {
        Digest = evidence.Digest;
        AnsweredAt = evidence.At;
        AnsweredById = evidence.UserId;
        AnsweredByName = evidence.UserName;
        AnsweredFromIp = evidence.IpAddress;
    }

    /// <summary>SHA-256 of the UTF-8 text, lower-case hex.</summary>
    public static string DigestOf(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// A sub-IB's terms derived from its master's: the sub-IB keeps its share, and each lot rate is the master's rate times
    /// that share (rounded to cents, half away from zero), with the master's spread conditions and currency.
    /// </summary>
    public static DealTerms Derive(DealTerms master, decimal subIbSharePercent, string masterName) =>
        new(null, null, subIbSharePercent, master.Currency,
            master.LotRates.Select(r => new LotRateTerm(r.InstrumentClass,
                decimal.Round(r.RatePerLot * subIbSharePercent / 100m, 2, MidpointRounding.AwayFromZero), r.MaxSpreadPips)).ToList(),
            string.Create(CultureInfo.InvariantCulture, $"{subIbSharePercent:0.##} % of {masterName}'s rates."));
}

/// <summary>The terms changed after the page showed them: <see cref="CurrentText"/> is what the partner must see before answering.</summary>
public sealed class TermsChangedException(string currentText)
    : Exception("These terms changed after the page showed them. Read the new text below before you answer.")
{
    public string CurrentText { get; } = currentText;
}
