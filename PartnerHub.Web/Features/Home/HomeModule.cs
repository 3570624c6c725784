using PartnerHub.Domain.Home;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Web.Features.Home;

/// <summary>The console's and the portal's home pages: one overview query each, and the operator's agenda.</summary>
public static class HomeModule
{
    public static IServiceCollection AddHome(this IServiceCollection services) => services
        .AddScoped<ConsoleOverview>()
        .AddScoped<OperatorAgenda>()
        .AddScoped<PartnerPortalOverview>();
}
