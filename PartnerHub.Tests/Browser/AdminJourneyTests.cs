using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PartnerHub.Web.Demo;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Tests.Browser;

[Collection(PortalCollection.Name)]
public sealed class AdminJourneyTests(PortalServer server)
{
    [Fact]
    public async Task An_admin_creates_an_operator_with_a_one_time_password_who_is_locked_out_after_five_failures_and_unlocked_by_the_admin()
    {
        var email = $"newop-{Guid.NewGuid():N}"[..14] + "@partnerhub.demo";
        var admin = await server.NewPageAsync();
        await new LoginPage(admin).SignInAsync(DemoAccounts.Admin);
        await admin.WaitForURLAsync(new Regex("/console$"));
        await admin.GotoAsync("/admin");
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Users");
        await WaitForUsersAsync(admin);

        // Create the operator: no password is typed; the one-time password is shown once.
        await admin.GetByRole(AriaRole.Button, new() { Name = "New operator" }).ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name").FillAsync("Nora New");
        await dialog.GetByLabel("Email").FillAsync(email);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create operator" }).ClickAsync();
        var oneTime = dialog.GetByRole(AriaRole.Textbox, new() { Name = "One-time password" });
        await Assertions.Expect(oneTime).Not.ToHaveValueAsync("");
        var password = await oneTime.InputValueAsync();
        await Assertions.Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Copy one-time password" })).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await SearchAsync(admin, email);

        // Five wrong passwords lock the new account.
        var other = await server.NewPageAsync();
        var login = new LoginPage(other);
        for (var i = 0; i < 5; i++)
            await login.SignInAsync(email, "wrong-password-" + i);
        await login.SignInAsync(email, password);
        await other.WaitForURLAsync(new Regex("/Account/Lockout"));

        // The admin sees the lock and lifts it; the operator signs in.
        await admin.ReloadAsync();
        await WaitForUsersAsync(admin);
        await SearchAsync(admin, email);
        var row = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = email });
        await Assertions.Expect(row.GetByText("Locked")).ToBeVisibleAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = $"Unlock {email}" }).ClickAsync();
        await Assertions.Expect(row.GetByText("Active")).ToBeVisibleAsync();
        await admin.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "admin-users.png"), FullPage = true });

        // The one-time password signs in, and the operator must change it before anything else.
        await login.SignInAsync(email, password);
        await other.WaitForURLAsync(new Regex("/Account/Manage/ChangePassword"));
        await admin.Context.CloseAsync();
        await other.Context.CloseAsync();
    }

    /// <summary>The grid's rows come over the circuit: once they show, the page is interactive and clicks and typing count.</summary>
    private static Task WaitForUsersAsync(IPage admin) =>
        Assertions.Expect(admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "@partnerhub.demo" }).First).ToBeVisibleAsync();

    /// <summary>Searches the users grid and waits until it lists only that user, so the next click hits the filtered row.</summary>
    private static async Task SearchAsync(IPage admin, string email)
    {
        await admin.GetByLabel("Search users").FillAsync(email);
        await Assertions.Expect(admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "@" })).ToHaveCountAsync(1);
        await Assertions.Expect(admin.GetByRole(AriaRole.Row).Filter(new() { HasText = email })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_manager_creating_a_partner_with_a_taken_email_is_told_at_the_field_and_then_succeeds()
    {
        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInAsync(DemoAccounts.Manager);
        await page.WaitForURLAsync(new Regex("/console$"));
        await page.GotoAsync("/console/partners");

        await page.GetByRole(AriaRole.Button, new() { Name = "New partner" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync("Atlas Media");
        await dialog.GetByLabel("Email").FillAsync(DemoAccounts.Partner);
        await dialog.GetByLabel("Vertical").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "iGaming affiliate" }).ClickAsync();
        await dialog.GetByLabel("Country (ISO code)").FillAsync("GB");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create partner" }).ClickAsync();
        await Assertions.Expect(dialog.GetByText("A partner with this email already exists.")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "new-partner-duplicate.png") });

        await dialog.GetByLabel("Email").FillAsync($"atlas-{Guid.NewGuid():N}"[..12] + "@media.test");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create partner" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/console/partners/\d+$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Atlas Media");
        await page.Context.CloseAsync();
    }
}
