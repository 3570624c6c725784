using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;

namespace PartnerHub.Tests.Browser;

/// <summary>
/// A manager runs the day from the inbox: filters kept in the address (reload keeps them, Back undoes them), a thread marked
/// done leaves Open and shows under Done, another snoozed, a third marked unread; and the partners list fits 1400 px with its
/// Unanswered column.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class InboxTriageJourneyTests(PortalServer server)
{
    [Fact]
    public async Task A_manager_filters_the_inbox_in_the_address_and_marks_done_snoozes_and_marks_unread()
    {
        // The journey's own manager and three partners it manages: their threads come to it by themselves.
        var manager = await server.CreateOperatorAsync(Roles.Manager);
        var managerActor = new Actor(manager.UserId, manager.DisplayName, new HashSet<string> { Roles.Manager }, null, "127.0.0.1");
        var threads = new List<long>();
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var messaging = scope.ServiceProvider.GetRequiredService<MessagingService>();
            foreach (var name in new[] { "Triage Alpha", "Triage Bravo", "Triage Charlie" })
            {
                var login = await server.CreatePartnerLoginAsync($"{name} {Guid.NewGuid().ToString("N")[..6]}", managerEmail: manager.Email);
                var partner = new Actor(login.UserId, login.DisplayName, new HashSet<string> { Roles.Partner }, login.PartnerId, "127.0.0.1");
                var thread = await messaging.GetOrCreateDirectThreadAsync(partner, login.PartnerId!.Value);
                await messaging.SendAsync(partner, thread, $"Hello from **{name}**, where is my statement?");
                threads.Add(thread);
            }
            // The manager has read the third one, so it can mark it unread again.
            await scope.ServiceProvider.GetRequiredService<ReceiptService>().MarkReadAsync(managerActor, threads[2], null, 50);
        }
        var (done, snoozed, unread) = (threads[0], threads[1], threads[2]);

        var page = await server.NewPageAsync(1400, 900);
        await new LoginPage(page).SignInAsync(manager.Email, manager.Password);
        await page.WaitForURLAsync(new Regex("/console$"));
        await page.GotoAsync("/console/messages");
        var grid = page.Locator(".ph-inbox");
        ILocator Row(long id) => grid.GetByRole(AriaRole.Row).Filter(new() { Has = page.Locator($"a[data-thread-id='{id}']") });

        // Filter: assigned to me. The address says so; a reload keeps it.
        var filters = page.GetByRole(AriaRole.Search, new() { Name = "Inbox filters" });
        await filters.GetByLabel("Assigned", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Assigned to me" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/console/messages\?assigned=me$"));
        await Assertions.Expect(grid.Locator("a[data-thread-id]")).ToHaveCountAsync(3);
        await Assertions.Expect(Row(done).GetByTestId("preview")).ToContainTextAsync("Hello from Triage Alpha, where is my statement?");
        await page.ReloadAsync();
        await Assertions.Expect(grid.Locator("a[data-thread-id]")).ToHaveCountAsync(3);
        await Assertions.Expect(filters).ToContainTextAsync("Assigned to me");

        // Done: the thread leaves Open and shows under Done.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Mark thread {done} done" }).ClickAsync();
        await Assertions.Expect(Row(done)).ToHaveCountAsync(0);
        await filters.GetByRole(AriaRole.Button, new() { Name = "Done", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"\?state=done&assigned=me$|\?assigned=me&state=done$"));
        await Assertions.Expect(grid.Locator("a[data-thread-id]")).ToHaveCountAsync(1);
        await Assertions.Expect(Row(done).GetByTestId("done")).ToBeVisibleAsync();

        // Back returns to the open view.
        await page.GoBackAsync();
        await page.WaitForURLAsync(new Regex(@"/console/messages\?assigned=me$"));
        await Assertions.Expect(grid.Locator("a[data-thread-id]")).ToHaveCountAsync(2);

        // Snooze another until tomorrow morning: it leaves Open and shows under Snoozed.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Snooze thread {snoozed}" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem).Filter(new() { HasText = "Tomorrow" }).ClickAsync();
        await Assertions.Expect(Row(snoozed)).ToHaveCountAsync(0);

        // Mark the read one unread: it shows as unread for this manager.
        await Assertions.Expect(Row(unread).GetByTestId("unread-count")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Mark thread {unread} unread" }).ClickAsync();
        await Assertions.Expect(Row(unread).GetByTestId("marked-unread")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "inbox-triage-1400.png"), FullPage = true });

        await filters.GetByRole(AriaRole.Button, new() { Name = "Snoozed", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"state=snoozed"));
        await Assertions.Expect(Row(snoozed).GetByTestId("snoozed")).ToContainTextAsync("Snoozed until");
        await Assertions.Expect(grid.Locator("a[data-thread-id]")).ToHaveCountAsync(1);

        // The same inbox at phone width.
        await page.SetViewportSizeAsync(390, 844);
        await filters.GetByRole(AriaRole.Button, new() { Name = "Open", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/console/messages\?assigned=me$"));
        await Assertions.Expect(filters.GetByRole(AriaRole.Button, new() { Name = "Open", Exact = true })).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(Row(unread).GetByTestId("marked-unread")).ToBeVisibleAsync();
        await Assertions.Expect(grid.Locator("a[data-thread-id]")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "inbox-triage-390.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_partners_list_fits_1400_px_with_the_unanswered_column()
    {
        var manager = await server.CreateOperatorAsync(Roles.Manager);
        var page = await server.NewPageAsync(1400, 900);
        await new LoginPage(page).SignInAsync(manager.Email, manager.Password);
        await page.WaitForURLAsync(new Regex("/console$"));
        await page.GotoAsync("/console/partners");
        var grid = page.Locator(".ph-partners");
        await Assertions.Expect(grid.GetByRole(AriaRole.Row).Nth(1)).ToBeVisibleAsync();
        var unanswered = grid.GetByRole(AriaRole.Columnheader, new() { Name = "Unanswered" });
        await Assertions.Expect(unanswered).ToBeInViewportAsync(new() { Ratio = 1 });

        var overflow = await page.EvaluateAsync<int[]>("""
            () => {
              const scroller = document.querySelector('.ph-partners .mud-table-container');
              return [document.documentElement.scrollWidth - document.documentElement.clientWidth, scroller.scrollWidth - scroller.clientWidth];
            }
            """);
        Assert.True(overflow.All(o => o <= 0), $"Horizontal overflow at 1400 px: page {overflow[0]} px, grid {overflow[1]} px");

        // Sorting by a column goes into the address, and the address restores it.
        await unanswered.ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/console/partners\?sort=awaitingreplysince"));
        await page.ReloadAsync();
        await Assertions.Expect(grid.GetByRole(AriaRole.Row).Nth(1)).ToBeVisibleAsync();
        Assert.Contains("sort=awaitingreplysince", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "partners-1400.png") });
        await page.Context.CloseAsync();
    }

}
