using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Segments;

public sealed record SegmentRow(int Id, string Name, string? Description, SegmentCriteria Criteria, DateTime UpdatedAt, int Version);

/// <summary>A partner in a segment's preview.</summary>
public sealed record SegmentMember(int Id, string Name, string? Company, Vertical Vertical, PartnerStatus Status, string Country, int Tier);

/// <summary>The live result of criteria being edited: how many partners match and the first few of them.</summary>
public sealed record SegmentPreview(int Count, IReadOnlyList<SegmentMember> First);

/// <summary>A partner the editor can pick as "downline of" (a master IB has at least one sub-partner).</summary>
public sealed record SegmentPartnerOption(int Id, string Name, string? Company);

/// <summary>
/// Saved audiences. Managers, admins and compliance officers manage them (every change audited); counts and
/// previews run <see cref="SegmentQuery"/> in the database, never loading partners into memory.
/// </summary>
public sealed class SegmentService(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public const int PreviewSize = 20;

    public async Task<IReadOnlyList<SegmentRow>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Segments.AsNoTracking().OrderBy(s => s.Name)
            .Select(s => new SegmentRow(s.Id, s.Name, s.Description, s.Criteria, s.UpdatedAt, s.Version))
            .ToListAsync(ct);
    }

    public async Task<int> CreateAsync(Actor actor, string name, string? description, SegmentCriteria criteria, CancellationToken ct = default)
    {
        actor.RequireOperator();
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        criteria = await ValidateAsync(db, criteria, ct);
        var segment = new Segment(name, criteria, now, actor.UserId);
        segment.Update(name, description, criteria, now);
        await RequireUniqueNameAsync(db, segment.Name, null, ct);
        db.Segments.Add(segment);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        db.Audit(actor, now, "segment.created", nameof(Segment), segment.Id, null, new { segment.Name, segment.Description, criteria });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return segment.Id;
    }

    /// <summary>Saves new criteria; <paramref name="seenVersion"/> refuses an edit made on a stale copy.</summary>
    public async Task UpdateAsync(Actor actor, int segmentId, int seenVersion, string name, string? description, SegmentCriteria criteria,
        CancellationToken ct = default)
    {
        actor.RequireOperator();
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var segment = await db.Segments.SingleOrDefaultAsync(s => s.Id == segmentId, ct) ?? throw new NotFoundException("Segment not found.");
        if (segment.Version != seenVersion)
            throw new DomainException("Someone else changed this segment. Reload it and make your change again.");
        criteria = await ValidateAsync(db, criteria, ct);
        var before = new { segment.Name, segment.Description, segment.Criteria };
        segment.Update(name, description, criteria, now);
        await RequireUniqueNameAsync(db, segment.Name, segment.Id, ct);
        db.Audit(actor, now, "segment.updated", nameof(Segment), segment.Id, null,
            new { before, after = new { segment.Name, segment.Description, segment.Criteria } });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("Someone else changed this segment. Reload it and make your change again.");
        }
    }

    /// <summary>
    /// Deletes a segment nothing depends on: no creative shown to it (deleting it would widen the creative's audience to
    /// everyone of its vertical), no trigger rule that filters on it or notifies it, and no announcement still to be sent
    /// to it. The checks and the delete run in one transaction; the database restricts the creative link as well.
    /// </summary>
    public async Task DeleteAsync(Actor actor, int segmentId, CancellationToken ct = default)
    {
        actor.RequireOperator();
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var segment = await db.Segments.SingleOrDefaultAsync(s => s.Id == segmentId, ct) ?? throw new NotFoundException("Segment not found.");
        var creatives = await db.Creatives.AsNoTracking().Where(c => c.Visibility.Any(v => v.SegmentId == segmentId))
            .OrderBy(c => c.Name).Select(c => c.Name).ToListAsync(ct);
        if (creatives.Count > 0)
            throw new DomainException($"This segment decides who sees {Names("creative", creatives)}. Change their visibility first.");
        // Rules keep their conditions and recipients as JSON: a few dozen rows, read here.
        var rules = await db.TriggerRules.AsNoTracking().Select(r => new { r.Name, r.Conditions, r.Recipients }).ToListAsync(ct);
        var ruleUsers = rules.Where(r => r.Conditions.SegmentId == segmentId || r.Recipients.SegmentId == segmentId)
            .Select(r => r.Name).Order(StringComparer.OrdinalIgnoreCase).ToList();
        if (ruleUsers.Count > 0)
            throw new DomainException($"{Names("trigger rule", ruleUsers)} use{(ruleUsers.Count == 1 ? "s" : "")} this segment. Change the rule first.");
        // Only drafts and scheduled announcements still resolve their audience; a handful of rows, their JSON read here.
        var pending = await db.Announcements.AsNoTracking()
            .Where(a => a.Status == AnnouncementStatus.Draft || a.Status == AnnouncementStatus.Scheduled || a.Status == AnnouncementStatus.Sending)
            .Select(a => new { a.Title, a.Audience }).ToListAsync(ct);
        if (pending.FirstOrDefault(a => a.Audience.SegmentIds.Contains(segmentId)) is { } user)
            throw new DomainException($"The announcement \"{user.Title}\" is addressed to this segment and not sent yet.");
        db.Segments.Remove(segment);
        db.Audit(actor, now, "segment.deleted", nameof(Segment), segment.Id, null, new { segment.Name, segment.Criteria });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static string Names(string kind, IReadOnlyList<string> names)
    {
        var shown = string.Join(", ", names.Take(5).Select(n => $"\"{n}\""));
        var more = names.Count > 5 ? $" and {names.Count - 5} more" : "";
        return $"the {kind}{(names.Count == 1 ? "" : "s")} {shown}{more}";
    }

    /// <summary>How many partners match and the first <see cref="PreviewSize"/> of them (by name): two queries, both in the database.</summary>
    public async Task<SegmentPreview> PreviewAsync(Actor actor, SegmentCriteria criteria, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        criteria = await ValidateAsync(db, criteria, ct);
        var query = SegmentQuery.Apply(db.Partners.AsNoTracking(), db, criteria, Today());
        var count = await query.CountAsync(ct);
        var first = await query.OrderBy(p => p.Name).ThenBy(p => p.Id).Take(PreviewSize)
            .Select(p => new SegmentMember(p.Id, p.Name, p.Company, p.Vertical, p.Status, p.Country, p.Tier))
            .ToListAsync(ct);
        return new SegmentPreview(count, first);
    }

    public async Task<int> CountAsync(Actor actor, SegmentCriteria criteria, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        criteria = await ValidateAsync(db, criteria, ct);
        return await SegmentQuery.Apply(db.Partners.AsNoTracking(), db, criteria, Today()).CountAsync(ct);
    }

    /// <summary>Partners with a downline whose name, company or email contains <paramref name="text"/> (for "downline of").</summary>
    public async Task<IReadOnlyList<SegmentPartnerOption>> SearchMastersAsync(Actor actor, string? text, CancellationToken ct = default)
    {
        actor.RequireOperator();
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Length < 2) return [];
        await using var db = await factory.CreateDbContextAsync(ct);
        var like = LikePattern.Contains(text);
        return await db.Partners.AsNoTracking()
            .Where(p => db.PartnerHierarchy.Any(h => h.AncestorId == p.Id && h.Depth > 0))
            .Where(p => EF.Functions.Like(p.Name, like, "\\") || EF.Functions.Like(p.Email, like, "\\")
                || (p.Company != null && EF.Functions.Like(p.Company, like, "\\")))
            .OrderBy(p => p.Name).Take(10)
            .Select(p => new SegmentPartnerOption(p.Id, p.Name, p.Company))
            .ToListAsync(ct);
    }

    public async Task<SegmentPartnerOption?> FindPartnerAsync(Actor actor, int partnerId, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Partners.AsNoTracking().Where(p => p.Id == partnerId)
            .Select(p => new SegmentPartnerOption(p.Id, p.Name, p.Company)).SingleOrDefaultAsync(ct);
    }

    /// <summary>The account managers the editor offers for "assigned manager".</summary>
    public async Task<IReadOnlyList<ManagerOption>> ManagersAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await PartnerQueries.Managers(db, ct);
    }

    /// <summary>Normalises the criteria (upper-case countries, lower-case tags) and refuses what cannot be evaluated.</summary>
    internal static async Task<SegmentCriteria> ValidateAsync(AppDbContext db, SegmentCriteria criteria, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var countries = criteria.Countries.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim().ToUpperInvariant()).Distinct().ToList();
        if (countries.FirstOrDefault(c => c.Length != 2 || !c.All(char.IsAsciiLetterUpper)) is { } badCountry)
            throw new DomainException($"'{badCountry}' is not a two-letter country code such as GB.", nameof(SegmentCriteria.Countries));
        var tags = criteria.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim().ToLowerInvariant()).Distinct().ToList();
        if (tags.Any(t => t.Length > 40)) throw new DomainException("A tag has at most 40 characters.", nameof(SegmentCriteria.Tags));
        if (criteria.Tiers.Any(t => t < 1)) throw new DomainException("Tiers start at 1 (top-level partners).", nameof(SegmentCriteria.Tiers));
        foreach (var t in criteria.Thresholds)
        {
            if (!Enum.IsDefined(t.Metric)) throw new DomainException($"Unknown metric {t.Metric}.", nameof(SegmentCriteria.Thresholds));
            if (t.WindowDays is < 1 or > 3660) throw new DomainException("A threshold's window is between 1 and 3660 days.", nameof(SegmentCriteria.Thresholds));
            if (t.Minimum < 0) throw new DomainException("A threshold's minimum cannot be negative.", nameof(SegmentCriteria.Thresholds));
        }
        if (criteria.DownlineOfPartnerId is int master && !await db.Partners.AnyAsync(p => p.Id == master, ct))
            throw new DomainException("The master IB does not exist.", nameof(SegmentCriteria.DownlineOfPartnerId));
        return criteria with
        {
            Countries = countries,
            Tags = tags,
            Verticals = criteria.Verticals.Distinct().ToList(),
            Statuses = criteria.Statuses.Distinct().ToList(),
            Tiers = criteria.Tiers.Distinct().ToList(),
            DealIds = criteria.DealIds.Distinct().ToList(),
            DealTypes = criteria.DealTypes.Distinct().ToList(),
            ManagerIds = criteria.ManagerIds.Where(m => !string.IsNullOrWhiteSpace(m)).Distinct().ToList(),
            KycStatuses = criteria.KycStatuses.Distinct().ToList(),
        };
    }

    private static async Task RequireUniqueNameAsync(AppDbContext db, string name, int? exceptId, CancellationToken ct)
    {
        if (await db.Segments.AnyAsync(s => s.Name == name && s.Id != exceptId, ct))
            throw new DomainException("A segment with this name already exists.", nameof(Segment.Name));
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
    private DateOnly Today() => DateOnly.FromDateTime(Now());
}
