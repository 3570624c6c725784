using PartnerHub.Domain.Notifications;
using Quartz;

namespace PartnerHub.Web.Features.Notifications;

/// <summary>
/// Notifications: the bell's live signal, the user's notifications and preferences, trigger rules, and the engine that turns
/// outbox events into notifications and emails (<see cref="NotificationDispatcher"/> over its lease, resolver, policy and
/// writer), with its jobs.
/// </summary>
public static class NotificationsModule
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        var options = new NotificationOptions();
        config.GetSection(NotificationOptions.Section).Bind(options);
        config.GetSection("Smtp").Bind(options.Smtp);
        services.AddSingleton(options);
        services.AddSingleton<NotificationNotifier>();
        services.AddSingleton<INotificationSignal>(sp => sp.GetRequiredService<NotificationNotifier>());
        services.AddScoped<NotificationCenter>();
        services.AddScoped<PreferenceService>();
        services.AddScoped<EmailBounces>();
        services.AddScoped<TriggerRuleService>();
        services.AddSingleton<IMailTransport, MailKitTransport>();
        services.AddSingleton<IOutboxLease, OutboxLease>();
        services.AddSingleton<RecipientResolver>();
        services.AddSingleton<DeliveryPolicy>();
        services.AddSingleton<RuleEvaluator>();
        services.AddSingleton<NotificationWriter>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddSingleton<AutomationScanners>();
        services.AddSingleton<NotificationDigest>();
        services.AddSingleton<EmailDelivery>();
        return builder;
    }

    public static void RegisterJobs(IQuartzBuilder q, IConfiguration config) => AutomationJobs.Register(q, config);
}
