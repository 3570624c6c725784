using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Announcements;

/// <summary>One announcement in a partner's list.</summary>
public sealed record PartnerAnnouncementRow(int Id, string Title, AnnouncementCategory Category, DateTime DeliveredAt, DateTime? ReadAt,
    bool RequiresAcknowledgement, DateTime? AcknowledgementDueAt, bool NeedsAcknowledgement, bool IsOverdue, DateTime? AcknowledgedAt);

/// <summary>An announcement as the partner reads it (the current version's text).</summary>
public sealed record PartnerAnnouncementView(int Id, string Title, string Body, AnnouncementCategory Category, DateTime DeliveredAt, DateTime? ReadAt,
    int Version, bool RequiresAcknowledgement, DateTime? AcknowledgementDueAt, bool NeedsAcknowledgement, bool IsOverdue, bool BlocksPortalWhenOverdue,
    DateTime? AcknowledgedAt, int? AcknowledgedVersion)
{
    /// <summary>The creatives the announcement points to, still published or deprecated (never drafts).</summary>
    public IReadOnlyList<LinkedCreative> Creatives { get; init; } = [];
}

/// <summary>A creative linked to an announcement, as the partner sees it next to the text.</summary>
public sealed record LinkedCreative(int Id, string Name, Creatives.CreativeType Type, bool Deprecated);

/// <summary>An acknowledgement the partner still owes (the portal shell's banner; <see cref="Blocks"/> blocks the other pages).</summary>
public sealed record PendingAcknowledgement(int Id, string Title, string Body, int Version, DateTime? DueAt, bool IsOverdue, bool Blocks);

/// <summary>
/// The partner's side of announcements: only the ledger rows of the signed-in partner, whatever id is asked for.
/// Reading marks the row read; acknowledging records who, from which IP, and which version, once per version.
/// </summary>
public sealed class PartnerAnnouncements(IDbContextFactory<AppDbContext> factory, TimeProvider clock, IAnnouncementSignal? signal = null)
{
    /// <summary>The field of the refusal when the acknowledged version is not the current one (the UI reloads the text).</summary>
    public const string StaleVersionField = "Version";

    /// <summary>
    /// Which of <paramref name="partnerIds"/> (the partners with a page open) are on the announcement's ledger: whom a send or a
    /// revision concerns live. For the Web's delivery of <see cref="IAnnouncementSignal"/>; no person calls it.
    /// </summary>
    public async Task<IReadOnlyList<int>> LedgerAmongAsync(int announcementId, IReadOnlyCollection<int> partnerIds, CancellationToken ct = default)
    {
        var found = new List<int>();
        await using var db = await factory.CreateDbContextAsync(ct);
        foreach (var chunk in partnerIds.Distinct().Chunk(500))
            found.AddRange(await db.AnnouncementRecipients.Where(r => r.AnnouncementId == announcementId && chunk.Contains(r.PartnerId))
                .Select(r => r.PartnerId).ToListAsync(ct));
        return found;
    }

