using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;

namespace PartnerHub.Web.Components.Shared;

/// <summary>
/// Delivers events to the open circuits concerned (STYLE.md point 9). A circuit subscribes with the topics it shows ("thread:12",
/// "partner:7", "user:abc"); a publisher names the topics an event concerns, and only the subscribers of those topics are called.
/// <para>
/// Publishing never waits for a circuit: each subscription has a bounded queue of <see cref="QueueCapacity"/> events and its own
/// reader that calls the handler one event at a time. When a slow circuit's queue is full the oldest event is dropped (every
/// handler refreshes what it shows from the newest one, so the page still ends up current: drop and refresh). A handler's failure
/// is logged and never stops the others.
/// </para>
/// </summary>
public abstract class LiveHub<TEvent>(ILogger logger) where TEvent : class
{
    public const int QueueCapacity = 32;

    private readonly ConcurrentDictionary<string, ImmutableHashSet<Subscriber>> _byTopic = new(StringComparer.Ordinal);

    /// <summary>Calls <paramref name="handler"/> for every event published to one of <paramref name="topics"/>. Dispose to stop.</summary>
    public IDisposable Subscribe(IReadOnlyCollection<string> topics, Func<TEvent, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(handler);
        var subscriber = new Subscriber(this, topics.Distinct(StringComparer.Ordinal).ToArray(), handler);
        foreach (var topic in subscriber.Topics) _byTopic.AddOrUpdate(topic, _ => [subscriber], (_, set) => set.Add(subscriber));
        subscriber.Start();
        return subscriber;
    }

    /// <summary>How many subscriptions are open (tests check that components unsubscribe).</summary>
    public int SubscriberCount => _byTopic.Values.SelectMany(s => s).Distinct().Count();

    /// <summary>Whether any circuit listens to <paramref name="topic"/> (a journey waits for its page to be live before acting).</summary>
    public bool IsFollowed(string topic) => FollowerCount(topic) > 0;

    /// <summary>The followed topics that start with <paramref name="prefix"/> (who is online, for a publisher that resolves its audience).</summary>
    public IReadOnlyList<string> FollowedTopics(string prefix) =>
        _byTopic.Where(t => !t.Value.IsEmpty && t.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(t => t.Key).ToList();

    /// <summary>How many subscriptions follow <paramref name="topic"/>.</summary>
    public int FollowerCount(string topic) => _byTopic.TryGetValue(topic, out var set) ? set.Count : 0;

    /// <summary>Queues <paramref name="e"/> for the subscribers of <paramref name="topics"/> and returns at once.</summary>
    public void Publish(TEvent e, IEnumerable<string> topics)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(topics);
        HashSet<Subscriber>? concerned = null;
        foreach (var topic in topics)
            if (_byTopic.TryGetValue(topic, out var set))
                (concerned ??= []).UnionWith(set);
        if (concerned is null) return;
        foreach (var subscriber in concerned) subscriber.Enqueue(e);
    }

    private void Remove(Subscriber subscriber)
    {
        foreach (var topic in subscriber.Topics)
        {
            while (_byTopic.TryGetValue(topic, out var set))
            {
                var smaller = set.Remove(subscriber);
                if (smaller.IsEmpty ? _byTopic.TryRemove(new KeyValuePair<string, ImmutableHashSet<Subscriber>>(topic, set))
                                    : _byTopic.TryUpdate(topic, smaller, set))
                    break;
            }
        }
    }

    private sealed class Subscriber(LiveHub<TEvent> hub, string[] topics, Func<TEvent, Task> handler) : IDisposable
    {
        private readonly Channel<TEvent> _queue = Channel.CreateBounded<TEvent>(new BoundedChannelOptions(QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        private int _disposed;

        public string[] Topics { get; } = topics;

        public void Enqueue(TEvent e) => _queue.Writer.TryWrite(e);

        public void Start() => _ = Task.Run(ReadAsync);

        private async Task ReadAsync()
        {
            await foreach (var e in _queue.Reader.ReadAllAsync())
            {
                try
                {
                    await handler(e);
                }
                catch (Exception ex)
                {
                    hub.LogFailure(ex, e);
                }
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            hub.Remove(this);
            _queue.Writer.TryComplete();
        }
    }

    private void LogFailure(Exception ex, TEvent e) =>
        logger.LogWarning(ex, "A {EventType} handler failed for {Event}", typeof(TEvent).Name, e);
}
