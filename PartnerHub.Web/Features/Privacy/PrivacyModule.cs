using PartnerHub.Domain.Privacy;

namespace PartnerHub.Web.Features.Privacy;

/// <summary>
/// Privacy: a data subject's rights — the erasure on the profile header ("Erase personal data"). Their access copy is a case file
/// (CaseFiles); retention and legal holds, which erasure respects, are in Compliance.
/// </summary>
public static class PrivacyModule
{
    public static IServiceCollection AddPrivacy(this IServiceCollection services) => services
        .AddScoped<ErasureService>();
}
