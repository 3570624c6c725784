using PartnerHub.Domain.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PartnerHub.Domain.Data;

namespace PartnerHub.Domain.Notifications;

/// <summary>
/// The one place notifications are written. Rule notifications (<see cref="NotificationDispatcher"/>) come planned with their
/// run log and are written once per (rule, event, recipient); every other notification (reminders, escalations, the digest,
/// creative deprecation notices) passes <see cref="DeliveryPolicy"/>'s quiet hours unless it is critical. Both write in the
/// caller's transaction through <see cref="INotificationBulkInsert"/>; after the commit, <see cref="Signal"/> tells open circuits
/// about what is visible now (held ones are told when they become visible).
/// </summary>
public sealed class NotificationWriter(DeliveryPolicy policy, INotificationSignal signal, INotificationBulkInsert? bulk = null,
    ILogger<NotificationWriter>? log = null)
{
    private readonly INotificationBulkInsert bulk = bulk ?? PortableNotificationInsert.Instance;
    private readonly ILogger log = log ?? NullLogger<NotificationWriter>.Instance;

    /// <summary>
    /// Writes notifications that no rule planned, holding the non-critical ones during the recipient's quiet hours.
    /// Runs inside the caller's transaction; call <see cref="Signal"/> with the result after the commit.
    /// </summary>
    public async Task<IReadOnlyList<Notification>> WriteAsync(AppDbContext db, IReadOnlyList<Notification> notifications, DateTime now, CancellationToken ct)
    {
        if (notifications.Count == 0) return notifications;
        await policy.HoldForQuietHoursAsync(db, notifications, now, ct);
        await bulk.InsertAsync(db, notifications, [], ct);
        PartnerHubMetrics.NotificationsWritten.Add(notifications.Count);
        return notifications;
    }

    /// <summary>Adds the planned notifications and run-log rows (skipping any (rule, event, recipient) delivered already). Returns the notifications written.</summary>
    internal async Task<List<Notification>> WritePlanAsync(AppDbContext db, List<PlannedRun> plan, List<long> eventIds, DateTime now, CancellationToken ct)
    {
        var existing = new HashSet<(int, long, string)>();
        if (plan.Any(p => p.Notification is not null))
        {
            var ruleIds = plan.Select(p => p.RuleId).Distinct().ToList();
            var rows = await db.Notifications.AsNoTracking()
                .Where(n => n.RuleId != null && ruleIds.Contains(n.RuleId.Value) && n.EventId != null && eventIds.Contains(n.EventId.Value))
                .Select(n => new { n.RuleId, n.EventId, n.RecipientKey }).ToListAsync(ct);
            foreach (var r in rows) existing.Add((r.RuleId!.Value, r.EventId!.Value, r.RecipientKey));
        }
        var written = new List<Notification>();
        var runs = new List<RuleRun>(plan.Count);
        foreach (var p in plan)
        {
            if (p.Notification is { } n)
            {
                if (!existing.Add((p.RuleId, p.EventId, n.RecipientKey))) continue; // delivered before: never twice
                written.Add(n);
            }
            runs.Add(new RuleRun(p.RuleId, p.EventId, p.RecipientKey, p.Outcome, Truncate(p.Reason, 2000), now) { Attempts = p.Attempts });
        }
        await bulk.InsertAsync(db, written, runs, ct);
        PartnerHubMetrics.NotificationsWritten.Add(written.Count);
        return written;
    }

    /// <summary>Tells open circuits about the committed notifications visible at <paramref name="now"/>. A failing listener is logged, never thrown.</summary>
    public void Signal(IEnumerable<Notification> delivered, DateTime now) =>
        Signal(delivered.Where(n => n.DeliverAt <= now).Select(n => n.RecipientKey).Distinct().ToList());

    /// <inheritdoc cref="Signal(IEnumerable{Notification}, DateTime)"/>
    public void Signal(IReadOnlyCollection<string> recipientKeys)
    {
        if (recipientKeys.Count == 0) return;
        try
        {
            signal.NotificationsDelivered(recipientKeys);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The notifications are committed; a failing listener must not make the writer's caller retry them.
            log.LogWarning(ex, "Notification signal failed.");
        }
    }

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..(max - 3)] + "...";
}
