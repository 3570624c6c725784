using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Identity;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Compliance;

namespace PartnerHub.Tests.Components;

/// <summary>The profile's legal-hold control: the chip every operator sees, the place/release button only Compliance and Admin get.</summary>
public sealed class LegalHoldControlTests : MudTestContext
{
    private async Task<(SqliteDatabase Database, int PartnerId)> SetUpAsync(bool held)
    {
        var database = await SqliteDatabase.CreateAsync();
        Services.AddSingleton(database.Factory);
        Services.AddSingleton<TimeProvider>(database.Clock);
        Services.AddScoped<LegalHolds>();
        var partner = await new AutomationTestData(database).PartnerAsync(name: "Harbor Trading");
        if (held)
        {
            var compliance = new Actor("c-1", "Chen Compliance", new HashSet<string> { Roles.Compliance }, null);
            await new LegalHolds(database.Factory, database.Clock).PlaceAsync(compliance, partner.Id, "Dispute DSP-114 with the regulator");
        }
        return (database, partner.Id);
    }

    [Fact]
    public async Task A_manager_sees_the_hold_and_its_reason_but_no_button()
    {
        var (database, partnerId) = await SetUpAsync(held: true);
        await using var _ = database;
        SignIn("m-1", "Maya Manager", Roles.Manager);
        var cut = Render<LegalHoldControl>(p => p.Add(x => x.PartnerId, partnerId).Add(x => x.PartnerName, "Harbor Trading"));
        cut.WaitForAssertion(() => Assert.Contains("Legal hold", cut.Find("[data-testid=legal-hold]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Contains("legal hold", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Compliance_places_a_hold_from_the_dialog_and_a_short_reason_is_refused_at_the_field()
    {
        var (database, partnerId) = await SetUpAsync(held: false);
        await using var _ = database;
        SignIn("c-2", "Chen Compliance", Roles.Compliance);
        RenderPopovers();
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = Render<LegalHoldControl>(p => p.Add(x => x.PartnerId, partnerId).Add(x => x.PartnerName, "Harbor Trading"));
        Assert.Empty(cut.FindAll("[data-testid=legal-hold]"));
        cut.WaitForAssertion(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Place legal hold", StringComparison.Ordinal)).Click());

        var reason = () => dialogs.Find("textarea");
        dialogs.WaitForAssertion(() => reason());
        reason().Input("short");
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("Place hold", StringComparison.Ordinal)).Click();
        dialogs.WaitForAssertion(() => Assert.Contains("at least 10 characters", dialogs.Markup, StringComparison.Ordinal));

        reason().Input("Dispute DSP-114 with the regulator");
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("Place hold", StringComparison.Ordinal)).Click();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=legal-hold]")));
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("button"), b => b.TextContent.Contains("Release legal hold", StringComparison.Ordinal)));
    }
}
