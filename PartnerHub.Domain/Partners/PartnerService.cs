using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Partners;

public sealed record NewPartner
{
    public string Name { get; init; } = "";
    public string? Company { get; init; }
    public string Email { get; init; } = "";
    public Vertical Vertical { get; init; }
    public string Country { get; init; } = "";
    public string TimeZone { get; init; } = "UTC";
    public string Language { get; init; } = "en";
    public PayoutMethod PayoutMethod { get; init; } = PayoutMethod.BankWire;
    public string Currency { get; init; } = "USD";
    public decimal PayoutThreshold { get; init; } = 100m;
    public string? ManagerId { get; init; }
    public int? ParentId { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
}

/// <summary>Changes to the partner record and the IB tree. Admins and managers only; every change audited.</summary>
public sealed class PartnerService(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public async Task<int> CreateAsync(Actor actor, NewPartner input, CancellationToken ct = default)
    {
        actor.RequireWriter();
        var now = clock.GetUtcNow().UtcDateTime;
        var partner = new Partner(input.Name, input.Email, input.Vertical, input.Country, now);
        partner.UpdateProfile(input.Name, input.Company, input.Email, input.Country, input.TimeZone, input.Language);
        partner.SetPayoutTerms(input.PayoutMethod, input.Currency, input.PayoutThreshold);
        partner.SetTags(input.Tags);

        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.Partners.AnyAsync(p => p.Email == partner.Email, ct))
            throw new DomainException("A partner with this email already exists.", nameof(NewPartner.Email));
        if (input.ManagerId is { } managerId)
        {
            await RequireManagerAsync(db, managerId, ct);
            partner.AssignManager(managerId, actor.UserId, now);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        List<PartnerHierarchy> upline = [];
        if (input.ParentId is { } parentId)
        {
            var parent = await LoadWithUplineAsync(db, parentId, ct)
                ?? throw new DomainException("The chosen upline partner does not exist.", nameof(NewPartner.ParentId));
            partner.SetParent(parent);
            upline = await db.PartnerHierarchy.Where(h => h.DescendantId == parentId).ToListAsync(ct);
        }
        db.Partners.Add(partner);
        await db.SaveChangesAsync(ct);

        db.PartnerHierarchy.Add(new PartnerHierarchy(partner.Id, partner.Id, 0));
        foreach (var link in upline)
            db.PartnerHierarchy.Add(new PartnerHierarchy(link.AncestorId, partner.Id, link.Depth + 1));
        db.Audit(actor, now, "partner.created", nameof(Partner), partner.Id, partner.Id,
            new { partner.Name, partner.Email, partner.Vertical, partner.Country, partner.ParentId, partner.ManagerId });
        db.RecordEvent(actor, now, EventTypes.PartnerCreated, partner.Id, nameof(Partner), partner.Id,
            new { partner.Name, partner.Vertical, partner.ParentId });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return partner.Id;
    }

    /// <summary>
    /// Moves a partner (with its whole downline) under another partner, or to the top with null.
    /// Refused when the new upline is the partner itself or in its downline. Closure rows and tiers
    /// of the moved subtree are rewritten set-based in one transaction.
    /// </summary>
    internal async Task SetUplineAsync(Actor actor, int partnerId, int? parentId, CancellationToken ct = default)
    {
        actor.RequireWriter();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var partner = await db.Partners.SingleOrDefaultAsync(p => p.Id == partnerId, ct) ?? throw new NotFoundException("Partner not found.");
        var before = partner.ParentId;
        if (before == parentId) return;

        var subtree = await db.PartnerHierarchy.Where(h => h.AncestorId == partnerId)
            .Select(h => new { h.DescendantId, h.Depth }).ToListAsync(ct);
        Partner? parent = null;
        if (parentId is { } pid)
        {
            if (subtree.Any(s => s.DescendantId == pid))
                throw new DomainException("A partner cannot be placed under itself or under its own downline.", "ParentId");
            parent = await LoadWithUplineAsync(db, pid, ct) ?? throw new DomainException("The chosen upline partner does not exist.", "ParentId");
        }
        partner.SetParent(parent);

        var subtreeIds = subtree.Select(s => s.DescendantId).ToList();
        // Cut the subtree loose from its old ancestors...
        await db.PartnerHierarchy
            .Where(h => subtreeIds.Contains(h.DescendantId) && !subtreeIds.Contains(h.AncestorId))
            .ExecuteDeleteAsync(ct);
        // ...and hang it under the new ones: every new ancestor x every subtree member.
        if (parentId is { } newParent)
        {
            var ancestors = await db.PartnerHierarchy.Where(h => h.DescendantId == newParent)
                .Select(h => new { h.AncestorId, h.Depth }).ToListAsync(ct);
            foreach (var a in ancestors)
                foreach (var s in subtree)
                    db.PartnerHierarchy.Add(new PartnerHierarchy(a.AncestorId, s.DescendantId, a.Depth + s.Depth + 1));
        }
        // Depth below the moved partner is unchanged, so each member's tier shifts by the same amount.
        var shift = partner.Tier - (await db.Partners.AsNoTracking().Where(p => p.Id == partnerId).Select(p => p.Tier).SingleAsync(ct));
        if (shift != 0)
        {
            var below = subtreeIds.Where(id => id != partnerId).ToList();
            await db.Partners.Where(p => below.Contains(p.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Tier, p => p.Tier + shift).SetProperty(p => p.Version, p => p.Version + 1), ct);
        }
        db.Audit(actor, now, "partner.upline-changed", nameof(Partner), partnerId, partnerId, new { before, after = parentId });
        db.RecordEvent(actor, now, EventTypes.UplineChanged, partnerId, nameof(Partner), partnerId, new { before, after = parentId });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Hands the relationship to another manager. The previous assignment is closed, not deleted, so the
    /// history survives the manager. Refused for a user who is not a Manager, or when the partner changed
    /// since the operator loaded it (<paramref name="seenVersion"/>). The partner's threads that are not done and were the previous
    /// manager's (or nobody's) move to the new manager in the same transaction, each audited as <c>thread.assigned</c>.
    /// </summary>
    public async Task ReassignManagerAsync(Actor actor, int partnerId, string managerId, int seenVersion, CancellationToken ct = default)
    {
        actor.RequireWriter();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var partner = await db.Partners.Include(p => p.Assignments).SingleOrDefaultAsync(p => p.Id == partnerId, ct)
            ?? throw new NotFoundException("Partner not found.");
        await RequireManagerAsync(db, managerId, ct);
        db.Entry(partner).Property(p => p.Version).OriginalValue = seenVersion;
        var before = partner.ManagerId;
        partner.AssignManager(managerId, actor.UserId, now);
        var names = await db.Users.Where(u => u.Id == managerId || u.Id == before).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var payload = new
        {
            before = new { managerId = before, name = before is null ? null : names.GetValueOrDefault(before) },
            after = new { managerId, name = names.GetValueOrDefault(managerId) },
        };
        db.Audit(actor, now, "partner.manager-reassigned", nameof(Partner), partnerId, partnerId, payload);
        db.RecordEvent(actor, now, EventTypes.ManagerReassigned, partnerId, nameof(Partner), partnerId, payload);
        // The partner's open conversations follow it, unless another manager took one on.
        var moving = await db.MessageThreads
            .Where(t => t.PartnerId == partnerId && t.Kind != ThreadKind.Downline && t.DoneAt == null
                && (t.AssignedToId == null || t.AssignedToId == before))
            .ToListAsync(ct);
        foreach (var thread in moving)
        {
            var was = thread.AssignedToId;
            thread.AssignTo(managerId);
            db.Audit(actor, now, "thread.assigned", nameof(MessageThread), thread.Id, partnerId,
                new { before = was, after = managerId, reason = "partner.manager-reassigned" });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("This partner was changed by someone else while you were looking; reload and try again.");
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Moves the partner to another status (the entity refuses transitions it does not allow). Admins and compliance may make any
    /// allowed change; a manager may suspend or reactivate only a partner they manage, and may not end the relationship.
    /// Terminating records when the relationship ended (<see cref="Partner.EndedAt"/>), from which retention periods run.
    /// Audited as <c>partner.status</c> with before, after and the reason, in the same transaction.
    /// </summary>
    public async Task ChangeStatusAsync(Actor actor, int partnerId, PartnerStatus status, string reason, CancellationToken ct = default)
    {
        if (!actor.IsAdmin && !actor.IsCompliance && !actor.IsManager)
            throw new AccessDeniedException("Only admins, compliance and the partner's manager can change its status.");
        var text = reason?.Trim() ?? "";
        if (text.Length < 5) throw new DomainException("Give the reason (at least 5 characters): it is kept in the audit log.", "Reason");
        if (text.Length > 500) throw new DomainException("Keep the reason under 500 characters.", "Reason");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var partner = await db.Partners.SingleOrDefaultAsync(p => p.Id == partnerId, ct) ?? throw new NotFoundException("Partner not found.");
        if (!actor.IsAdmin && !actor.IsCompliance)
        {
            if (partner.ManagerId != actor.UserId) throw new AccessDeniedException("Managers can change the status only of partners they manage.");
            if (status is not (PartnerStatus.Suspended or PartnerStatus.Active))
                throw new AccessDeniedException("Managers can suspend or reactivate a partner; ending the relationship is for admins and compliance.");
        }
        var before = partner.Status;
        partner.ChangeStatus(status, now);
        db.Audit(actor, now, "partner.status", nameof(Partner), partnerId, partnerId,
            new { before, after = status, reason = text, endedAt = partner.EndedAt });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Loads a partner with its whole upline chain in memory (for the entity's cycle check).</summary>
    private static async Task<Partner?> LoadWithUplineAsync(AppDbContext db, int partnerId, CancellationToken ct)
    {
        var chainIds = await db.PartnerHierarchy.Where(h => h.DescendantId == partnerId).Select(h => h.AncestorId).ToListAsync(ct);
        if (chainIds.Count == 0) chainIds.Add(partnerId);
        var chain = await db.Partners.Where(p => chainIds.Contains(p.Id)).ToListAsync(ct); // fix-up links Parent navigations
        return chain.SingleOrDefault(p => p.Id == partnerId);
    }

    internal static async Task RequireManagerAsync(AppDbContext db, string userId, CancellationToken ct)
    {
        var isManager = await (from ur in db.UserRoles
                               join r in db.Roles on ur.RoleId equals r.Id
                               where ur.UserId == userId && r.Name == Roles.Manager
                               select ur).AnyAsync(ct);
        if (!isManager) throw new DomainException("Choose a user with the Manager role.", "ManagerId");
    }
}
