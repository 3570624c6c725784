using System.Collections.Immutable;
using PartnerHub.Domain.Automation;

namespace PartnerHub.Web.Features.Notifications;

/// <summary>
/// The process-wide <see cref="INotificationSignal"/> (STYLE.md point 9): the dispatcher and the notification center
/// tell it which recipients have news, and it calls back the open circuits (bells, lists) that subscribed to one
/// of those recipient keys. A handler's failure never stops the others, and the caller never waits for a circuit.
/// </summary>
public sealed class NotificationNotifier(ILogger<NotificationNotifier> logger) : INotificationSignal
{
    private ImmutableList<Subscriber> subscribers = [];

    /// <summary>Calls <paramref name="handler"/> whenever one of <paramref name="recipientKeys"/> has news. Dispose to stop.</summary>
    public IDisposable Subscribe(IReadOnlyCollection<string> recipientKeys, Func<Task> handler)
    {
        ArgumentNullException.ThrowIfNull(recipientKeys);
        ArgumentNullException.ThrowIfNull(handler);
        var subscriber = new Subscriber(recipientKeys.ToImmutableHashSet(StringComparer.Ordinal), handler);
        ImmutableInterlocked.Update(ref subscribers, list => list.Add(subscriber));
        return new Subscription(this, subscriber);
    }

    public int SubscriberCount => subscribers.Count;

    public void NotificationsDelivered(IReadOnlyCollection<string> recipientKeys)
    {
        if (recipientKeys.Count == 0) return;
        var targets = subscribers.Where(s => recipientKeys.Any(s.Keys.Contains)).ToArray();
        foreach (var target in targets) _ = InvokeAsync(target);
    }

    private async Task InvokeAsync(Subscriber subscriber)
    {
        try
        {
            await subscriber.Handler();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A notification handler failed");
        }
    }

    private void Unsubscribe(Subscriber subscriber) => ImmutableInterlocked.Update(ref subscribers, list => list.Remove(subscriber));

    private sealed class Subscriber(ImmutableHashSet<string> keys, Func<Task> handler)
    {
        public ImmutableHashSet<string> Keys { get; } = keys;
        public Func<Task> Handler { get; } = handler;
    }

    private sealed class Subscription(NotificationNotifier owner, Subscriber subscriber) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) owner.Unsubscribe(subscriber);
        }
    }
}
