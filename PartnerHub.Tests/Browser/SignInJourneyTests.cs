using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PartnerHub.Web.Demo;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Browser;

[Collection(PortalCollection.Name)]
public sealed class SignInJourneyTests(PortalServer server)
{
    public static TheoryData<string, string, string> Homes => new()
    {
        { DemoAccounts.Admin, "/console", "Overview" },
        { DemoAccounts.Manager, "/console", "Overview" },
        { DemoAccounts.Manager2, "/console", "Overview" },
        { DemoAccounts.Compliance, "/console", "Overview" },
        { DemoAccounts.Partner, "/portal", "Welcome" },
        { DemoAccounts.MasterIb, "/portal", "Welcome" },
        { DemoAccounts.SubIb, "/portal", "Welcome" },
    };

    [Theory]
    [MemberData(nameof(Homes))]
    public async Task Every_demo_role_signs_in_and_lands_on_its_home(string email, string home, string heading)
    {
        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInAsync(email);

        await page.WaitForURLAsync(new Regex(Regex.Escape(home) + "$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(heading);
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, $"home-{email.Split('@')[0]}.png") });
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("/console/partners")]
    [InlineData("/admin")]
    public async Task A_partner_is_refused_on_operator_pages(string path)
    {
        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInAsync(DemoAccounts.Partner);
        await page.WaitForURLAsync(new Regex("/portal$"));

        await page.GotoAsync(path);

        await page.WaitForURLAsync(new Regex("/Account/AccessDenied"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Access denied");
        await Assertions.Expect(page.GetByText("Partners").First).Not.ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_manager_is_refused_on_the_admin_area()
    {
        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInAsync(DemoAccounts.Manager);
        await page.WaitForURLAsync(new Regex("/console$"));

        await page.GotoAsync("/admin");

        await page.WaitForURLAsync(new Regex("/Account/AccessDenied"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message()
    {
        // An operator of its own: a failed attempt counts towards a lockout, which must not build up on a demo login.
        var manager = await server.CreateOperatorAsync(Roles.Manager);
        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInAsync(manager.Email, "not-the-password");

        await Assertions.Expect(page.GetByText("Invalid login attempt")).ToBeVisibleAsync();
        Assert.Contains("/Account/Login", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
