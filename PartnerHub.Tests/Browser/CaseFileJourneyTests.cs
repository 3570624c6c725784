using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Tests.Browser;

/// <summary>Compliance makes the case file of the demo partner for the last 90 days and downloads it; the ZIP opens and has its manifest.</summary>
[Collection(PortalCollection.Name)]
public sealed class CaseFileJourneyTests(PortalServer server)
{
    [Fact]
    public async Task Compliance_generates_a_partners_case_file_for_the_last_90_days_and_downloads_it()
    {
        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInAsync(DemoAccounts.Compliance);
        await page.WaitForURLAsync(new Regex("/console$"));
        await page.GotoAsync("/console/partners");
        await page.GetByLabel("Name, company or email").FillAsync(DemoAccounts.Partner);
        var grid = page.GetByRole(AriaRole.Table);
        await Assertions.Expect(grid.GetByRole(AriaRole.Link)).ToHaveCountAsync(1);
        await grid.GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/console/partners/\d+"));
        // The profile's header (with its "Case file" button) replaces the list's.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Oliver Grant");

        await page.GetByRole(AriaRole.Button, new() { Name = "Case file" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        var today = DateTime.UtcNow.Date;
        // The last 90 days are the default; the journey only checks them (a run across midnight UTC may see the next day).
        await Assertions.Expect(dialog.GetByLabel("From (UTC day)")).ToHaveValueAsync(new Regex($"^({today.AddDays(-90):yyyy-MM-dd}|{today.AddDays(-89):yyyy-MM-dd})$"));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Generate" }).ClickAsync();

        // Generation runs in the worker; the dialog follows its progress until the download link appears.
        await Assertions.Expect(dialog.GetByText("The case file is ready.")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        var url = await dialog.Locator("a[download]").GetAttributeAsync("href");
        var download = await page.RunAndWaitForDownloadAsync(() => dialog.Locator("a[download]").ClickAsync());
        Assert.EndsWith(".zip", download.SuggestedFilename, StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"journey-{Guid.NewGuid():N}.zip");
        await download.SaveAsAsync(path);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("manifest.json", names);
            Assert.Contains("case-file.pdf", names);
            using var manifest = await JsonDocument.ParseAsync(zip.GetEntry("manifest.json")!.Open());
            Assert.Equal(names.Count - 1, manifest.RootElement.GetProperty("files").GetArrayLength());
            Assert.Matches("^[0-9a-f]{64}$", manifest.RootElement.GetProperty("bundleSha256").GetString());
            using var data = await JsonDocument.ParseAsync(zip.GetEntry("case-file.json")!.Open());
            Assert.Equal("Oliver Grant", data.RootElement.GetProperty("partner").GetProperty("name").GetString());
            Assert.NotEmpty(data.RootElement.GetProperty("conversations").EnumerateArray());
        }
        finally
        {
            File.Delete(path);
        }
        await page.Context.CloseAsync();

        // The link is compliance's: a signed-in manager asking for it is refused.
        var manager = await server.NewPageAsync();
        await new LoginPage(manager).SignInAsync(DemoAccounts.Manager);
        await manager.WaitForURLAsync(new Regex("/console$"));
        var refused = await manager.Context.APIRequest.GetAsync(url!, new() { MaxRedirects = 0 });
        Assert.Equal(403, refused.Status);
        await manager.Context.CloseAsync();
    }
}
