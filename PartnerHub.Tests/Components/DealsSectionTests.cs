using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Tests.Domain;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Deals;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Components;

/// <summary>The Deals section against a real SQLite database: what operators and the partner see, and who may edit.</summary>
public sealed class DealsSectionTests : MudTestContext, IClassFixture<DealsSectionTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public Partner Master { get; private set; } = default!;
        public ApplicationUser Manager { get; private set; } = default!;
        public ApplicationUser PartnerUser { get; private set; } = default!;
        public List<Partner> SubIbs { get; } = [];
        public int DealId { get; private set; }

        public Partner Editable { get; private set; } = default!;
        public int EditableDealId { get; private set; }

        private readonly Bogus.Faker<Partner> partners = Fakes.Partners(6060);

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Manager = await AddUserAsync(Roles.Manager, "Maya Manager");
            (Master, DealId) = await MasterWithSubIbsAsync(SubIbs);
            PartnerUser = await AddUserAsync(Roles.Partner, "Pat Partner", Master.Id);
            (Editable, EditableDealId) = await MasterWithSubIbsAsync([]);
            await using var db = CreateContext();
            var editable = await db.Partners.SingleAsync(p => p.Id == Editable.Id);
            editable.AssignManager(Manager.Id, null, Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }

        /// <summary>A master IB with two versions of a lot-based deal and three sub-IBs deriving from it.</summary>
        private async Task<(Partner, int)> MasterWithSubIbsAsync(List<Partner> subIbs)
        {
            await using var db = CreateContext();
            var master = partners.Generate();
            db.Partners.Add(master);
            await db.SaveChangesAsync();

            var now = Clock.GetUtcNow().UtcDateTime;
            var deal = new Deal(master.Id, "Master IB agreement", DealType.LotBased, now.AddDays(-90));
            deal.AddVersion(new DealTerms(null, null, 30m, "USD",
                [new LotRateTerm(InstrumentClass.FxMajors, 9m, 1.2m), new LotRateTerm(InstrumentClass.Metals, 11m)], "Onboarding terms."),
                new DateOnly(2025, 12, 1), Manager.Id, now.AddDays(-90));
            deal.AddVersion(new DealTerms(null, null, 30m, "USD",
                [new LotRateTerm(InstrumentClass.FxMajors, 10m, 1.2m), new LotRateTerm(InstrumentClass.Metals, 11m), new LotRateTerm(InstrumentClass.Crypto, 6m)],
                "Crypto added."), new DateOnly(2026, 2, 1), Manager.Id, now.AddDays(-40));
            db.Deals.Add(deal);
            await db.SaveChangesAsync();

            foreach (var sub in partners.Generate(3))
            {
                db.Partners.Add(sub);
                await db.SaveChangesAsync();
                var derived = new Deal(sub.Id, "Sub-IB rebates", DealType.LotBased, now.AddDays(-30), deal.Id);
                derived.AddVersion(new DealTerms(null, null, 40m, "USD", [new LotRateTerm(InstrumentClass.FxMajors, 4m)]), new DateOnly(2026, 2, 1), Manager.Id, now.AddDays(-30));
                db.Deals.Add(derived);
                subIbs.Add(sub);
            }
            await db.SaveChangesAsync();
            return (master, deal.Id);
        }
    }

    private readonly Data data;

    public DealsSectionTests(Data data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock);
        Services.AddScoped<PartnerHub.Domain.Messaging.ThreadQueries>();
        Services.AddScoped<PartnerHub.Domain.Messaging.RecordConversations>();
        Services.AddScoped<DealService>();
        Services.AddSingleton(new DealTermsOptions());
        Services.AddScoped<DealTermsService>();
    }


    private IRenderedComponent<DealsSection> RenderSection(bool portal = false) =>
        Render<DealsSection>(p => p.Add(s => s.PartnerId, data.Master.Id).Add(s => s.PortalView, portal));

    [Fact]
    public void Shows_the_current_terms_with_lot_rates_and_spread_conditions_and_every_version()
    {
        SignInAs(data.Manager, Roles.Manager);

        var cut = RenderSection();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[aria-label='Current terms: lot rates']")));
        var rates = cut.Find("[aria-label='Current terms: lot rates']").TextContent;
        Assert.Contains("FX majors", rates, StringComparison.Ordinal);
        Assert.Contains("10.00 USD/lot", rates, StringComparison.Ordinal);
        Assert.Contains("spread ≤ 1.2 pips", rates, StringComparison.Ordinal);
        Assert.Contains("Crypto", rates, StringComparison.Ordinal);
        Assert.Contains("Share passed to sub-IBs", cut.Find("[aria-label='Current terms']").TextContent, StringComparison.Ordinal);

        var versions = cut.FindAll("[aria-label='Deal versions'] tbody tr");
        Assert.Equal(2, versions.Count);
        Assert.Contains("Current", versions[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Earlier", versions[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Maya Manager", versions[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_comparison_puts_two_versions_side_by_side_and_highlights_the_changed_rows()
    {
        SignInAs(data.Manager, Roles.Manager);

        var cut = RenderSection();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[aria-label='Version 1 compared with version 2']")));
        var changed = cut.FindAll("[aria-label='Version 1 compared with version 2'] tr.ph-changed").Select(r => r.GetAttribute("data-field")).ToList();
        Assert.Equal(["LotRates.FxMajors", "LotRates.Crypto", "Notes"], changed);
        var crypto = cut.Find("tr[data-field='LotRates.Crypto']").TextContent;
        Assert.Contains("—", crypto, StringComparison.Ordinal);
        Assert.Contains("6.00 USD/lot", crypto, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_the_sub_IBs_deriving_their_terms_from_a_master_deal()
    {
        SignInAs(data.Manager, Roles.Manager);

        var cut = RenderSection();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[aria-label='Sub-IBs deriving from this deal'] tbody tr").Count));
        Assert.All(data.SubIbs, s => Assert.Contains(s.Name, cut.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public void A_manager_gets_the_edit_button()
    {
        SignInAs(data.Manager, Roles.Manager);

        var cut = RenderSection();

        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("button"), b => b.TextContent.Contains("Edit terms", StringComparison.Ordinal)));
    }

    [Fact]
    public void Compliance_sees_the_terms_but_no_edit_button()
    {
        var compliance = new ApplicationUser { Id = "compliance-1", DisplayName = "Cora Compliance" };
        SignInAs(compliance, Roles.Compliance);

        var cut = RenderSection();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[aria-label='Deal versions'] tbody tr").Count));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Contains("Edit terms", StringComparison.Ordinal));
    }

    [Fact]
    public void The_partner_sees_its_deal_in_the_portal_without_the_edit_button()
    {
        SignInAs(data.PartnerUser, Roles.Partner);

        var cut = RenderSection(portal: true);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[aria-label='Deal versions'] tbody tr").Count));
        Assert.Contains("Your deal", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Contains("Edit terms", StringComparison.Ordinal));
        Assert.DoesNotContain("Maya Manager", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partner_cannot_open_another_partners_deal()
    {
        SignInAs(data.PartnerUser, Roles.Partner);

        var cut = Render<DealsSection>(p => p.Add(s => s.PartnerId, data.SubIbs[0].Id).Add(s => s.PortalView, true));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[role='alert']")));
        Assert.DoesNotContain("Sub-IB rebates", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_proposal_editor_shows_refusals_at_the_field_and_sending_lists_the_proposal_awaiting_an_answer()
    {
        SignInAs(data.Manager, Roles.Manager);
        RenderPopovers();
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = Render<DealsSection>(p => p.Add(s => s.PartnerId, data.Editable.Id));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[aria-label='Deal versions'] tbody tr").Count));

        // Not awaited: the section's handler waits for the dialog to close.
        var editing = cut.FindAll("button").First(b => b.TextContent.Contains("Edit terms", StringComparison.Ordinal)).ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("These 3 sub-IBs derive their terms from this deal", dialogs.Markup, StringComparison.Ordinal));
        Assert.Equal(3, dialogs.FindAll("[aria-label='Lot rates'] tbody tr").Count);
        Assert.Contains("14 days' notice (program minimum 14).", Field(dialogs, "Effective from").TextContent, StringComparison.Ordinal);
        Assert.Equal("2026-03-16", Input(dialogs, "Answer by (deadline)").GetAttribute("value"));

        // No summary: refused at the summary field.
        await SaveAsync(dialogs);
        dialogs.WaitForAssertion(() => Assert.Contains("Summary is required.", Field(dialogs, "Summary for the partner").TextContent, StringComparison.Ordinal));

        // Unchanged terms are refused with the service's message.
        Input(dialogs, "Summary for the partner", "textarea").Change("Notes updated; rates unchanged.");
        await SaveAsync(dialogs);
        dialogs.WaitForAssertion(() => Assert.Contains("The new terms are the same as the current terms.", dialogs.Markup, StringComparison.Ordinal));

        // A deadline before the effective date is refused at the deadline field.
        Input(dialogs, "Notes", "textarea").Change("Metals rate unchanged; notes updated.");
        Input(dialogs, "Answer by (deadline)").Change("2026-03-10");
        await SaveAsync(dialogs);
        dialogs.WaitForAssertion(() => Assert.Contains("cannot be before the effective date", Field(dialogs, "Answer by (deadline)").TextContent, StringComparison.Ordinal));

        // A short notice asks for a reason.
        Input(dialogs, "Effective from").Change("2026-03-05");
        dialogs.WaitForAssertion(() => Assert.Contains("3 days' notice", Field(dialogs, "Effective from").TextContent, StringComparison.Ordinal));
        await SaveAsync(dialogs);
        dialogs.WaitForAssertion(() => Assert.Contains("give a reason for the shorter notice",
            Field(dialogs, "Reason for the shorter notice").TextContent, StringComparison.Ordinal));
        await using (var db = data.CreateContext())
        {
            Assert.Equal(2, await db.DealVersions.CountAsync(v => v.DealId == data.EditableDealId));
            Assert.Equal(0, await db.DealTermsProposals.CountAsync(p => p.DealId == data.EditableDealId));
        }

        Input(dialogs, "Reason for the shorter notice").Change("The partner asked for it before month end.");
        await SaveAsync(dialogs);

        await editing.WaitAsync(TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[aria-label='Terms proposals'] tbody tr")));
        var row = cut.Find("[aria-label='Terms proposals'] tbody tr");
        Assert.Contains("Awaiting answer", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("3 days' notice (short: The partner asked for it before month end.)", row.TextContent, StringComparison.Ordinal);
        Assert.NotNull(row.QuerySelector("button[aria-label^='Withdraw proposal']"));
        Assert.Equal(2, cut.FindAll("[aria-label='Deal versions'] tbody tr").Count);
        await using var check = data.CreateContext();
        var proposal = await check.DealTermsProposals.SingleAsync(p => p.DealId == data.EditableDealId);
        Assert.Equal("Metals rate unchanged; notes updated.", proposal.Notes);
        Assert.Equal(data.Manager.Id, proposal.ProposedById);
        Assert.Equal(new DateOnly(2026, 3, 5), proposal.EffectiveFrom);
        Assert.Equal(new DateOnly(2026, 3, 10), proposal.Deadline);
    }

    /// <summary>
    /// Finds and clicks on the renderer's dispatcher: a field changed just before may still be re-rendering the dialog,
    /// and a button found before that render has a handler id the new render tree no longer knows.
    /// </summary>
    private static Task SaveAsync(IRenderedComponent<MudBlazor.MudDialogProvider> dialogs) =>
        dialogs.InvokeAsync(() => dialogs.FindAll("button").First(b => b.TextContent.Contains("Send proposal", StringComparison.Ordinal)).ClickAsync(new()));

    private static AngleSharp.Dom.IElement Field(IRenderedComponent<MudBlazor.MudDialogProvider> dialogs, string label) =>
        dialogs.FindAll(".mud-input-control").First(c => c.QuerySelector("label")?.TextContent.Trim() == label);

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<MudBlazor.MudDialogProvider> dialogs, string label, string element = "input") =>
        Field(dialogs, label).QuerySelector(element)!;
}
