using PartnerHub.Domain.Performance;

namespace PartnerHub.Web.Features.Performance;

/// <summary>Performance: daily figures and KPIs.</summary>
public static class PerformanceModule
{
    public static IServiceCollection AddPerformance(this IServiceCollection services) => services.AddScoped<PerformanceService>();
}
