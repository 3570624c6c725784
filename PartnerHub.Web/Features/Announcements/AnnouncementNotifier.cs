using PartnerHub.Web.Components.Shared;
using PartnerHub.Web.Features.Segments;

namespace PartnerHub.Web.Features.Announcements;

public enum AnnouncementChange { SendStarted = 2, Sent = 3, Revised = 4, Read = 5, Acknowledged = 6, SendFailed = 7 }

/// <summary>Something happened to an announcement; <see cref="PartnerId"/> is set for a partner's own read or acknowledgement.</summary>
public sealed record AnnouncementEvent(int AnnouncementId, AnnouncementChange Change, int? PartnerId = null);

/// <summary>Pushes announcement changes into open circuits (console progress, partner badges and banners).</summary>
public sealed class AnnouncementNotifier(ILogger<AnnouncementNotifier> logger) : CircuitNotifier<AnnouncementEvent>(logger);
