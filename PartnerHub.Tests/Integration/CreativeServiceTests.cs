using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Segments;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// CreativeService against a migrated SQLite file: visibility by vertical and segment, download authorisation,
/// publishing with its outbox event, deprecation notifying exactly the downloaders, and bad uploads leaving nothing behind.
/// </summary>
public sealed class CreativeServiceTests(CreativeServiceTests.Data data) : IClassFixture<CreativeServiceTests.Data>
{
    /// <summary>
    /// iGaming partners A (GB), B (DE) and C (GB); Forex IB F (CY). Segment "UK" = country GB. One actor per partner and per operator role.
    /// </summary>
    public sealed class Data : SqliteDatabase, IAsyncLifetime
    {
        public Dictionary<string, int> Ids { get; } = [];
        public Dictionary<string, Actor> Partners { get; } = [];
        public Actor Admin { get; private set; } = null!;
        public Actor Manager { get; private set; } = null!;
        public Actor Compliance { get; private set; } = null!;
        public int UkSegment { get; private set; }
        public string FilesRoot { get; } = Path.Combine(Path.GetTempPath(), "partnerhub-creative-service-" + Guid.NewGuid().ToString("N"));
        public CreativeStore Store => new(FilesRoot);

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Admin = await AddActorAsync(Roles.Admin);
            Manager = await AddActorAsync(Roles.Manager);
            Compliance = await AddActorAsync(Roles.Compliance);
            var partners = new PartnerService(Factory, Clock);
            foreach (var (name, vertical, country) in new[] { ("A", Vertical.IGamingAffiliate, "GB"), ("B", Vertical.IGamingAffiliate, "DE"), ("C", Vertical.IGamingAffiliate, "GB"), ("F", Vertical.ForexIb, "CY") })
            {
                Ids[name] = await partners.CreateAsync(Admin, new NewPartner { Name = $"Partner {name}", Email = $"{name.ToLowerInvariant()}@creatives.test", Vertical = vertical, Country = country });
                Partners[name] = await AddActorAsync(Roles.Partner, Ids[name]);
            }
            await using var db = CreateContext();
            var uk = new Segment("UK affiliates", new SegmentCriteria { Countries = ["GB"] }, Clock.GetUtcNow().UtcDateTime, null);
            db.Segments.Add(uk);
            await db.SaveChangesAsync();
            UkSegment = uk.Id;
        }

