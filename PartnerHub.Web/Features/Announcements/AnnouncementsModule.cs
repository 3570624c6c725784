using PartnerHub.Domain.Announcements;
using PartnerHub.Web.Features.Announcements.Jobs;
using Quartz;

namespace PartnerHub.Web.Features.Announcements;

/// <summary>Announcements: composing, sending (scheduled by Quartz), the portal's acknowledgements and their reminders.</summary>
public static class AnnouncementsModule
{
    public static IServiceCollection AddAnnouncements(this IServiceCollection services) => services
        .AddScoped<AnnouncementService>()
        .AddScoped<PartnerAnnouncements>()
        .AddScoped<ReminderService>()
        .AddSingleton<AnnouncementNotifier>()
        .AddSingleton<IAnnouncementSignal>(sp => sp.GetRequiredService<AnnouncementNotifier>())
        .AddSingleton<AnnouncementSender>();

    public static void RegisterJobs(IQuartzBuilder q, IConfiguration config) => AnnouncementJobs.Register(q, config);
}
