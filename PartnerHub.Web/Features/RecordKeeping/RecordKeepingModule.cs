using PartnerHub.Domain.RecordKeeping;

namespace PartnerHub.Web.Features.RecordKeeping;

/// <summary>
/// Record keeping: what the law makes PartnerHub keep and what a person may have removed — a data subject's erasure (the profile
/// header's "Erase personal data"). Legal holds, which both respect, are in Compliance.
/// </summary>
public static class RecordKeepingModule
{
    public static IServiceCollection AddRecordKeeping(this IServiceCollection services) => services
        .AddScoped<ErasureService>();
}
