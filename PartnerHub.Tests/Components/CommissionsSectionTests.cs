using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Commissions;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Components;

/// <summary>The Commissions section against a real SQLite database: what operators and the partner see, and who may approve.</summary>
public sealed class CommissionsSectionTests : MudTestContext, IClassFixture<CommissionsSectionTests.Data>
{
    private static readonly DateOnly Jan = new(2026, 1, 1);

    public sealed class Data : SqliteDatabase
    {
        public CommissionTestData Make { get; private set; } = default!;
        public Partner Ib { get; private set; } = default!;
        public Partner Sub { get; private set; } = default!;
        public ApplicationUser Manager { get; private set; } = default!;
        public ApplicationUser Compliance { get; private set; } = default!;
        public ApplicationUser IbUser { get; private set; } = default!;
        public CommissionLine LotLine { get; private set; } = default!;
        public List<CommissionLine> Calculated { get; } = [];
        public CommissionLine Approved { get; private set; } = default!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Make = new CommissionTestData(this, 3131);
            Manager = await AddUserAsync(Roles.Manager, "Maya Manager");
            Compliance = await AddUserAsync(Roles.Compliance, "Cora Compliance");
            Ib = await Make.PartnerAsync(Vertical.ForexIb);
            Sub = await Make.PartnerAsync(Vertical.ForexIb, parentId: Ib.Id);
            IbUser = await AddUserAsync(Roles.Partner, "Ian IB", Ib.Id);
            var version = await Make.DealVersionAsync(Ib.Id, DealType.LotBased);
            LotLine = await Make.AddAsync(CommissionLine.ForLots(Ib.Id, version.Id, Jan, Jan.AddMonths(1).AddDays(-1),
                [new CommissionLotItem(InstrumentClass.FxMajors, 12.5m, 8m, "spread ≤ 2.5 pips"), new CommissionLotItem(InstrumentClass.Metals, 3m, 5m, null)],
                new SubIbShare(ShareDirection.PassedDown, 25m, 28.75m, Sub.Id), "USD", Make.Now));
            for (var m = 1; m <= 3; m++)
                Calculated.Add(await Make.AddAsync(CommissionLine.ForLots(Ib.Id, version.Id, Jan.AddMonths(-m), Jan.AddMonths(1 - m).AddDays(-1),
                    [new CommissionLotItem(InstrumentClass.FxMajors, 10m * m, 8m, null)], null, "USD", Make.Now)));
            Approved = await Make.AddAsync(CommissionLine.ForLots(Ib.Id, version.Id, Jan.AddMonths(-4), Jan.AddMonths(-3).AddDays(-1),
                [new CommissionLotItem(InstrumentClass.Metals, 40m, 5m, null)], null, "USD", Make.Now), CommissionStatus.Approved);
        }
    }

    private readonly Data data;

    public CommissionsSectionTests(Data data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock);
        Services.AddScoped<PartnerHub.Domain.Messaging.ThreadQueries>();
        Services.AddScoped<PartnerHub.Domain.Messaging.RecordConversations>();
        Services.AddScoped<CommissionService>();
    }


    private IRenderedComponent<CommissionsSection> RenderSection(int partnerId, bool portal = false) =>
        Render<CommissionsSection>(p => p.Add(s => s.PartnerId, partnerId).Add(s => s.PortalView, portal));

    private static IReadOnlyList<AngleSharp.Dom.IElement> Rows(IRenderedComponent<CommissionsSection> cut) =>
        cut.FindAll("tbody tr.mud-table-row").Where(r => r.QuerySelector("[aria-label^='Breakdown of line']") is not null).ToList();

    [Fact]
    public void The_grid_shows_each_line_with_period_deal_version_basis_amount_and_status()
    {
        SignInAs(data.Manager, Roles.Manager);

        var cut = RenderSection(data.Ib.Id);

        cut.WaitForAssertion(() => Assert.Equal(5, Rows(cut).Count));
        var first = Rows(cut)[0].TextContent;
        Assert.Contains("Jan 2026", first, StringComparison.Ordinal);
        Assert.Contains("v1", first, StringComparison.Ordinal);
        Assert.Contains("15.5 lots, 25 % passed down to a sub-IB", first, StringComparison.Ordinal);
        Assert.Contains("86.25 USD", first, StringComparison.Ordinal);
        Assert.Contains("Calculated", first, StringComparison.Ordinal);
        Assert.Contains("Approved", Rows(cut)[4].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manager_gets_approve_and_reject_on_calculated_lines_only_and_the_bulk_button()
    {
        SignInAs(data.Manager, Roles.Manager);

        var cut = RenderSection(data.Ib.Id);

        cut.WaitForAssertion(() => Assert.Equal(5, Rows(cut).Count));
        Assert.NotNull(cut.Find($"[aria-label='Approve line {data.LotLine.Id}']"));
        Assert.NotNull(cut.Find($"[aria-label='Reject line {data.LotLine.Id}']"));
        Assert.Empty(cut.FindAll($"[aria-label='Approve line {data.Approved.Id}']"));
        Assert.Contains("Approve selected (0)", cut.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Compliance, false)]
    [InlineData(Roles.Partner, true)]
    public void Compliance_and_the_partner_in_the_portal_see_the_lines_but_no_approval_actions(string role, bool portal)
    {
        SignInAs(role == Roles.Partner ? data.IbUser : data.Compliance, role);

        var cut = RenderSection(data.Ib.Id, portal);

        cut.WaitForAssertion(() => Assert.Equal(5, Rows(cut).Count));
        Assert.Empty(cut.FindAll("[aria-label^='Approve line']"));
        Assert.Empty(cut.FindAll("[aria-label^='Reject line']"));
        Assert.DoesNotContain("Approve selected", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("input[type='checkbox']"));
        Assert.NotNull(cut.Find($"[aria-label='Breakdown of line {data.LotLine.Id}']"));
        if (portal) Assert.Contains("Your commissions", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void The_status_filter_reloads_the_grid_with_only_that_status()
    {
        SignInAs(data.Compliance, Roles.Compliance);
        RenderPopovers();
        var cut = RenderSection(data.Ib.Id);
        cut.WaitForAssertion(() => Assert.Equal(5, Rows(cut).Count));

        cut.InvokeAsync(() => cut.FindComponent<MudSelect<CommissionStatus?>>().Instance.ValueChanged.InvokeAsync(CommissionStatus.Approved));

        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));
        Assert.Contains("Approved", Rows(cut)[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_breakdown_dialog_shows_lots_times_rate_per_instrument_class_the_share_and_the_net()
    {
        SignInAs(data.IbUser, Roles.Partner);
        RenderPopovers();
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderSection(data.Ib.Id, portal: true);
        cut.WaitForAssertion(() => Assert.Equal(5, Rows(cut).Count));

        cut.Find($"[aria-label='Breakdown of line {data.LotLine.Id}']").Click();

        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[aria-label='Lots by instrument class']")));
        var rows = dialogs.FindAll("[aria-label='Lots by instrument class'] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Equal(["FX majors", "12.5", "× 8.00 USD", "spread ≤ 2.5 pips", "= 100.00 USD"], rows[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
        Assert.Equal(["Metals", "3", "× 5.00 USD", "none", "= 15.00 USD"], rows[1].QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
        Assert.Contains("115.00 USD", dialogs.Find("tr.ph-gross").TextContent, StringComparison.Ordinal);
        var share = dialogs.Find("tr.ph-share").TextContent;
        Assert.Contains("−28.75 USD", share, StringComparison.Ordinal);
        Assert.Contains($"25 % of the gross passed down to {data.Sub.Name}", share, StringComparison.Ordinal);
        Assert.Contains("86.25 USD", dialogs.Find("tr.ph-net").TextContent, StringComparison.Ordinal);
        Assert.Contains("FX majors", dialogs.Find("[aria-label='Terms used']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approving_a_line_from_its_row_marks_it_approved()
    {
        SignInAs(data.Manager, Roles.Manager);
        var (partner, line) = await CalculatedCpaLineAsync();
        var cut = RenderSection(partner.Id);
        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));

        await cut.Find($"[aria-label='Approve line {line.Id}']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("Approved", Rows(cut)[0].TextContent, StringComparison.Ordinal));
        Assert.Contains("by Maya Manager", Rows(cut)[0].TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll($"[aria-label='Approve line {line.Id}']"));
        await using var db = data.CreateContext();
        Assert.Equal(CommissionStatus.Approved, (await db.CommissionLines.AsNoTracking().SingleAsync(l => l.Id == line.Id)).Status);
    }

    [Fact]
    public async Task Selected_lines_are_approved_together()
    {
        SignInAs(data.Manager, Roles.Manager);
        var (partner, first) = await CalculatedCpaLineAsync();
        var version = await data.Make.DealVersionAsync(partner.Id, DealType.Cpa);
        var second = await data.Make.AddAsync(CommissionTestData.Cpa(partner.Id, version.Id, Jan.AddMonths(-1), 3, 150m, data.Make.Now));
        var third = await data.Make.AddAsync(CommissionTestData.Cpa(partner.Id, version.Id, Jan.AddMonths(-2), 4, 150m, data.Make.Now));
        var cut = RenderSection(partner.Id);
        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count));

        Checkbox(cut, $"Select line {first.Id}").Change(true);
        Checkbox(cut, $"Select line {third.Id}").Change(true);
        cut.WaitForAssertion(() => Assert.Contains("Approve selected (2)", cut.Markup, StringComparison.Ordinal));
        await cut.FindAll("button").Single(b => b.TextContent.Contains("Approve selected", StringComparison.Ordinal)).ClickAsync(new());

        await using var db = data.CreateContext();
        var statuses = await db.CommissionLines.AsNoTracking().Where(l => l.PartnerId == partner.Id).ToDictionaryAsync(l => l.Id, l => l.Status);
        Assert.Equal(CommissionStatus.Approved, statuses[first.Id]);
        Assert.Equal(CommissionStatus.Calculated, statuses[second.Id]);
        Assert.Equal(CommissionStatus.Approved, statuses[third.Id]);
        cut.WaitForAssertion(() => Assert.Contains("Approve selected (0)", cut.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_reject_dialog_requires_a_reason_before_rejecting()
    {
        SignInAs(data.Manager, Roles.Manager);
        var (partner, line) = await CalculatedCpaLineAsync();
        RenderPopovers();
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderSection(partner.Id);
        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));

        // Not awaited: the section's handler waits for the dialog to close.
        var rejecting = cut.Find($"[aria-label='Reject line {line.Id}']").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[aria-label='Reject commission line']")));
        await RejectButton(dialogs).ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Contains("Reason is required.", dialogs.Markup, StringComparison.Ordinal));
        await using (var db = data.CreateContext())
            Assert.Equal(CommissionStatus.Calculated, (await db.CommissionLines.AsNoTracking().SingleAsync(l => l.Id == line.Id)).Status);

        dialogs.Find("textarea").Change("Bonus abuse: 4 FTDs share one card.");
        await RejectButton(dialogs).ClickAsync(new());
        await rejecting.WaitAsync(TimeSpan.FromSeconds(10));

        cut.WaitForAssertion(() => Assert.Contains("Rejected", Rows(cut)[0].TextContent, StringComparison.Ordinal));
        Assert.Contains("Bonus abuse: 4 FTDs share one card.", Rows(cut)[0].TextContent, StringComparison.Ordinal);
    }

    /// <summary>A row checkbox by its accessible name (MudBlazor labels it through aria-labelledby).</summary>
    private static AngleSharp.Dom.IElement Checkbox(IRenderedComponent<CommissionsSection> cut, string name)
    {
        var label = cut.FindAll(".mud-sr-only").Single(e => e.TextContent.Trim() == name);
        return cut.Find($"input[aria-labelledby='{label.Id}']");
    }

    private static AngleSharp.Dom.IElement RejectButton(IRenderedComponent<MudDialogProvider> dialogs) =>
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Reject line");

    private async Task<(Partner Partner, CommissionLine Line)> CalculatedCpaLineAsync()
    {
        var partner = await data.Make.PartnerAsync(Vertical.IGamingAffiliate);
        var version = await data.Make.DealVersionAsync(partner.Id, DealType.Cpa);
        return (partner, await data.Make.AddAsync(CommissionTestData.Cpa(partner.Id, version.Id, Jan, 4, 150m, data.Make.Now)));
    }
}
