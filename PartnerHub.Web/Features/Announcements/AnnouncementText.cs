using System.Globalization;
using MudBlazor;
using PartnerHub.Domain.Announcements;
using PartnerHub.Web.Features.Segments;

namespace PartnerHub.Web.Features.Announcements;

/// <summary>Display names and colours for announcements, the same everywhere.</summary>
public static class AnnouncementText
{
    public static string Display(AnnouncementCategory c) => c switch
    {
        AnnouncementCategory.CommissionChange => "Commission change",
        AnnouncementCategory.ProductUpdate => "Product update",
        AnnouncementCategory.SeasonalCampaign => "Seasonal campaign",
        _ => c.ToString(),
    };

    public static Color ColorOf(AnnouncementStatus s) => s switch
    {
        AnnouncementStatus.Sent => Color.Success,
        AnnouncementStatus.Sending => Color.Info,
        AnnouncementStatus.Scheduled => Color.Secondary,
        AnnouncementStatus.Cancelled => Color.Default,
        _ => Color.Default,
    };

    /// <summary>"3 Mar 2026 14:05 UTC".</summary>
    public static string Utc(DateTime? at) => at?.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture) + (at is null ? "" : " UTC");
}
