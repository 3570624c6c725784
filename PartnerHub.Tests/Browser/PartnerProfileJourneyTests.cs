using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PartnerHub.Web.Demo;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Tests.Browser;

[Collection(PortalCollection.Name)]
public sealed class PartnerProfileJourneyTests(PortalServer server)
{
    private static async Task OpenPartnerAsync(IPage page, string email)
    {
        await page.GotoAsync("/console/partners");
        await page.GetByLabel("Name, company or email").FillAsync(email);
        var grid = page.GetByRole(AriaRole.Table);
        await Assertions.Expect(grid.GetByRole(AriaRole.Link)).ToHaveCountAsync(1);
        await grid.GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/console/partners/\d+"));
    }

    [Fact]
    public async Task A_manager_reassigns_a_partner_and_the_history_keeps_both_managers()
    {
        // A partner of the journey's own: reassigning a demo partner would change who may write to it in other journeys.
        var partner = await server.CreatePartnerLoginAsync(vertical: Vertical.ForexIb, managerEmail: DemoAccounts.Manager);
        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInAsync(DemoAccounts.Manager);
        await page.WaitForURLAsync(new Regex("/console$"));
        await OpenPartnerAsync(page, partner.Email);
        await Assertions.Expect(page.GetByText("Manager: Maya Levi (Manager)")).ToBeVisibleAsync();
        var history = page.GetByRole(AriaRole.Table, new() { Name = "Manager history" });
        var before = await history.GetByRole(AriaRole.Row).CountAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Reassign" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("New manager").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Tom Becker (Manager)" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Reassign" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Manager: Tom Becker (Manager)")).ToBeVisibleAsync();
        await Assertions.Expect(history.GetByRole(AriaRole.Row)).ToHaveCountAsync(before + 1);
        await Assertions.Expect(history.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("now");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Compliance_sees_every_section_of_a_master_ib_but_cannot_reassign()
    {
        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInAsync(DemoAccounts.Compliance);
        await page.WaitForURLAsync(new Regex("/console$"));
        await OpenPartnerAsync(page, DemoAccounts.MasterIb);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Karim Haddad");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Reassign" })).ToHaveCountAsync(0);
        foreach (var tab in new[] { "Performance", "Deals", "Network", "Timeline" })
        {
            await page.GetByRole(AriaRole.Tab, new() { Name = tab }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = tab })).ToHaveAttributeAsync("aria-selected", "true");
            // The section shows a progress bar until its data arrives; the picture waits for the data.
            await Assertions.Expect(page.GetByRole(AriaRole.Progressbar)).ToHaveCountAsync(0);
            await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, $"profile-{tab.ToLowerInvariant()}.png"), FullPage = true });
        }
        await page.Context.CloseAsync();
    }
}
