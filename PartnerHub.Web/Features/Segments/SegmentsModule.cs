using PartnerHub.Domain.Segments;

namespace PartnerHub.Web.Features.Segments;

/// <summary>Segments: saved partner filters that announcements, creatives and trigger rules address.</summary>
public static class SegmentsModule
{
    public static IServiceCollection AddSegments(this IServiceCollection services) => services.AddScoped<SegmentService>();
}
