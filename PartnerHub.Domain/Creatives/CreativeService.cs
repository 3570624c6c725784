using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Creatives;

/// <summary>What the upload dialog sends. An empty <see cref="SegmentIds"/> means every partner of the vertical (of every vertical when none).</summary>
public sealed record NewCreative
{
    public string Name { get; init; } = "";
    public CreativeType Type { get; init; } = CreativeType.Banner;
    public Vertical? Vertical { get; init; }
    public string? Description { get; init; }
    public string? LandingUrl { get; init; }
    public IReadOnlyList<int> SegmentIds { get; init; } = [];
}

/// <summary>A file being uploaded: its bytes (read once, at most <see cref="CreativeStore.MaxBytes"/>) and the user's file name.</summary>
public sealed record CreativeUpload(Stream Content, string FileName);

public sealed record SegmentOption(int Id, string Name);

/// <summary>One row of the console library.</summary>
public sealed record CreativeRow(
    int Id, string Name, CreativeType Type, CreativeStatus Status, Vertical? Vertical, string? Description, string? LandingUrl,
    IReadOnlyList<SegmentOption> Segments, int Downloads, int Downloaders, DateTime CreatedAt, DateTime? PublishedAt,
    DateTime? DeprecatedAt, DateTime? DownloadsStopAt, string? FileName, string? ContentType, long? SizeBytes, int? Width, int? Height)
{
    public bool HasFile => FileName is not null;
    public bool IsImage => HasFile && CreativeStore.IsImage(ContentType);
}

/// <summary>An asset as the partner sees it in the portal, with the partner's own tracking link.</summary>
public sealed record PortalCreative(
    int Id, string Name, CreativeType Type, string? Description, string? FileName, string? ContentType, long? SizeBytes,
    int? Width, int? Height, string? TrackingLink, DateTime PublishedAt, bool IsDeprecated, DateTime? DownloadsStopAt, bool CanDownload)
{
    public bool HasFile => FileName is not null;
    public bool IsImage => HasFile && CreativeStore.IsImage(ContentType);
}

/// <summary>A file to send: the caller disposes <see cref="Content"/>.</summary>
public sealed record CreativeFile(Stream Content, string FileName, string ContentType);

