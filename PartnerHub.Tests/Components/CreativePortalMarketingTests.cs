using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Tests.Integration;
using PartnerHub.Domain.Segments;
using PartnerHub.Web.Features.Creatives;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Components;

/// <summary>The portal's marketing materials page against a real SQLite database: what a partner sees on each card.</summary>
public sealed class CreativePortalMarketingTests : MudTestContext, IClassFixture<CreativePortalMarketingTests.Data>
{
    /// <summary>
    /// Partner "Gina" (iGaming, GB) can see: a banner, a copy-only text, a deprecated banner still downloadable, and a UK-only
    /// landing page. She cannot see a Forex banner, a draft, or a banner for the "DE only" segment. Partner "Fred" (Forex) sees nothing of iGaming.
    /// </summary>
    public sealed class Data : SqliteDatabase, IAsyncLifetime
    {
        public ApplicationUser Gina { get; private set; } = default!;
        public ApplicationUser Paula { get; private set; } = default!;
        public int GinaId { get; private set; }
        public Dictionary<string, int> Creatives { get; } = [];
        public string FilesRoot { get; } = Path.Combine(Path.GetTempPath(), "partnerhub-creative-bunit-" + Guid.NewGuid().ToString("N"));
        public DateTime StopAt { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var admin = await AddActorAsync(Roles.Admin);
            var partners = new PartnerService(Factory, Clock);
            GinaId = await partners.CreateAsync(admin, new NewPartner { Name = "Gina", Email = "gina@creatives.test", Vertical = Vertical.IGamingAffiliate, Country = "GB" });
            var paulaId = await partners.CreateAsync(admin, new NewPartner { Name = "Paula", Email = "paula@creatives.test", Vertical = Vertical.PropTradingAffiliate, Country = "GB" });
            Gina = await AddUserAsync(Roles.Partner, "Gina", GinaId);
            Paula = await AddUserAsync(Roles.Partner, "Paula", paulaId);
            int uk, de;
            await using (var db = CreateContext())
            {
                var ukSegment = new Segment("UK", new SegmentCriteria { Countries = ["GB"] }, Clock.GetUtcNow().UtcDateTime, null);
                var deSegment = new Segment("DE", new SegmentCriteria { Countries = ["DE"] }, Clock.GetUtcNow().UtcDateTime, null);
                db.Segments.AddRange(ukSegment, deSegment);
                await db.SaveChangesAsync();
                (uk, de) = (ukSegment.Id, deSegment.Id);
            }

            var service = new CreativeService(Factory, new CreativeStore(FilesRoot), Clock, TestNotifications.Writer());
            var manager = await AddActorAsync(Roles.Manager);
            async Task<int> Add(string name, CreativeType type, Vertical? vertical, bool file, int[] segments, bool publish = true, string? landing = "https://luckyriver.example/welcome")
            {
                var id = await service.CreateAsync(manager, new NewCreative { Name = name, Type = type, Vertical = vertical, LandingUrl = landing, SegmentIds = segments, Description = $"About {name}." },
                    file ? new CreativeUpload(new MemoryStream(CreativeTestFiles.Png(300, 250)), "banner.png") : null);
                if (publish) await service.PublishAsync(manager, id, announce: false);
                Creatives[name] = id;
                return id;
            }
            await Add("Welcome spins 300x250", CreativeType.Banner, Vertical.IGamingAffiliate, true, []);
            await Add("Responsible gambling copy", CreativeType.Copy, Vertical.IGamingAffiliate, false, [], landing: null);
            var old = await Add("Old welcome offer 300x250", CreativeType.Banner, Vertical.IGamingAffiliate, true, []);
            await Add("UK landing page", CreativeType.LandingPage, Vertical.IGamingAffiliate, false, [uk], landing: "https://luckyriver.example/uk?src=aff");
            await Add("Gold banner 300x250", CreativeType.Banner, Vertical.ForexIb, true, []);
            await Add("Draft banner 300x250", CreativeType.Banner, Vertical.IGamingAffiliate, true, [], publish: false);
            await Add("Germany only 300x250", CreativeType.Banner, Vertical.IGamingAffiliate, true, [de]);
            StopAt = Clock.GetUtcNow().UtcDateTime.Date.AddDays(10);
            await service.DeprecateAsync(manager, old, StopAt);
        }

        async Task IAsyncLifetime.DisposeAsync()
        {
            await DisposeAsync();
            if (Directory.Exists(FilesRoot)) Directory.Delete(FilesRoot, recursive: true);
        }
    }

    private readonly Data data;

