using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Domain.Users;

/// <summary>The time zone a signed-in user reads dates in: the partner's own for a partner login, the user's profile zone for an operator.</summary>
public sealed class ViewerZones(IDbContextFactory<AppDbContext> factory)
{
    public async Task<string?> ZoneOfAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        return actor.PartnerId is { } partnerId
            ? await db.Partners.AsNoTracking().Where(p => p.Id == partnerId).Select(p => p.TimeZone).SingleOrDefaultAsync(ct)
            : await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.TimeZone).SingleOrDefaultAsync(ct);
    }
}
