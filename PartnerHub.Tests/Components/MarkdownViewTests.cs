using Bunit;
using PartnerHub.Web.Components.Shared;

namespace PartnerHub.Tests.Components;

public sealed class MarkdownViewTests : MudTestContext
{
    [Fact]
    public void Renders_formatting_and_drops_script_and_javascript_links()
    {
        var cut = Render<MarkdownView>(p => p.Add(m => m.Markdown,
            "**Approved** <script>alert(1)</script> [pay](javascript:alert(1)) [portal](/portal/payouts)"));

        Assert.Equal("Approved", cut.Find("strong").TextContent);
        Assert.Empty(cut.FindAll("script"));
        var link = Assert.Single(cut.FindAll("a"));
        Assert.Equal("/portal/payouts", link.GetAttribute("href"));
        Assert.Contains("<script>alert(1)</script>", cut.Find(".ph-markdown").TextContent, StringComparison.Ordinal);
    }
}
