using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Identity;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Announcements;
using PartnerHub.Domain.Segments;
using PartnerHub.Web.Features.Segments;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Components;

/// <summary>The segment editor against a real SQLite database: the live count follows the criteria; the service's refusals show at the field.</summary>
public sealed class SegmentEditorTests : MudTestContext, IClassFixture<SegmentTestData>
{
    private readonly SegmentTestData data;
    private string? saved;

    public SegmentEditorTests(SegmentTestData data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock);
        Services.AddScoped<SegmentService>();
    }

    private IRenderedComponent<SegmentEditor> RenderEditor(SegmentRow? segment = null)
    {
        SignIn(data.Compliance.UserId, data.Compliance.Name, Roles.Compliance);
        RenderPopovers();
        return Render<SegmentEditor>(p => p
            .Add(x => x.Segment, segment)
            .Add(x => x.OnSaved, (string message) => saved = message));
    }

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<SegmentEditor> cut, string label)
    {
        var id = cut.FindAll("label").Single(l => l.TextContent.Trim().StartsWith(label, StringComparison.Ordinal)).GetAttribute("for");
        return cut.Find($"#{id}");
    }

    private static string Count(IRenderedComponent<SegmentEditor> cut) => cut.Find("[data-testid='segment-count']").TextContent.Trim();

    [Fact]
    public void A_new_segment_counts_every_partner_and_previews_them()
    {
        var cut = RenderEditor();

        cut.WaitForAssertion(() => Assert.Equal("6 partners match", Count(cut)));
        Assert.Equal(["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"],
            cut.FindAll("[data-testid='preview-row'] td:first-child").Select(td => td.TextContent.Trim()));
    }

    [Fact]
    public void Typing_countries_and_tags_updates_the_count_and_preview_while_editing()
    {
        var cut = RenderEditor();
        cut.WaitForAssertion(() => Assert.Equal("6 partners match", Count(cut)));

        Input(cut, "Countries").Input("gb");
        cut.WaitForAssertion(() => Assert.Equal("2 partners match", Count(cut)), TimeSpan.FromSeconds(5));
        Input(cut, "Tags").Input("vip");

        cut.WaitForAssertion(() => Assert.Equal("1 partner matches", Count(cut)), TimeSpan.FromSeconds(5));
        Assert.Equal("Alpha", cut.Find("[data-testid='preview-row'] td:first-child").TextContent.Trim());
    }

    [Fact]
    public void A_bad_country_shows_its_message_at_the_field()
    {
        var cut = RenderEditor();
        cut.WaitForAssertion(() => Assert.Equal("6 partners match", Count(cut)));

        Input(cut, "Countries").Input("Germany");

        cut.WaitForAssertion(() => Assert.Contains("'GERMANY' is not a two-letter country code", cut.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Saving_without_a_name_shows_the_error_then_saving_with_one_creates_the_segment()
    {
        var cut = RenderEditor();
        cut.WaitForAssertion(() => Assert.Equal("6 partners match", Count(cut)));
        // Found and clicked in one renderer turn: the live count may re-render the editor in between on a server engine.
        await cut.InvokeAsync(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Create segment").Click());
        cut.WaitForAssertion(() => Assert.Contains("Name is required.", cut.Markup, StringComparison.Ordinal));
        Assert.Null(saved);

        var name = $"Editor test {Guid.NewGuid():N}"[..20];
        Input(cut, "Name").Change(name);
        await cut.InvokeAsync(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Create segment").Click());

        cut.WaitForAssertion(() => Assert.Equal($"Segment \"{name}\" created.", saved));
        Assert.Contains(await new SegmentService(data.Factory, data.Clock).ListAsync(data.Manager), s => s.Name == name);
    }
}
