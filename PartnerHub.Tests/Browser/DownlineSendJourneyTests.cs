using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;

namespace PartnerHub.Tests.Browser;

/// <summary>
/// The master IB, on a phone, sends to one chosen sub-IB: nobody is chosen at first, a click on the name chooses it, the
/// confirmation lists that one name, and only that sub-IB gets the message.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class DownlineSendJourneyTests(PortalServer server)
{
    [Fact]
    public async Task A_master_IB_sends_to_one_chosen_sub_IB_after_the_confirmation_and_only_that_sub_IB_gets_it()
    {
        int masterId, linaId;
        string masterName;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var master = await db.Partners.Where(p => p.Email == DemoAccounts.MasterIb).Select(p => new { p.Id, p.Name }).SingleAsync();
            (masterId, masterName) = (master.Id, master.Name);
            linaId = await db.Users.Where(u => u.Email == DemoAccounts.SubIb).Select(u => u.PartnerId!.Value).SingleAsync();
        }
        var text = $"Lina only {Guid.NewGuid():N}: your rebate review is on Thursday.";

        var masterPage = await server.NewPageAsync(390, 844);
        await new LoginPage(masterPage).SignInAsync(DemoAccounts.MasterIb);
        await masterPage.WaitForURLAsync(new Regex("/portal$"));
        await masterPage.GotoAsync("/portal/messages");
        var composer = masterPage.GetByTestId("downline-composer");
        await Assertions.Expect(composer.GetByText(new Regex(@"^Recipients \(0 of \d+ chosen\)$"))).ToBeVisibleAsync();
        var boxes = composer.GetByRole(AriaRole.Checkbox);
        Assert.True(await boxes.CountAsync() > 1);
        for (var i = 0; i < await boxes.CountAsync(); i++) await Assertions.Expect(boxes.Nth(i)).Not.ToBeCheckedAsync();

        await masterPage.GetByLabel("Message to your downline").FillAsync(text);
        var lina = composer.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex("^Lina Rahman") });
        await lina.ClickAsync();
        await Assertions.Expect(lina).ToBeCheckedAsync();
        await Assertions.Expect(composer.GetByText(new Regex(@"^Recipients \(1 of \d+ chosen\)$"))).ToBeVisibleAsync();
        await masterPage.GetByRole(AriaRole.Button, new() { Name = "Send to downline" }).ClickAsync();

        var dialog = masterPage.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByRole(AriaRole.List, new() { Name = "Recipients" }).GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["Lina Rahman"]);
        await masterPage.WaitForAnimationsAsync();
        await masterPage.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "downline-send-confirm-390.png") });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Send to 1 sub-IB" }).ClickAsync();
        await Assertions.Expect(masterPage.GetByText("Sent to 1 sub-IB", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(lina).Not.ToBeCheckedAsync();

        // Only Lina's downline thread holds the message.
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var receivers = await db.Messages.Where(m => m.Body == text)
                .Join(db.MessageThreads, m => m.ThreadId, t => t.Id, (m, t) => new { t.PartnerId, t.Kind, t.CounterpartPartnerId }).ToListAsync();
            var only = Assert.Single(receivers);
            Assert.Equal((linaId, ThreadKind.Downline, (int?)masterId), (only.PartnerId, only.Kind, only.CounterpartPartnerId));
        }

        // Lina reads it in her master IB thread.
        var linaPage = await server.NewPageAsync(390, 844);
        await new LoginPage(linaPage).SignInAsync(DemoAccounts.SubIb);
        await linaPage.WaitForURLAsync(new Regex("/portal$"));
        await linaPage.GotoAsync("/portal/messages");
        await linaPage.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" }).GetByText($"Master IB: {masterName}").ClickAsync();
        await Assertions.Expect(linaPage.GetByRole(AriaRole.Article).Filter(new() { HasText = text })).ToHaveCountAsync(1);

        await masterPage.Context.CloseAsync();
        await linaPage.Context.CloseAsync();
    }
}
