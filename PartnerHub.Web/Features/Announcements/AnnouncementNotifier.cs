using PartnerHub.Domain.Announcements;
using PartnerHub.Web.Components.Shared;

namespace PartnerHub.Web.Features.Announcements;

/// <summary>
/// The process-wide <see cref="IAnnouncementSignal"/>: the announcement services tell it what changed after each commit. The
/// console follows every change; a partner's read or acknowledgement reaches that partner's pages; a send or a revision reaches the
/// partners on its ledger who have a page open (one indexed query over those partners, off the publisher's call). With several
/// nodes, the <see cref="ILiveBackplane"/> carries each change to the other nodes, and each node resolves its own open portals.
/// </summary>
public sealed class AnnouncementNotifier : LiveHub<AnnouncementChange>, IAnnouncementSignal
{
    private readonly IServiceScopeFactory scopes;
    private readonly ILogger<AnnouncementNotifier> logger;
    private readonly ILiveChannel<AnnouncementChange> _otherNodes;

    public AnnouncementNotifier(IServiceScopeFactory scopes, ILogger<AnnouncementNotifier> logger, ILiveBackplane? backplane = null) : base(logger)
    {
        this.scopes = scopes;
        this.logger = logger;
        _otherNodes = (backplane ?? SingleNodeBackplane.Instance).Join<AnnouncementChange>("announcements", Deliver);
    }

    public void Changed(AnnouncementChange change)
    {
        Deliver(change);
        _otherNodes.Send(change);
    }

    private void Deliver(AnnouncementChange change)
    {
        Publish(change, change.Topics);
        if (change.ConcernsLedger) _ = Task.Run(() => DeliverToLedgerAsync(change));
    }

    private async Task DeliverToLedgerAsync(AnnouncementChange change)
    {
        try
        {
            var online = FollowedTopics("partner:").Select(t => int.Parse(t["partner:".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            if (online.Count == 0) return;
            await using var scope = scopes.CreateAsyncScope();
            var recipients = await scope.ServiceProvider.GetRequiredService<PartnerAnnouncements>().LedgerAmongAsync(change.AnnouncementId, online);
            Publish(change, recipients.Select(AnnouncementChange.PartnerTopic));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Telling the open portals about announcement {Id} failed", change.AnnouncementId);
        }
    }
}
