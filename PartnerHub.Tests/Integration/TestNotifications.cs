using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Data.Sqlite;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Tests.Integration;

/// <summary>The notification engine wired as the app wires it on SQLite, over a test database.</summary>
public static class TestNotifications
{
    public static NotificationWriter Writer(NotificationOptions? options = null, INotificationSignal? signal = null)
    {
        options ??= new NotificationOptions();
        return new NotificationWriter(new DeliveryPolicy(options), signal ?? INotificationSignal.None, TestEngine.BulkInsert(options));
    }

    /// <param name="onClaimed">Called with the claimed event ids before the batch is evaluated (a dispatcher "killed" mid-batch throws here).</param>
    public static NotificationDispatcher Dispatcher(IDbContextFactory<AppDbContext> factory, TimeProvider clock, NotificationOptions options,
        INotificationSignal signal, Func<IReadOnlyList<long>, CancellationToken, Task>? onClaimed = null)
    {
        IOutboxLease lease = new OutboxLease(factory, options);
        if (onClaimed is not null) lease = new HookedLease(lease, onClaimed);
        var policy = new DeliveryPolicy(options);
        return new NotificationDispatcher(factory, clock, lease, new RuleEvaluator(new RecipientResolver(), policy), Writer(options, signal));
    }

    /// <summary>The real lease, with a hook after each claim: how tests pause or kill a dispatcher mid-batch.</summary>
    private sealed class HookedLease(IOutboxLease inner, Func<IReadOnlyList<long>, CancellationToken, Task> onClaimed) : IOutboxLease
    {
        public async Task<OutboxClaim?> ClaimAsync(AppDbContext db, DateTime now, CancellationToken ct)
        {
            var claim = await inner.ClaimAsync(db, now, ct);
            if (claim is not null) await onClaimed(claim.Ids, ct);
            return claim;
        }

        public Task<int> CompleteAsync(AppDbContext db, OutboxClaim claim, DateTime now, CancellationToken ct) => inner.CompleteAsync(db, claim, now, ct);

        public Task RecordErrorAsync(OutboxClaim claim, Exception error) => inner.RecordErrorAsync(claim, error);
    }
}