    public CreativePortalMarketingTests(Data data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock);
        Services.AddSingleton(new CreativeStore(data.FilesRoot));
        Services.AddSingleton(TestNotifications.Writer());
        Services.AddScoped<CreativeService>();
    }

    private IRenderedComponent<PortalMarketing> RenderAs(ApplicationUser user)
    {
        SignInAs(user, Roles.Partner);
        RenderPopovers();
        var cut = Render<PortalMarketing>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[aria-label='Loading materials']")));
        return cut;
    }

    private static AngleSharp.Dom.IElement Card(IRenderedComponent<PortalMarketing> cut, string name) =>
        cut.FindAll("[role=article]").Single(a => a.GetAttribute("aria-label") == name);

    [Fact]
    public void The_partner_sees_exactly_the_assets_visible_to_them()
    {
        var cut = RenderAs(data.Gina);

        var names = cut.FindAll("[role=article]").Select(a => a.GetAttribute("aria-label")).ToList();
        Assert.Equal(["Old welcome offer 300x250", "Responsible gambling copy", "UK landing page", "Welcome spins 300x250"], names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_banner_card_shows_its_preview_the_partners_tracking_link_and_a_download_link()
    {
        var cut = RenderAs(data.Gina);
        var id = data.Creatives["Welcome spins 300x250"];

        var card = Card(cut, "Welcome spins 300x250");

        Assert.Equal($"/files/creatives/{id}/preview", card.QuerySelector("img")!.GetAttribute("src"));
        Assert.Equal("Preview of Welcome spins 300x250", card.QuerySelector("img")!.GetAttribute("alt"));
        Assert.Equal($"https://luckyriver.example/welcome?ref=P{data.GinaId}", card.QuerySelector("input")!.GetAttribute("value"));
        var download = card.QuerySelector("a[aria-label='Download Welcome spins 300x250']")!;
        Assert.Equal($"/files/creatives/{id}", download.GetAttribute("href"));
        Assert.NotNull(download.GetAttribute("download"));
        Assert.Contains("PNG · 300×250", card.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Deprecated", card.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deprecated_asset_is_marked_with_the_date_downloads_stop()
    {
        var cut = RenderAs(data.Gina);

        var card = Card(cut, "Old welcome offer 300x250");

        var date = data.StopAt.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"Deprecated — downloads stop on {date}", card.TextContent, StringComparison.Ordinal);
        Assert.NotNull(card.QuerySelector("a[aria-label='Download Old welcome offer 300x250']"));
    }

    [Fact]
    public void A_copy_only_asset_has_no_download_and_a_landing_page_keeps_its_query_in_the_link()
    {
        var cut = RenderAs(data.Gina);

        var copy = Card(cut, "Responsible gambling copy");
        Assert.Contains("Copy only: no file to download.", copy.TextContent, StringComparison.Ordinal);
        Assert.Null(copy.QuerySelector("a[href^='/files/creatives']"));
        Assert.Null(copy.QuerySelector("input"));
        Assert.Null(copy.QuerySelector("img"));

        var landing = Card(cut, "UK landing page");
        Assert.Equal($"https://luckyriver.example/uk?src=aff&ref=P{data.GinaId}", landing.QuerySelector("input")!.GetAttribute("value"));
    }

    [Fact]
    public void The_copy_button_puts_the_tracking_link_on_the_clipboard_and_says_copied()
    {
        JSInterop.Setup<bool>("phClipboard.copy", _ => true).SetResult(true);
        var cut = RenderAs(data.Gina);
        var card = Card(cut, "Welcome spins 300x250");

        card.QuerySelector("button[aria-label='Copy tracking link']")!.Click();

        // The click records the copy first; on a loaded machine (or a server engine) that completes after Click() returns.
        cut.WaitForAssertion(() => Assert.Equal($"https://luckyriver.example/welcome?ref=P{data.GinaId}", JSInterop.VerifyInvoke("phClipboard.copy").Arguments[0]));
        cut.WaitForAssertion(() => Assert.Equal("Copied", Card(cut, "Welcome spins 300x250").QuerySelector("[role=status]")!.TextContent.Trim()));
    }

    [Fact]
    public void A_copy_asset_shows_its_text_with_a_copy_button_that_copies_the_text()
    {
        JSInterop.Setup<bool>("phClipboard.copy", _ => true).SetResult(true);
        var cut = RenderAs(data.Gina);
        var card = Card(cut, "Responsible gambling copy");
        Assert.Equal("About Responsible gambling copy.", card.QuerySelector("[data-testid='copy-text']")!.TextContent.Trim());
        Assert.Equal("", card.QuerySelector("[role=status]")!.TextContent.Trim());

        card.QuerySelector("button[aria-label='Copy the text of Responsible gambling copy']")!.Click();

        // The click records the copy in the database first; on a server engine that completes after Click() returns.
        cut.WaitForAssertion(() => Assert.Equal("About Responsible gambling copy.", JSInterop.VerifyInvoke("phClipboard.copy").Arguments[0]));
        cut.WaitForAssertion(() => Assert.Equal("Copied", Card(cut, "Responsible gambling copy").QuerySelector("[role=status]")!.TextContent.Trim()));
    }

    [Fact]
    public void A_browser_that_refuses_the_copy_is_told_to_copy_by_hand()
    {
        JSInterop.Setup<bool>("phClipboard.copy", _ => true).SetResult(false);
        var cut = RenderAs(data.Gina);

        Card(cut, "Responsible gambling copy").QuerySelector("button[aria-label='Copy the text of Responsible gambling copy']")!.Click();

        cut.WaitForAssertion(() => Assert.Contains("did not allow copying",
            Card(cut, "Responsible gambling copy").QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void A_partner_with_nothing_visible_is_told_so()
    {
        var cut = RenderAs(data.Paula);

        Assert.Empty(cut.FindAll("[role=article]"));
        Assert.Contains("No marketing materials are available to you yet.", cut.Markup, StringComparison.Ordinal);
    }
}
