using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Tests.Browser;

/// <summary>
/// The admin looks at what retention would delete on the demo (the former partners, one of them under a legal hold), purges it
/// after confirming, and a second dry run finds nothing due. Only the demo's former partners are past their period, so the
/// purge touches no data another journey uses.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class RetentionJourneyTests(PortalServer server)
{
    [Fact]
    public async Task Admin_dry_runs_sees_the_held_partner_purges_and_then_nothing_is_due()
    {
        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInAsync(DemoAccounts.Admin);
        await page.WaitForURLAsync(new Regex("/console$"));
        await page.GotoAsync("/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Retention" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/admin/retention$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Retention");
        await Assertions.Expect(page.GetByTestId("automatic-purge")).ToContainTextAsync("Automatic purging is off");
        await Assertions.Expect(page.GetByLabel("Conversations")).ToHaveValueAsync("5");
        await Assertions.Expect(page.GetByLabel("Audit log")).ToHaveValueAsync("7");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Purge now" })).ToBeDisabledAsync();

        var counts = page.GetByTestId("dry-run-counts");
        await page.GetByRole(AriaRole.Button, new() { Name = "Dry run" }).ClickUntilVisibleAsync(counts);
        await Assertions.Expect(counts.GetByTestId("due-Conversations")).ToHaveTextAsync("2");
        await Assertions.Expect(counts.GetByTestId("held-Conversations")).ToHaveTextAsync("1");
        await Assertions.Expect(counts.GetByTestId("rows-Conversations-Messages")).ToHaveTextAsync("4");
        await Assertions.Expect(counts.GetByTestId("rows-AnnouncementLedger-AnnouncementRecipients")).ToHaveTextAsync("2");
        await Assertions.Expect(counts.GetByTestId("rows-Notifications-Notifications")).ToHaveTextAsync("4");
        await Assertions.Expect(page.GetByTestId("held-partners")).ToContainTextAsync("Rafael Duarte");
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "retention-dry-run.png"), FullPage = true });
        await page.WaitForAnimationsAsync();
        var axe = await page.RunAxe();
        Assert.Empty(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {string.Join(", ", v.Nodes.Select(n => n.Html))}"));

        var dialog = page.GetByRole(AriaRole.Dialog);
        await page.GetByRole(AriaRole.Button, new() { Name = "Purge now" }).ClickUntilVisibleAsync(dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("will be deleted for good");
        await Assertions.Expect(dialog.GetByTestId("rows-Conversations-Messages")).ToHaveTextAsync("4");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Purge" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("purge-result")).ToContainTextAsync("Purged");
        await Assertions.Expect(page.GetByTestId("purged-counts").GetByTestId("rows-Conversations-Messages")).ToHaveTextAsync("4");

        await page.GetByRole(AriaRole.Button, new() { Name = "Dry run" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("dry-run-verdict")).ToHaveTextAsync("Nothing is due.");
        await Assertions.Expect(counts.GetByTestId("due-Conversations")).ToHaveTextAsync("0");
        await Assertions.Expect(counts.GetByTestId("held-Conversations")).ToHaveTextAsync("1");
        await page.Context.CloseAsync();
    }
}