        async Task IAsyncLifetime.DisposeAsync()
        {
            await DisposeAsync();
            if (Directory.Exists(FilesRoot)) Directory.Delete(FilesRoot, recursive: true);
        }
    }

    private readonly CreativeService _service = new(data.Factory, data.Store, data.Clock, TestNotifications.Writer());
    private Actor P(string name) => data.Partners[name];
    private int Id(string name) => data.Ids[name];
    private DateTime Now => data.Clock.GetUtcNow().UtcDateTime;

    private async Task<int> BannerAsync(string name, Vertical? vertical, int[]? segments = null, bool publish = true, string? landing = "https://luckyriver.example/welcome")
    {
        var id = await _service.CreateAsync(data.Manager, new NewCreative
        {
            Name = name, Type = CreativeType.Banner, Vertical = vertical, LandingUrl = landing, SegmentIds = segments ?? [],
        }, new CreativeUpload(new CreativeTestFiles.NonSeekable(CreativeTestFiles.Png(30, 25)), "banner-30x25.png"));
        if (publish) await _service.PublishAsync(data.Manager, id, announce: false);
        return id;
    }

    private static async Task<byte[]> ReadAllAsync(CreativeFile file)
    {
        await using var content = file.Content;
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task A_partner_sees_published_assets_of_their_vertical_and_of_the_segments_they_are_in_with_their_own_tracking_link()
    {
        var everyone = await BannerAsync("Vis - iGaming for all", Vertical.IGamingAffiliate);
        var ukOnly = await BannerAsync("Vis - iGaming UK only", Vertical.IGamingAffiliate, [data.UkSegment]);
        var forex = await BannerAsync("Vis - Forex", Vertical.ForexIb);
        var anyVertical = await BannerAsync("Vis - Any vertical", null, landing: "https://brand.example/guide?lang=en");
        var draft = await BannerAsync("Vis - Draft", Vertical.IGamingAffiliate, publish: false);

        var ofA = (await _service.ListForPartnerAsync(P("A"))).Where(c => c.Name.StartsWith("Vis - ", StringComparison.Ordinal)).ToList();
        var ofB = (await _service.ListForPartnerAsync(P("B"))).Where(c => c.Name.StartsWith("Vis - ", StringComparison.Ordinal)).ToList();
        var ofF = (await _service.ListForPartnerAsync(P("F"))).Where(c => c.Name.StartsWith("Vis - ", StringComparison.Ordinal)).ToList();

        Assert.Equal([everyone, ukOnly, anyVertical], ofA.Select(c => c.Id).Order());
        Assert.Equal([everyone, anyVertical], ofB.Select(c => c.Id).Order());
        Assert.Equal([forex, anyVertical], ofF.Select(c => c.Id).Order());
        Assert.DoesNotContain(draft, ofA.Select(c => c.Id));
        Assert.Equal($"https://luckyriver.example/welcome?ref=P{Id("A")}", ofA.Single(c => c.Id == ukOnly).TrackingLink);
        Assert.Equal($"https://brand.example/guide?lang=en&ref=P{Id("F")}", ofF.Single(c => c.Id == anyVertical).TrackingLink);
        Assert.All(ofA, c => Assert.True(c.CanDownload && !c.IsDeprecated && c.IsImage && c.Width == 30 && c.Height == 25));
    }

    [Fact]
    public async Task Partner_A_cannot_download_an_asset_not_visible_to_them_and_nothing_is_recorded()
    {
        var ukOnly = await BannerAsync("Auth - UK only", Vertical.IGamingAffiliate, [data.UkSegment]);
        var forex = await BannerAsync("Auth - Forex", Vertical.ForexIb);
        var draft = await BannerAsync("Auth - Draft", Vertical.IGamingAffiliate, publish: false);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.OpenDownloadAsync(P("B"), ukOnly));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.OpenDownloadAsync(P("A"), forex));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.OpenDownloadAsync(P("A"), draft));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.OpenPreviewAsync(P("B"), ukOnly));
        await Assert.ThrowsAsync<NotFoundException>(() => _service.OpenDownloadAsync(P("A"), 999_999));

        await using var db = data.CreateContext();
        Assert.Equal(0, await db.CreativeDownloads.CountAsync(d => d.CreativeId == ukOnly || d.CreativeId == forex || d.CreativeId == draft));
        Assert.Equal(0, await db.AuditLog.CountAsync(a => a.Action == "creative.downloaded" && (a.EntityId == ukOnly.ToString() || a.EntityId == forex.ToString())));
    }

    [Fact]
    public async Task A_partner_who_can_see_an_asset_downloads_its_bytes_and_the_download_is_recorded_and_audited()
    {
        var ukOnly = await BannerAsync("Download - UK only", Vertical.IGamingAffiliate, [data.UkSegment]);

        var file = await _service.OpenDownloadAsync(P("A"), ukOnly);

        Assert.Equal("image/png", file.ContentType);
        Assert.Equal("banner-30x25.png", file.FileName);
        Assert.Equal(CreativeTestFiles.Png(30, 25), await ReadAllAsync(file));
        await using var db = data.CreateContext();
        var download = await db.CreativeDownloads.SingleAsync(d => d.CreativeId == ukOnly);
        Assert.Equal(Id("A"), download.PartnerId);
        var audit = await db.AuditLog.SingleAsync(a => a.Action == "creative.downloaded" && a.EntityId == ukOnly.ToString());
        Assert.Equal(Id("A"), audit.PartnerId);
        Assert.Equal(P("A").UserId, audit.UserId);
    }

    [Fact]
    public async Task Operators_download_any_creative_including_drafts_without_counting_as_a_partner_download()
    {
        var draft = await BannerAsync("Operator - Draft", Vertical.ForexIb, publish: false);

        var file = await _service.OpenDownloadAsync(data.Compliance, draft);

        Assert.NotEmpty(await ReadAllAsync(file));
        await using var db = data.CreateContext();
        Assert.Equal(0, await db.CreativeDownloads.CountAsync(d => d.CreativeId == draft));
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "creative.downloaded" && a.EntityId == draft.ToString() && a.UserId == data.Compliance.UserId));
    }

    [Fact]
    public async Task A_copy_only_asset_is_listed_without_a_file_and_has_nothing_to_download()
    {
        var id = await _service.CreateAsync(data.Manager, new NewCreative { Name = "Copy - Review text", Type = CreativeType.Copy, Vertical = Vertical.IGamingAffiliate, Description = "Approved claims." }, null);
        await _service.PublishAsync(data.Manager, id, announce: false);

        var asset = (await _service.ListForPartnerAsync(P("B"))).Single(c => c.Id == id);

        Assert.False(asset.HasFile);
        Assert.Null(asset.TrackingLink);
        Assert.False(asset.CanDownload);
        await Assert.ThrowsAsync<NotFoundException>(() => _service.OpenDownloadAsync(P("B"), id));
    }

    [Fact]
    public async Task Publishing_with_an_announcement_writes_the_CreativesPublished_event_with_the_visibility_and_audits_it()
    {
        var announced = await BannerAsync("Publish - announced", Vertical.IGamingAffiliate, [data.UkSegment], publish: false);
        var quiet = await BannerAsync("Publish - quiet", Vertical.IGamingAffiliate, publish: false);

        await _service.PublishAsync(data.Manager, announced, announce: true);
        await _service.PublishAsync(data.Admin, quiet, announce: false);

        await using var db = data.CreateContext();
        var evt = await db.DomainEvents.SingleAsync(e => e.Type == EventTypes.CreativesPublished && e.RecordId == announced.ToString());
        Assert.Equal(nameof(Creative), evt.RecordType);
        Assert.Equal(data.Manager.UserId, evt.ActorUserId);
        using var payload = JsonDocument.Parse(evt.Payload);
        Assert.Equal(announced, payload.RootElement.GetProperty("creativeId").GetInt32());
        Assert.Equal("Publish - announced", payload.RootElement.GetProperty("name").GetString());
        Assert.Equal("Banner", payload.RootElement.GetProperty("type").GetString());
        Assert.Equal("IGamingAffiliate", payload.RootElement.GetProperty("vertical").GetString());
        Assert.Equal([data.UkSegment], payload.RootElement.GetProperty("segmentIds").EnumerateArray().Select(e => e.GetInt32()));
        Assert.False(await db.DomainEvents.AnyAsync(e => e.Type == EventTypes.CreativesPublished && e.RecordId == quiet.ToString()));
        Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action == "creative.published" && (a.EntityId == announced.ToString() || a.EntityId == quiet.ToString())));
        Assert.Equal(CreativeStatus.Published, (await db.Creatives.SingleAsync(c => c.Id == announced)).Status);
    }

    [Fact]
    public async Task Only_managers_and_admins_change_creatives_and_only_operators_see_the_library()
    {
        var id = await BannerAsync("Roles - draft", Vertical.IGamingAffiliate, publish: false);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.PublishAsync(data.Compliance, id, announce: true));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.PublishAsync(P("A"), id, announce: true));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.CreateAsync(data.Compliance, new NewCreative { Name = "x", Type = CreativeType.Copy }, null));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.SetVisibilityAsync(P("A"), id, [data.UkSegment]));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.ListAsync(P("A")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.ListForPartnerAsync(data.Manager));

        Assert.Contains(await _service.ListAsync(data.Compliance), r => r.Id == id && r.Status == CreativeStatus.Draft);
        await using var db = data.CreateContext();
        Assert.Equal(CreativeStatus.Draft, (await db.Creatives.SingleAsync(c => c.Id == id)).Status);
    }

    [Fact]
    public async Task Changing_visibility_moves_the_asset_between_partners()
    {
        var id = await BannerAsync("Visibility - moves", Vertical.IGamingAffiliate);
        Assert.Contains(await _service.ListForPartnerAsync(P("B")), c => c.Id == id);

        await _service.SetVisibilityAsync(data.Manager, id, [data.UkSegment]);

        Assert.DoesNotContain(await _service.ListForPartnerAsync(P("B")), c => c.Id == id);
        Assert.Contains(await _service.ListForPartnerAsync(P("C")), c => c.Id == id);
        var row = (await _service.ListAsync(data.Manager)).Single(r => r.Id == id);
        Assert.Equal(["UK affiliates"], row.Segments.Select(s => s.Name));
    }

    [Fact]
    public async Task Deprecation_notifies_exactly_the_downloaders_once_each_and_stops_downloads_after_the_date()
    {
        var id = await BannerAsync("Deprecate - welcome offer", Vertical.IGamingAffiliate);
        (await _service.OpenDownloadAsync(P("A"), id)).Content.Dispose();
        (await _service.OpenDownloadAsync(P("A"), id)).Content.Dispose();
        (await _service.OpenDownloadAsync(P("B"), id)).Content.Dispose();
        var stopAt = Now.Date.AddDays(4);

        var notified = await _service.DeprecateAsync(data.Manager, id, stopAt);

        Assert.Equal(2, notified);
        await using (var db = data.CreateContext())
        {
            var evt = await db.DomainEvents.SingleAsync(e => e.Type == EventTypes.CreativeDeprecated && e.RecordId == id.ToString());
            var notes = await db.Notifications.Where(n => n.EventId == evt.Id).ToListAsync();
            Assert.Equal([Id("A"), Id("B")], notes.Select(n => n.RecipientPartnerId!.Value).Order());
            Assert.All(notes, n =>
            {
                Assert.Equal(Notification.PartnerKey(n.RecipientPartnerId!.Value), n.RecipientKey);
                Assert.Equal(NotificationCategory.Creatives, n.Category);
                Assert.Equal("/portal/marketing", n.Link);
                Assert.Contains("Deprecate - welcome offer", n.Title, StringComparison.Ordinal);
                Assert.Contains(stopAt.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture), n.Body, StringComparison.Ordinal);
                Assert.Equal(Now, n.DeliverAt);
                Assert.Null(n.ReadAt);
            });
            Assert.False(await db.Notifications.AnyAsync(n => n.EventId == evt.Id && n.RecipientPartnerId == Id("C")));
            Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "creative.deprecated" && a.EntityId == id.ToString()));
        }

        // Until the date the asset is marked deprecated and still downloadable; from the date, it is not.
        var seen = (await _service.ListForPartnerAsync(P("C"))).Single(c => c.Id == id);
        Assert.True(seen.IsDeprecated);
        Assert.True(seen.CanDownload);
        Assert.Equal(stopAt, seen.DownloadsStopAt);
        (await _service.OpenDownloadAsync(P("C"), id)).Content.Dispose();

        data.Clock.Set(new DateTimeOffset(stopAt, TimeSpan.Zero));
        try
        {
            var ex = await Assert.ThrowsAsync<DomainException>(() => _service.OpenDownloadAsync(P("A"), id));
            Assert.Contains("stopped", ex.Message, StringComparison.Ordinal);
            Assert.False((await _service.ListForPartnerAsync(P("A"))).Single(c => c.Id == id).CanDownload);
            var operatorCopy = await _service.OpenDownloadAsync(data.Manager, id);
            Assert.NotEmpty(await ReadAllAsync(operatorCopy));
        }
        finally
        {
            data.Clock.Set(SqliteDatabase.Start);
        }
    }

    [Fact]
    public async Task A_refused_deprecation_writes_no_notification_event_or_audit()
    {
        var draft = await BannerAsync("Deprecate - draft", Vertical.IGamingAffiliate, publish: false);
        var published = await BannerAsync("Deprecate - in the past", Vertical.IGamingAffiliate);
        (await _service.OpenDownloadAsync(P("A"), published)).Content.Dispose();

        await Assert.ThrowsAsync<DomainException>(() => _service.DeprecateAsync(data.Manager, draft, Now.AddDays(3)));
        var past = await Assert.ThrowsAsync<DomainException>(() => _service.DeprecateAsync(data.Manager, published, Now.AddDays(-1)));
        Assert.Equal(nameof(Creative.DownloadsStopAt), past.Field);

        await using var db = data.CreateContext();
        Assert.False(await db.DomainEvents.AnyAsync(e => e.Type == EventTypes.CreativeDeprecated && (e.RecordId == draft.ToString() || e.RecordId == published.ToString())));
        Assert.False(await db.AuditLog.AnyAsync(a => a.Action == "creative.deprecated" && (a.EntityId == draft.ToString() || a.EntityId == published.ToString())));
        Assert.Equal(CreativeStatus.Published, (await db.Creatives.SingleAsync(c => c.Id == published)).Status);
    }

    public static TheoryData<string, string, byte[], string?, string> BadUploads => new()
    {
        { "Bad - fake png", "banner.png", "MZ this is an executable"u8.ToArray(), "https://ok.example/", "File" },
        { "Bad - svg", "banner.svg", "<svg onload=alert(1)/>"u8.ToArray(), "https://ok.example/", "File" },
        { "Bad - pdf as banner", "offer.pdf", CreativeTestFiles.Pdf, "https://ok.example/", "File" },
        { "Bad - landing URL", "banner.png", CreativeTestFiles.Png(8, 8), "javascript:alert(1)", "LandingUrl" },
        { "", "banner.png", CreativeTestFiles.Png(8, 8), "https://ok.example/", "Name" },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task A_bad_upload_is_refused_at_its_field_with_no_creative_and_no_file_written(string name, string fileName, byte[] bytes, string? landing, string field)
    {
        var ex = await Assert.ThrowsAsync<DomainException>(() => _service.CreateAsync(data.Manager,
            new NewCreative { Name = name, Type = CreativeType.Banner, Vertical = Vertical.IGamingAffiliate, LandingUrl = landing },
            new CreativeUpload(new CreativeTestFiles.NonSeekable(bytes), fileName)));

        Assert.Equal(field, ex.Field);
        await using var db = data.CreateContext();
        Assert.False(await db.Creatives.AnyAsync(c => c.Name == name));
        Assert.False(await db.AuditLog.AnyAsync(a => a.Action == "creative.created" && a.Details!.Contains(fileName)));
        Assert.Equal(await db.Creatives.CountAsync(c => c.StoragePath != null), StoredFiles().Length);
    }

    [Fact]
    public async Task A_file_over_20_MB_or_an_unknown_segment_or_a_banner_without_a_file_is_refused_with_nothing_written()
    {
        await using var db = data.CreateContext();
        var before = await db.Creatives.CountAsync();
        var big = new byte[CreativeStore.MaxBytes + 1];
        CreativeTestFiles.Png(2, 2).CopyTo(big, 0);

        var tooBig = await Assert.ThrowsAsync<DomainException>(() => _service.CreateAsync(data.Manager,
            new NewCreative { Name = "Big banner", Type = CreativeType.Banner }, new CreativeUpload(new CreativeTestFiles.NonSeekable(big), "big.png")));
        var segment = await Assert.ThrowsAsync<DomainException>(() => _service.CreateAsync(data.Manager,
            new NewCreative { Name = "Ghost segment", Type = CreativeType.Banner, SegmentIds = [987_654] },
            new CreativeUpload(new CreativeTestFiles.NonSeekable(CreativeTestFiles.Png(2, 2)), "b.png")));
        var noFile = await Assert.ThrowsAsync<DomainException>(() => _service.CreateAsync(data.Manager,
            new NewCreative { Name = "Fileless banner", Type = CreativeType.Banner }, null));

        Assert.Equal("File", tooBig.Field);
        Assert.Contains("20 MB", tooBig.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(NewCreative.SegmentIds), segment.Field);
        Assert.Equal("File", noFile.Field);
        Assert.Equal(before, await db.Creatives.CountAsync());
        Assert.Equal(await db.Creatives.CountAsync(c => c.StoragePath != null), StoredFiles().Length);
    }

    [Fact]
    public async Task An_upload_stores_the_file_outside_the_database_with_its_size_and_lists_it_in_the_console()
    {
        var id = await _service.CreateAsync(data.Admin, new NewCreative
        {
            Name = "Upload - landing bundle", Type = CreativeType.LandingPage, Vertical = Vertical.ForexIb, LandingUrl = "https://northgate.example/open",
            Description = "Three-step onboarding.",
        }, new CreativeUpload(new CreativeTestFiles.NonSeekable(CreativeTestFiles.Zip()), "onboarding.zip"));

        var row = (await _service.ListAsync(data.Manager)).Single(r => r.Id == id);

        Assert.Equal(CreativeStatus.Draft, row.Status);
        Assert.Equal("onboarding.zip", row.FileName);
        Assert.Equal("application/zip", row.ContentType);
        Assert.Equal(CreativeTestFiles.Zip().Length, row.SizeBytes);
        Assert.False(row.IsImage);
        Assert.Equal(0, row.Downloads);
        await using var db = data.CreateContext();
        var creative = await db.Creatives.SingleAsync(c => c.Id == id);
        Assert.True(data.Store.Exists(creative.StoragePath!));
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "creative.created" && a.EntityId == id.ToString()));
    }

    private string[] StoredFiles() => Directory.Exists(data.FilesRoot) ? Directory.GetFiles(data.FilesRoot, "*", SearchOption.AllDirectories) : [];
}
