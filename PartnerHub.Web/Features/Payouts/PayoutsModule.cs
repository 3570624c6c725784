using PartnerHub.Domain.Payouts;

namespace PartnerHub.Web.Features.Payouts;

/// <summary>Payouts: requests and their steps.</summary>
public static class PayoutsModule
{
    public static IServiceCollection AddPayouts(this IServiceCollection services) => services.AddScoped<PayoutService>();
}
