using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Partners;

namespace PartnerHub.Tests.Components;

/// <summary>The profile header's status change: Admin ends a relationship from the dialog; a manager cannot; an ended one shows when.</summary>
public sealed class PartnerStatusHeaderTests : MudTestContext
{
    private async Task<(SqliteDatabase Database, int PartnerId, string ManagerId)> SetUpAsync()
    {
        var database = await SqliteDatabase.CreateAsync();
        var managerId = (await database.AddUserAsync(Roles.Manager, "Maya Manager")).Id;
        Services.AddSingleton(database.Factory);
        Services.AddSingleton<TimeProvider>(database.Clock);
        Services.AddScoped<PartnerService>();
        // The header's other controls (legal hold, case file, erasure) have tests of their own.
        ComponentFactories.AddStub(t => t.Namespace is "PartnerHub.Web.Features.Compliance" or "PartnerHub.Web.Features.CaseFiles"
            or "PartnerHub.Web.Features.Privacy");
        var partner = await new AutomationTestData(database).PartnerAsync(name: "Harbor Trading", managerId: managerId);
        return (database, partner.Id, managerId);
    }

    private static async Task<PartnerProfile> ProfileAsync(SqliteDatabase database, int partnerId) =>
        (await new PartnerQueries(database.Factory).GetProfileAsync(new Actor("x", "x", new HashSet<string> { Roles.Admin }, null), partnerId))!;

    [Fact]
    public async Task An_admin_ends_the_relationship_from_the_dialog_and_the_header_shows_when()
    {
        var (database, partnerId, _) = await SetUpAsync();
        await using var _ = database;
        SignIn("admin-1", "Ada Admin", Roles.Admin);
        RenderPopovers();
        var dialogs = Render<MudDialogProvider>();
        var changed = false;
        var profile = await ProfileAsync(database, partnerId);
        var cut = Render<PartnerHeader>(p => p.Add(x => x.Profile, profile).Add(x => x.OnChanged, () => changed = true));
        Assert.Empty(cut.FindAll("[data-testid=relationship-ended]"));

        cut.FindAll("button").Single(b => b.TextContent.Contains("Change status", StringComparison.Ordinal)).Click();
        dialogs.WaitForAssertion(() => dialogs.FindComponent<MudSelect<PartnerStatus?>>());
        await dialogs.InvokeAsync(() => dialogs.FindComponent<MudSelect<PartnerStatus?>>().Instance.ValueChanged.InvokeAsync(PartnerStatus.Terminated));
        dialogs.WaitForAssertion(() => Assert.Contains("cannot be undone", dialogs.Markup, StringComparison.Ordinal));
        dialogs.Find("textarea").Input("no");
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("Change status", StringComparison.Ordinal)).Click();
        dialogs.WaitForAssertion(() => Assert.Contains("at least 5 characters", dialogs.Markup, StringComparison.Ordinal));
        dialogs.Find("textarea").Input("Contract ended by mutual agreement");
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("Change status", StringComparison.Ordinal)).Click();
        cut.WaitForAssertion(() => Assert.True(changed));

        var ended = await ProfileAsync(database, partnerId);
        Assert.Equal(PartnerStatus.Terminated, ended.Row.Status);
        cut.Render(p => p.Add(x => x.Profile, ended));
        Assert.Contains("Relationship ended", cut.Find("[data-testid=relationship-ended]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Contains("Change status", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_manager_is_offered_suspension_but_not_termination()
    {
        var (database, partnerId, managerId) = await SetUpAsync();
        await using var _ = database;
        await using (var db = database.CreateContext())
        {
            (await db.Partners.SingleAsync(p => p.Id == partnerId)).ChangeStatus(PartnerStatus.Active, database.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }
        SignIn(managerId, "Maya Manager", Roles.Manager);
        var popovers = RenderPopovers();
        var dialogs = Render<MudDialogProvider>();
        var profile = await ProfileAsync(database, partnerId);
        var cut = Render<PartnerHeader>(p => p.Add(x => x.Profile, profile));

        cut.FindAll("button").Single(b => b.TextContent.Contains("Change status", StringComparison.Ordinal)).Click();
        dialogs.WaitForAssertion(() => dialogs.Find(".mud-select"));
        await dialogs.Find(".mud-select .mud-input-control-input-container div").MouseDownAsync(new());
        popovers.WaitForAssertion(() => Assert.NotEmpty(popovers.FindAll(".mud-list-item")));
        var options = popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim()).ToList();
        Assert.Contains(options, o => o.Contains("Suspended", StringComparison.Ordinal));
        Assert.DoesNotContain(options, o => o.Contains("Terminated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_manager_gets_no_status_button_on_another_managers_partner()
    {
        var (database, partnerId, _) = await SetUpAsync();
        await using var _ = database;
        var other = await database.AddUserAsync(Roles.Manager, "Tom Becker");
        SignInAs(other, Roles.Manager);
        var profile = await ProfileAsync(database, partnerId);
        var cut = Render<PartnerHeader>(p => p.Add(x => x.Profile, profile));
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Contains("Reassign", StringComparison.Ordinal));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Contains("Change status", StringComparison.Ordinal));
    }
}