    public async Task<IReadOnlyList<PartnerAnnouncementRow>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        var partnerId = RequirePartner(actor);
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await (from r in db.AnnouncementRecipients.AsNoTracking()
                      join a in db.Announcements.AsNoTracking() on r.AnnouncementId equals a.Id
                      where r.PartnerId == partnerId && a.Status == AnnouncementStatus.Sent
                      orderby r.DeliveredAt descending, a.Id descending
                      select new PartnerAnnouncementRow(a.Id, a.Title, a.Category, r.DeliveredAt, r.ReadAt, a.RequiresAcknowledgement, a.AcknowledgementDueAt,
                          a.RequiresAcknowledgement && (r.AcknowledgedVersion == null || r.AcknowledgedVersion < a.AcknowledgementVersion),
                          a.RequiresAcknowledgement && (r.AcknowledgedVersion == null || r.AcknowledgedVersion < a.AcknowledgementVersion)
                              && a.AcknowledgementDueAt < now,
                          r.AcknowledgedAt))
            .Take(200).ToListAsync(ct);
    }

    /// <summary>Unread announcements (the nav badge and the dashboard).</summary>
    public async Task<int> UnreadCountAsync(Actor actor, CancellationToken ct = default)
    {
        var partnerId = RequirePartner(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.AnnouncementRecipients.CountAsync(r => r.PartnerId == partnerId && r.ReadAt == null
            && db.Announcements.Any(a => a.Id == r.AnnouncementId && a.Status == AnnouncementStatus.Sent), ct);
    }

    /// <summary>Acknowledgements still owed, oldest due first.</summary>
    public async Task<IReadOnlyList<PendingAcknowledgement>> PendingAsync(Actor actor, CancellationToken ct = default)
    {
        var partnerId = RequirePartner(actor);
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await (from r in db.AnnouncementRecipients.AsNoTracking()
                          join a in db.Announcements.AsNoTracking() on r.AnnouncementId equals a.Id
                          join v in db.AnnouncementVersions.AsNoTracking() on new { a.Id, Number = a.CurrentVersion } equals new { Id = v.AnnouncementId, v.Number }
                          where r.PartnerId == partnerId && a.Status == AnnouncementStatus.Sent && a.RequiresAcknowledgement
                                && (r.AcknowledgedVersion == null || r.AcknowledgedVersion < a.AcknowledgementVersion)
                          orderby a.AcknowledgementDueAt, a.Id
                          select new { a.Id, v.Title, v.Body, a.CurrentVersion, a.AcknowledgementDueAt, a.BlocksPortalWhenOverdue })
            .ToListAsync(ct);
        return rows.Select(x =>
        {
            var overdue = x.AcknowledgementDueAt < now;
            return new PendingAcknowledgement(x.Id, x.Title, x.Body, x.CurrentVersion, x.AcknowledgementDueAt, overdue,
                PortalBlock.Blocks(x.AcknowledgementDueAt, x.BlocksPortalWhenOverdue, now));
        }).ToList();
    }

    /// <summary>The announcement's current text; the first opening marks it read (audited).</summary>
    public async Task<PartnerAnnouncementView> OpenAsync(Actor actor, int announcementId, CancellationToken ct = default)
    {
        var partnerId = RequirePartner(actor);
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var recipient = await LoadRecipientAsync(db, announcementId, partnerId, ct);
        var a = await db.Announcements.AsNoTracking().SingleAsync(x => x.Id == announcementId, ct);
        var version = await db.AnnouncementVersions.AsNoTracking().SingleAsync(v => v.AnnouncementId == a.Id && v.Number == a.CurrentVersion, ct);
        if (recipient.ReadAt is null)
        {
            recipient.ReadAt = now;
            db.Audit(actor, now, "announcement.read", nameof(Announcement), a.Id, partnerId, new { version = a.CurrentVersion });
            await db.SaveChangesAsync(ct);
            signal?.Changed(new AnnouncementChange(a.Id, AnnouncementChangeKind.Read, partnerId));
        }
        var needs = a.RequiresAcknowledgement && (recipient.AcknowledgedVersion is null || recipient.AcknowledgedVersion < a.AcknowledgementVersion);
        return new PartnerAnnouncementView(a.Id, version.Title, version.Body, a.Category, recipient.DeliveredAt, recipient.ReadAt, a.CurrentVersion,
            a.RequiresAcknowledgement, a.AcknowledgementDueAt, needs, needs && a.AcknowledgementDueAt < now, a.BlocksPortalWhenOverdue,
            recipient.AcknowledgedAt, recipient.AcknowledgedVersion)
        {
            Creatives = await LinkedCreativesAsync(db, a.Id, partnerId, now, ct),
        };
    }

    /// <summary>The creatives the announcement links that this partner can see (the marketing library's own rule).</summary>
    private static async Task<IReadOnlyList<LinkedCreative>> LinkedCreativesAsync(AppDbContext db, int announcementId, int partnerId, DateTime now,
        CancellationToken ct)
    {
        var linked = await db.AnnouncementCreatives.Where(l => l.AnnouncementId == announcementId).Select(l => l.CreativeId).ToListAsync(ct);
        var visible = await Creatives.CreativeAudience.VisibleToAsync(db, partnerId, linked, DateOnly.FromDateTime(now), ct);
        if (visible.Count == 0) return [];
        return await db.Creatives.Where(c => visible.Contains(c.Id)).OrderBy(c => c.Name)
            .Select(c => new LinkedCreative(c.Id, c.Name, c.Type, c.Status == Creatives.CreativeStatus.Deprecated)).ToListAsync(ct);
    }

    /// <summary>
    /// "I have read and understood": records the partner, the user, the IP and the version to acknowledge, and marks the
    /// ledger row. Refused, with nothing written, when the announcement was not sent to this partner, needs no
    /// acknowledgement, or this version was already acknowledged; and refused when <paramref name="displayedVersion"/> (the
    /// version the portal showed) is no longer the current one: the partner must read the revised text first.
    /// </summary>
    public async Task AcknowledgeAsync(Actor actor, int announcementId, int displayedVersion, CancellationToken ct = default)
    {
        var partnerId = RequirePartner(actor);
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var recipient = await LoadRecipientAsync(db, announcementId, partnerId, ct);
        var a = await db.Announcements.AsNoTracking().SingleAsync(x => x.Id == announcementId, ct);
        if (!a.RequiresAcknowledgement) throw new DomainException("This announcement does not ask for an acknowledgement.");
        if (displayedVersion != a.CurrentVersion)
            throw new DomainException($"This announcement was revised after you opened it (you read version {displayedVersion}, it is now version "
                + $"{a.CurrentVersion}). Please read the new text below and acknowledge again.", StaleVersionField);
        var version = a.AcknowledgementVersion;
        if (recipient.AcknowledgedVersion >= version
            || await db.AnnouncementAcknowledgements.AnyAsync(x => x.AnnouncementId == a.Id && x.PartnerId == partnerId && x.VersionNumber == version, ct))
            throw new DomainException($"You have already acknowledged version {version} of this announcement.");

        db.AnnouncementAcknowledgements.Add(new AnnouncementAcknowledgement(a.Id, partnerId, version, actor.UserId, actor.IpAddress, now));
        recipient.AcknowledgedAt = now;
        recipient.AcknowledgedVersion = version;
        recipient.ReadAt ??= now;
        db.Audit(actor, now, "announcement.acknowledged", nameof(Announcement), a.Id, partnerId,
            new { version, displayedVersion, ip = actor.IpAddress });
        db.RecordEvent(actor, now, AnnouncementEvents.Acknowledged, partnerId, nameof(Announcement), a.Id, new { a.Title, version });
        try
        {
            await db.SaveChangesAsync(ct); // one SaveChanges: one transaction for the acknowledgement, the ledger row, audit and event
        }
        catch (DbUpdateException)
        {
            // The unique (announcement, partner, version) index: the same acknowledgement arrived twice at once.
            throw new DomainException($"You have already acknowledged version {version} of this announcement.");
        }
        signal?.Changed(new AnnouncementChange(a.Id, AnnouncementChangeKind.Acknowledged, partnerId));
    }

    /// <summary>Only the partner's own ledger row; an announcement not sent to this partner is "not found" for it.</summary>
    private static async Task<AnnouncementRecipient> LoadRecipientAsync(AppDbContext db, int announcementId, int partnerId, CancellationToken ct) =>
        await db.AnnouncementRecipients.SingleOrDefaultAsync(r => r.AnnouncementId == announcementId && r.PartnerId == partnerId
            && db.Announcements.Any(a => a.Id == announcementId && a.Status == AnnouncementStatus.Sent), ct)
        ?? throw new NotFoundException("This announcement was not sent to you.");

    private static int RequirePartner(Actor actor)
    {
        if (!actor.IsPartner || actor.PartnerId is not int id) throw new AccessDeniedException("Announcements are read by partners in the portal.");
        return id;
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
