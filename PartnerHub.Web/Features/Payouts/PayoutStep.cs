namespace PartnerHub.Web.Features.Payouts;

/// <summary>The payout moves that need an input: paid needs the payment reference, failed needs the reason.</summary>
public enum PayoutStep { MarkPaid = 1, MarkFailed = 2 }
