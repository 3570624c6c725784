using PartnerHub.Domain.Commissions;

namespace PartnerHub.Web.Features.Commissions;

/// <summary>Commissions: lines, their breakdown and approval.</summary>
public static class CommissionsModule
{
    public static IServiceCollection AddCommissions(this IServiceCollection services) => services.AddScoped<CommissionService>();
}
