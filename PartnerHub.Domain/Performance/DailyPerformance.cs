namespace PartnerHub.Domain.Performance;

/// <summary>
/// One partner's figures for one day. One wide row serves all verticals: iGaming uses clicks to NGR,
/// Forex the lots to active traders, Prop the sign-ups to funded accounts; the rest stay zero.
/// </summary>
public class DailyPerformance
{
    private DailyPerformance() { }

    public DailyPerformance(int partnerId, DateOnly date)
    {
        PartnerId = partnerId;
        Date = date;
    }

    public int PartnerId { get; private set; }
    public DateOnly Date { get; private set; }

    // iGaming
    public int Clicks { get; set; }
    public int Registrations { get; set; }
    public int Ftds { get; set; }
    public decimal Deposits { get; set; }
    public decimal NetGamingRevenue { get; set; }

    // Forex
    public decimal Lots { get; set; }
    public decimal Volume { get; set; }
    public decimal NetDeposits { get; set; }
    public int ActiveTraders { get; set; }

    // Prop trading
    public int SignUps { get; set; }
    public int ChallengesSold { get; set; }
    public int FundedAccounts { get; set; }
}