/// <summary>
/// The creative library: upload (type and size checked by <see cref="CreativeStore"/>), visibility by segment,
/// publish (optionally announced through the <c>CreativesPublished</c> event the "new creative assets" rule
/// listens to), deprecate (the partners who downloaded it are notified in the same transaction), and what a partner
/// may see and download. Every method re-checks the <see cref="Actor"/>; every change is audited.
/// </summary>
public sealed class CreativeService(IDbContextFactory<AppDbContext> factory, CreativeStore store, TimeProvider clock,
    NotificationWriter notifications, IUsageLimiter? limiter = null)
{
    public const string PortalLink = "/portal/marketing";

    // ---------------------------------------------------------------- console

    public async Task<IReadOnlyList<SegmentOption>> SegmentOptionsAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Segments.AsNoTracking().OrderBy(s => s.Name).Select(s => new SegmentOption(s.Id, s.Name)).ToListAsync(ct);
    }

    /// <summary>Every creative, newest first, with its visibility and download counts. Operators only.</summary>
    public async Task<IReadOnlyList<CreativeRow>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Creatives.AsNoTracking()
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Select(c => new
            {
                c.Id, c.Name, c.Type, c.Status, c.Vertical, c.Description, c.LandingUrl, c.CreatedAt, c.PublishedAt, c.DeprecatedAt,
                c.DownloadsStopAt, c.FileName, c.ContentType, c.SizeBytes, c.Width, c.Height,
                SegmentIds = c.Visibility.Select(v => v.SegmentId).ToList(),
                Downloads = db.CreativeDownloads.Count(d => d.CreativeId == c.Id),
                Downloaders = db.CreativeDownloads.Where(d => d.CreativeId == c.Id).Select(d => d.PartnerId).Distinct().Count(),
            })
            .ToListAsync(ct);
        var segmentNames = await db.Segments.AsNoTracking().Select(s => new SegmentOption(s.Id, s.Name)).ToDictionaryAsync(s => s.Id, ct);
        return rows.Select(r => new CreativeRow(r.Id, r.Name, r.Type, r.Status, r.Vertical, r.Description, r.LandingUrl,
                r.SegmentIds.Where(segmentNames.ContainsKey).Select(id => segmentNames[id]).OrderBy(s => s.Name).ToList(),
                r.Downloads, r.Downloaders, r.CreatedAt, r.PublishedAt, r.DeprecatedAt, r.DownloadsStopAt, r.FileName, r.ContentType,
                r.SizeBytes, r.Width, r.Height))
            .ToList();
    }

    /// <summary>
    /// Creates a draft with its file (if any). Every field is checked before the file is written, and a file that is
    /// stored but whose creative then fails to save is removed: nothing half-saved.
    /// </summary>
    /// <exception cref="DomainException">Naming the field: Name, Type, Vertical, Description, LandingUrl, SegmentIds or File.</exception>
    public async Task<int> CreateAsync(Actor actor, NewCreative input, CreativeUpload? file, CancellationToken ct = default)
    {
        actor.RequireWriter();
        ArgumentNullException.ThrowIfNull(input);
        var now = Now();
        var creative = new Creative(input.Name, input.Type, input.Vertical is { } v ? Guard.Defined(v, nameof(Creative.Vertical)) : null, now, actor.UserId)
        {
            Description = Guard.Optional(input.Description, nameof(Creative.Description), 2000),
            LandingUrl = CreativeLinks.ValidLandingUrl(input.LandingUrl),
        };
        var fileName = file is null ? null : CreativeStore.DisplayName(file.FileName);
        if (fileName is not null)
        {
            CreativeStore.ContentTypeFor(fileName);
            if (file!.Content.CanSeek) CreativeStore.Validate(fileName, file.Content.Length - file.Content.Position);
        }
        if (input.Type == CreativeType.Banner && (fileName is null || !CreativeStore.IsImage(CreativeStore.ContentTypeFor(fileName))))
            throw new DomainException("A banner needs an image file (PNG, JPEG, GIF or WebP).", CreativeStore.Field);
        if (input.Type == CreativeType.Video)
            throw new DomainException("Video files are not accepted yet; upload a banner, a landing page or copy.", nameof(Creative.Type));

        if (file is not null) limiter?.Acquire(actor, LimitedAction.Upload, CreativeStore.Field);

        await using var db = await factory.CreateDbContextAsync(ct);
        var segmentIds = input.SegmentIds.Distinct().ToList();
        await RequireSegmentsAsync(db, segmentIds, ct);
        creative.SetVisibility(segmentIds);

        var stored = file is null ? null : await store.SaveAsync(file.Content, file.FileName, ct);
        try
        {
            if (stored is not null)
                creative.AttachFile(stored.FileName, stored.ContentType, stored.SizeBytes, stored.StoragePath, stored.Width, stored.Height);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Creatives.Add(creative);
            await db.SaveChangesAsync(ct);
            db.Audit(actor, now, "creative.created", nameof(Creative), creative.Id, null, new
            {
                creative.Name, creative.Type, creative.Vertical, creative.LandingUrl, segmentIds,
                file = stored is null ? null : new { stored.FileName, stored.ContentType, stored.SizeBytes, stored.Width, stored.Height },
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return creative.Id;
        }
        catch
        {
            if (stored is not null) store.Delete(stored.StoragePath);
            throw;
        }
    }

    /// <summary>Who sees the creative: the partners in any of these segments (within its vertical); empty = the whole vertical.</summary>
    internal async Task SetVisibilityAsync(Actor actor, int creativeId, IReadOnlyCollection<int> segmentIds, CancellationToken ct = default)
    {
        actor.RequireWriter();
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var creative = await LoadAsync(db, creativeId, ct);
        var ids = segmentIds.Distinct().ToList();
        await RequireSegmentsAsync(db, ids, ct);
        var before = creative.Visibility.Select(v => v.SegmentId).Order().ToList();
        creative.SetVisibility(ids);
        db.Audit(actor, now, "creative.visibility", nameof(Creative), creative.Id, null, new { before, after = ids.Order().ToList() });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Publishes a draft. With <paramref name="announce"/>, appends <c>CreativesPublished</c> to the outbox in the same
    /// transaction; the seeded "new creative assets" rule then notifies the partners who can see it.
    /// </summary>
    public async Task PublishAsync(Actor actor, int creativeId, bool announce, CancellationToken ct = default)
    {
        actor.RequireWriter();
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var creative = await LoadAsync(db, creativeId, ct);
        creative.Publish(now);
        var segmentIds = creative.Visibility.Select(v => v.SegmentId).Order().ToList();
        db.Audit(actor, now, "creative.published", nameof(Creative), creative.Id, null, new { creative.Name, announce, segmentIds });
        if (announce)
            db.RecordEvent(actor, now, EventTypes.CreativesPublished, null, nameof(Creative), creative.Id, new
            {
                creativeId = creative.Id,
                name = creative.Name,
                type = creative.Type,
                segmentIds,
                vertical = creative.Vertical,
                // The shape the seeded events and the rule's {{creative.names}} placeholder use.
                creativeIds = new[] { creative.Id },
                names = creative.Name,
            });
        await db.SaveChangesAsync(ct); // one SaveChanges: the change, its audit entry and its event commit together
    }

    /// <summary>
    /// Deprecates a published creative: downloads stop at <paramref name="downloadsStopAt"/> (UTC), and every partner
    /// who downloaded it gets one in-app notification (through <see cref="NotificationWriter"/>, batched) in the same
    /// transaction as the change and its <c>CreativeDeprecated</c> event. Returns how many partners were notified.
    /// </summary>
    public async Task<int> DeprecateAsync(Actor actor, int creativeId, DateTime downloadsStopAt, CancellationToken ct = default)
    {
        actor.RequireWriter();
        var now = Now();
        var stopAt = DateTime.SpecifyKind(downloadsStopAt, DateTimeKind.Utc);
        await using var db = await factory.CreateDbContextAsync(ct);
        var creative = await LoadAsync(db, creativeId, ct);
        creative.Deprecate(now, stopAt);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Read once inside the transaction: the audit, the event, the notifications and the signal all name the same partners.
        var downloaders = await db.CreativeDownloads.Where(d => d.CreativeId == creative.Id).Select(d => d.PartnerId).Distinct().ToListAsync(ct);
        var count = downloaders.Count;
        db.Audit(actor, now, "creative.deprecated", nameof(Creative), creative.Id, null,
            new { creative.Name, downloadsStopAt = stopAt, notifiedPartners = count });
        var evt = db.RecordEvent(actor, now, EventTypes.CreativeDeprecated, null, nameof(Creative), creative.Id,
            new { creativeId = creative.Id, name = creative.Name, type = creative.Type, downloadsStopAt = stopAt, notifiedPartners = count });
        await db.SaveChangesAsync(ct);

        var title = Truncate($"Creative deprecated: {creative.Name}", 200);
        var stop = stopAt.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var body = $"**{TemplateRenderer.EscapeMarkdown(creative.Name)}** is deprecated: please remove it from your pages and use the current material instead. " +
                   $"Downloads stop on {stop}.";
        var notices = downloaders.Select(partnerId => new Notification(Notification.PartnerKey(partnerId), partnerId, null, NotificationCategory.Creatives,
            title, body, PortalLink, now, now) { AboutPartnerId = partnerId, EventId = evt.Id }).ToList();
        var written = await notifications.WriteAsync(db, notices, now, ct);
        await tx.CommitAsync(ct);

        notifications.Signal(written, now);
        return written.Count;
    }

    // ---------------------------------------------------------------- portal

    /// <summary>
    /// The published and deprecated assets the signed-in partner may see, each with the partner's tracking link.
    /// Current assets first, newest first; deprecated ones last.
    /// </summary>
    public async Task<IReadOnlyList<PortalCreative>> ListForPartnerAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsPartner) throw new AccessDeniedException("Only partners have a marketing library.");
        var partnerId = actor.PartnerId!.Value;
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await db.Partners.AnyAsync(p => p.Id == partnerId, ct)) throw new NotFoundException("Partner not found.");
        await PortalBlock.RequireOpenAsync(db, actor, now, ct);
        var published = await db.Creatives.Where(c => c.Status != CreativeStatus.Draft).Select(c => c.Id).ToListAsync(ct);
        var visible = await CreativeAudience.VisibleToAsync(db, partnerId, published, DateOnly.FromDateTime(now), ct);
        var candidates = await db.Creatives.AsNoTracking().Where(c => visible.Contains(c.Id)).ToListAsync(ct);
        return candidates
            .OrderBy(c => c.Status == CreativeStatus.Deprecated).ThenByDescending(c => c.PublishedAt).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new PortalCreative(c.Id, c.Name, c.Type, c.Description, c.FileName, c.ContentType, c.SizeBytes, c.Width, c.Height,
                CreativeLinks.TrackingLink(c.LandingUrl, partnerId), c.PublishedAt!.Value, c.Status == CreativeStatus.Deprecated,
                c.DownloadsStopAt, c.FileName is not null && c.CanDownload(now)))
            .ToList();
    }

    /// <summary>
    /// Opens a creative's file for download: an operator (any creative, to review it), or a partner who can see it while
    /// <see cref="Creative.CanDownload"/>. Records the partner's download and audits every download.
    /// </summary>
    /// <exception cref="AccessDeniedException">Not an operator, or a partner who cannot see this creative.</exception>
    /// <exception cref="NotFoundException">No such creative, or it has no file.</exception>
    /// <exception cref="DomainException">Downloads of this creative have stopped.</exception>
    public async Task<CreativeFile> OpenDownloadAsync(Actor actor, int creativeId, CancellationToken ct = default)
    {
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var creative = await ReadableAsync(db, actor, creativeId, ct);
        if (actor.IsPartner && !creative.CanDownload(now))
            throw new DomainException(creative.DownloadsStopAt is { } stopped
                ? $"Downloads of this asset stopped on {stopped.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}."
                : "This asset cannot be downloaded.");
        var file = OpenFile(creative);
        try
        {
            if (actor.IsPartner) db.CreativeDownloads.Add(new CreativeDownload(creative.Id, actor.PartnerId!.Value, now));
            db.Audit(actor, now, "creative.downloaded", nameof(Creative), creative.Id, actor.IsPartner ? actor.PartnerId : null,
                new { creative.Name, creative.FileName, creative.Status });
            await db.SaveChangesAsync(ct);
            return file;
        }
        catch
        {
            await file.Content.DisposeAsync();
            throw;
        }
    }

    /// <summary>An image creative for showing inline (a thumbnail, not a download): same visibility rules, nothing recorded.</summary>
    public async Task<CreativeFile> OpenPreviewAsync(Actor actor, int creativeId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var creative = await ReadableAsync(db, actor, creativeId, ct);
        if (!CreativeStore.IsImage(creative.ContentType)) throw new NotFoundException("This asset has no image preview.");
        return OpenFile(creative);
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>The creative, if the caller may see it: operators see every creative; a partner only a published or deprecated one visible to them.</summary>
    private async Task<Creative> ReadableAsync(AppDbContext db, Actor actor, int creativeId, CancellationToken ct)
    {
        if (!actor.IsOperator && !actor.IsPartner) throw new AccessDeniedException();
        var creative = await db.Creatives.AsNoTracking().Include(c => c.Visibility).SingleOrDefaultAsync(c => c.Id == creativeId, ct)
            ?? throw new NotFoundException("Creative not found.");
        if (actor.IsOperator) return creative;
        if (!await IsVisibleAsync(db, creative, actor.PartnerId!.Value, ct)) throw new AccessDeniedException();
        await PortalBlock.RequireOpenAsync(db, actor, Now(), ct);
        return creative;
    }

    private CreativeFile OpenFile(Creative creative)
    {
        if (creative.StoragePath is null || creative.FileName is null || creative.ContentType is null)
            throw new NotFoundException("This asset is copy only; it has no file.");
        try
        {
            return new CreativeFile(store.OpenRead(creative.StoragePath), creative.FileName, creative.ContentType);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or ArgumentException)
        {
            throw new NotFoundException("The file of this asset is missing.");
        }
    }

    private async Task<bool> IsVisibleAsync(AppDbContext db, Creative creative, int partnerId, CancellationToken ct) =>
        (await CreativeAudience.VisibleToAsync(db, partnerId, [creative.Id], DateOnly.FromDateTime(Now()), ct)).Count == 1;

    private static async Task RequireSegmentsAsync(AppDbContext db, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return;
        var found = await db.Segments.CountAsync(s => ids.Contains(s.Id), ct);
        if (found != ids.Count) throw new DomainException("One of the chosen segments no longer exists.", nameof(NewCreative.SegmentIds));
    }

    private static async Task<Creative> LoadAsync(AppDbContext db, int creativeId, CancellationToken ct) =>
        await db.Creatives.Include(c => c.Visibility).SingleOrDefaultAsync(c => c.Id == creativeId, ct)
        ?? throw new NotFoundException("Creative not found.");

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
