using PartnerHub.Domain.Announcements;
using PartnerHub.Web.Components.Shared;

namespace PartnerHub.Web.Features.Announcements;

/// <summary>
/// The process-wide <see cref="IAnnouncementSignal"/>: the announcement services tell it what changed after each commit. The
/// console follows every change; a partner's read or acknowledgement reaches that partner's pages; a send or a revision reaches the
/// partners on its ledger who have a page open (one indexed query over those partners, off the publisher's call).
/// </summary>
public sealed class AnnouncementNotifier(IServiceScopeFactory scopes, ILogger<AnnouncementNotifier> logger)
    : LiveHub<AnnouncementChange>(logger), IAnnouncementSignal
{
    public void Changed(AnnouncementChange change)
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
