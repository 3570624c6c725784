using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Partners;

/// <summary>
/// Ownership checks every partner-scoped service makes, whatever the page already checked:
/// operators read every partner; a partner reads only itself; a master IB reads only totals of its
/// own downline (<see cref="RequireInNetworkAsync"/>). Refusals are <see cref="AccessDeniedException"/>.
/// </summary>
public static class PartnerAccess
{
    /// <summary>An operator, or the partner itself.</summary>
    public static void RequireCanRead(this Actor actor, int partnerId)
    {
        if (actor.IsOperator) return;
        if (actor.IsPartner && actor.PartnerId == partnerId) return;
        throw new AccessDeniedException();
    }

    /// <summary>Changes to a partner's records are for admins and managers.</summary>
    public static void RequireCanChange(this Actor actor, int partnerId)
    {
        _ = partnerId;
        actor.RequireWriter();
    }

    /// <summary>An operator, the partner itself, or a partner whose downline includes <paramref name="partnerId"/>.</summary>
    public static async Task RequireInNetworkAsync(this Actor actor, AppDbContext db, int partnerId, CancellationToken ct)
    {
        if (actor.IsOperator || (actor.IsPartner && actor.PartnerId == partnerId)) return;
        if (actor.IsPartner && await db.PartnerHierarchy.AnyAsync(h => h.AncestorId == actor.PartnerId && h.DescendantId == partnerId, ct)) return;
        throw new AccessDeniedException();
    }
}
