using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Partners;

public sealed record CountByKey<TKey>(TKey Key, int Count);

public sealed record ConsoleSummary(
    IReadOnlyList<CountByKey<Vertical>> ActiveByVertical,
    IReadOnlyList<CountByKey<PartnerStatus>> ByStatus,
    int ThreadsAwaitingReply,
    int MyPartners,
    int CommissionLinesToApprove,
    decimal CommissionToApprove,
    int PayoutsInFlight);

/// <summary>The operators' home: what needs attention today. Operators only; one round trip per figure, all set-based.</summary>
public sealed class ConsoleOverview(IDbContextFactory<AppDbContext> factory)
{
    public async Task<ConsoleSummary> GetAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        var byVertical = await db.Partners.Where(p => p.Status == PartnerStatus.Active)
            .GroupBy(p => p.Vertical).Select(g => new CountByKey<Vertical>(g.Key, g.Count())).ToListAsync(ct);
        var byStatus = await db.Partners.GroupBy(p => p.Status)
            .Select(g => new CountByKey<PartnerStatus>(g.Key, g.Count())).ToListAsync(ct);
        var awaiting = await db.MessageThreads.CountAsync(t => t.AwaitingReplySince != null && t.Kind != ThreadKind.Downline, ct);
        var mine = await db.Partners.CountAsync(p => p.ManagerId == actor.UserId, ct);
        var pending = db.CommissionLines.Where(l => l.Status == CommissionStatus.Calculated);
        var pendingCount = await pending.CountAsync(ct);
        var pendingAmount = await pending.SumAsync(l => l.Amount, ct);
        var inFlight = await db.Payouts.CountAsync(p => p.Status == PayoutStatus.Requested || p.Status == PayoutStatus.Processing, ct);
        return new ConsoleSummary(
            byVertical.OrderBy(v => v.Key).ToList(), byStatus.OrderBy(s => s.Key).ToList(),
            awaiting, mine, pendingCount, pendingAmount, inFlight);
    }
}

public sealed record PortalSummary(
    int PartnerId, string Name, string? Company, Vertical Vertical, PartnerStatus Status, KycStatus KycStatus, int Tier,
    string? UplineName, string? ManagerName, string Currency, decimal PayoutThreshold,
    decimal ApprovedUnpaid, decimal AwaitingApproval, int DownlineCount);

/// <summary>
/// The partner portal's read side. Every method works on the caller's own partner id taken from the
/// <see cref="Actor"/>, never from a parameter, so a partner can only ever read their own figures;
/// a master IB sees only their own downline.
/// </summary>
public sealed class PartnerPortalOverview(IDbContextFactory<AppDbContext> factory)
{
    public async Task<PortalSummary> GetHomeAsync(Actor actor, CancellationToken ct = default)
    {
        var partnerId = RequirePartner(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        var home = await (
            from p in db.Partners.AsNoTracking()
            where p.Id == partnerId
            join m in db.Users on p.ManagerId equals m.Id into managers
            from m in managers.DefaultIfEmpty()
            join up in db.Partners on p.ParentId equals up.Id into uplines
            from up in uplines.DefaultIfEmpty()
            select new
            {
                p.Id, p.Name, p.Company, p.Vertical, p.Status, p.KycStatus, p.Tier, UplineName = up != null ? up.Name : null,
                ManagerName = m != null ? m.DisplayName : null, p.Currency, p.PayoutThreshold,
            }).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("Your partner record was not found.");
        var lines = db.CommissionLines.Where(l => l.PartnerId == partnerId);
        var approvedUnpaid = await lines.Where(l => l.Status == CommissionStatus.Approved && l.PayoutId == null).SumAsync(l => l.Amount, ct);
        var awaiting = await lines.Where(l => l.Status == CommissionStatus.Calculated).SumAsync(l => l.Amount, ct);
        var downline = await db.PartnerHierarchy.CountAsync(h => h.AncestorId == partnerId && h.Depth > 0, ct);
        return new PortalSummary(home.Id, home.Name, home.Company, home.Vertical, home.Status, home.KycStatus, home.Tier,
            home.UplineName, home.ManagerName, home.Currency, home.PayoutThreshold, approvedUnpaid, awaiting, downline);
    }

    public async Task<bool> HasDownlineAsync(Actor actor, CancellationToken ct = default)
    {
        var partnerId = RequirePartner(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.PartnerHierarchy.AnyAsync(h => h.AncestorId == partnerId && h.Depth > 0, ct);
    }

    private static int RequirePartner(Actor actor) =>
        actor.IsPartner && actor.PartnerId is { } id ? id : throw new AccessDeniedException("This page is for partners.");
}
