using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;

namespace PartnerHub.Domain.Notifications;

/// <summary>
/// The daily digest: notifications of digest rules wait (<see cref="Notification.InDigest"/>, visible at
/// <see cref="DeliveryPolicy.DigestPending"/>) until this runs, then each recipient gets ONE bundled notification
/// listing them, and the bundled ones become visible as read history. The digest is cut at the daily digest time
/// (<see cref="NotificationOptions.DigestAtUtc"/>): a run bundles what arrived before the latest cut, so the job may run
/// hourly, and a day the app was down catches up at the next run. The bundles go through <see cref="NotificationWriter"/>
/// like every other notification.
/// </summary>
public sealed class NotificationDigest(IDbContextFactory<AppDbContext> factory, TimeProvider clock, NotificationOptions options, NotificationWriter writer)
{
    public const int MaxItemsListed = 20;

    /// <summary>Bundles everything waiting; returns the number of digests written.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var pending = DeliveryPolicy.DigestPending;
        var cut = options.NextDigestUtc(now).AddDays(-1);
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var waiting = await db.Notifications.Where(n => n.InDigest && n.DeliverAt == pending && n.CreatedAt < cut)
            .OrderBy(n => n.RecipientKey).ThenBy(n => n.CreatedAt).ThenBy(n => n.Id).ToListAsync(ct);
        if (waiting.Count == 0) return 0;

        var digests = new List<Notification>();
        foreach (var group in waiting.GroupBy(n => n.RecipientKey))
        {
            var items = group.ToList();
            var first = items[0];
            var body = new StringBuilder();
            body.Append(CultureInfo.InvariantCulture, $"{items.Count} update{(items.Count == 1 ? "" : "s")} since the last digest:\n\n");
            foreach (var n in items.Take(MaxItemsListed))
            {
                var title = TemplateRenderer.EscapeMarkdown(n.Title);
                body.Append(n.Link is { } link && link.StartsWith('/') ? $"- [{title}]({link})\n" : $"- {title}\n");
            }
            if (items.Count > MaxItemsListed)
                body.Append(CultureInfo.InvariantCulture, $"- and {items.Count - MaxItemsListed} more\n");
            var categories = items.Select(n => n.Category).Distinct().ToList();
            var digest = new Notification(first.RecipientKey, first.RecipientPartnerId, first.RecipientUserId,
                categories.Count == 1 ? categories[0] : first.Category,
                string.Create(CultureInfo.InvariantCulture, $"Your daily digest: {items.Count} update{(items.Count == 1 ? "" : "s")}"),
                body.ToString(), first.RecipientPartnerId is not null ? "/portal" : "/console", now, now)
            {
                AboutPartnerId = first.RecipientPartnerId,
            };
            digests.Add(digest);
            foreach (var n in items)
            {
                // Bundled: shown from now on as history (already read through the digest), never as a separate alert.
                n.DeliverAt = now;
                n.ReadAt ??= now;
            }
        }
        await writer.WriteAsync(db, digests, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        writer.Signal(digests, now);
        return digests.Count;
    }
}
