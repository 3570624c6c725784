using PartnerHub.Domain.Partners;

namespace PartnerHub.Domain.Performance;

/// <summary>How a KPI's figures are read and formatted.</summary>
public enum KpiUnit
{
    /// <summary>Whole things counted (clicks, FTDs, sign-ups).</summary>
    Count = 1,
    /// <summary>Traded lots, two decimals.</summary>
    Lots = 2,
    /// <summary>An amount in the partner's currency.</summary>
    Money = 3,
    /// <summary>A daily count averaged over the days of a range (active traders), one decimal.</summary>
    DailyAverage = 4,
}

/// <summary>One figure of a vertical's performance: a stable key, the label people read, and its unit.</summary>
public sealed record Kpi(string Key, string Label, KpiUnit Unit)
{
    /// <summary>The figure formatted for people, e.g. <c>1,234</c>, <c>56.78</c> or <c>USD 1,234.50</c>.</summary>
    public string Format(decimal value, string? currency = null) => Unit switch
    {
        KpiUnit.Count => value.ToString("N0", PerformanceKpis.Culture),
        KpiUnit.DailyAverage => value.ToString("N1", PerformanceKpis.Culture),
        KpiUnit.Money when currency is not null => $"{currency} {value.ToString("N2", PerformanceKpis.Culture)}",
        _ => value.ToString("N2", PerformanceKpis.Culture),
    };
}

/// <summary>
/// The KPI set of each vertical, and how each KPI is read from the summed columns of
/// <see cref="DailyPerformance"/>. The performance section and the network view share it.
/// </summary>
public static class PerformanceKpis
{
    /// <summary>Figures are formatted the same way whatever the server's culture.</summary>
    public static readonly System.Globalization.CultureInfo Culture = System.Globalization.CultureInfo.InvariantCulture;

    public static readonly Kpi Clicks = new("clicks", "Clicks", KpiUnit.Count);
    public static readonly Kpi Registrations = new("registrations", "Registrations", KpiUnit.Count);
    public static readonly Kpi Ftds = new("ftds", "FTDs", KpiUnit.Count);
    public static readonly Kpi Deposits = new("deposits", "Deposits", KpiUnit.Money);
    public static readonly Kpi Ngr = new("ngr", "NGR", KpiUnit.Money);
    public static readonly Kpi Lots = new("lots", "Lots", KpiUnit.Lots);
    public static readonly Kpi Volume = new("volume", "Volume", KpiUnit.Money);
    public static readonly Kpi NetDeposits = new("net-deposits", "Net deposits", KpiUnit.Money);
    /// <summary>A daily count: totals are the average per day of the range (days without figures count as zero).</summary>
    public static readonly Kpi ActiveTraders = new("active-traders", "Active traders (daily avg.)", KpiUnit.DailyAverage);
    public static readonly Kpi SignUps = new("sign-ups", "Sign-ups", KpiUnit.Count);
    public static readonly Kpi ChallengesSold = new("challenges-sold", "Challenges sold", KpiUnit.Count);
    public static readonly Kpi FundedAccounts = new("funded-accounts", "Funded accounts", KpiUnit.Count);

    /// <summary>The KPIs of a vertical's performance section, in display order.</summary>
    public static IReadOnlyList<Kpi> For(Vertical vertical) => vertical switch
    {
        Vertical.IGamingAffiliate => [Clicks, Registrations, Ftds, Deposits, Ngr],
        Vertical.ForexIb => [Lots, Volume, NetDeposits, ActiveTraders],
        Vertical.PropTradingAffiliate => [SignUps, ChallengesSold, FundedAccounts],
        _ => [],
    };

    /// <summary>The per-partner totals of a network view for a vertical, in display order.</summary>
    public static IReadOnlyList<Kpi> NetworkColumns(Vertical vertical) => vertical switch
    {
        Vertical.IGamingAffiliate => [Ftds, Ngr],
        Vertical.ForexIb => [Lots, Volume, NetDeposits],
        Vertical.PropTradingAffiliate => [ChallengesSold],
        _ => [],
    };

    /// <summary>
    /// The KPI's figure from column sums over <paramref name="days"/> days. Sums are what the database
    /// returns; only the daily average of active traders needs the day count.
    /// </summary>
    internal static decimal Read(Kpi kpi, PerformanceSums s, int days) => kpi.Key switch
    {
        "clicks" => s.Clicks,
        "registrations" => s.Registrations,
        "ftds" => s.Ftds,
        "deposits" => Math.Round(s.Deposits, 2),
        "ngr" => Math.Round(s.NetGamingRevenue, 2),
        "lots" => Math.Round(s.Lots, 2),
        "volume" => Math.Round(s.Volume, 2),
        "net-deposits" => Math.Round(s.NetDeposits, 2),
        "active-traders" => days <= 0 ? 0m : Math.Round((decimal)s.ActiveTraders / days, 1),
        "sign-ups" => s.SignUps,
        "challenges-sold" => s.ChallengesSold,
        "funded-accounts" => s.FundedAccounts,
        _ => throw new ArgumentOutOfRangeException(nameof(kpi), kpi.Key, "Unknown KPI."),
    };
}

/// <summary>
/// Column sums of <see cref="DailyPerformance"/> for one group (a day, an ISO week, a period, a partner),
/// as the database returns them. A class with init properties so EF can project into it.
/// </summary>
internal sealed class PerformanceSums
{
    public int Key { get; init; }
    public long Clicks { get; init; }
    public long Registrations { get; init; }
    public long Ftds { get; init; }
    public decimal Deposits { get; init; }
    public decimal NetGamingRevenue { get; init; }
    public decimal Lots { get; init; }
    public decimal Volume { get; init; }
    public decimal NetDeposits { get; init; }
    public long ActiveTraders { get; init; }
    public long SignUps { get; init; }
    public long ChallengesSold { get; init; }
    public long FundedAccounts { get; init; }

    public static readonly PerformanceSums Zero = new();

    public static PerformanceSums Add(IEnumerable<PerformanceSums> parts)
    {
        long clicks = 0, registrations = 0, ftds = 0, traders = 0, signUps = 0, challenges = 0, funded = 0;
        decimal deposits = 0, ngr = 0, lots = 0, volume = 0, netDeposits = 0;
        foreach (var p in parts)
        {
            clicks += p.Clicks; registrations += p.Registrations; ftds += p.Ftds; traders += p.ActiveTraders;
            signUps += p.SignUps; challenges += p.ChallengesSold; funded += p.FundedAccounts;
            deposits += p.Deposits; ngr += p.NetGamingRevenue; lots += p.Lots; volume += p.Volume; netDeposits += p.NetDeposits;
        }
        return new PerformanceSums
        {
            Clicks = clicks, Registrations = registrations, Ftds = ftds, Deposits = deposits, NetGamingRevenue = ngr,
            Lots = lots, Volume = volume, NetDeposits = netDeposits, ActiveTraders = traders,
            SignUps = signUps, ChallengesSold = challenges, FundedAccounts = funded,
        };
    }
}
