using System.Text.Json;
using StackExchange.Redis;

namespace PartnerHub.Web.Components.Shared;

/// <summary>
/// Carries a <see cref="LiveHub{TEvent}"/>'s events to the other nodes of a cluster. A hub delivers an event to its own circuits
/// itself, then <see cref="ILiveChannel{T}.Send"/>s it; every other node's hub receives it and delivers it to its circuits. A node
/// never receives its own events back, so nothing is delivered twice.
/// </summary>
public interface ILiveBackplane
{
    /// <summary>The channel <paramref name="name"/>: <paramref name="fromOtherNodes"/> is called for each event another node sends on it.</summary>
    ILiveChannel<T> Join<T>(string name, Action<T> fromOtherNodes) where T : class;

    /// <summary>Completes when every channel joined so far is subscribed (a test waits for it before publishing).</summary>
    Task WhenSubscribedAsync();
}

public interface ILiveChannel<in T> where T : class
{
    /// <summary>Sends <paramref name="e"/> to the other nodes; returns at once and never throws (a node that misses it refreshes on its next event).</summary>
    void Send(T e);
}

/// <summary>One node (no <c>Redis:Configuration</c>): nothing leaves the process, exactly as before there was a backplane.</summary>
public sealed class SingleNodeBackplane : ILiveBackplane
{
    public static readonly SingleNodeBackplane Instance = new();

    public ILiveChannel<T> Join<T>(string name, Action<T> fromOtherNodes) where T : class => Nothing<T>.Channel;

    public Task WhenSubscribedAsync() => Task.CompletedTask;

    private sealed class Nothing<T> : ILiveChannel<T> where T : class
    {
        public static readonly Nothing<T> Channel = new();
        public void Send(T e) { }
    }
}

/// <summary>
/// Redis pub/sub (<c>Redis:Configuration</c>): one Redis channel per hub (<c>partnerhub:live:{name}</c>), each message a JSON
/// envelope with the sending node's id, so a node skips its own. The multiplexer reconnects and re-subscribes by itself after
/// Redis comes back; events sent while it is away are lost (the pages catch up on the next one).
/// </summary>
public sealed class RedisLiveBackplane(IConnectionMultiplexer redis, ILogger<RedisLiveBackplane> logger) : ILiveBackplane
{
    public const string ChannelPrefix = "partnerhub:live:";
    private readonly List<Task> _subscriptions = [];

    /// <summary>This node's id in the envelopes (one per process, or per service provider in the tests).</summary>
    public string NodeId { get; } = Guid.NewGuid().ToString("N");

    public ILiveChannel<T> Join<T>(string name, Action<T> fromOtherNodes) where T : class
    {
        ArgumentNullException.ThrowIfNull(fromOtherNodes);
        var channel = RedisChannel.Literal(ChannelPrefix + name);
        var subscribing = redis.GetSubscriber().SubscribeAsync(channel, (_, message) => Receive(name, message, fromOtherNodes));
        _ = subscribing.ContinueWith(t => logger.LogWarning(t.Exception, "Subscribing to the live channel {Channel} failed; the multiplexer retries when Redis is back", name),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        lock (_subscriptions) _subscriptions.Add(subscribing);
        return new Channel<T>(this, channel, name);
    }

    public Task WhenSubscribedAsync()
    {
        lock (_subscriptions) return Task.WhenAll(_subscriptions);
    }

    private void Receive<T>(string name, RedisValue message, Action<T> deliver) where T : class
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope<T>>((string)message!);
            if (envelope is null || envelope.Node == NodeId || envelope.Event is null) return;
            deliver(envelope.Event);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A live event on {Channel} could not be delivered", name);
        }
    }

    private void Send<T>(RedisChannel channel, string name, T e) where T : class
    {
        try
        {
            var json = JsonSerializer.Serialize(new Envelope<T>(NodeId, e));
            _ = redis.GetSubscriber().PublishAsync(channel, json, CommandFlags.FireAndForget);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A live event on {Channel} could not be sent to the other nodes", name);
        }
    }

    private sealed record Envelope<T>(string Node, T? Event);

    private sealed class Channel<T>(RedisLiveBackplane backplane, RedisChannel channel, string name) : ILiveChannel<T> where T : class
    {
        public void Send(T e) => backplane.Send(channel, name, e);
    }
}
