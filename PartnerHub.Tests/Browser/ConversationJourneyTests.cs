using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerHub.Domain.Data;
using PartnerHub.Web.Demo;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;

namespace PartnerHub.Tests.Browser;

/// <summary>Issue 4, journey 1: a payout-linked message reaches the partner's open page without a reload, and the reply comes back.</summary>
[Collection(PortalCollection.Name)]
public sealed class ConversationJourneyTests(PortalServer server)
{
    [Fact]
    public async Task A_manager_messages_about_a_payout_and_the_partner_sees_it_live_opens_the_card_and_replies()
    {
        long payoutId;
        string payoutAmount;
        string payoutTitle;
        int partnerId;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            partnerId = await db.Partners.Where(p => p.Email == DemoAccounts.Partner).Select(p => p.Id).SingleAsync();
            var failed = await db.Payouts.Where(p => p.PartnerId == partnerId && p.Status == PayoutStatus.Failed).FirstAsync();
            payoutId = failed.Id;
            payoutAmount = PartnerHub.Domain.DisplayFormat.Money(failed.Amount, failed.Currency);
            payoutTitle = RecordTitles.Payout(failed.RequestedAt, failed.Amount, failed.Currency);
        }

        // The partner has the messages page open.
        var partner = await server.NewPageAsync();
        await new LoginPage(partner).SignInAsync(DemoAccounts.Partner);
        await partner.WaitForURLAsync(new Regex("/portal$"));
        await partner.GotoAsync("/portal/messages");
        await Assertions.Expect(partner.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" })).ToBeVisibleAsync();
        // The demo data may already hold a conversation about this payout: the new one is the one more.
        var aboutPayout = partner.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" }).GetByText(payoutTitle);
        var before = await aboutPayout.CountAsync();

        // The manager starts a conversation about that payout from the partner's profile.
        var manager = await server.NewPageAsync();
        await new LoginPage(manager).SignInAsync(DemoAccounts.Manager);
        await manager.WaitForURLAsync(new Regex("/console$"));
        await manager.GotoAsync($"/console/partners/{partnerId}?tab=messages");
        await manager.GetByRole(AriaRole.Button, new() { Name = "New conversation about a record" }).ClickAsync();
        var dialog = manager.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Payout to discuss").FillAsync(payoutAmount);
        await manager.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = $"{payoutAmount} · Failed" }).First.ClickAsync();
        await dialog.GetByLabel("Message", new() { Exact = true }).FillAsync("Your payout **failed** because the bank rejected the account name. Please confirm the beneficiary.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Start conversation" }).ClickAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        // Without a reload, the partner's list shows the new conversation (first of the record threads: the newest message);
        // the partner opens it and sees the payout card.
        await Assertions.Expect(aboutPayout).ToHaveCountAsync(before + 1);
        var conversation = aboutPayout.First;
        await Assertions.Expect(conversation).ToBeVisibleAsync();
        await conversation.ClickAsync();
        var message = partner.GetByRole(AriaRole.Article, new() { Name = "From Maya Levi (Manager)" }).Last;
        await Assertions.Expect(message).ToContainTextAsync("because the bank rejected the account name");
        await Assertions.Expect(message.Locator("strong")).ToHaveTextAsync("failed");
        var openPayout = message.GetByRole(AriaRole.Link, new() { Name = "Open payout" });
        await Assertions.Expect(openPayout).ToHaveAttributeAsync("href", new Regex("/portal/payouts"));
        await Assertions.Expect(message).ToContainTextAsync("Failed");
        await partner.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "journey4-partner-card.png"), FullPage = true });

        // The manager opens the same conversation; the partner replies; the manager sees the reply and the read receipt live.
        await manager.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" }).GetByText(payoutTitle).First.ClickAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Article).Last).ToContainTextAsync("Read by Oliver Grant", new() { Timeout = 3_000 });
        await partner.GetByLabel("Message", new() { Exact = true }).FillAsync("Confirmed: the beneficiary is *TopSlotsGuide Media Ltd*.");
        await partner.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Article, new() { Name = "From Oliver Grant" }).Last)
            .ToContainTextAsync("the beneficiary is TopSlotsGuide Media Ltd", new() { Timeout = 3_000 });
        await manager.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "journey4-manager-thread.png"), FullPage = true });
        await partner.Context.CloseAsync();
        await manager.Context.CloseAsync();
    }
}
