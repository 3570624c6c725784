namespace PartnerHub.Domain.Partners;

public enum Vertical { IGamingAffiliate = 1, ForexIb = 2, PropTradingAffiliate = 3 }

public enum PartnerStatus { Applied = 1, Active = 2, Suspended = 3, Terminated = 4 }

public static class PartnerStatusRules
{
    /// <summary>The statuses a master IB's downline message may reach: never a suspended or terminated sub-IB.</summary>
    public static IReadOnlyCollection<PartnerStatus> DownlineReachable { get; } = [PartnerStatus.Applied, PartnerStatus.Active];
}

public enum KycStatus { NotStarted = 1, Pending = 2, Verified = 3, Rejected = 4, Expired = 5 }

public enum PayoutMethod { BankWire = 1, Crypto = 2, Skrill = 3, Neteller = 4, PayPal = 5 }
