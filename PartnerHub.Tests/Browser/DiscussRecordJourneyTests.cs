using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Tests.Browser;

/// <summary>
/// "Discuss" from the partner's payouts table: the partner asks about a payout, the manager finds the thread flagged as a
/// partner request with its record, answers with a saved reply previewed filled with the payout's amount, and the partner
/// reads the filled answer.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class DiscussRecordJourneyTests(PortalServer server)
{
    [Fact]
    public async Task A_partner_discusses_a_payout_and_the_manager_answers_with_a_saved_reply_filled_with_its_amount()
    {
        // The journey's own payout: paid just now, so it is the first row and nobody has discussed it yet.
        long payoutId;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var partnerId = await db.Partners.Where(p => p.Email == DemoAccounts.Partner).Select(p => p.Id).SingleAsync();
            var now = DateTime.UtcNow;
            var payout = new Payout(partnerId, 1234.56m, "GBP", PayoutMethod.BankWire, now);
            payout.StartProcessing(now);
            payout.MarkPaid("WIRE-DISCUSS-01", now);
            db.Payouts.Add(payout);
            await db.SaveChangesAsync();
            payoutId = payout.Id;
        }

        // The partner opens its payouts and clicks Discuss on that payout.
        var partner = await server.NewPageAsync();
        await new LoginPage(partner).SignInAsync(DemoAccounts.Partner);
        await partner.WaitForURLAsync(new Regex("/portal$"));
        await partner.GotoAsync("/portal/payouts");
        var discuss = partner.GetByRole(AriaRole.Button, new() { Name = $"Discuss payout {payoutId}", Exact = true });
        await Assertions.Expect(discuss).ToBeVisibleAsync();
        await partner.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "discuss-portal-payouts.png"), FullPage = true });
        var ask = partner.GetByRole(AriaRole.Dialog);
        await discuss.ClickUntilVisibleAsync(ask);
        await ask.GetByLabel("Your question").FillAsync("Hello, my bank does not show this payout yet. Can you check it?");
        await ask.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await partner.WaitForURLAsync(new Regex(@"/portal/messages/\d+$"));
        var threadId = long.Parse(partner.Url[(partner.Url.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
        var partnerLog = partner.GetByRole(AriaRole.Log, new() { Name = "Conversation" });
        await Assertions.Expect(partnerLog).ToContainTextAsync("my bank does not show this payout yet");

        // The manager opens the thread: flagged as a partner request, with the payout's card.
        var manager = await server.NewPageAsync();
        await new LoginPage(manager).SignInAsync(DemoAccounts.Manager);
        await manager.WaitForURLAsync(new Regex("/console$"));
        await manager.GotoAsync($"/console/messages/{threadId}");
        var flag = manager.GetByTestId("partner-request");
        await Assertions.Expect(flag).ToContainTextAsync("Partner request");
        await Assertions.Expect(flag).ToContainTextAsync("Payout · ");
        await Assertions.Expect(flag).ToContainTextAsync("1,234.56 GBP");
        await Assertions.Expect(manager.GetByRole(AriaRole.Log, new() { Name = "Conversation" }).GetByTestId("record-card")).ToContainTextAsync("WIRE-DISCUSS-01");

        // It answers with a saved reply: the preview shows the payout's amount, "Use" puts it in the message box.
        var menuItem = manager.GetByRole(AriaRole.Menuitem, new() { Name = "Payout on its way" });
        await manager.GetByRole(AriaRole.Button, new() { Name = "Saved replies" }).ClickUntilVisibleAsync(menuItem);
        await menuItem.ClickAsync();
        var preview = manager.GetByRole(AriaRole.Region, new() { Name = "Filled reply" });
        await Assertions.Expect(preview).ToContainTextAsync("your payout of 1,234.56 GBP is Paid");
        await Assertions.Expect(preview).ToContainTextAsync("WIRE-DISCUSS-01");
        await manager.WaitForAnimationsAsync();
        await manager.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "discuss-console-saved-reply-preview.png") });
        await manager.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Use" }).ClickAsync();
        var box = manager.GetByLabel("Message", new() { Exact = true });
        await Assertions.Expect(box).ToHaveValueAsync(new Regex("your payout of \\*\\*1,234\\.56 GBP\\*\\* is Paid"));
        await Assertions.Expect(manager.GetByTestId("unanswered")).ToBeVisibleAsync();
        await manager.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        // The header follows the thread: answered, it no longer says "unanswered".
        await Assertions.Expect(manager.GetByTestId("unanswered")).ToHaveCountAsync(0);

        // The partner reads the filled answer, live.
        var answer = partnerLog.GetByRole(AriaRole.Article).Last;
        await Assertions.Expect(answer).ToContainTextAsync("your payout of 1,234.56 GBP is Paid");
        await Assertions.Expect(answer.Locator("strong")).ToHaveTextAsync("1,234.56 GBP");
        await partner.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "discuss-portal-answer.png"), FullPage = true });

        // The partner's question went to their account manager (auto-assigned), who sees the partner's facts beside the thread.
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var assignee = await db.MessageThreads.Where(t => t.Id == threadId).Select(t => t.AssignedToId).SingleAsync();
            var managerId = await db.Users.Where(u => u.Email == DemoAccounts.Manager).Select(u => u.Id).SingleAsync();
            Assert.Equal(managerId, assignee);
        }
        var rail = manager.GetByRole(AriaRole.Region, new() { Name = "Partner context" });
        await Assertions.Expect(rail).ToBeVisibleAsync();
        await Assertions.Expect(rail.GetByRole(AriaRole.Link).First).ToBeVisibleAsync();
        await manager.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "journey1-thread-with-rail.png") });

        // Answered, the manager marks the thread done: it leaves the open inbox and shows under Done.
        await manager.GotoAsync($"/console/messages?assigned=me");
        var row = manager.Locator(".ph-inbox").GetByRole(AriaRole.Row).Filter(new() { Has = manager.Locator($"a[data-thread-id='{threadId}']") });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await manager.GetByRole(AriaRole.Button, new() { Name = $"Mark thread {threadId} done" }).ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await manager.GotoAsync($"/console/messages?assigned=me&state=done");
        await Assertions.Expect(row).ToBeVisibleAsync();

        // The saved replies page lists the team's replies.
        await manager.GotoAsync("/console/saved-replies");
        await Assertions.Expect(manager.GetByRole(AriaRole.Row).Filter(new() { HasText = "Payout on its way" })).ToContainTextAsync("Shared");
        await manager.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "discuss-console-saved-replies-page.png"), FullPage = true });
        await partner.Context.CloseAsync();
        await manager.Context.CloseAsync();
    }
}
