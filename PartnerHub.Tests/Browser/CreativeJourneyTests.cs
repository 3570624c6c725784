using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerHub.Domain.Data;
using PartnerHub.Web.Demo;
using PartnerHub.Tests.Integration;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Tests.Browser;

/// <summary>Issue 5, creatives: a banner goes from a manager's upload to the partner's download, and its deprecation reaches the partner.</summary>
[Collection(PortalCollection.Name)]
public sealed class CreativeJourneyTests(PortalServer server)
{
    private static string Shot(string name) => Path.Combine(PortalServer.ScreenshotFolder, name);

    [Fact]
    public async Task A_manager_uploads_and_publishes_a_banner_the_partner_downloads_it_with_their_link_and_then_sees_it_deprecated()
    {
        int partnerId;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            partnerId = await db.Partners.Where(p => p.Email == DemoAccounts.Partner).Select(p => p.Id).SingleAsync();
        }
        var name = "Journey spring reload 300x250 " + Guid.NewGuid().ToString("N")[..6];
        var png = CreativeTestFiles.Png(300, 250, 0xE0, 0x40, 0x30);

        // The manager opens the library (its rows come over the circuit, so the page is interactive) and uploads.
        var manager = await server.NewPageAsync();
        await new LoginPage(manager).SignInAsync(DemoAccounts.Manager);
        await manager.WaitForURLAsync(new Regex("/console$"));
        await manager.GetByRole(AriaRole.Link, new() { Name = "Creatives" }).ClickAsync();
        await manager.WaitForURLAsync(new Regex("/console/creatives$"));
        await Assertions.Expect(manager.GetByRole(AriaRole.Row).Filter(new() { HasText = "LuckyRiver - Welcome 100 free spins 300x250" })).ToBeVisibleAsync();
        await manager.ScreenshotAsync(new() { Path = Shot("creatives-console-library.png"), FullPage = true });

        await manager.GetByRole(AriaRole.Button, new() { Name = "Upload creative" }).ClickAsync();
        var dialog = manager.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await dialog.GetByLabel("Vertical").ClickAsync();
        await manager.GetByRole(AriaRole.Option, new() { Name = "iGaming affiliate" }).ClickAsync();
        await dialog.GetByLabel("Landing URL").FillAsync("https://luckyriver.example/spring-reload");
        await dialog.GetByLabel("Description").FillAsync("Reload bonus for the spring campaign.");

        // A file of the wrong type is refused at the field before anything is uploaded.
        await dialog.Locator("input[type=file]").Last.SetFilesWhenReadyAsync(new FilePayload { Name = "banner.svg", MimeType = "image/svg+xml", Buffer = "<svg/>"u8.ToArray() });
        await Assertions.Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("banner.svg is not an allowed file type");
        await manager.ScreenshotAsync(new() { Path = Shot("creatives-upload-refused.png") });

        await dialog.Locator("input[type=file]").Last.SetFilesWhenReadyAsync(new FilePayload { Name = "spring-reload-300x250.png", MimeType = "image/png", Buffer = png });
        await Assertions.Expect(dialog.GetByTestId("chosen-file")).ToContainTextAsync("spring-reload-300x250.png");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        var row = manager.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Assertions.Expect(row).ToContainTextAsync("Draft");
        await Assertions.Expect(row).ToContainTextAsync("PNG · 300×250");

        // Publish, announcing it to the partners who can see it.
        await row.GetByRole(AriaRole.Button, new() { Name = $"Publish {name}" }).ClickAsync();
        var publish = manager.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(publish.GetByLabel("Announce to the partners who can see it")).ToBeCheckedAsync();
        await publish.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Published");
        await Assertions.Expect(row).ToContainTextAsync("All iGaming affiliate partners");
        await manager.ScreenshotAsync(new() { Path = Shot("creatives-console-published.png"), FullPage = true });

        // The partner sees it with their own tracking link and a preview, and downloads it.
        var partner = await server.NewPageAsync();
        await new LoginPage(partner).SignInAsync(DemoAccounts.Partner);
        await partner.WaitForURLAsync(new Regex("/portal$"));
        await partner.GotoAsync("/portal/marketing");
        var card = partner.GetByRole(AriaRole.Article, new() { Name = name });
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Assertions.Expect(card.GetByLabel("Your tracking link")).ToHaveValueAsync($"https://luckyriver.example/spring-reload?ref=P{partnerId}");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Copy tracking link" })).ToBeVisibleAsync();
        var preview = card.GetByRole(AriaRole.Img, new() { Name = $"Preview of {name}" });
        await preview.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(preview).ToHaveJSPropertyAsync("naturalWidth", 300);
        await card.ScrollIntoViewIfNeededAsync();
        await partner.ScreenshotAsync(new() { Path = Shot("creatives-portal-marketing.png") });

