using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Performance;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Partners;

/// <summary>One partner above the viewed one: names only, never figures.</summary>
public sealed record UplineLink(int Id, string Name, int Tier);

/// <summary>
/// One sub-partner of the viewed partner: <see cref="Depth"/> levels below it, and its totals for the
/// range, one per <see cref="NetworkView.Columns"/> entry.
/// </summary>
public sealed record NetworkNode(int Id, string Name, int? ParentId, int Depth, PartnerStatus Status, IReadOnlyList<decimal> Totals);

/// <summary>
/// A partner's place in the IB tree over a range: its upline from the top down to the direct parent,
/// its whole downline in tree order (each node right after its parent, siblings by name) with each
/// sub-partner's totals, and the downline's grand totals.
/// </summary>
public sealed record NetworkView(
    int PartnerId, string Name, Vertical Vertical, string Currency, DateOnly From, DateOnly To,
    IReadOnlyList<UplineLink> Upline, IReadOnlyList<Kpi> Columns, IReadOnlyList<NetworkNode> Downline,
    IReadOnlyList<decimal> GrandTotals);

/// <summary>
/// The network section. Operators read any partner's network; a partner reads only its own, so a
/// master IB sees its downline's totals and a sub-IB can never read its master's. The upline is names only.
/// </summary>
public sealed class NetworkService(IDbContextFactory<AppDbContext> factory)
{
    public async Task<NetworkView> GetAsync(Actor actor, int partnerId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        // Deliberately not RequireInNetworkAsync: a downline's totals are for the partner at the top of it.
        actor.RequireCanRead(partnerId);
        PerformanceService.RequireValidRange(from, to);

        await using var db = await factory.CreateDbContextAsync(ct);
        var partner = await db.Partners.AsNoTracking().Where(p => p.Id == partnerId)
            .Select(p => new { p.Name, p.Vertical, p.Currency }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Partner not found.");

        var upline = await (
            from h in db.PartnerHierarchy.AsNoTracking()
            where h.DescendantId == partnerId && h.Depth > 0
            join p in db.Partners on h.AncestorId equals p.Id
            orderby h.Depth descending
            select new UplineLink(p.Id, p.Name, p.Tier)).ToListAsync(ct);

        var members = await (
            from h in db.PartnerHierarchy.AsNoTracking()
            where h.AncestorId == partnerId && h.Depth > 0
            join p in db.Partners on h.DescendantId equals p.Id
            select new { p.Id, p.Name, p.ParentId, h.Depth, p.Status }).ToListAsync(ct);

        // Every sub-partner's sums for the range in one grouped query: closure rows joined to the daily figures.
        List<PerformanceSums> sums = members.Count == 0 ? [] : await PerformanceService.Sum(
            from h in db.PartnerHierarchy
            where h.AncestorId == partnerId && h.Depth > 0
            join d in db.DailyPerformance on h.DescendantId equals d.PartnerId
            where d.Date >= @from && d.Date <= to
            group d by h.DescendantId).ToListAsync(ct);

        var columns = PerformanceKpis.NetworkColumns(partner.Vertical);
        var days = to.DayNumber - from.DayNumber + 1;
        var byPartner = sums.ToDictionary(s => s.Key);
        IReadOnlyList<decimal> Totals(PerformanceSums s) => columns.Select(c => PerformanceKpis.Read(c, s, days)).ToList();

        // Tree order: depth first from the viewed partner, siblings by name.
        var children = members.ToLookup(m => m.ParentId);
        var ordered = new List<NetworkNode>(members.Count);
        void Visit(int parentId)
        {
            foreach (var m in children[parentId].OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ThenBy(m => m.Id))
            {
                ordered.Add(new NetworkNode(m.Id, m.Name, m.ParentId, m.Depth, m.Status,
                    Totals(byPartner.GetValueOrDefault(m.Id, PerformanceSums.Zero))));
                Visit(m.Id);
            }
        }
        Visit(partnerId);
        // A member whose parent link disagrees with the closure rows still shows, at the end.
        if (ordered.Count < members.Count)
        {
            var shown = ordered.Select(n => n.Id).ToHashSet();
            ordered.AddRange(members.Where(m => !shown.Contains(m.Id)).OrderBy(m => m.Depth).ThenBy(m => m.Name)
                .Select(m => new NetworkNode(m.Id, m.Name, m.ParentId, m.Depth, m.Status, Totals(byPartner.GetValueOrDefault(m.Id, PerformanceSums.Zero)))));
        }

        return new NetworkView(partnerId, partner.Name, partner.Vertical, partner.Currency, from, to, upline, columns, ordered,
            Totals(PerformanceSums.Add(sums)));
    }
}
