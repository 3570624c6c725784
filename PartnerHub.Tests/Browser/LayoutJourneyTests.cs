using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Tests.Browser;

/// <summary>Layout at desktop and phone width: the partner profile's tabs show their full labels; the IB network becomes cards on a phone.</summary>
[Collection(PortalCollection.Name)]
public sealed class LayoutJourneyTests(PortalServer server)
{
    [Theory]
    [InlineData(1400, 900)]
    [InlineData(390, 844)]
    public async Task The_partner_profile_tabs_show_their_full_labels(int width, int height)
    {
        var partnerId = await ForexIbWithDownlineAsync();
        var page = await server.NewPageAsync(width, height);
        await new LoginPage(page).SignInAsync(DemoAccounts.Manager);
        await page.WaitForURLAsync(new Regex("/console$"));
        await page.GotoAsync($"/console/partners/{partnerId}?tab=network");
        var tabs = page.GetByRole(AriaRole.Tab);
        await Assertions.Expect(tabs.Filter(new() { HasText = "Timeline" })).ToHaveCountAsync(1);

        foreach (var label in new[] { "Performance", "Messages", "Commissions", "Payouts", "Deals", "Network", "Timeline" })
        {
            var tab = tabs.Filter(new() { HasText = label });
            await Assertions.Expect(tab).ToHaveTextAsync(new Regex($"^\\s*{label}\\s*$", RegexOptions.IgnoreCase));
            var clipped = await tab.EvaluateAsync<bool>("""
                el => {
                    const bar = el.closest('.mud-tabs-tabbar-content').getBoundingClientRect();
                    const box = el.getBoundingClientRect();
                    return el.scrollWidth > el.clientWidth + 1 || box.left < bar.left - 1 || box.right > bar.right + 1;
                }
                """);
            Assert.False(clipped, $"The {label} tab is clipped at {width} px.");
        }
        await page.WaitForAnimationsAsync();
        var bar = page.Locator(".ph-wrap-tabs .mud-tabs-tabbar");
        await bar.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, $"layout-profile-tabs-{width}.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_ib_network_is_a_list_of_cards_on_a_phone()
    {
        var page = await server.NewPageAsync(390, 844);
        await new LoginPage(page).SignInAsync(DemoAccounts.MasterIb);
        await page.WaitForURLAsync(new Regex("/portal$"));
        await page.GotoAsync("/portal/network");
        var table = page.GetByLabel(new Regex("^Sub-partners with totals"));
        var firstRow = table.Locator("tbody tr").First;
        await Assertions.Expect(firstRow).ToBeVisibleAsync();
        await firstRow.ScrollIntoViewIfNeededAsync();

        Assert.Equal("block", await firstRow.EvaluateAsync<string>("el => getComputedStyle(el).display"));
        var box = await table.BoundingBoxAsync();
        Assert.True(box is not null && box.X + box.Width <= 390, "The network overflows the phone's width.");
        Assert.Equal("\"Level\"", await firstRow.Locator("td").First.EvaluateAsync<string>("el => getComputedStyle(el, '::before').content"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "layout-portal-network-390.png") });
        await page.Context.CloseAsync();
    }

    /// <summary>A Forex IB with sub-partners, so the profile has all seven tabs.</summary>
    private async Task<int> ForexIbWithDownlineAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Partners.Where(p => p.Vertical == Vertical.ForexIb && db.Partners.Any(c => c.ParentId == p.Id))
            .OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
    }
}
