using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Domain.Notifications;

/// <summary>An email to a partner that came back undelivered.</summary>
public sealed record BouncedEmail(long NotificationId, string Subject, DateTime? SentAt, DateTime? BouncedAt, string? Reason);

/// <summary>
/// The partner's emails that bounced (a delivery status notification named them, see <see cref="Messaging.InboundMailProcessor"/>),
/// newest first, for the operators on the partner's profile: the address on record may be wrong.
/// </summary>
public sealed class EmailBounces(IDbContextFactory<AppDbContext> factory)
{
    public async Task<IReadOnlyList<BouncedEmail>> ForPartnerAsync(Actor actor, int partnerId, int take = 5, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await (from n in db.Notifications.AsNoTracking()
                      where n.RecipientPartnerId == partnerId && n.EmailState == EmailState.Bounced
                      let bouncedAt = db.InboundMails.Where(m => m.NotificationId == n.Id).Select(m => (DateTime?)m.ProcessedAt).Max()
                      orderby n.EmailSentAt descending, n.Id descending
                      select new BouncedEmail(n.Id, n.Title, n.EmailSentAt, bouncedAt, n.EmailLastError))
            .Take(Math.Clamp(take, 1, 50)).ToListAsync(ct);
    }
}
