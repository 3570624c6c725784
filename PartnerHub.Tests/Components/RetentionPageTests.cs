using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Files;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Compliance;

namespace PartnerHub.Tests.Components;

/// <summary>The retention page: periods with field errors, a dry run naming the held partner, a confirmed purge; compliance only views.</summary>
public sealed class RetentionPageTests : MudTestContext
{
    private async Task<SqliteDatabase> SetUpAsync()
    {
        var database = await SqliteDatabase.CreateAsync();
        Services.AddSingleton(database.Factory);
        Services.AddSingleton<TimeProvider>(database.Clock);
        Services.AddSingleton(Options.Create(new RetentionOptions()));
        Services.AddScoped(_ => new RetentionService(database.Factory, database.Clock, new FileStore(Path.GetTempPath())));
        var data = new AutomationTestData(database);
        var ended = await data.PartnerAsync(name: "Lapsed Media");
        var held = await data.PartnerAsync(name: "Disputed Traffic");
        var now = database.Clock.GetUtcNow().UtcDateTime;
        await using var db = database.CreateContext();
        foreach (var id in new[] { ended.Id, held.Id })
            (await db.Partners.SingleAsync(p => p.Id == id)).ChangeStatus(PartnerStatus.Terminated, now.AddYears(-6));
        var announcement = new Announcement("Terms", "New terms", AnnouncementCategory.Compliance, new AnnouncementAudience { AllActivePartners = true }, "a", now.AddYears(-7));
        db.Announcements.Add(announcement);
        await db.SaveChangesAsync();
        db.AnnouncementRecipients.AddRange(new AnnouncementRecipient(announcement.Id, ended.Id, now.AddYears(-7)),
            new AnnouncementRecipient(announcement.Id, held.Id, now.AddYears(-7)));
        await db.SaveChangesAsync();
        var compliance = new Actor("c-1", "Chen Compliance", new HashSet<string> { Roles.Compliance }, null);
        await new LegalHolds(database.Factory, database.Clock).PlaceAsync(compliance, held.Id, "Dispute DSP-114 with the regulator");
        return database;
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<RetentionPage> cut, string text) =>
        cut.FindAll("button").Single(b => b.TextContent.Contains(text, StringComparison.Ordinal));

    [Fact]
    public async Task An_admin_dry_runs_sees_the_held_partner_and_purges_after_confirming()
    {
        await using var database = await SetUpAsync();
        SignIn("admin-1", "Ada Admin", Roles.Admin);
        RenderPopovers();
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = Render<RetentionPage>();
        cut.WaitForAssertion(() => Assert.Contains("Automatic purging is off", cut.Find("[data-testid=automatic-purge]").TextContent, StringComparison.Ordinal));
        Assert.Contains("never purged", cut.Markup, StringComparison.Ordinal);
        Assert.True(Button(cut, "Purge now").HasAttribute("disabled"));

        Button(cut, "Dry run").Click();
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=dry-run-counts] [data-testid=due-AnnouncementLedger]").TextContent.Trim()));
        Assert.Equal("1", cut.Find("[data-testid=dry-run-counts] [data-testid=held-AnnouncementLedger]").TextContent.Trim());
        Assert.Equal("1", cut.Find("[data-testid=dry-run-counts] [data-testid=rows-AnnouncementLedger-AnnouncementRecipients]").TextContent.Trim());
        Assert.Contains("Disputed Traffic", cut.Find("[data-testid=held-partners]").TextContent, StringComparison.Ordinal);

        Button(cut, "Purge now").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("1 rows will be deleted for good", dialogs.Markup, StringComparison.Ordinal));
        dialogs.Find("[data-testid=confirm-purge]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Purged 1 rows", cut.Find("[data-testid=purge-result]").TextContent, StringComparison.Ordinal));
        Assert.Equal("1", cut.Find("[data-testid=purged-counts] [data-testid=rows-AnnouncementLedger-AnnouncementRecipients]").TextContent.Trim());
        Assert.True(Button(cut, "Purge now").HasAttribute("disabled"));
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.AnnouncementRecipients.CountAsync());
    }

    [Fact]
    public async Task A_period_below_the_regulatory_minimum_is_refused_at_its_field()
    {
        await using var database = await SetUpAsync();
        SignIn("admin-1", "Ada Admin", Roles.Admin);
        var cut = Render<RetentionPage>();
        cut.WaitForAssertion(() => cut.Find("input[data-testid=years-Conversations]"));
        cut.Find("input[data-testid=years-Conversations]").Change("3");
        Button(cut, "Save").Click();
        cut.WaitForAssertion(() => Assert.Contains("MiFID II",
            cut.Find("input[data-testid=years-Conversations]").Closest(".mud-input-control")!.TextContent, StringComparison.Ordinal));
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.RetentionRules.CountAsync());
    }

    [Fact]
    public async Task Compliance_views_the_periods_and_dry_runs_but_cannot_save_or_purge()
    {
        await using var database = await SetUpAsync();
        SignIn("c-2", "Chen Compliance", Roles.Compliance);
        var cut = Render<RetentionPage>();
        cut.WaitForAssertion(() => Assert.True(cut.Find("input[data-testid=years-AuditLog]").HasAttribute("readonly")));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Contains("Save", StringComparison.Ordinal) || b.TextContent.Contains("Purge", StringComparison.Ordinal));
        Button(cut, "Dry run").Click();
        cut.WaitForAssertion(() => Assert.Contains("Disputed Traffic", cut.Find("[data-testid=held-partners]").TextContent, StringComparison.Ordinal));
    }
}
