using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Messaging;
using PartnerHub.Web.Components.Shared;
using PartnerHub.Web.Features.Announcements;
using PartnerHub.Web.Features.Messaging;
using PartnerHub.Web.Features.Notifications;
using PartnerHub.Web.Hosting;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// Two nodes sharing one real Redis (<see cref="RedisServer"/>): a live signal published on one reaches the circuits subscribed on
/// the other exactly once, and never comes back to its sender; Redis going away shows in <c>/health/ready</c>, and delivery
/// resumes when it returns.
/// </summary>
public class LiveStreamAcrossNodesTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task A_message_change_on_node_A_reaches_node_B_once_and_is_not_echoed_to_A()
    {
        await using var nodeA = Hub(redis.Configuration);
        await using var nodeB = Hub(redis.Configuration);
        var a = nodeA.GetRequiredService<MessageNotifier>();
        var b = nodeB.GetRequiredService<MessageNotifier>();
        await nodeA.GetRequiredService<ILiveBackplane>().WhenSubscribedAsync();
        await nodeB.GetRequiredService<ILiveBackplane>().WhenSubscribedAsync();
        var onA = new ConcurrentQueue<long>();
        var onB = new ConcurrentQueue<long>();
        using var subA = a.Subscribe([MessageChange.ThreadTopic(41)], e => { onA.Enqueue(e.MessageId); return Task.CompletedTask; });
        using var subB = b.Subscribe([MessageChange.ThreadTopic(41)], e => { onB.Enqueue(e.MessageId); return Task.CompletedTask; });

        a.Changed(Change(100));
        a.Changed(Change(101));
        await Poll.UntilAsync(() => Task.FromResult(onB.Contains(100) && onB.Contains(101)), describe: () => $"node B got [{string.Join(", ", onB)}]");
        // B answers; once A has B's event, anything of A's own that Redis would echo back has arrived before it.
        b.Changed(Change(102));
        await Poll.UntilAsync(() => Task.FromResult(onA.Contains(102)), describe: () => $"node A got [{string.Join(", ", onA)}]");

        Assert.Equal([100, 101, 102], onA.Order());
        Assert.Equal([100, 101, 102], onB.Order());
    }

    [Fact]
    public async Task Notifications_and_announcements_travel_too_and_carry_their_content()
    {
        await using var nodeA = Hub(redis.Configuration);
        await using var nodeB = Hub(redis.Configuration);
        await nodeA.GetRequiredService<ILiveBackplane>().WhenSubscribedAsync();
        await nodeB.GetRequiredService<ILiveBackplane>().WhenSubscribedAsync();
        var bells = new ConcurrentQueue<string>();
        var console = new ConcurrentQueue<AnnouncementChange>();
        using var bell = nodeB.GetRequiredService<NotificationNotifier>().Subscribe(["user:u-7"], () => { bells.Enqueue("bell"); return Task.CompletedTask; });
        using var list = nodeB.GetRequiredService<AnnouncementNotifier>().Subscribe([AnnouncementChange.ConsoleTopic], e => { console.Enqueue(e); return Task.CompletedTask; });

        nodeA.GetRequiredService<NotificationNotifier>().NotificationsDelivered(["user:u-7", "user:u-8"]);
        nodeA.GetRequiredService<AnnouncementNotifier>().Changed(new AnnouncementChange(5, AnnouncementChangeKind.Acknowledged, PartnerId: 7));

        await Poll.UntilAsync(() => bells.Count == 1 && console.Count == 1);
        Assert.Equal(new AnnouncementChange(5, AnnouncementChangeKind.Acknowledged, 7), Assert.Single(console));
    }

    [Fact]
    public async Task Stopping_Redis_makes_ready_unhealthy_and_restarting_it_restores_delivery()
    {
        await using var nodeA = new ClusterNode("node-a", redis.Configuration);
        await using var nodeB = Hub(redis.Configuration);
        using var client = nodeA.Client();
        var a = nodeA.Services.GetRequiredService<MessageNotifier>();
        var b = nodeB.GetRequiredService<MessageNotifier>();
        await nodeA.Services.GetRequiredService<ILiveBackplane>().WhenSubscribedAsync();
        await nodeB.GetRequiredService<ILiveBackplane>().WhenSubscribedAsync();
        var onB = new ConcurrentQueue<long>();
        using var subB = b.Subscribe([MessageChange.ThreadTopic(41)], e => { onB.Enqueue(e.MessageId); return Task.CompletedTask; });

        var (status, redisCheck) = await ReadyAsync(client);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (status, redisCheck));

        await redis.StopAsync();
        try
        {
            await Poll.UntilAsync(async () => await ReadyAsync(client) == (HttpStatusCode.ServiceUnavailable, "Unhealthy"), 60);
        }
        finally
        {
            await redis.StartAsync();
        }

        await Poll.UntilAsync(async () => await ReadyAsync(client) == (HttpStatusCode.OK, "Healthy"), 60);
        // Delivery resumes once both multiplexers have reconnected and re-subscribed: publish until B sees one.
        var next = 1000L;
        await Poll.UntilAsync(() =>
        {
            a.Changed(Change(Interlocked.Increment(ref next)));
            return !onB.IsEmpty;
        }, 60);
        Assert.All(onB, id => Assert.True(id > 1000));
    }

    private static async Task<(HttpStatusCode Status, string? Redis)> ReadyAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health/ready");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
    }

    private static MessageChange Change(long messageId) =>
        new(41, 7, null, messageId, MessageChangeKind.Sent, "user-a", ByOperator: false);

    /// <summary>A node's live hubs, registered the way the app registers them (the live stream, then each feature's notifier).</summary>
    private static ServiceProvider Hub(string redisConfiguration)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = redisConfiguration,
        }).Build();
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddLiveStream(config);
        services.AddSingleton<MessageNotifier>();
        services.AddSingleton<NotificationNotifier>();
        services.AddSingleton<AnnouncementNotifier>();
        return services.BuildServiceProvider();
    }
}
