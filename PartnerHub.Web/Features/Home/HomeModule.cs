using PartnerHub.Domain.Partners;

namespace PartnerHub.Web.Features.Home;

/// <summary>The console's and the portal's home pages: one overview query each.</summary>
public static class HomeModule
{
    public static IServiceCollection AddHome(this IServiceCollection services) => services
        .AddScoped<ConsoleOverview>()
        .AddScoped<PartnerPortalOverview>();
}
