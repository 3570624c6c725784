using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Identity;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Notifications;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Components;

/// <summary>The settings page's switches against SQLite: a switch saves a mute; compliance is shown on, disabled, with the reason.</summary>
public sealed class NotificationSettingsTests : MudTestContext, IClassFixture<SqliteDatabase>
{
    private readonly SqliteDatabase data;

    public NotificationSettingsTests(SqliteDatabase data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock);
        Services.AddScoped<PreferenceService>();
    }

    private static AngleSharp.Dom.IElement Switch(IRenderedComponent<NotificationSettings> cut, string group, string label) =>
        cut.FindAll($"[role=group][aria-label='{group}'] label")
            .Single(l => l.TextContent.Trim() == label)
            .QuerySelector("input")!;

    [Fact]
    public async Task Switching_a_category_off_saves_the_mute_and_compliance_cannot_be_switched_off()
    {
        var user = await data.AddUserAsync(Roles.Manager, "Maya Manager");
        SignInAs(user, Roles.Manager);
        RenderPopovers();
        Render<MudBlazor.MudSnackbarProvider>();
        var cut = Render<NotificationSettings>();
        cut.WaitForElement("[role=group][aria-label='Milestones']");

        var compliance = Switch(cut, "Compliance and KYC", "Email");
        Assert.True(compliance.HasAttribute("disabled"));
        Assert.True(compliance.HasAttribute("checked") || compliance.GetAttribute("aria-checked") == "true");
        Assert.Contains("cannot be muted", cut.Find("[data-testid=compliance-explanation]").TextContent, StringComparison.Ordinal);

        await Switch(cut, "Milestones", "Email").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = false });

        var actor = SqliteDatabase.ActorFor(user, Roles.Manager);
        // Read outside the renderer: blocking its thread on a query would deadlock a truly asynchronous driver (Npgsql).
        var preferences = new PreferenceService(data.Factory, data.Clock);
        await Poll.UntilAsync(async () => (await preferences.GetAsync(actor)).Single(r => r.Category == NotificationCategory.Milestones).EmailMuted);
        var row = (await preferences.GetAsync(actor)).Single(r => r.Category == NotificationCategory.Milestones);
        Assert.True(row.EmailMuted);
        Assert.False(row.InAppMuted);
    }
}
