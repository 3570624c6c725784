using PartnerHub.Domain.Partners;

namespace PartnerHub.Web.Features.Partners;

/// <summary>Partners: the directory, the profile's timeline and the IB network.</summary>
public static class PartnersModule
{
    public static IServiceCollection AddPartners(this IServiceCollection services) => services
        .AddScoped<PartnerQueries>()
        .AddScoped<PartnerService>()
        .AddScoped<NetworkService>()
        .AddScoped<TimelineService>();
}
