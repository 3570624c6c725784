using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerHub.Domain.Data;
using PartnerHub.Web.Demo;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Browser;

/// <summary>
/// Each role signs out with the mouse from its shell, and the cookie copied before signing out no longer opens anything.
/// Signing out renews the user's security stamp (every session of that user ends), so each journey uses a login of its
/// own, never a demo account other journeys are signed in with.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class SignOutJourneyTests(PortalServer server)
{
    private const string Password = "SignOut!Pass2026x";

    public static TheoryData<string, string, string, int> Shells => new()
    {
        { Roles.Admin, "/admin", "Users", 1366 },
        { Roles.Manager, "/console", "Overview", 1366 },
        { Roles.Compliance, "/console", "Overview", 1366 },
        { Roles.Partner, "/portal", "Welcome", 1366 },
        { Roles.Partner, "/portal", "Welcome", 390 },
        { Roles.Manager, "/console", "Overview", 390 },
    };

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task Each_role_signs_out_with_the_mouse_and_the_old_cookie_gets_the_sign_in_page(string role, string home, string heading, int width)
    {
        var email = await CreateLoginAsync(role);
        var page = await server.NewPageAsync(width: width, height: 844);
        await new LoginPage(page).SignInAsync(email, Password);
        await page.WaitForURLAsync(new Regex("/(console|portal)$"));
        await page.GotoAsync(home);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(heading);
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "PartnerHub.Auth");

        // The account menu's button is named after the user (its visible text) and says what it is.
        var menu = page.GetByRole(AriaRole.Button, new() { Name = "account menu" });
        var box = await menu.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= width, $"The account menu button ends at {box.X + box.Width}px of {width}px.");
        await menu.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true })).ToBeVisibleAsync();
        // The popover fades in: the screenshot waits until no transition runs.
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, $"signout-menu-{role}-{width}.png") });
        // The post itself is awaited (a busy shared server may take a while to write the audit row and the new stamp), and must be a 302.
        var logout = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync(),
            r => r.Url.Contains("/Account/Logout", StringComparison.Ordinal) && r.Request.Method == "POST", new() { Timeout = 30_000 });
        Assert.Equal(302, logout.Status);

        await page.WaitForURLAsync(new Regex("/Account/Login"), new() { Timeout = 30_000 });
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "PartnerHub.Auth");

        var copy = await server.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl });
        await copy.AddCookiesAsync([new Cookie { Name = cookie.Name, Value = cookie.Value, Domain = cookie.Domain, Path = cookie.Path }]);
        var stolen = await copy.NewPageAsync();
        await stolen.GotoAsync(home);
        await stolen.WaitForURLAsync(new Regex("/Account/Login"));
        await Assertions.Expect(stolen.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Sign in");
        await copy.CloseAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>A login of its own: operators in their role; a partner login for the demo partner's record.</summary>
    private async Task<string> CreateLoginAsync(string role)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        int? partnerId = null;
        if (role == Roles.Partner)
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            partnerId = (await db.Users.SingleAsync(u => u.Email == DemoAccounts.Partner)).PartnerId;
        }
        var email = $"signout-{Guid.NewGuid():N}"[..20] + "@signout.test";
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Sign Out " + role, PartnerId = partnerId, LockoutEnabled = true, CreatedAt = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return email;
    }
}
