using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// Exactly once, proved on a real SQLite file: a batch run twice, two dispatchers at once (each with its own connections),
/// a dispatcher killed after claiming, and one whose lease expired and was taken over. Each (rule, event, recipient) is
/// delivered once, and no event is left undelivered.
/// </summary>
public sealed class DispatcherExactlyOnceTests : IAsyncLifetime
{
    private SqliteDatabase database = default!;
    private AutomationTestData data = default!;

    public async Task InitializeAsync()
    {
        database = await SqliteDatabase.CreateAsync();
        database.Clock.Set(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        data = new AutomationTestData(database);
    }

    public Task DisposeAsync() => database.DisposeAsync();

    /// <summary>Partners each with a manager, one rule notifying partner and manager, and <paramref name="count"/> events.</summary>
    private async Task<(TriggerRule Rule, List<long> EventIds, int Partners)> ScenarioAsync(int count, int partners = 20)
    {
        var manager = await database.AddUserAsync(PartnerHub.Domain.Identity.Roles.Manager);
        var ids = new List<int>();
        for (var i = 0; i < partners; i++) ids.Add((await data.PartnerAsync(Vertical.ForexIb, managerId: manager.Id)).Id);
        var rule = await data.RuleAsync(EventTypes.PayoutProcessed, "Paid {{payout.amount}}", "Hi {{recipient.name}}",
            r => r.Recipients = new RuleRecipients { Partner = true, Manager = true });
        var eventIds = new List<long>();
        await using var db = database.CreateContext();
        var events = Enumerable.Range(0, count).Select(i => new DomainEvent(EventTypes.PayoutProcessed, ids[i % ids.Count], "Payout", i.ToString(),
            AutomationTestData.Json(AutomationTestData.Payout(i + 1)), data.Now)).ToList();
        db.DomainEvents.AddRange(events);
        await db.SaveChangesAsync();
        return (rule, events.Select(e => e.Id).ToList(), partners);
    }

    /// <summary>Every event processed, exactly two notifications (partner and manager) and two runs per event, no duplicates.</summary>
    private async Task AssertExactlyOnceAsync(TriggerRule rule, List<long> eventIds)
    {
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.DomainEvents.CountAsync(e => e.ProcessedAt == null));
        var notifications = await db.Notifications.AsNoTracking().Where(n => n.RuleId == rule.Id)
            .Select(n => new { n.EventId, n.RecipientKey }).ToListAsync();
        Assert.Equal(eventIds.Count * 2, notifications.Count);
        Assert.Equal(notifications.Count, notifications.Distinct().Count());
        Assert.Equal(eventIds.Order(), notifications.Select(n => n.EventId!.Value).Distinct().Order());
        var runs = await db.RuleRuns.AsNoTracking().Where(r => r.RuleId == rule.Id).Select(r => new { r.EventId, r.RecipientKey, r.Outcome }).ToListAsync();
        Assert.Equal(eventIds.Count * 2, runs.Count);
        Assert.All(runs, r => Assert.Equal(RuleOutcome.Sent, r.Outcome));
        Assert.Equal(runs.Count, runs.Select(r => (r.EventId, r.RecipientKey)).Distinct().Count());
    }

    [Theory]
    [InlineData(true)]  // SQLite's prepared-statement writer
    [InlineData(false)] // tracked entities, as on SQL Server
    public async Task Running_the_dispatcher_again_delivers_nothing_twice(bool bulk)
    {
        data.Options.SqliteBulkInsert = bulk;
        var (rule, events, _) = await ScenarioAsync(250);

        var first = await data.Dispatcher().DispatchAllAsync();
        var second = await data.Dispatcher().DispatchAllAsync();

        Assert.Equal(250, first.Events);
        Assert.Equal(500, first.Sent);
        Assert.Equal(DispatchResult.Nothing, second);
        await AssertExactlyOnceAsync(rule, events);
    }

