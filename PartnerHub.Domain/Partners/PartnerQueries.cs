using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Partners;

public sealed record PartnerQuery
{
    public string? Search { get; init; }
    public IReadOnlyCollection<Vertical> Verticals { get; init; } = [];
    public IReadOnlyCollection<PartnerStatus> Statuses { get; init; } = [];
    public string? Country { get; init; }
    public string? ManagerId { get; init; }
    public int? Tier { get; init; }
    /// <summary>Column name of <see cref="PartnerRow"/>; null sorts by name.</summary>
    public string? SortBy { get; init; }
    public bool Descending { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

public sealed record PartnerRow(
    int Id, string Name, string? Company, string Email, Vertical Vertical, PartnerStatus Status, KycStatus KycStatus,
    string Country, int Tier, int? ParentId, string? ParentName, string? ManagerId, string? ManagerName,
    DateTime CreatedAt, DateTime? AwaitingReplySince);

public sealed record AssignmentRow(string ManagerId, string ManagerName, DateTime AssignedAt, DateTime? EndedAt, string? AssignedByName);

public sealed record UplineEntry(int Id, string Name, int Tier);

/// <summary>The profile header: who the partner is, where it sits in the IB tree, and who manages it (and managed it).</summary>
public sealed record PartnerProfile(
    PartnerRow Row, string TimeZone, string Language, PayoutMethod PayoutMethod, string Currency, decimal PayoutThreshold,
    IReadOnlyList<string> Tags, IReadOnlyList<UplineEntry> Upline, int DownlineCount, IReadOnlyList<AssignmentRow> Assignments, int Version,
    DateTime? EndedAt = null);

public sealed record PartnerHit(int Id, string Name, string? Company, string Email, Vertical Vertical, PartnerStatus Status);

public sealed record ManagerOption(string Id, string Name);

/// <summary>Read side of the partner directory for the console. Operators only.</summary>
public sealed class PartnerQueries(IDbContextFactory<AppDbContext> factory)
{
    public const int MaxPageSize = 200;

    public async Task<Page<PartnerRow>> SearchAsync(Actor actor, PartnerQuery q, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        var partners = db.Partners.AsNoTracking();

        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var like = LikePattern.Contains(q.Search);
            partners = partners.Where(p => EF.Functions.Like(p.Name, like, "\\") || EF.Functions.Like(p.Email, like, "\\")
                || (p.Company != null && EF.Functions.Like(p.Company, like, "\\")));
        }
        if (q.Verticals.Count > 0) partners = partners.Where(p => q.Verticals.Contains(p.Vertical));
        if (q.Statuses.Count > 0) partners = partners.Where(p => q.Statuses.Contains(p.Status));
        if (!string.IsNullOrWhiteSpace(q.Country)) partners = partners.Where(p => p.Country == q.Country.Trim().ToUpper());
        if (!string.IsNullOrWhiteSpace(q.ManagerId)) partners = partners.Where(p => p.ManagerId == q.ManagerId);
        if (q.Tier is { } tier) partners = partners.Where(p => p.Tier == tier);

        var total = await partners.CountAsync(ct);

        var rows = Rows(db, partners);
        rows = (q.SortBy, q.Descending) switch
        {
            (nameof(PartnerRow.Email), false) => rows.OrderBy(r => r.Email),
            (nameof(PartnerRow.Email), true) => rows.OrderByDescending(r => r.Email),
            (nameof(PartnerRow.Vertical), false) => rows.OrderBy(r => r.Vertical).ThenBy(r => r.Name),
            (nameof(PartnerRow.Vertical), true) => rows.OrderByDescending(r => r.Vertical).ThenBy(r => r.Name),
            (nameof(PartnerRow.Status), false) => rows.OrderBy(r => r.Status).ThenBy(r => r.Name),
            (nameof(PartnerRow.Status), true) => rows.OrderByDescending(r => r.Status).ThenBy(r => r.Name),
            (nameof(PartnerRow.Country), false) => rows.OrderBy(r => r.Country).ThenBy(r => r.Name),
            (nameof(PartnerRow.Country), true) => rows.OrderByDescending(r => r.Country).ThenBy(r => r.Name),
            (nameof(PartnerRow.Tier), false) => rows.OrderBy(r => r.Tier).ThenBy(r => r.Name),
            (nameof(PartnerRow.Tier), true) => rows.OrderByDescending(r => r.Tier).ThenBy(r => r.Name),
            (nameof(PartnerRow.ManagerName), false) => rows.OrderBy(r => r.ManagerName).ThenBy(r => r.Name),
            (nameof(PartnerRow.ManagerName), true) => rows.OrderByDescending(r => r.ManagerName).ThenBy(r => r.Name),
            (nameof(PartnerRow.CreatedAt), false) => rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id),
            (nameof(PartnerRow.CreatedAt), true) => rows.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id),
            (nameof(PartnerRow.AwaitingReplySince), false) => rows.OrderBy(r => r.AwaitingReplySince == null).ThenBy(r => r.AwaitingReplySince).ThenBy(r => r.Name),
            (nameof(PartnerRow.AwaitingReplySince), true) => rows.OrderBy(r => r.AwaitingReplySince == null).ThenByDescending(r => r.AwaitingReplySince).ThenBy(r => r.Name),
            (_, true) => rows.OrderByDescending(r => r.Name).ThenBy(r => r.Id),
            _ => rows.OrderBy(r => r.Name).ThenBy(r => r.Id),
        };

