namespace PartnerHub.Domain.Deals;

/// <summary>The program's settings for deal terms (configuration section <c>DealTerms</c>). The web host binds them; tests construct them.</summary>
public sealed class DealTermsOptions
{
    public const string Section = "DealTerms";

    /// <summary>The minimum notice, in days, between proposing terms and their effective date; shorter needs a reason (audited).</summary>
    public int MinimumNoticeDays { get; set; } = 14;

    /// <summary>
    /// "Hold payouts while terms are awaiting acceptance past their deadline": a proposal made while this is on does not
    /// expire at its deadline but keeps waiting, and the partner's payouts cannot move to processing or paid until the
    /// partner answers.
    /// </summary>
    public bool HoldPayoutsPastDeadline { get; set; }

    /// <summary>How many days before the deadline the partner is reminded (once).</summary>
    public int ReminderDaysBeforeDeadline { get; set; } = 3;
}
