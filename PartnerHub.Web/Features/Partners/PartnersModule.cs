using PartnerHub.Domain.Partners;

namespace PartnerHub.Web.Features.Partners;

/// <summary>Partners: the directory, the profile's timeline, the IB network and the partner's own profile page.</summary>
public static class PartnersModule
{
    public static IServiceCollection AddPartners(this IServiceCollection services) => services
        .AddScoped<PartnerQueries>()
        .AddScoped<PartnerService>()
        .AddScoped<NetworkService>()
        .AddScoped<TimelineService>()
        .AddScoped<PartnerProfileService>();
}
