using PartnerHub.Domain.Announcements;

namespace PartnerHub.Web.Features.Announcements;

/// <summary>The composer's audience as the admin picks it: segments, IB tiers and partners, or every active partner.</summary>
public sealed class AudienceModel
{
    public List<int> SegmentIds { get; set; } = [];
    public List<int> Tiers { get; set; } = [];
    public bool AllActive { get; set; }
    public List<AudienceOption> Partners { get; set; } = [];

    /// <summary>The audience for the service; every active partner replaces the rest.</summary>
    public AnnouncementAudience ToAudience() => AllActive
        ? new AnnouncementAudience { AllActivePartners = true }
        : new AnnouncementAudience { SegmentIds = SegmentIds, Tiers = Tiers, PartnerIds = Partners.Select(p => p.Id).ToList() };
}
