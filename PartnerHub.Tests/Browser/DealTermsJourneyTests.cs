using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Tests.Browser;

/// <summary>
/// Issue 16: the master IB's manager proposes new lot rates with 14 days' notice, the sub-IBs get derived proposals, the master
/// accepts on /portal/terms, its sub-IB declines with a reason, the master's network page shows the answers, and the printable
/// terms history shows the digest and the IP.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class DealTermsJourneyTests(PortalServer server)
{
    private static string Shot(string name) => Path.Combine(PortalServer.ScreenshotFolder, $"journey16-{name}.png");

    [Fact]
    public async Task A_proposal_cascades_the_master_accepts_a_sub_IB_declines_and_the_history_shows_the_evidence()
    {
        int masterId;
        string managerEmail;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var masterRow = await db.Partners.Where(p => p.Email == DemoAccounts.MasterIb).Select(p => new { p.Id, p.ManagerId }).SingleAsync();
            masterId = masterRow.Id;
            managerEmail = await db.Users.Where(u => u.Id == masterRow.ManagerId).Select(u => u.Email!).SingleAsync();
            Assert.False(await db.DealTermsProposals.AnyAsync(p => p.PartnerId == masterId && p.State == ProposalState.Proposed),
                "The journey starts from a master IB with no proposal waiting.");
        }
        var summary = $"FX majors up to 12.50 per lot {Guid.NewGuid():N}";

        // The manager proposes new lot rates with the default 14 days' notice.
        var manager = await server.NewPageAsync();
        await new LoginPage(manager).SignInAsync(managerEmail);
        await manager.WaitForURLAsync(new Regex("/console"));
        await manager.GotoAsync($"/console/partners/{masterId}?tab=deals");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Edit terms" }).ClickAsync();
        var dialog = manager.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByText("14 days' notice (program minimum 14).")).ToBeVisibleAsync();
        await dialog.GetByLabel("Summary for the partner").FillAsync(summary);
        await dialog.GetByLabel("Rate per lot").First.FillAsync("12.5");
        await dialog.GetByLabel("Rate per lot").First.PressAsync("Tab");
        await manager.ScreenshotAsync(new() { Path = Shot("1-propose"), FullPage = true });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Send proposal" }).ClickAsync();
        var proposals = manager.Locator("[aria-label='Terms proposals']");
        await Assertions.Expect(proposals.Locator("tbody tr").Filter(new() { HasText = summary })).ToContainTextAsync("Awaiting answer");
        await Assertions.Expect(proposals).ToContainTextAsync("14 days' notice");

        int derived;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var id = await db.DealTermsProposals.Where(p => p.PartnerId == masterId && p.State == ProposalState.Proposed).Select(p => p.Id).SingleAsync();
            derived = await db.DealTermsProposals.CountAsync(p => p.ParentProposalId == id);
            Assert.True(derived >= 2, $"Every direct sub-IB gets a derived proposal ({derived}).");
            derived += await db.DealTermsProposals.CountAsync(p => p.ParentProposalId != null
                && db.DealTermsProposals.Any(parent => parent.Id == p.ParentProposalId && parent.ParentProposalId == id));
        }

        // The master IB sees the banner, reads the changes and accepts.
        var master = await server.NewPageAsync();
        await new LoginPage(master).SignInAsync(DemoAccounts.MasterIb);
        await master.WaitForURLAsync(new Regex("/portal$"));
        await Assertions.Expect(master.GetByTestId("terms-banner")).ToBeVisibleAsync();
        await master.GetByRole(AriaRole.Link, new() { Name = "Review terms" }).ClickAsync();
        await master.WaitForURLAsync(new Regex("/portal/terms$"));
        await Assertions.Expect(master.GetByTestId("summary")).ToHaveTextAsync(summary);
        await Assertions.Expect(master.Locator("tr.ph-changed[data-field='LotRates.FxMajors']")).ToContainTextAsync("12.50 USD/lot");
        await master.ScreenshotAsync(new() { Path = Shot("2-master-terms"), FullPage = true });
        await master.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^Accept the terms of proposal #\d+$") }).ClickAsync();
        await Assertions.Expect(master.GetByTestId("nothing-awaits")).ToBeVisibleAsync();

        // The sub-IB declines its derived proposal with a reason.
        var sub = await server.NewPageAsync();
        await new LoginPage(sub).SignInAsync(DemoAccounts.SubIb);
        await sub.WaitForURLAsync(new Regex("/portal$"));
        await sub.GotoAsync("/portal/terms");
        await Assertions.Expect(sub.GetByTestId("summary")).ToContainTextAsync(summary);
        await sub.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^Decline proposal #\d+$") }).ClickAsync();
        await sub.GetByLabel("Why do you decline these terms?").FillAsync("My share of the FX majors rate is too low.");
        await sub.ScreenshotAsync(new() { Path = Shot("3-sub-decline"), FullPage = true });
        await sub.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Decline the terms" }).ClickAsync();
        await Assertions.Expect(sub.GetByTestId("nothing-awaits")).ToBeVisibleAsync();

        // Another direct sub-IB accepts its derived proposal (through the service, as its own login would).
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var masterProposal = await db.DealTermsProposals.Where(p => p.PartnerId == masterId).OrderByDescending(p => p.Id).Select(p => p.Id).FirstAsync();
            var subIbPartnerId = await db.Partners.Where(p => p.Email == DemoAccounts.SubIb).Select(p => p.Id).SingleAsync();
            var other = await db.DealTermsProposals.Where(p => p.ParentProposalId == masterProposal && p.PartnerId != subIbPartnerId)
                .OrderBy(p => p.Id).Select(p => new { p.Id, p.PartnerId }).FirstAsync();
            var terms = scope.ServiceProvider.GetRequiredService<DealTermsService>();
            var actor = new Actor($"journey-{other.PartnerId}", "Another sub-IB", new HashSet<string> { Roles.Partner }, other.PartnerId, "127.0.0.1");
            var shown = (await terms.AwaitingAsync(actor, other.PartnerId)).Single(v => v.Id == other.Id);
            await terms.AcceptAsync(actor, other.Id, shown.TextDigest);
        }

        // The master's network page: one accepted, one declined, the rest pending.
        await master.GotoAsync("/portal/network");
        await Assertions.Expect(master.GetByTestId("subib-terms-counts")).ToHaveTextAsync($"1 accepted · 1 declined · {derived - 2} pending");
        await Assertions.Expect(master.Locator("[aria-label='Sub-IB terms status']")).ToContainTextAsync("My share of the FX majors rate is too low.");
        int directPending;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var masterProposal = await db.DealTermsProposals.Where(p => p.PartnerId == masterId).OrderByDescending(p => p.Id).Select(p => p.Id).FirstAsync();
            directPending = await db.DealTermsProposals.CountAsync(p => p.ParentProposalId == masterProposal && p.State == ProposalState.Proposed
                && db.Partners.Any(x => x.Id == p.PartnerId && x.Status == PartnerHub.Domain.Partners.PartnerStatus.Active));
        }
        await master.GetByRole(AriaRole.Button, new() { Name = "Message the pending sub-IBs" }).ClickAsync();
        await Assertions.Expect(master.GetByText(new Regex($@"^Recipients \({directPending} of \d+ chosen\)$"))).ToBeVisibleAsync();
        await master.ScreenshotAsync(new() { Path = Shot("4-master-network"), FullPage = true });

        // The printable terms history shows the acceptance's digest and IP.
        await manager.GotoAsync($"/console/compliance/terms/print?partner={masterId}");
        var row = manager.Locator("tr[data-proposal]").Filter(new() { HasText = "Accepted" }).First;
        await Assertions.Expect(row).ToContainTextAsync(new Regex("[0-9a-f]{64}"));
        await Assertions.Expect(row).ToContainTextAsync(new Regex(@"/ (127\.0\.0\.1|::1)"));
        await manager.ScreenshotAsync(new() { Path = Shot("5-terms-history"), FullPage = true });
    }
}
