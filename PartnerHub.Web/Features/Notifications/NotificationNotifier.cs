using System.Collections.Immutable;
using PartnerHub.Web.Components.Shared;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Web.Features.Notifications;

/// <summary>
/// The process-wide <see cref="INotificationSignal"/> (STYLE.md point 9): the notification writer and the notification center
/// tell it which recipients have news, and it calls back the open circuits (bells, lists) that subscribed to one
/// of those recipient keys. A handler's failure never stops the others, and the caller never waits for a circuit.
/// </summary>
public sealed class NotificationNotifier(ILogger<NotificationNotifier> logger)
    : CircuitNotifier<IReadOnlyCollection<string>>(logger), INotificationSignal
{
    /// <summary>Calls <paramref name="handler"/> whenever one of <paramref name="recipientKeys"/> has news. Dispose to stop.</summary>
    public IDisposable Subscribe(IReadOnlyCollection<string> recipientKeys, Func<Task> handler)
    {
        ArgumentNullException.ThrowIfNull(recipientKeys);
        ArgumentNullException.ThrowIfNull(handler);
        var keys = recipientKeys.ToImmutableHashSet(StringComparer.Ordinal);
        return Subscribe(delivered => delivered.Any(keys.Contains) ? handler() : Task.CompletedTask);
    }

    /// <summary>Never waits for a circuit: the handlers run on their own, failures are logged.</summary>
    public void NotificationsDelivered(IReadOnlyCollection<string> recipientKeys)
    {
        if (recipientKeys.Count > 0) _ = PublishAsync(recipientKeys);
    }
}
