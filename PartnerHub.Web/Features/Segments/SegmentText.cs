using System.Globalization;
using PartnerHub.Domain;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Segments;
using PartnerHub.Web.Features.Announcements;

namespace PartnerHub.Web.Features.Segments;

/// <summary>Short human-readable text for segment criteria and metrics.</summary>
public static class SegmentText
{
    public static string Describe(SegmentCriteria c)
    {
        var parts = new List<string>();
        if (c.Verticals.Count > 0) parts.Add(string.Join(" or ", c.Verticals.Select(v => v.Display())));
        if (c.Statuses.Count > 0) parts.Add(string.Join("/", c.Statuses.Select(s => s.Display())));
        if (c.Countries.Count > 0) parts.Add(string.Join(", ", c.Countries));
        if (c.Tiers.Count > 0) parts.Add("tier " + string.Join(", ", c.Tiers.Order()));
        if (c.DealTypes.Count > 0) parts.Add(string.Join("/", c.DealTypes.Select(t => t.Display())) + " deals");
        if (c.DealIds.Count > 0) parts.Add("deal " + string.Join(", ", c.DealIds.Select(i => "#" + i.ToString(CultureInfo.InvariantCulture))));
        if (c.ManagerIds.Count > 0) parts.Add(c.ManagerIds.Count == 1 ? "1 manager" : $"{c.ManagerIds.Count} managers");
        if (c.KycStatuses.Count > 0) parts.Add("KYC " + string.Join("/", c.KycStatuses.Select(k => k.Display())));
        if (c.Tags.Count > 0) parts.Add("tagged " + string.Join(", ", c.Tags));
        parts.AddRange(c.Thresholds.Select(Describe));
        if (c.DownlineOfPartnerId is int m) parts.Add($"downline of partner #{m.ToString(CultureInfo.InvariantCulture)}");
        return parts.Count == 0 ? "Every partner" : string.Join(" · ", parts);
    }

    public static string Describe(PerformanceThreshold t) =>
        $"{Display(t.Metric)} ≥ {t.Minimum.ToString("0.##", CultureInfo.InvariantCulture)} in {t.WindowDays} days";

    public static string Display(PerformanceMetric m) => m switch
    {
        PerformanceMetric.Ftds => "FTDs",
        PerformanceMetric.NetGamingRevenue => "NGR",
        PerformanceMetric.NetDeposits => "Net deposits",
        PerformanceMetric.SignUps => "Sign-ups",
        PerformanceMetric.ChallengesSold => "Challenges sold",
        PerformanceMetric.FundedAccounts => "Funded accounts",
        _ => m.ToString(),
    };

    /// <summary>"GB, de ,FR" -> ["GB", "de", "FR"].</summary>
    public static List<string> SplitList(string? text) =>
        (text ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
