using System.Globalization;
using MudBlazor;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Web.Features.Notifications;

/// <summary>How a notification category looks and reads in the bell, the list and the settings page.</summary>
public static class NotificationStyle
{
    public static string Icon(NotificationCategory category) => category switch
    {
        NotificationCategory.Payouts => Icons.Material.Filled.Payments,
        NotificationCategory.Commissions => Icons.Material.Filled.RequestQuote,
        NotificationCategory.Deals => Icons.Material.Filled.Handshake,
        NotificationCategory.TrafficQuality => Icons.Material.Filled.Report,
        NotificationCategory.Creatives => Icons.Material.Filled.Collections,
        NotificationCategory.Compliance => Icons.Material.Filled.VerifiedUser,
        NotificationCategory.Milestones => Icons.Material.Filled.EmojiEvents,
        NotificationCategory.Messages => Icons.Material.Filled.Forum,
        NotificationCategory.Announcements => Icons.Material.Filled.Campaign,
        _ => Icons.Material.Filled.Notifications,
    };

    public static string Category(NotificationCategory category) => category switch
    {
        NotificationCategory.TrafficQuality => "Traffic quality",
        NotificationCategory.Compliance => "Compliance and KYC",
        _ => category.ToString(),
    };

    /// <summary>What each category covers, for the settings page.</summary>
    public static string Describe(NotificationCategory category) => category switch
    {
        NotificationCategory.Payouts => "Payouts sent, failed, and your balance reaching the payout threshold.",
        NotificationCategory.Commissions => "Commission lines approved or rejected.",
        NotificationCategory.Deals => "Changes to your deal terms.",
        NotificationCategory.TrafficQuality => "Warnings about the quality of your traffic.",
        NotificationCategory.Creatives => "New and deprecated marketing materials.",
        NotificationCategory.Compliance => "KYC requests and compliance updates.",
        NotificationCategory.Milestones => "Milestones you reach (first FTD, 100 FTDs, 1,000 lots...).",
        NotificationCategory.Messages => "New messages from the program team.",
        NotificationCategory.Announcements => "Announcements from the program.",
        _ => "",
    };

    /// <summary>"just now", "5 min ago", "3 h ago", "2 days ago", then the date.</summary>
    public static string Ago(DateTime at, DateTime now)
    {
        var d = now - at;
        if (d < TimeSpan.FromMinutes(1)) return "just now";
        if (d < TimeSpan.FromHours(1)) return $"{(int)d.TotalMinutes} min ago";
        if (d < TimeSpan.FromDays(1)) return $"{(int)d.TotalHours} h ago";
        if (d < TimeSpan.FromDays(7)) return (int)d.TotalDays == 1 ? "yesterday" : $"{(int)d.TotalDays} days ago";
        return at.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
    }
}
