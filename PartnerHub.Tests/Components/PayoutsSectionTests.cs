using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Payouts;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Components;

/// <summary>The Payouts section against a real SQLite database: the balance, the grid, the operators' moves and the partner's request.</summary>
public sealed class PayoutsSectionTests : MudTestContext, IClassFixture<PayoutsSectionTests.Data>
{
    private static readonly DateOnly Jan = new(2026, 1, 1);

    public sealed class Data : SqliteDatabase
    {
        public CommissionTestData Make { get; private set; } = default!;
        public ApplicationUser Manager { get; private set; } = default!;
        public ApplicationUser Compliance { get; private set; } = default!;
        /// <summary>110.00 USD approved and unpaid against a 100.00 USD threshold, and a payout in every state.</summary>
        public Partner Ready { get; private set; } = default!;
        public Payout Requested { get; private set; } = default!;
        public Payout Processing { get; private set; } = default!;
        public Payout Paid { get; private set; } = default!;
        /// <summary>120.00 USD approved against a 500.00 USD threshold.</summary>
        public Partner Below { get; private set; } = default!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Make = new CommissionTestData(this, 4141);
            Manager = await AddUserAsync(Roles.Manager, "Maya Manager");
            Compliance = await AddUserAsync(Roles.Compliance, "Cora Compliance");
            (Ready, var lines) = await PartnerWithApprovedLinesAsync(Make, 100m, [200m, 300m, 50m, 60m, 50m]);
            Requested = await Make.PayoutAsync(Ready.Id, [lines[0].Id]);
            Processing = await Make.PayoutAsync(Ready.Id, [lines[1].Id], PayoutStatus.Processing);
            Paid = await Make.PayoutAsync(Ready.Id, [lines[2].Id], PayoutStatus.Paid);
            (Below, _) = await PartnerWithApprovedLinesAsync(Make, 500m, [120m]);
        }
    }

    private readonly Data data;

    public PayoutsSectionTests(Data data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock);
        Services.AddScoped<PartnerHub.Domain.Messaging.ThreadQueries>();
        Services.AddScoped<PartnerHub.Domain.Messaging.RecordConversations>();
        Services.AddScoped<PayoutService>();
    }

    private static async Task<(Partner, List<CommissionLine>)> PartnerWithApprovedLinesAsync(CommissionTestData make, decimal threshold, decimal[] amounts)
    {
        var partner = await make.PartnerAsync(Vertical.IGamingAffiliate, threshold);
        var version = await make.DealVersionAsync(partner.Id, DealType.Cpa);
        var lines = new List<CommissionLine>();
        for (var i = 0; i < amounts.Length; i++)
            lines.Add(await make.AddAsync(CommissionTestData.Cpa(partner.Id, version.Id, Jan.AddMonths(-i), 1, amounts[i], make.Now), CommissionStatus.Approved));
        return (partner, lines);
    }


    private async Task SignInAsPartnerAsync(Partner partner) =>
        SignInAs(await data.AddUserAsync(Roles.Partner, $"{partner.Name} login", partner.Id), Roles.Partner);

    private IRenderedComponent<PayoutsSection> RenderSection(int partnerId, bool portal = false) =>
        Render<PayoutsSection>(p => p.Add(s => s.PartnerId, partnerId).Add(s => s.PortalView, portal));

    private static IReadOnlyList<AngleSharp.Dom.IElement> Rows(IRenderedComponent<PayoutsSection> cut) =>
        cut.FindAll("[aria-label='Payouts'] tbody tr.mud-table-row").Where(r => r.QuerySelectorAll("td").Length > 1).ToList();

    private static AngleSharp.Dom.IElement? RequestButton(IRenderedComponent<PayoutsSection> cut) =>
        cut.FindAll("button").SingleOrDefault(b => b.TextContent.Contains("Request payout", StringComparison.Ordinal));

    [Fact]
    public void An_operator_sees_the_balance_against_the_threshold_and_every_payout_with_the_moves_it_allows()
    {
        SignInAs(data.Manager, Roles.Manager);

        var cut = RenderSection(data.Ready.Id);

        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count));
        Assert.Equal("110.00 USD", cut.Find("[data-testid='approved-balance']").TextContent.Trim());
        Assert.Contains("of 100.00 USD threshold", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("500.00 USD on its way", cut.Markup, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[aria-label='Approved balance 110.00 USD of 100.00 USD payout threshold']"));
        Assert.NotNull(cut.Find($"[aria-label='Start processing payout {data.Requested.Id}']"));
        Assert.NotNull(cut.Find($"[aria-label='Mark payout {data.Requested.Id} failed']"));
        Assert.Empty(cut.FindAll($"[aria-label='Mark payout {data.Requested.Id} paid']"));
        Assert.NotNull(cut.Find($"[aria-label='Mark payout {data.Processing.Id} paid']"));
        // A paid payout has no step left, but like every payout it can be discussed.
        Assert.Empty(cut.FindAll($"[aria-label*='payout {data.Paid.Id}']:not([aria-label^='Discuss'])"));
        Assert.NotNull(cut.Find($"[aria-label='Discuss payout {data.Paid.Id}']"));
        Assert.Contains("SEED-REF", cut.Markup, StringComparison.Ordinal);
        // Only the partner requests its payout, and only in the portal.
        Assert.Null(RequestButton(cut));
    }

    [Fact]
    public void Compliance_sees_the_payouts_but_cannot_move_them()
    {
        SignInAs(data.Compliance, Roles.Compliance);

        var cut = RenderSection(data.Ready.Id);

        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count));
        Assert.Empty(cut.FindAll("[aria-label^='Start processing payout']"));
        Assert.Empty(cut.FindAll("[aria-label^='Mark payout']"));
        Assert.Empty(cut.FindAll("[aria-label^='Discuss payout']"));
    }

    [Fact]
    public async Task In_the_portal_a_partner_below_its_threshold_sees_why_it_cannot_request_yet()
    {
        await SignInAsPartnerAsync(data.Below);

        var cut = RenderSection(data.Below.Id, portal: true);

        cut.WaitForAssertion(() => Assert.NotNull(RequestButton(cut)));
        Assert.True(RequestButton(cut)!.HasAttribute("disabled"));
        Assert.Equal("Available once your approved balance reaches 500.00 USD (380.00 USD to go).",
            cut.Find("[data-testid='request-explanation']").TextContent.Trim());
        Assert.Empty(cut.FindAll("[aria-label^='Mark payout']"));
    }

    [Fact]
    public async Task In_the_portal_a_partner_at_its_threshold_confirms_amount_method_and_masked_beneficiary_then_requests_its_payout()
    {
        var (partner, lines) = await PartnerWithApprovedLinesAsync(data.Make, 100m, [70m, 30m]);
        await using (var db = data.CreateContext())
        {
            (await db.Partners.SingleAsync(p => p.Id == partner.Id)).SetBeneficiary("GB29 NWBK 6016 1331 9268 19");
            await db.SaveChangesAsync();
        }
        await SignInAsPartnerAsync(partner);
        RenderPopovers();
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderSection(partner.Id, portal: true);
        cut.WaitForAssertion(() => Assert.False(RequestButton(cut)!.HasAttribute("disabled")));
        Assert.Empty(cut.FindAll("[data-testid='request-explanation']"));

        // Not awaited: the button's handler waits for the dialog to close.
        var requesting = RequestButton(cut)!.ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid='confirm-amount']")));
        Assert.Equal("100.00 USD", dialogs.Find("[data-testid='confirm-amount']").TextContent.Trim());
        Assert.Equal("•••• 6819", dialogs.Find("[data-testid='confirm-beneficiary']").TextContent.Trim());
        Assert.Contains("Bank wire", dialogs.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("9268", dialogs.Markup, StringComparison.Ordinal);
        await using (var db = data.CreateContext())
            Assert.False(await db.Payouts.AnyAsync(p => p.PartnerId == partner.Id)); // nothing is requested before the confirmation
        await DialogButton(dialogs, "Confirm request").ClickAsync(new());
        await requesting.WaitAsync(TimeSpan.FromSeconds(10));

        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));
        Assert.Contains("100.00 USD", Rows(cut)[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Requested", Rows(cut)[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("0.00 USD", cut.Find("[data-testid='approved-balance']").TextContent.Trim());
        Assert.True(RequestButton(cut)!.HasAttribute("disabled"));
        await using var check = data.CreateContext();
        var payout = await check.Payouts.AsNoTracking().Include(p => p.Items).SingleAsync(p => p.PartnerId == partner.Id);
        Assert.Equal(lines.Select(l => l.Id).Order(), payout.Items.Select(i => i.CommissionLineId).Order());
    }

    [Fact]
    public async Task Cancelling_the_payout_confirmation_requests_nothing()
    {
        var (partner, _) = await PartnerWithApprovedLinesAsync(data.Make, 100m, [150m]);
        await SignInAsPartnerAsync(partner);
        RenderPopovers();
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderSection(partner.Id, portal: true);
        cut.WaitForAssertion(() => Assert.False(RequestButton(cut)!.HasAttribute("disabled")));

        var requesting = RequestButton(cut)!.ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid='confirm-beneficiary']")));
        Assert.Contains("None on file", dialogs.Find("[data-testid='confirm-beneficiary']").TextContent, StringComparison.Ordinal);
        await DialogButton(dialogs, "Cancel").ClickAsync(new());
        await requesting.WaitAsync(TimeSpan.FromSeconds(10));

        await using var db = data.CreateContext();
        Assert.False(await db.Payouts.AnyAsync(p => p.PartnerId == partner.Id));
        Assert.Equal("150.00 USD", cut.Find("[data-testid='approved-balance']").TextContent.Trim());
        Assert.Empty(Rows(cut));
    }

    private static AngleSharp.Dom.IElement DialogButton(IRenderedComponent<MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == text);

    [Fact]
    public async Task Marking_a_payout_paid_requires_the_reference()
    {
        var (partner, lines) = await PartnerWithApprovedLinesAsync(data.Make, 100m, [250m]);
        var payout = await data.Make.PayoutAsync(partner.Id, [lines[0].Id], PayoutStatus.Processing);
        SignInAs(data.Manager, Roles.Manager);
        RenderPopovers();
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderSection(partner.Id);
        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));

        // Not awaited: the section's handler waits for the dialog to close.
        var marking = cut.Find($"[aria-label='Mark payout {payout.Id} paid']").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[aria-label='Mark payout paid']")));
        await MarkPaidButton(dialogs).ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Contains("Reference is required.", dialogs.Markup, StringComparison.Ordinal));
        await using (var db = data.CreateContext())
            Assert.Equal(PayoutStatus.Processing, (await db.Payouts.AsNoTracking().SingleAsync(p => p.Id == payout.Id)).Status);

        dialogs.Find("[aria-label='Mark payout paid'] input").Change("WIRE-2026-000777");
        await MarkPaidButton(dialogs).ClickAsync(new());
        await marking.WaitAsync(TimeSpan.FromSeconds(10));

        cut.WaitForAssertion(() => Assert.Contains("Paid", Rows(cut)[0].TextContent, StringComparison.Ordinal));
        Assert.Contains("WIRE-2026-000777", Rows(cut)[0].TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll($"[aria-label='Mark payout {payout.Id} paid']"));
    }

    [Fact]
    public async Task Starting_processing_moves_a_requested_payout_on()
    {
        var (partner, lines) = await PartnerWithApprovedLinesAsync(data.Make, 100m, [250m]);
        var payout = await data.Make.PayoutAsync(partner.Id, [lines[0].Id]);
        SignInAs(data.Manager, Roles.Manager);
        var cut = RenderSection(partner.Id);
        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));

        await cut.Find($"[aria-label='Start processing payout {payout.Id}']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("Processing", Rows(cut)[0].TextContent, StringComparison.Ordinal));
        Assert.NotNull(cut.Find($"[aria-label='Mark payout {payout.Id} paid']"));
    }

    private static AngleSharp.Dom.IElement MarkPaidButton(IRenderedComponent<MudDialogProvider> dialogs) =>
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Mark paid");
}
