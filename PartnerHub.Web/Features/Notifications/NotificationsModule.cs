using PartnerHub.Domain.Automation;
using PartnerHub.Web.Hosting;

namespace PartnerHub.Web.Features.Notifications;

/// <summary>Notifications: the bell's live signal, the user's notifications and preferences, and the rule engine with its jobs.</summary>
public static class NotificationsModule
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<NotificationNotifier>();
        services.AddSingleton<INotificationSignal>(sp => sp.GetRequiredService<NotificationNotifier>());
        services.AddScoped<NotificationCenter>();
        services.AddScoped<PreferenceService>();
        return builder.AddPartnerHubAutomation();
    }
}
