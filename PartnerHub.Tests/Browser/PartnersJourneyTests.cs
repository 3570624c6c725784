using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PartnerHub.Web.Demo;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Tests.Browser;

[Collection(PortalCollection.Name)]
public sealed class PartnersJourneyTests(PortalServer server)
{
    [Fact]
    public async Task A_manager_filters_the_partners_list_and_opens_a_partner()
    {
        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInAsync(DemoAccounts.Manager);
        await page.WaitForURLAsync(new Regex("/console$"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Partners", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/console/partners$"));
        var grid = page.GetByRole(AriaRole.Table);
        await Assertions.Expect(grid.GetByRole(AriaRole.Row)).Not.ToHaveCountAsync(0);

        await page.GetByLabel("Name, company or email").FillAsync("partner@partnerhub.demo");
        await Assertions.Expect(grid.GetByRole(AriaRole.Link)).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "partners-filtered.png"), FullPage = true });

        await grid.GetByRole(AriaRole.Link).First.ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/console/partners/\d+$"));
        await Assertions.Expect(page.GetByText(DemoAccounts.Partner)).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("iGaming affiliate").First).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_global_search_box_finds_a_partner_by_email()
    {
        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInAsync(DemoAccounts.Compliance);
        await page.WaitForURLAsync(new Regex("/console$"));
        // The overview's figures come over the circuit: once they show, the page is interactive and typing counts.
        await Assertions.Expect(page.GetByText("Awaiting a reply")).ToBeVisibleAsync();

        await page.GetByPlaceholder("Search partners").FillAsync("masterib@");
        await page.GetByText("masterib@partnerhub.demo").First.ClickAsync();

        await page.WaitForURLAsync(new Regex(@"/console/partners/\d+$"));
        await Assertions.Expect(page.GetByText("Forex IB").First).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_portal_fits_a_phone_screen()
    {
        var page = await server.NewPageAsync(width: 390, height: 844);
        await new LoginPage(page).SignInAsync(DemoAccounts.MasterIb);
        await page.WaitForURLAsync(new Regex("/portal$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Welcome");

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow}px wider than the phone screen.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "portal-phone.png"), FullPage = true });

        // The navigation is one tap away and reaches the master IB's network.
        var network = page.GetByRole(AriaRole.Link, new() { Name = "Network" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" }).ClickUntilInViewAsync(network);
        await network.ClickAsync();
        await page.WaitForURLAsync(new Regex("/portal/network$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Your network");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_theme_switches_between_light_and_dark()
    {
        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInAsync(DemoAccounts.Partner);
        await page.WaitForURLAsync(new Regex("/portal$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Welcome");
        var light = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("body")).Not.ToHaveCSSAsync("background-color", light);
        var dark = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.NotEqual(light, dark);
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "portal-dark.png") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveCSSAsync("background-color", light);
        Assert.Equal(light, await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
        await page.Context.CloseAsync();
    }
}
