using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Tests.Browser;

/// <summary>
/// A partner asks to be forgotten: compliance@ is told to end the relationship first and does, finds the legal hold blocks the
/// erasure, releases the hold, erases the person's data,
/// reads what was kept and why, and the profile now shows the pseudonym; the audit chain still verifies; the person can no longer
/// sign in.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ErasureJourneyTests(PortalServer server)
{
    [Fact]
    public async Task Compliance_erases_a_former_partner_after_releasing_the_legal_hold_and_sees_what_was_kept()
    {
        var unique = Guid.NewGuid().ToString("N")[..6];
        var name = $"Philippa Erasmus {unique}";
        var login = await server.CreatePartnerLoginAsync(name);
        var partnerId = login.PartnerId!.Value;

        // The person wrote once, then the relationship ended.
        var person = await server.NewPageAsync();
        await new LoginPage(person).SignInAsync(login.Email, login.Password);
        await person.WaitForURLAsync(new Regex("/portal"));
        await person.Context.CloseAsync();
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var messaging = scope.ServiceProvider.GetRequiredService<MessagingService>();
            var actor = new Actor(login.UserId, name, new HashSet<string> { Roles.Partner }, partnerId, "198.51.100.23");
            var thread = await messaging.GetOrCreateDirectThreadAsync(actor, partnerId);
            await messaging.SendAsync(actor, thread, $"I am {name}; please erase everything about me.", []);
        }

        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInAsync(DemoAccounts.Compliance);
        await page.WaitForURLAsync(new Regex("/console$"));
        await page.GotoAsync($"/console/partners/{partnerId}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
        var dialog = page.GetByRole(AriaRole.Dialog);

        // An active partner cannot be erased: the dialog says so. Compliance ends the relationship first.
        await page.GetByRole(AriaRole.Button, new() { Name = "Erase personal data" }).ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("erasure-blocked")).ToContainTextAsync("End the partner relationship first");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change status" }).ClickAsync();
        await dialog.GetByLabel("New status").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Terminated" }).ClickAsync();
        await dialog.GetByLabel("Reason").FillAsync("The partner asked to close the account");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Change status" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("relationship-ended")).ToBeVisibleAsync();

        // A dispute keeps a hold on the partner: the erasure says so and offers nothing to press.
        await page.GetByRole(AriaRole.Button, new() { Name = "Place legal hold" }).ClickAsync();
        await dialog.GetByLabel("Reason").FillAsync("Chargeback dispute CB-77 still open");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Place hold" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("legal-hold")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Erase personal data" }).ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("erasure-blocked")).ToContainTextAsync("legal hold");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Erase", Exact = true })).ToBeDisabledAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);

        // The dispute is settled: release the hold, then erase.
        await page.GetByRole(AriaRole.Button, new() { Name = "Release legal hold" }).ClickAsync();
        await dialog.GetByLabel("Reason").FillAsync("Chargeback CB-77 settled, hold no longer needed");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Release hold" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("legal-hold")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Erase personal data" }).ClickAsync();
        await dialog.GetByLabel("Reason (e.g. the request's reference)").FillAsync("GDPR art. 17 request DSR-2026-118");
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "I understand this cannot be undone" }).CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Erase", Exact = true }).ClickAsync();

        await Assertions.Expect(dialog.GetByRole(AriaRole.Status)).ToContainTextAsync($"Erased partner #{partnerId}", new() { Timeout = 30_000 });
        var kept = dialog.GetByRole(AriaRole.Table).Filter(new() { HasText = "Kept, and why" });
        await Assertions.Expect(kept).ToContainTextAsync("Commission lines");
        await Assertions.Expect(kept).ToContainTextAsync("AMLD4");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "erasure-journey.png"), FullPage = true });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Erased partner #{partnerId}");
        await Assertions.Expect(page.GetByTestId("erased")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(name)).ToHaveCountAsync(0);

        // The audit log now holds redacted entries; compliance verifies the chain from the console's menu.
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit chain" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/admin/audit$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the chain" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("audit-verdict")).ToContainTextAsync("Intact", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0); // the admins' pages are not offered
        await page.Context.CloseAsync();

        // The person's login is gone.
        var again = await server.NewPageAsync();
        await new LoginPage(again).SignInAsync(login.Email, login.Password);
        await Assertions.Expect(again.GetByText("Error: Invalid login attempt.")).ToBeVisibleAsync();
        await again.Context.CloseAsync();
    }
}
