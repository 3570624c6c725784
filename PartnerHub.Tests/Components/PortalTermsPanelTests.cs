using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;
using PartnerHub.Tests.Domain;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Deals;

namespace PartnerHub.Tests.Components;

/// <summary>The portal terms page against SQLite: what awaits is shown with its changes and exact text; accept, decline, and a changed text.</summary>
public sealed class PortalTermsPanelTests : MudTestContext, IClassFixture<PortalTermsPanelTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public ApplicationUser Manager { get; private set; } = default!;
        private readonly Bogus.Faker<Partner> partners = Fakes.Partners(8181);

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Manager = await AddUserAsync(Roles.Manager, "Maya Manager");
        }

        /// <summary>A partner with a login and a lot-based deal, and a proposal awaiting its answer.</summary>
        public async Task<(ApplicationUser Login, int DealId, int ProposalId)> PartnerWithProposalAsync()
        {
            var now = Clock.GetUtcNow().UtcDateTime;
            int dealId;
            Partner partner;
            await using (var db = CreateContext())
            {
                partner = partners.Generate();
                partner.AssignManager(Manager.Id, null, now.AddDays(-60));
                db.Partners.Add(partner);
                await db.SaveChangesAsync();
                var deal = new Deal(partner.Id, "IB rebate agreement", DealType.LotBased, now.AddDays(-60));
                deal.AddVersion(DealTermsServiceTests.MasterTerms, DateOnly.FromDateTime(now).AddDays(-60), Manager.Id, now.AddDays(-60));
                db.Deals.Add(deal);
                await db.SaveChangesAsync();
                dealId = deal.Id;
            }
            var login = await AddUserAsync(Roles.Partner, "Pat Partner", partner.Id);
            var service = new DealTermsService(Factory, Clock, new DealTermsOptions());
            var id = await service.ProposeAsync(ActorFor(Manager, Roles.Manager), DealTermsServiceTests.Draft(dealId));
            return (login, dealId, id);
        }
    }

    private readonly Data data;

    public PortalTermsPanelTests(Data data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock);
        Services.AddSingleton(new DealTermsOptions());
        Services.AddScoped<DealTermsService>();
    }

    [Fact]
    public async Task Shows_what_awaits_with_the_changes_highlighted_and_accepting_records_the_digest_of_the_text_shown()
    {
        var (login, dealId, id) = await data.PartnerWithProposalAsync();
        SignInAs(login, Roles.Partner);
        RenderPopovers();
        var cut = Render<PortalTermsPanel>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find($"[data-proposal='{id}']")));
        var card = cut.Find($"[data-proposal='{id}']");
        Assert.Contains("FX majors and metals up by 1.00 per lot.", card.QuerySelector("[data-testid='summary']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Effective from 16 Mar 2026", card.TextContent, StringComparison.Ordinal);
        Assert.Contains("answer by 23 Mar 2026", card.TextContent, StringComparison.Ordinal);
        var changedRows = cut.FindAll($"[aria-label='Changes in proposal #{id}'] tr.ph-changed").Select(r => r.GetAttribute("data-field")).ToList();
        Assert.Equal(["LotRates.FxMajors", "LotRates.Metals", "Notes"], changedRows);
        var text = cut.Find("[data-testid='terms-text']").TextContent;
        Assert.Contains("FX majors rate per lot: 9.00 USD/lot -> 10.00 USD/lot", text, StringComparison.Ordinal);

        await cut.InvokeAsync(() => cut.Find($"button[aria-label='Accept the terms of proposal #{id}']").ClickAsync(new()));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='nothing-awaits']")));
        Assert.Contains("Accepted", cut.Find("[aria-label='Terms proposals']").TextContent, StringComparison.Ordinal);
        await using var db = data.CreateContext();
        var stored = await db.DealTermsProposals.SingleAsync(p => p.Id == id);
        Assert.Equal(ProposalState.Accepted, stored.State);
        Assert.Equal(DealTermsProposal.DigestOf(text), stored.Digest);
        Assert.Equal(login.Id, stored.AnsweredById);
        Assert.Equal(2, await db.DealVersions.CountAsync(v => v.DealId == dealId));
    }

    [Fact]
    public async Task Declining_asks_for_a_reason_in_a_labelled_field()
    {
        var (login, _, id) = await data.PartnerWithProposalAsync();
        SignInAs(login, Roles.Partner);
        RenderPopovers();
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = Render<PortalTermsPanel>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find($"[data-proposal='{id}']")));

        var declining = cut.Find($"button[aria-label='Decline proposal #{id}']").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("Why do you decline these terms?", dialogs.Markup, StringComparison.Ordinal));
        await dialogs.InvokeAsync(() => dialogs.FindAll("button").First(b => b.TextContent.Contains("Decline the terms", StringComparison.Ordinal)).ClickAsync(new()));
        dialogs.WaitForAssertion(() => Assert.Contains("Decline reason is required.", dialogs.Markup, StringComparison.Ordinal));

        dialogs.Find("textarea").Change("The metals rate is below the market.");
        await dialogs.InvokeAsync(() => dialogs.FindAll("button").First(b => b.TextContent.Contains("Decline the terms", StringComparison.Ordinal)).ClickAsync(new()));
        await declining.WaitAsync(TimeSpan.FromSeconds(10));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='nothing-awaits']")));
        Assert.Contains("Reason: The metals rate is below the market.", cut.Find("[aria-label='Terms proposals']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_text_changed_after_the_page_showed_it_is_refused_and_the_new_text_is_shown()
    {
        var (login, dealId, id) = await data.PartnerWithProposalAsync();
        SignInAs(login, Roles.Partner);
        RenderPopovers();
        var cut = Render<PortalTermsPanel>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find($"[data-proposal='{id}']")));
        await using (var db = data.CreateContext())
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Deals\" SET \"Name\" = 'IB rebate agreement 2026' WHERE \"Id\" = {0}", dealId);

        await cut.InvokeAsync(() => cut.Find($"button[aria-label='Accept the terms of proposal #{id}']").ClickAsync(new()));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='terms-changed']")));
        Assert.Contains("changed after the page showed them", cut.Find("[data-testid='terms-changed']").TextContent, StringComparison.Ordinal);
        Assert.Contains("IB rebate agreement 2026", cut.Find("[data-testid='terms-text']").TextContent, StringComparison.Ordinal);
        await using var check = data.CreateContext();
        Assert.Equal(ProposalState.Proposed, (await check.DealTermsProposals.SingleAsync(p => p.Id == id)).State);
    }
}
