using PartnerHub.Web.Components.Shared;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Web.Features.Notifications;

/// <summary>News for these recipient keys (a user id, or a partner's key for all its logins).</summary>
public sealed record NotificationNews(IReadOnlyCollection<string> RecipientKeys);

/// <summary>
/// The process-wide <see cref="INotificationSignal"/> (STYLE.md point 9): the notification writer and the notification center
/// tell it which recipients have news, and it queues a callback for the open circuits (bells, lists) following one of those
/// recipient keys. The caller never waits for a circuit. With several nodes, the <see cref="ILiveBackplane"/> carries the news to the
/// other nodes' circuits too.
/// </summary>
public sealed class NotificationNotifier : LiveHub<NotificationNews>, INotificationSignal
{
    private readonly ILiveChannel<NotificationNews> _otherNodes;

    public NotificationNotifier(ILogger<NotificationNotifier> logger, ILiveBackplane? backplane = null) : base(logger) =>
        _otherNodes = (backplane ?? SingleNodeBackplane.Instance).Join<NotificationNews>("notifications", Deliver);

    /// <summary>Calls <paramref name="handler"/> whenever one of <paramref name="recipientKeys"/> has news. Dispose to stop.</summary>
    public IDisposable Subscribe(IReadOnlyCollection<string> recipientKeys, Func<Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Subscribe(recipientKeys, _ => handler());
    }

    public void NotificationsDelivered(IReadOnlyCollection<string> recipientKeys)
    {
        if (recipientKeys.Count == 0) return;
        var news = new NotificationNews(recipientKeys.ToArray());
        Deliver(news);
        _otherNodes.Send(news);
    }

    private void Deliver(NotificationNews news) => Publish(news, news.RecipientKeys);
}