        var size = Math.Clamp(q.PageSize, 1, MaxPageSize);
        var items = (await rows.Skip(Math.Max(q.Page, 0) * size).Take(size).ToListAsync(ct)).Select(r => r.ToRow()).ToList();
        return new Page<PartnerRow>(items, total);
    }

    /// <summary>One partner's directory row (the profile header); null when there is no such partner.</summary>
    internal async Task<PartnerRow?> GetRowAsync(Actor actor, int partnerId, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        return (await Rows(db, db.Partners.AsNoTracking().Where(p => p.Id == partnerId)).SingleOrDefaultAsync(ct))?.ToRow();
    }

    /// <summary>
    /// The row as a member-init projection: unlike a positional record, EF can sort and page on its
    /// members in the database. It becomes a <see cref="PartnerRow"/> after the page is read.
    /// </summary>
    private static IQueryable<RowData> Rows(AppDbContext db, IQueryable<Partner> partners) =>
        from p in partners
        join m in db.Users on p.ManagerId equals m.Id into managers
        from m in managers.DefaultIfEmpty()
        join parent in db.Partners on p.ParentId equals parent.Id into parents
        from parent in parents.DefaultIfEmpty()
        select new RowData
        {
            Id = p.Id, Name = p.Name, Company = p.Company, Email = p.Email, Vertical = p.Vertical, Status = p.Status,
            KycStatus = p.KycStatus, Country = p.Country, Tier = p.Tier, ParentId = p.ParentId,
            ParentName = parent != null ? parent.Name : null, ManagerId = p.ManagerId, ManagerName = m != null ? m.DisplayName : null,
            CreatedAt = p.CreatedAt,
            AwaitingReplySince = db.MessageThreads
                .Where(t => t.PartnerId == p.Id && t.Kind != ThreadKind.Downline && t.AwaitingReplySince != null)
                .Min(t => t.AwaitingReplySince),
        };

    private sealed class RowData
    {
        public int Id { get; init; }
        public string Name { get; init; } = "";
        public string? Company { get; init; }
        public string Email { get; init; } = "";
        public Vertical Vertical { get; init; }
        public PartnerStatus Status { get; init; }
        public KycStatus KycStatus { get; init; }
        public string Country { get; init; } = "";
        public int Tier { get; init; }
        public int? ParentId { get; init; }
        public string? ParentName { get; init; }
        public string? ManagerId { get; init; }
        public string? ManagerName { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime? AwaitingReplySince { get; init; }

        public PartnerRow ToRow() => new(Id, Name, Company, Email, Vertical, Status, KycStatus, Country, Tier,
            ParentId, ParentName, ManagerId, ManagerName, CreatedAt, AwaitingReplySince);
    }

    /// <summary>Everything the profile header shows, in a few small queries; null when there is no such partner.</summary>
    public async Task<PartnerProfile?> GetProfileAsync(Actor actor, int partnerId, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await Rows(db, db.Partners.AsNoTracking().Where(p => p.Id == partnerId)).SingleOrDefaultAsync(ct);
        if (row is null) return null;
        var extra = await db.Partners.AsNoTracking().Where(p => p.Id == partnerId)
            .Select(p => new { p.TimeZone, p.Language, p.PayoutMethod, p.Currency, p.PayoutThreshold, p.Version, p.EndedAt }).SingleAsync(ct);
        var tags = await db.PartnerTags.Where(t => t.PartnerId == partnerId).OrderBy(t => t.Tag).Select(t => t.Tag).ToListAsync(ct);
        var upline = await (from h in db.PartnerHierarchy
                            where h.DescendantId == partnerId && h.Depth > 0
                            join p in db.Partners on h.AncestorId equals p.Id
                            orderby h.Depth descending
                            select new UplineEntry(p.Id, p.Name, p.Tier)).ToListAsync(ct);
        var downline = await db.PartnerHierarchy.CountAsync(h => h.AncestorId == partnerId && h.Depth > 0, ct);
        var assignments = await (from a in db.ManagerAssignments
                                 where a.PartnerId == partnerId
                                 join m in db.Users on a.ManagerId equals m.Id
                                 join assigner in db.Users on a.AssignedById equals assigner.Id into assigners
                                 from assigner in assigners.DefaultIfEmpty()
                                 orderby a.AssignedAt descending
                                 select new AssignmentRow(a.ManagerId, m.DisplayName, a.AssignedAt, a.EndedAt, assigner != null ? assigner.DisplayName : null))
            .ToListAsync(ct);
        return new PartnerProfile(row.ToRow(), extra.TimeZone, extra.Language, extra.PayoutMethod, extra.Currency, extra.PayoutThreshold,
            tags, upline, downline, assignments, extra.Version, extra.EndedAt);
    }

    /// <summary>The console's global search box: name, company or email, a few hits.</summary>
    public async Task<IReadOnlyList<PartnerHit>> QuickSearchAsync(Actor actor, string text, int take = 8, CancellationToken ct = default)
    {
        actor.RequireOperator();
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Length < 2) return [];
        await using var db = await factory.CreateDbContextAsync(ct);
        var like = LikePattern.Contains(text);
        return await db.Partners.AsNoTracking()
            .Where(p => EF.Functions.Like(p.Name, like, "\\") || EF.Functions.Like(p.Email, like, "\\")
                || (p.Company != null && EF.Functions.Like(p.Company, like, "\\")))
            .OrderBy(p => p.Name).Take(Math.Clamp(take, 1, 50))
            .Select(p => new PartnerHit(p.Id, p.Name, p.Company, p.Email, p.Vertical, p.Status))
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<ManagerOption>> ManagersAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await Managers(db, ct);
    }

    /// <summary>Every user in the Manager role, by name (shared by the screens that pick a manager).</summary>
    internal static async Task<IReadOnlyList<ManagerOption>> Managers(AppDbContext db, CancellationToken ct)
    {
        var managerRoleId = db.Roles.Where(r => r.Name == Roles.Manager).Select(r => r.Id);
        return await db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && managerRoleId.Contains(ur.RoleId)))
            .OrderBy(u => u.DisplayName)
            .Select(u => new ManagerOption(u.Id, u.DisplayName))
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<string>> CountriesAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Partners.AsNoTracking().Select(p => p.Country).Distinct().OrderBy(c => c).ToListAsync(ct);
    }
}