    [Fact]
    public async Task Two_dispatchers_running_at_once_on_the_same_database_deliver_each_notification_exactly_once()
    {
        var (rule, events, _) = await ScenarioAsync(2000);
        data.Options.BatchSize = 50;

        // Separate factories: separate connections to the same file, like two app instances. Each one's first batch waits
        // until the other has claimed one too, so both hold a lease at the same moment and then race for the rest.
        var firstClaims = new[] { new TaskCompletionSource(), new TaskCompletionSource() };
        NotificationDispatcher Instance(string id, int me) => TestNotifications.Dispatcher(TestEngine.ContextFactory(database.ConnectionString), database.Clock,
            new NotificationOptions { BatchSize = 50, DispatcherId = id }, data.Signal, async (_, _) =>
            {
                if (firstClaims[me].TrySetResult()) await firstClaims[1 - me].Task.WaitAsync(TimeSpan.FromSeconds(30));
            });
        var a = Instance("node-a", 0);
        var b = Instance("node-b", 1);
        using var go = new ManualResetEventSlim();
        var runs = new[] { a, b }.Select(d => Task.Run(async () =>
        {
            go.Wait();
            var total = 0;
            // Keep going until nothing is claimable. A batch the rival holds is finished by the rival, which loops again
            // after it, so the last one to stop has seen every event processed; no timing is involved.
            for (var idle = 0; idle < 3;)
            {
                var r = await d.DispatchBatchAsync();
                total += r.Events;
                idle = r.Events == 0 ? idle + 1 : 0;
                if (r.Events == 0) await Task.Yield();
            }
            return total;
        })).ToList();
        go.Set();
        var processed = await Task.WhenAll(runs);

        Assert.Equal(2000, processed.Sum());
        Assert.All(processed, p => Assert.True(p > 0, "both dispatchers took part"));
        await AssertExactlyOnceAsync(rule, events);
    }

    [Fact]
    public async Task A_dispatcher_killed_after_claiming_leaves_a_lease_that_another_takes_over_when_it_expires()
    {
        var (rule, events, _) = await ScenarioAsync(120);
        data.Options.BatchSize = 100;
        var killed = data.Dispatcher(onClaimed: (_, _) => throw new OperationCanceledException("killed"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => killed.DispatchBatchAsync());

        await using (var db = database.CreateContext())
        {
            Assert.Equal(100, await db.DomainEvents.CountAsync(e => e.LockedBy != null && e.ProcessedAt == null));
            Assert.Equal(0, await db.Notifications.CountAsync());
        }
        // While the lease holds, another dispatcher takes only the rest.
        var other = data.Dispatcher();
        Assert.Equal(20, (await other.DispatchAllAsync()).Events);
        database.Clock.Advance(data.Options.Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(100, (await other.DispatchAllAsync()).Events);

        await AssertExactlyOnceAsync(rule, events);
    }

    [Fact]
    public async Task A_dispatcher_whose_lease_was_taken_over_commits_nothing()
    {
        var (rule, events, _) = await ScenarioAsync(60);
        var rival = data.Dispatcher();
        DispatchResult? rivalResult = null;
        // The slow dispatcher claims, then stalls past its lease; meanwhile the rival takes the batch over and delivers it.
        var slow = data.Dispatcher(onClaimed: async (_, _) =>
        {
            database.Clock.Advance(data.Options.Lease + TimeSpan.FromSeconds(1));
            rivalResult = await rival.DispatchAllAsync();
        });

        var result = await slow.DispatchBatchAsync();

        Assert.True(result.LeaseLost);
        Assert.Equal(0, result.Sent);
        Assert.Equal(60, rivalResult!.Events);
        await AssertExactlyOnceAsync(rule, events);
    }

    [Fact]
    public async Task The_unique_key_refuses_a_second_delivery_of_the_same_rule_event_and_recipient()
    {
        var (rule, events, _) = await ScenarioAsync(1);
        await data.Dispatcher().DispatchAllAsync();
        await using var db = database.CreateContext();
        var existing = await db.Notifications.AsNoTracking().FirstAsync(n => n.RuleId == rule.Id);
        db.Notifications.Add(new Notification(existing.RecipientKey, existing.RecipientPartnerId, existing.RecipientUserId, existing.Category,
            "again", "again", null, data.Now, data.Now) { RuleId = rule.Id, EventId = existing.EventId });

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        await AssertExactlyOnceAsync(rule, events);
    }
}
