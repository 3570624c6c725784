using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerHub.Domain.Data;
using PartnerHub.Web.Demo;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Tests.Browser;

/// <summary>
/// Issue 5: compliance sends an acknowledgement-required update to the seeded "UK affiliates" segment (which holds
/// partner@, a GB affiliate); that partner sees the banner and acknowledges; the master IB (AE) sees nothing; the
/// report and its CSV show one acknowledgement and the rest outstanding.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AnnouncementJourneyTests(PortalServer server)
{
    private static string Shot(string name) => Path.Combine(PortalServer.ScreenshotFolder, name);

    [Fact]
    public async Task Compliance_sends_an_acknowledgement_required_update_and_the_report_and_csv_show_who_acknowledged()
    {
        var title = $"UK bonus wording update {Guid.NewGuid():N}"[..32];
        var due = DateTime.UtcNow.AddDays(7).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

        // Compliance composes and sends.
        var compliance = await server.NewPageAsync();
        await new LoginPage(compliance).SignInAsync(DemoAccounts.Compliance);
        await compliance.WaitForURLAsync(new Regex("/console$"));
        await compliance.GotoAsync("/console/announcements");
        await compliance.GetByRole(AriaRole.Button, new() { Name = "New announcement" }).ClickAsync();
        var dialog = compliance.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Title").FillAsync(title);
        await dialog.GetByLabel("Category").ClickAsync();
        await compliance.GetByRole(AriaRole.Option, new() { Name = "Compliance", Exact = true }).ClickAsync();
        await dialog.GetByLabel("Body (Markdown)").FillAsync("From Monday every UK placement must show **18+** and *Please gamble responsibly*.");
        await dialog.GetByLabel("Segments").ClickAsync();
        await compliance.GetByRole(AriaRole.Option, new() { Name = "UK affiliates" }).ClickAsync();
        // A multi-select stays open: a click outside (on its overlay) closes it.
        await compliance.Mouse.ClickAsync(5, 5);
        await Assertions.Expect(compliance.GetByRole(AriaRole.Option, new() { Name = "UK affiliates" })).ToBeHiddenAsync();
        var reach = dialog.GetByTestId("audience-reach");
        await Assertions.Expect(reach).ToContainTextAsync(new Regex(@"Reaches \d+ partners today"));
        var recipients = int.Parse(Regex.Match(await reach.InnerTextAsync(), @"Reaches (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(recipients > 1);
        await dialog.GetByLabel("Requires acknowledgement").CheckAsync();
        await dialog.GetByLabel("Acknowledge by (UTC)").FillAsync(due);
        await compliance.ScreenshotAsync(new() { Path = Shot("journey5-composer.png"), FullPage = true });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Send now" }).ClickAsync();
        // Sending cannot be undone: a second dialog names the reach and asks first.
        var confirm = compliance.GetByRole(AriaRole.Dialog).Filter(new() { HasText = "Send now?" });
        await Assertions.Expect(confirm.GetByTestId("confirm-message")).ToContainTextAsync($"to {recipients.ToString("N0", CultureInfo.InvariantCulture)} partners");
        await compliance.WaitForAnimationsAsync();
        await compliance.ScreenshotAsync(new() { Path = Shot("journey5-send-now-confirm.png") });
        await confirm.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^Send to [\d,]+ partners?$") }).ClickAsync();
        await Assertions.Expect(confirm).ToHaveCountAsync(0);
        try
        {
            await Assertions.Expect(compliance.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        }
        catch (PlaywrightException)
        {
            await compliance.ScreenshotAsync(new() { Path = Shot("journey5-composer-still-open.png"), FullPage = true });
            throw new Xunit.Sdk.XunitException($"The composer stayed open after the confirmed send: {await dialog.InnerTextAsync()}");
        }
        var row = compliance.GetByRole(AriaRole.Row).Filter(new() { HasText = title });
        await Assertions.Expect(row.GetByTestId("announcement-status")).ToHaveTextAsync("Sent", new() { Timeout = 10_000 });
        await Assertions.Expect(row).ToContainTextAsync(recipients.ToString("N0", CultureInfo.InvariantCulture));
        await compliance.ScreenshotAsync(new() { Path = Shot("journey5-announcements.png"), FullPage = true });

        // The partner in the segment sees the banner and acknowledges.
        var partner = await server.NewPageAsync();
        await new LoginPage(partner).SignInAsync(DemoAccounts.Partner);
        await partner.WaitForURLAsync(new Regex("/portal$"));
        var banner = partner.GetByTestId("ack-banner").Filter(new() { HasText = title });
        await Assertions.Expect(banner).ToBeVisibleAsync();
        await Assertions.Expect(partner.GetByTestId("announcements-badge")).ToBeVisibleAsync();
        await partner.ScreenshotAsync(new() { Path = Shot("journey5-partner-banner.png"), FullPage = true });
        await banner.GetByRole(AriaRole.Button, new() { Name = $"I have read and understood {title}" }).ClickAsync();
        await Assertions.Expect(banner).ToHaveCountAsync(0);
        await partner.GotoAsync("/portal/announcements");
        await partner.GetByTestId("announcement-item").Filter(new() { HasText = title }).ClickAsync();
        await Assertions.Expect(partner.GetByTestId("acknowledged")).ToContainTextAsync("You acknowledged version 1");
        await partner.ScreenshotAsync(new() { Path = Shot("journey5-partner-announcement.png"), FullPage = true });

        // The master IB, outside the segment, sees nothing of it.
        var master = await server.NewPageAsync();
        await new LoginPage(master).SignInAsync(DemoAccounts.MasterIb);
        await master.WaitForURLAsync(new Regex("/portal$"));
        await master.GotoAsync("/portal/announcements");
        await Assertions.Expect(master.GetByRole(AriaRole.Heading, new() { Name = "Announcements", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(master.GetByTestId("announcement-item").First).ToBeVisibleAsync();
        await Assertions.Expect(master.GetByText(title)).ToHaveCountAsync(0);
        await Assertions.Expect(master.GetByTestId("ack-banner").Filter(new() { HasText = title })).ToHaveCountAsync(0);

        // The report: one acknowledged, the rest outstanding; the CSV says the same.
        int id;
        await using (var scope = server.Services.CreateAsyncScope())
            id = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Announcements.Where(a => a.Title == title).Select(a => a.Id).SingleAsync();
        await compliance.GotoAsync($"/console/compliance/{id}");
        await Assertions.Expect(compliance.GetByTestId("figure-acknowledged").Locator(".figure-count")).ToHaveTextAsync("1");
        await Assertions.Expect(compliance.GetByTestId("figure-outstanding").Locator(".figure-count"))
            .ToHaveTextAsync((recipients - 1).ToString("N0", CultureInfo.InvariantCulture));
        await Assertions.Expect(compliance.GetByTestId("figure-recipients").Locator(".figure-count"))
            .ToHaveTextAsync(recipients.ToString("N0", CultureInfo.InvariantCulture));
        await compliance.GetByRole(AriaRole.Button, new() { Name = "Acknowledged", Exact = true }).ClickAsync();
        await Assertions.Expect(compliance.GetByTestId("recipient-state")).ToHaveCountAsync(1);
        await Assertions.Expect(compliance.GetByRole(AriaRole.Row).Filter(new() { HasText = "Oliver Grant" })).ToContainTextAsync("Acknowledged");
        await compliance.ScreenshotAsync(new() { Path = Shot("journey5-compliance-report.png"), FullPage = true });

        var csv = await compliance.APIRequest.GetAsync($"/console/compliance/{id}.csv");
        Assert.Equal(200, csv.Status);
        var lines = (await csv.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(recipients + 1, lines.Length);
        var acknowledged = Assert.Single(lines, l => l.Contains(",Acknowledged,", StringComparison.Ordinal));
        Assert.Contains(DemoAccounts.Partner, acknowledged, StringComparison.Ordinal);
        Assert.Equal(recipients - 1, lines.Count(l => l.Contains(",Outstanding,", StringComparison.Ordinal)));

        // The printable page, for an auditor.
        await compliance.GotoAsync($"/console/compliance/{id}/print");
        await Assertions.Expect(compliance.GetByTestId("print-summary")).ToContainTextAsync("acknowledged 1");
        await compliance.ScreenshotAsync(new() { Path = Shot("journey5-compliance-print.png"), FullPage = true });

        // A partner cannot download the ledger.
        var denied = await partner.APIRequest.GetAsync($"/console/compliance/{id}.csv", new() { MaxRedirects = 0 });
        Assert.NotEqual(200, denied.Status);

        await partner.Context.CloseAsync();
        await master.Context.CloseAsync();
        await compliance.Context.CloseAsync();
    }
}
