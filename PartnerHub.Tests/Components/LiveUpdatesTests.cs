using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Messaging;

namespace PartnerHub.Tests.Components;

/// <summary>
/// Live updates reach only the circuits a change concerns, and never make the publisher wait: the hub's topics, its bounded
/// queue per subscription, and the messaging services publishing after their commit.
/// </summary>
public sealed class LiveUpdatesTests(LiveUpdatesTests.Data data) : IClassFixture<LiveUpdatesTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public Actor Manager { get; private set; } = null!;
        public Actor Partner { get; private set; } = null!;
        public long ThreadId { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var manager = await AddUserAsync(Roles.Manager, "Maya Manager");
            Manager = ActorFor(manager, Roles.Manager);
            var admin = await AddActorAsync(Roles.Admin);
            var partnerId = await new PartnerService(Factory, Clock).CreateAsync(admin, new NewPartner
            {
                Name = "Live Partner Media", Email = "live@liveupdates.test", Vertical = Vertical.IGamingAffiliate, Country = "MT",
            });
            Partner = ActorFor(await AddUserAsync(Roles.Partner, "Live Partner", partnerId), Roles.Partner);
            ThreadId = await new MessagingService(Factory, Clock).GetOrCreateDirectThreadAsync(Manager, partnerId);
        }
    }

    private static MessageNotifier NewHub() => new(NullLogger<MessageNotifier>.Instance);

    [Fact]
    public async Task An_operator_whose_inbox_does_not_show_a_thread_gets_no_callback_for_it()
    {
        var hub = NewHub();
        var inboxCallbacks = new ConcurrentQueue<MessageChange>();
        var threadCallbacks = new ConcurrentQueue<MessageChange>();
        var delivered = new TaskCompletionSource();
        // An inbox showing threads 1 and 2 (and the operator's own changes); another circuit with thread 3 open.
        using var inbox = hub.Subscribe([MessageChange.ThreadTopic(1), MessageChange.ThreadTopic(2), MessageChange.UserTopic("op-1")], e =>
        {
            inboxCallbacks.Enqueue(e);
            return Task.CompletedTask;
        });
        using var thread = hub.Subscribe([MessageChange.ThreadTopic(3)], e =>
        {
            threadCallbacks.Enqueue(e);
            delivered.TrySetResult();
            return Task.CompletedTask;
        });

        // Another operator replies in thread 3 and reads it: neither concerns the inbox.
        hub.Changed(new MessageChange(3, 30, null, 300, MessageChangeKind.Sent, "op-2", ByOperator: true));
        hub.Changed(new MessageChange(3, 30, null, 300, MessageChangeKind.Read, "op-2", ByOperator: true));
        await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // A change in a thread the inbox shows reaches it.
        var shown = new TaskCompletionSource();
        using var probe = hub.Subscribe([MessageChange.ThreadTopic(2)], _ => { shown.TrySetResult(); return Task.CompletedTask; });
        hub.Changed(new MessageChange(2, 20, null, 200, MessageChangeKind.Sent, "op-2", ByOperator: true));
        await shown.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(() => !inboxCallbacks.IsEmpty && threadCallbacks.Count == 2);

        Assert.All(threadCallbacks, e => Assert.Equal(3, e.ThreadId));
        var only = Assert.Single(inboxCallbacks);
        Assert.Equal(2, only.ThreadId);
    }

    [Fact]
    public void What_a_change_concerns_is_named_by_the_change()
    {
        var operatorReply = new MessageChange(5, 7, null, 50, MessageChangeKind.Sent, "op", ByOperator: true);
        Assert.Equal(["thread:5", "partner:7", "user:op"], operatorReply.Topics);
        var partnerMessage = new MessageChange(5, 7, null, 51, MessageChangeKind.Sent, "p", ByOperator: false);
        Assert.Contains(MessageChange.OperatorsTopic, partnerMessage.Topics);
        var partnerRead = new MessageChange(5, 7, null, 50, MessageChangeKind.Read, "p", ByOperator: false);
        Assert.DoesNotContain(MessageChange.OperatorsTopic, partnerRead.Topics);
        var downline = new MessageChange(6, 8, 4, 60, MessageChangeKind.Sent, "master", ByOperator: false);
        Assert.Contains("partner:4", downline.Topics);
        Assert.Contains("partner:8", downline.Topics);
    }

    [Fact]
    public void A_partners_message_on_an_assigned_thread_is_told_to_its_assignee_not_to_every_operator()
    {
        var assigned = new MessageChange(5, 7, null, 51, MessageChangeKind.Sent, "p", ByOperator: false, AssignedToId: "maya");
        Assert.Contains(MessageChange.UserTopic("maya"), assigned.Topics);
        Assert.DoesNotContain(MessageChange.OperatorsTopic, assigned.Topics);
        var unassigned = assigned with { AssignedToId = null };
        Assert.Contains(MessageChange.OperatorsTopic, unassigned.Topics);
        var reassigned = new MessageChange(5, 7, null, 0, MessageChangeKind.Assigned, "admin", ByOperator: true, AssignedToId: "maya");
        Assert.Contains(MessageChange.OperatorsTopic, reassigned.Topics);
    }

    [Fact]
    public async Task A_slow_circuit_does_not_delay_the_sender_and_catches_up_with_the_newest_change()
    {
        var hub = NewHub();
        var release = new TaskCompletionSource();
        var slowSeen = new ConcurrentQueue<long>();
        var fastSeen = new ConcurrentQueue<long>();
        var fastDone = new TaskCompletionSource();
        var sent = 0L;
        using var slow = hub.Subscribe([MessageChange.ThreadTopic(data.ThreadId)], async e =>
        {
            await release.Task; // a circuit that does not keep up
            slowSeen.Enqueue(e.MessageId);
        });
        using var fast = hub.Subscribe([MessageChange.ThreadTopic(data.ThreadId)], e =>
        {
            fastSeen.Enqueue(e.MessageId);
            if (e.MessageId == Interlocked.Read(ref sent)) fastDone.TrySetResult();
            return Task.CompletedTask;
        });
        var messaging = new MessagingService(data.Factory, data.Clock, signal: hub);

        // Every send returns when its own transaction commits, though the slow circuit has not taken the first event.
        long last = 0;
        for (var i = 0; i < LiveHubCapacity + 10; i++)
            last = await messaging.SendAsync(data.Manager, data.ThreadId, $"Update {i}").WaitAsync(TimeSpan.FromSeconds(30));
        Interlocked.Exchange(ref sent, last);
        if (fastSeen.Contains(last)) fastDone.TrySetResult();
        await fastDone.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(slowSeen);
        Assert.Contains(last, fastSeen); // the other circuit kept up, whatever the slow one does

        // Released, the slow circuit gets its bounded queue: the oldest were dropped, the newest is there to refresh from.
        release.SetResult();
        await Poll.UntilAsync(() => slowSeen.Contains(last));
        Assert.True(slowSeen.Count <= LiveHubCapacity + 1, $"{slowSeen.Count} events were queued for one circuit");
    }

    [Fact]
    public async Task The_receipt_service_tells_the_thread_when_something_new_was_read_and_only_then()
    {
        var hub = NewHub();
        var reads = new ConcurrentQueue<MessageChange>();
        using var sub = hub.Subscribe([MessageChange.ThreadTopic(data.ThreadId)], e =>
        {
            if (e.Kind == MessageChangeKind.Read) reads.Enqueue(e);
            return Task.CompletedTask;
        });
        await new MessagingService(data.Factory, data.Clock).SendAsync(data.Manager, data.ThreadId, "Your statement is ready.");
        var receipts = new ReceiptService(data.Factory, data.Clock, hub);

        Assert.True(await receipts.MarkReadAsync(data.Partner, data.ThreadId, null, 50) > 0);
        await Poll.UntilAsync(() => !reads.IsEmpty);
        Assert.Equal(0, await receipts.MarkReadAsync(data.Partner, data.ThreadId, null, 50));

        var read = Assert.Single(reads);
        Assert.Equal(data.Partner.UserId, read.ActorUserId);
        Assert.False(read.ByOperator);
    }

    private const int LiveHubCapacity = MessageNotifier.QueueCapacity;
}
