using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerHub.Domain.Data;
using PartnerHub.Web.Demo;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Browser;

/// <summary>Issue 4, journey 2: the master IB messages the downline; its sub-IB sees it; a sub-IB of another master does not.</summary>
[Collection(PortalCollection.Name)]
public sealed class DownlineJourneyTests(PortalServer server)
{
    [Fact]
    public async Task The_master_IB_messages_the_downline_the_sub_IB_sees_it_and_another_masters_sub_IB_does_not()
    {
        string masterName;
        string otherSubEmail = $"othersub-{Guid.NewGuid():N}@partnerhub.test";
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var master = await db.Partners.Where(p => p.Email == DemoAccounts.MasterIb).Select(p => new { p.Id, p.Name }).SingleAsync();
            masterName = master.Name;
            var otherSub = await db.Partners
                .Where(p => p.Vertical == Vertical.ForexIb && p.Tier == 2 && p.ParentId != null && p.ParentId != master.Id
                            && !db.PartnerHierarchy.Any(h => h.AncestorId == p.Id && h.Depth == 1))
                .OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var login = new ApplicationUser
            {
                UserName = otherSubEmail,
                Email = otherSubEmail,
                EmailConfirmed = true,
                DisplayName = "Other Sub-IB",
                PartnerId = otherSub,
                CreatedAt = DateTime.UtcNow,
            };
            Assert.True((await users.CreateAsync(login, DemoAccounts.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(login, Roles.Partner)).Succeeded);
        }
        var text = $"Downline update {Guid.NewGuid():N}: new rebate tiers start Monday.";

        // The master IB writes to every direct sub-IB from the messages page.
        var masterPage = await server.NewPageAsync();
        await new LoginPage(masterPage).SignInAsync(DemoAccounts.MasterIb);
        await masterPage.WaitForURLAsync(new Regex("/portal$"));
        await masterPage.GotoAsync("/portal/messages");
        await masterPage.GetByLabel("Message to your downline").FillAsync(text);
        await masterPage.GetByRole(AriaRole.Button, new() { Name = "Select all active" }).ClickAsync();
        await masterPage.GetByRole(AriaRole.Button, new() { Name = "Send to downline" }).ClickAsync();
        await masterPage.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^Send to \d+ sub-IBs?$") }).ClickAsync();
        await Assertions.Expect(masterPage.GetByText(new Regex(@"^Sent to \d+ sub-IBs?$"))).ToBeVisibleAsync();
        var conversations = masterPage.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" });
        await Assertions.Expect(conversations.GetByText("Lina Rahman (sub-IB)", new() { Exact = false }).First).ToBeVisibleAsync();
        await masterPage.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "journey4-downline-master.png"), FullPage = true });

        // The sub-IB opens the master IB thread and reads the message.
        var subPage = await server.NewPageAsync();
        await new LoginPage(subPage).SignInAsync(DemoAccounts.SubIb);
        await subPage.WaitForURLAsync(new Regex("/portal$"));
        await subPage.GotoAsync("/portal/messages");
        await subPage.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" }).GetByText($"Master IB: {masterName}").ClickAsync();
        await Assertions.Expect(subPage.GetByRole(AriaRole.Article).Filter(new() { HasText = text })).ToHaveCountAsync(1);
        await subPage.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "journey4-downline-sub.png"), FullPage = true });

        // Both sides can write: the sub-IB replies and the master reads the reply in the sub-IB's thread.
        var reply = $"Thanks Karim, noted {Guid.NewGuid():N}";
        await subPage.GetByLabel("Message", new() { Exact = true }).FillAsync(reply);
        await subPage.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Assertions.Expect(subPage.GetByRole(AriaRole.Article).Filter(new() { HasText = reply })).ToHaveCountAsync(1);
        await masterPage.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" }).GetByText("Lina Rahman (sub-IB)").ClickAsync();
        await Assertions.Expect(masterPage.GetByRole(AriaRole.Article).Filter(new() { HasText = reply })).ToHaveCountAsync(1);

        // A sub-IB of another master sees neither the thread nor the text.
        var otherPage = await server.NewPageAsync();
        await new LoginPage(otherPage).SignInAsync(otherSubEmail);
        await otherPage.WaitForURLAsync(new Regex("/portal$"));
        await otherPage.GotoAsync("/portal/messages");
        var otherList = otherPage.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" });
        await Assertions.Expect(otherList).ToBeVisibleAsync();
        // Wait until the list and the open (direct) thread have loaded before looking for what must not be there.
        await Assertions.Expect(otherList.GetByRole(AriaRole.Progressbar)).ToHaveCountAsync(0);
        await Assertions.Expect(otherPage.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(otherPage.GetByRole(AriaRole.Button, new() { Name = "Send to downline" })).ToHaveCountAsync(0);
        await Assertions.Expect(otherList.GetByText(masterName)).ToHaveCountAsync(0);
        await Assertions.Expect(otherPage.GetByText(text)).ToHaveCountAsync(0);
        Assert.DoesNotContain(text, await otherPage.ContentAsync(), StringComparison.Ordinal);
        await otherPage.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "journey4-downline-other-sub.png"), FullPage = true });

        // The same composer sits on the network page.
        await masterPage.GotoAsync("/portal/network");
        await Assertions.Expect(masterPage.GetByLabel("Message to your downline")).ToBeVisibleAsync();
        await Assertions.Expect(masterPage.GetByRole(AriaRole.Button, new() { Name = "Send to downline" })).ToBeVisibleAsync();

        await masterPage.Context.CloseAsync();
        await subPage.Context.CloseAsync();
        await otherPage.Context.CloseAsync();
    }
}
