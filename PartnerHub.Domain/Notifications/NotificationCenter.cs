using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Notifications;

/// <summary>One in-app notification as its recipient sees it. <see cref="Link"/> is a route inside the app, or null.</summary>
public sealed record NotificationView(
    long Id, NotificationCategory Category, string Title, string Body, string? Link, DateTime DeliveredAt, DateTime? ReadAt, bool Critical)
{
    public bool IsRead => ReadAt is not null;
}

/// <summary>The bell: how many are unread and the newest few.</summary>
public sealed record NotificationSummary(int Unread, IReadOnlyList<NotificationView> Latest);

/// <summary>
/// The caller's own in-app notifications: a partner's login sees what was addressed to its partner
/// (<c>p:{partnerId}</c>, shared by every login of that partner) and to itself (<c>u:{userId}</c>); an operator sees
/// what was addressed to its user. Nothing shows before <see cref="Notification.DeliverAt"/> (quiet hours, digests).
/// Every method derives the recipient keys from the <see cref="Actor"/>, so nobody can read or mark another's
/// notification, by id or otherwise: a notification that is not the caller's is reported as not found.
/// </summary>
public sealed class NotificationCenter(IDbContextFactory<AppDbContext> factory, TimeProvider clock, INotificationSignal signal)
{
    public const int MaxPageSize = 100;
    public const int BellSize = 8;

    /// <summary>The recipient keys the caller reads. Empty for a signed-in user who is neither an operator nor a partner.</summary>
    public static IReadOnlyList<string> KeysFor(Actor actor)
    {
        if (actor.IsPartner) return [Notification.PartnerKey(actor.PartnerId!.Value), Notification.UserKey(actor.UserId)];
        if (actor.IsOperator) return [Notification.UserKey(actor.UserId)];
        return [];
    }

    public async Task<int> UnreadCountAsync(Actor actor, CancellationToken ct = default)
    {
        var keys = RequireKeys(actor);
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await Mine(db, keys, now).CountAsync(n => n.ReadAt == null, ct);
    }

    /// <summary>The unread count and the newest <paramref name="take"/> delivered notifications, read or not.</summary>
    public async Task<NotificationSummary> SummaryAsync(Actor actor, int take = BellSize, CancellationToken ct = default)
    {
        var keys = RequireKeys(actor);
        take = Math.Clamp(take, 1, MaxPageSize);
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var unread = await Mine(db, keys, now).CountAsync(n => n.ReadAt == null, ct);
        var latest = await Project(Newest(Mine(db, keys, now)).Take(take)).ToListAsync(ct);
        return new NotificationSummary(unread, latest);
    }

    /// <summary>A page of the caller's delivered notifications, newest first (page is zero-based).</summary>
    public async Task<Page<NotificationView>> ListAsync(Actor actor, int page, int pageSize, bool unreadOnly = false, CancellationToken ct = default)
    {
        var keys = RequireKeys(actor);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(page, 0);
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = Mine(db, keys, now);
        if (unreadOnly) query = query.Where(n => n.ReadAt == null);
        var total = await query.CountAsync(ct);
        var items = await Project(Newest(query).Skip(page * pageSize).Take(pageSize)).ToListAsync(ct);
        return new Page<NotificationView>(items, total);
    }

    /// <summary>Marks one of the caller's notifications read (audited). Reading it again changes nothing.</summary>
    /// <exception cref="NotFoundException">The notification does not exist, is not delivered yet, or is someone else's.</exception>
    public async Task MarkReadAsync(Actor actor, long notificationId, CancellationToken ct = default)
    {
        var keys = RequireKeys(actor);
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var notification = await Mine(db, keys, now).AsTracking().SingleOrDefaultAsync(n => n.Id == notificationId, ct)
            ?? throw new NotFoundException("Notification not found.");
        if (notification.ReadAt is not null) return;
        notification.ReadAt = now;
        db.Audit(actor, now, "notification.read", nameof(Notification), notification.Id, notification.AboutPartnerId ?? notification.RecipientPartnerId,
            new { notification.RecipientKey, notification.Title });
        await db.SaveChangesAsync(ct);
        signal.NotificationsDelivered([notification.RecipientKey]);
    }

    /// <summary>Marks every delivered unread notification of the caller read, in one statement (audited). Returns how many.</summary>
    public async Task<int> MarkAllReadAsync(Actor actor, CancellationToken ct = default)
    {
        var keys = RequireKeys(actor);
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var count = await Mine(db, keys, now).Where(n => n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        if (count == 0) return 0;
        db.Audit(actor, now, "notification.read-all", nameof(Notification), null, actor.PartnerId, new { keys, count });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        signal.NotificationsDelivered(keys.ToArray());
        return count;
    }

    private static IReadOnlyList<string> RequireKeys(Actor actor)
    {
        var keys = KeysFor(actor);
        return keys.Count == 0 ? throw new AccessDeniedException() : keys;
    }

    private static IQueryable<Notification> Mine(AppDbContext db, IReadOnlyList<string> keys, DateTime now)
    {
        var list = keys.ToArray();
        return db.Notifications.AsNoTracking().Where(n => list.Contains(n.RecipientKey) && n.DeliverAt <= now);
    }

    private static IQueryable<Notification> Newest(IQueryable<Notification> q) => q.OrderByDescending(n => n.DeliverAt).ThenByDescending(n => n.Id);

    private static IQueryable<NotificationView> Project(IQueryable<Notification> q) =>
        q.Select(n => new NotificationView(n.Id, n.Category, n.Title, n.Body, n.Link, n.DeliverAt, n.ReadAt, n.Critical));

    /// <summary>
    /// A notification's link as the app may follow it: a local route only ("/portal/payouts"), never another site
    /// ("//evil.example", "https://...") or a script URL. Anything else is dropped.
    /// </summary>
    public static string? SafeLink(string? link)
    {
        if (string.IsNullOrWhiteSpace(link)) return null;
        var l = link.Trim();
        if (l.Length < 2 && l != "/") return null;
        if (l[0] != '/' || l.StartsWith("//", StringComparison.Ordinal) || l.StartsWith("/\\", StringComparison.Ordinal)) return null;
        return l.Any(char.IsControl) ? null : l;
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