        var download = await partner.RunAndWaitForDownloadAsync(() => card.GetByRole(AriaRole.Link, new() { Name = $"Download {name}" }).ClickAsync());
        Assert.Equal("spring-reload-300x250.png", download.SuggestedFilename);
        var saved = Path.Combine(PortalServer.ScreenshotFolder, "creatives-downloaded.png");
        await download.SaveAsAsync(saved);
        Assert.Equal(png, await File.ReadAllBytesAsync(saved));

        // The manager deprecates it; the partner who downloaded it is notified.
        await manager.ReloadAsync();
        row = manager.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Assertions.Expect(row.GetByRole(AriaRole.Cell).Nth(4)).ToHaveTextAsync("1"); // the Downloads column: the partner's one download
        static string InTwoWeeks() => DateTime.UtcNow.Date.AddDays(14).ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        var earliest = InTwoWeeks();
        await row.GetByRole(AriaRole.Button, new() { Name = $"Deprecate {name}" }).ClickAsync();
        var deprecate = manager.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(deprecate).ToContainTextAsync("The partner who downloaded it is notified.");
        await Assertions.Expect(deprecate.GetByLabel("Downloads stop on")).Not.ToBeEmptyAsync();
        // The dialog proposes two weeks from today (UTC); read the date it shows, so a run across midnight agrees with it.
        var stopOn = await deprecate.GetByLabel("Downloads stop on").InputValueAsync();
        Assert.Contains(stopOn, new[] { earliest, InTwoWeeks() });
        await manager.ScreenshotAsync(new() { Path = Shot("creatives-deprecate-dialog.png") });
        await deprecate.GetByRole(AriaRole.Button, new() { Name = "Deprecate", Exact = true }).ClickAsync();
        await Assertions.Expect(manager.GetByText("Deprecated; the partner who downloaded it was notified.")).ToBeVisibleAsync();
        await Assertions.Expect(row).ToContainTextAsync("Deprecated");

        // The partner's page marks it deprecated, with the date downloads stop; the notification links to the page.
        await partner.ReloadAsync();
        card = partner.GetByRole(AriaRole.Article, new() { Name = name });
        await Assertions.Expect(card).ToContainTextAsync($"Deprecated — downloads stop on {stopOn}");
        await Assertions.Expect(card.GetByRole(AriaRole.Link, new() { Name = $"Download {name}" })).ToBeVisibleAsync();
        await card.ScrollIntoViewIfNeededAsync();
        await partner.ScreenshotAsync(new() { Path = Shot("creatives-portal-deprecated.png") });

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var notes = await db.Notifications.Where(n => n.Category == NotificationCategory.Creatives && n.Title.Contains(name)).ToListAsync();
            var note = Assert.Single(notes);
            Assert.Equal(partnerId, note.RecipientPartnerId);
            Assert.Equal("/portal/marketing", note.Link);
            Assert.True(await db.DomainEvents.AnyAsync(e => e.Type == EventTypes.CreativesPublished && e.Payload.Contains(name)));
        }
        await partner.Context.CloseAsync();
        await manager.Context.CloseAsync();
    }

    [Fact]
    public async Task A_partner_gets_403_for_a_creative_not_visible_to_them_and_404_for_none()
    {
        int forexOnly;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            forexOnly = await db.Creatives.Where(c => c.Name == "Northgate - Trade gold with tight spreads 300x250").Select(c => c.Id).SingleAsync();
        }
        var partner = await server.NewPageAsync();
        await new LoginPage(partner).SignInAsync(DemoAccounts.Partner);
        await partner.WaitForURLAsync(new Regex("/portal$"));

        var denied = await partner.APIRequest.GetAsync($"/files/creatives/{forexOnly}");
        var missing = await partner.APIRequest.GetAsync("/files/creatives/987654");
        var preview = await partner.APIRequest.GetAsync($"/files/creatives/{forexOnly}/preview");

        Assert.Equal(403, denied.Status);
        Assert.Contains("application/problem+json", denied.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal(404, missing.Status);
        Assert.Equal(403, preview.Status);
        await partner.Context.CloseAsync();
    }
}
