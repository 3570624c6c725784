using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Home;
using PartnerHub.Domain.Identity;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Home;

namespace PartnerHub.Tests.Components;

/// <summary>The console home's agenda rendered against the <see cref="AgendaTestData"/> program.</summary>
public sealed class AgendaPanelTests : MudTestContext, IClassFixture<AgendaTestData>
{
    private readonly AgendaTestData data;

    public AgendaPanelTests(AgendaTestData data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock);
        Services.AddScoped<OperatorAgenda>();
    }

    private static string Section(IRenderedComponent<AgendaPanel> cut, string title) =>
        cut.FindAll(".ph-agenda-card section").Single(s => s.QuerySelector("h3")?.TextContent == title).TextContent;

    [Fact]
    public void A_manager_sees_each_duty_with_its_count_and_links_to_the_items()
    {
        SignInAs(data.Me, Roles.Manager);

        var cut = Render<AgendaPanel>();

        cut.WaitForAssertion(() => Assert.Equal("Your agenda", cut.Find("h2").TextContent));
        cut.WaitForAssertion(() => Assert.Contains("2 unanswered threads", cut.Markup)); // loaded after the heading on a server engine
        Assert.NotNull(cut.Find($"a[href='/console/messages/{data.AlphaThreadId}']"));
        Assert.NotNull(cut.Find($"a[href='/console/messages/{data.BravoThreadId}']"));
        Assert.Contains("waiting 2 d 2 h", Section(cut, "Unanswered threads"));
        Assert.NotNull(cut.Find($"a[href='/console/compliance/{data.AnnouncementId}']"));
        Assert.Contains("Alpha Markets · 12,346 USD", Section(cut, "Payouts waiting"));
        Assert.NotNull(cut.Find($"a[href='/console/partners/{data.Alpha.Id}?tab=payouts']"));
        Assert.Contains("Click spike from one network", Section(cut, "Flags raised today"));
        Assert.DoesNotContain("Charlie", cut.Markup);
        Assert.DoesNotContain("Delta", cut.Markup);
    }

    [Fact]
    public void Compliance_has_no_reply_duty_and_sees_the_whole_program()
    {
        SignInAs(data.ComplianceUser, Roles.Compliance);

        var cut = Render<AgendaPanel>();

        cut.WaitForAssertion(() => Assert.Equal("Needs attention today", cut.Find("h2").TextContent));
        Assert.DoesNotContain(cut.FindAll("h3"), h => h.TextContent == "Unanswered threads");
        Assert.Contains("Charlie Traffic", Section(cut, "Payouts waiting"));
    }
}
