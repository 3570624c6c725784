using PartnerHub.Domain.Deals;

namespace PartnerHub.Web.Features.Deals;

/// <summary>Deals: terms, versions and their history.</summary>
public static class DealsModule
{
    public static IServiceCollection AddDeals(this IServiceCollection services) => services.AddScoped<DealService>();
}
