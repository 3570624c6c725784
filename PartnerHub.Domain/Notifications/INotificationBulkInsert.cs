using PartnerHub.Domain.Data;

namespace PartnerHub.Domain.Notifications;

/// <summary>
/// Inserts notifications and run-log rows in the caller's transaction. <see cref="NotificationWriter"/> decides what is
/// written; an implementation only decides how (a provider's fast path, or <see cref="PortableNotificationInsert"/>).
/// </summary>
public interface INotificationBulkInsert
{
    Task InsertAsync(AppDbContext db, IReadOnlyList<Notification> notifications, IReadOnlyList<RuleRun> runs, CancellationToken ct);
}

/// <summary>Tracked entities and one SaveChanges: works on every provider.</summary>
public sealed class PortableNotificationInsert : INotificationBulkInsert
{
    public static readonly PortableNotificationInsert Instance = new();

    public async Task InsertAsync(AppDbContext db, IReadOnlyList<Notification> notifications, IReadOnlyList<RuleRun> runs, CancellationToken ct)
    {
        db.Notifications.AddRange(notifications);
        db.RuleRuns.AddRange(runs);
        await db.SaveChangesAsync(ct);
    }
}
