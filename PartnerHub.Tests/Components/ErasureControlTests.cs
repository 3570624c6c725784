using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Privacy;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Privacy;

namespace PartnerHub.Tests.Components;

/// <summary>
/// The profile's erasure control: the dialog says at once why a partner cannot be erased (an active relationship), keeps "Erase"
/// disabled until confirmed, refuses a short reason at the field, and after erasing lists what was kept; a manager gets no button.
/// </summary>
public sealed class ErasureControlTests : MudTestContext
{
    private async Task<(SqliteDatabase Database, int PartnerId)> SetUpAsync(bool ended)
    {
        var database = await SqliteDatabase.CreateAsync();
        Services.AddSingleton(database.Factory);
        Services.AddSingleton<TimeProvider>(database.Clock);
        Services.AddScoped<ErasureService>();
        var partner = await new AutomationTestData(database).PartnerAsync(name: "Harbor Trading");
        if (ended)
        {
            await using var db = database.CreateContext();
            var row = await db.Partners.SingleAsync(p => p.Id == partner.Id);
            row.ChangeStatus(PartnerStatus.Terminated, database.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }
        return (database, partner.Id);
    }

    private (IRenderedComponent<MudBlazor.MudDialogProvider> Dialogs, IRenderedComponent<ErasureControl> Control) Open(int partnerId)
    {
        RenderPopovers();
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = Render<ErasureControl>(p => p.Add(x => x.PartnerId, partnerId).Add(x => x.PartnerName, "Harbor Trading"));
        cut.WaitForAssertion(() => cut.InvokeAsync(() =>
            cut.FindAll("button").Single(b => b.TextContent.Contains("Erase personal data", StringComparison.Ordinal) && !b.HasAttribute("disabled")).Click()));
        return (dialogs, cut);
    }

    [Fact]
    public async Task A_manager_gets_no_erase_button()
    {
        var (database, partnerId) = await SetUpAsync(ended: true);
        await using var _ = database;
        SignIn("m-1", "Maya Manager", Roles.Manager);
        var cut = Render<ErasureControl>(p => p.Add(x => x.PartnerId, partnerId).Add(x => x.PartnerName, "Harbor Trading"));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("button")));
        Assert.Empty(cut.FindAll("[data-testid=erased]"));
    }

    [Fact]
    public async Task An_active_partner_cannot_be_erased_and_the_dialog_says_why()
    {
        var (database, partnerId) = await SetUpAsync(ended: false);
        await using var _ = database;
        SignIn("c-1", "Chen Compliance", Roles.Compliance);
        var (dialogs, _) = Open(partnerId);
        dialogs.WaitForAssertion(() => Assert.Contains("End the partner relationship first", dialogs.Find("[data-testid=erasure-blocked]").TextContent, StringComparison.Ordinal));
        Assert.Empty(dialogs.FindAll("textarea"));
        Assert.True(dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Erase").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Compliance_erases_after_confirming_and_reads_what_was_kept()
    {
        var (database, partnerId) = await SetUpAsync(ended: true);
        await using var _ = database;
        SignIn("c-2", "Chen Compliance", Roles.Compliance);
        var (dialogs, cut) = Open(partnerId);
        dialogs.WaitForAssertion(() => dialogs.Find("textarea"));
        var erase = () => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Erase");
        Assert.True(erase().HasAttribute("disabled")); // not confirmed yet
        dialogs.Find("input[type=checkbox]").Change(true);
        dialogs.Find("textarea").Input("short");
        dialogs.WaitForAssertion(() => Assert.False(erase().HasAttribute("disabled")));
        await dialogs.InvokeAsync(() => erase().Click());
        dialogs.WaitForAssertion(() => Assert.Contains("at least 10 characters", dialogs.Markup, StringComparison.Ordinal));

        dialogs.Find("textarea").Input("GDPR request DSR-2026-7");
        await dialogs.InvokeAsync(() => erase().Click());
        dialogs.WaitForAssertion(() => Assert.Contains($"Erased partner #{partnerId}", dialogs.Find("[role=status]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Kept, and why", dialogs.Markup, StringComparison.Ordinal);
        Assert.Contains("Commission lines", dialogs.Markup, StringComparison.Ordinal);
        await dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Close").Click());
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=erased]")));
    }
}
