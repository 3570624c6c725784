using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PartnerHub.Web.Demo;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Tests.Browser;

/// <summary>Issue 3's journey: a manager approves a commission line and pays a payout; the partner sees both.</summary>
[Collection(PortalCollection.Name)]
public sealed class Partner360JourneyTests(PortalServer server)
{
    [Fact]
    public async Task A_manager_approves_a_line_and_pays_a_payout_and_the_partner_sees_both_on_the_portal()
    {
        var manager = await server.NewPageAsync();
        await new LoginPage(manager).SignInAsync(DemoAccounts.Manager);
        await manager.WaitForURLAsync(new Regex("/console$"));
        await manager.GotoAsync("/console/partners");
        await manager.GetByLabel("Name, company or email").FillAsync(DemoAccounts.Partner);
        await Assertions.Expect(manager.GetByRole(AriaRole.Table).GetByRole(AriaRole.Link)).ToHaveCountAsync(1);
        await manager.GetByRole(AriaRole.Table).GetByRole(AriaRole.Link).ClickAsync();
        await manager.WaitForURLAsync(new Regex(@"/console/partners/\d+"));

        // Approve the first calculated line.
        await manager.GetByRole(AriaRole.Tab, new() { Name = "Commissions" }).ClickAsync();
        var approve = manager.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^Approve line \d+$") }).First;
        var lineLabel = await approve.GetAttributeAsync("aria-label");
        var lineId = Regex.Match(lineLabel!, @"\d+").Value;
        await approve.ClickAsync();
        await Assertions.Expect(manager.GetByText($"Line {lineId} approved.")).ToBeVisibleAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Button, new() { Name = $"Approve line {lineId}", Exact = true })).ToHaveCountAsync(0);

        // Pay a payout that is processing, with a bank reference.
        await manager.GetByRole(AriaRole.Tab, new() { Name = "Payouts" }).ClickAsync();
        var markPaid = manager.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^Mark payout \d+ paid$") }).First;
        var payoutId = Regex.Match((await markPaid.GetAttributeAsync("aria-label"))!, @"\d+").Value;
        await markPaid.ClickAsync();
        var dialog = manager.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Mark paid" }).ClickAsync();
        await Assertions.Expect(dialog.GetByText("Reference is required.")).ToBeVisibleAsync();
        var reference = "WIRE-E2E-" + payoutId;
        await dialog.GetByLabel("Reference").FillAsync(reference);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Mark paid" }).ClickAsync();
        var paidRow = manager.GetByRole(AriaRole.Row).Filter(new() { HasText = reference });
        await Assertions.Expect(paidRow).ToContainTextAsync("Paid");
        await manager.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "journey3-manager-payouts.png"), FullPage = true });
        await manager.Context.CloseAsync();

        // The partner sees the approved line and the paid payout.
        var partner = await server.NewPageAsync();
        await new LoginPage(partner).SignInAsync(DemoAccounts.Partner);
        await partner.WaitForURLAsync(new Regex("/portal$"));
        await partner.GetByRole(AriaRole.Tab, new() { Name = "Commissions" }).ClickAsync();
        var lineRow = partner.GetByRole(AriaRole.Row).Filter(new() { Has = partner.GetByRole(AriaRole.Button, new() { Name = $"Breakdown of line {lineId}", Exact = true }) });
        await Assertions.Expect(lineRow).ToContainTextAsync("Approved");
        await partner.GetByRole(AriaRole.Tab, new() { Name = "Payouts" }).ClickAsync();
        await Assertions.Expect(partner.GetByRole(AriaRole.Row).Filter(new() { HasText = reference })).ToContainTextAsync("Paid");
        await partner.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "journey3-partner-payouts.png"), FullPage = true });
        await partner.Context.CloseAsync();
    }
}
