using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Identity;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Components.Layout;

namespace PartnerHub.Tests.Components;

/// <summary>The shell's landmarks and theme: a skip link first, the page inside &lt;main&gt;, the remembered theme used.</summary>
public sealed class AppShellTests : MudTestContext, IClassFixture<SqliteDatabase>
{
    public AppShellTests(SqliteDatabase database)
    {
        Services.AddSingleton(database.Factory);
        Services.AddScoped<PartnerHub.Domain.Users.ViewerZones>();
        ComponentFactories.AddStub<PartnerHub.Web.Features.Notifications.NotificationBell>();
        ComponentFactories.AddStub<UserMenu>();
        SignIn("shell-user", "Shell User", Roles.Manager);
    }

    private IRenderedComponent<AppShell> RenderShell() => Render<AppShell>(p => p
        .Add(s => s.ShellName, "Console")
        .Add(s => s.HomeHref, "/console")
        .Add(s => s.NavItems, (RenderFragment)(b => b.AddMarkupContent(0, "<a href=\"/console\">Overview</a>")))
        .Add(s => s.ChildContent, (RenderFragment)(b => b.AddMarkupContent(0, "<h1>Page</h1>"))));

    [Fact]
    public void The_first_focusable_element_is_a_skip_link_to_the_main_landmark()
    {
        var cut = RenderShell();

        var first = cut.FindAll("a[href], button").First();
        Assert.Equal("Skip to content", first.TextContent);
        Assert.Equal("#main-content", first.GetAttribute("href"));
        var main = cut.WaitForElement("main#main-content");
        Assert.Equal("-1", main.GetAttribute("tabindex"));
        Assert.Equal("Page", main.QuerySelector("h1")?.TextContent);
    }

    [Fact]
    public void A_remembered_dark_choice_is_used_and_toggling_saves_the_new_choice()
    {
        Services.GetRequiredService<ThemePreference>().Dark = true;
        var cut = RenderShell();

        cut.WaitForElement("button[aria-label='Switch to light theme']");
        // Clicked inside the renderer, so no render can slip between finding the button and clicking it.
        cut.InvokeAsync(() => cut.Find("button[aria-label='Switch to light theme']").Click());

        cut.WaitForAssertion(() => Assert.False(Services.GetRequiredService<ThemePreference>().Dark));
        Assert.Contains(JSInterop.Invocations, i => i.Identifier == "phShell.saveTheme" && Equals(i.Arguments[0], false));
    }
}
