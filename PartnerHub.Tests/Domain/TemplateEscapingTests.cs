using System.Text.RegularExpressions;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Tests.Domain;

/// <summary>
/// Hostile values × templates with odd backtick arrangements: whatever the template's backticks, a value never creates
/// an element. Each rendering is compared with the same template filled with a harmless word: the HTML elements must be
/// the same (the template's own), and nothing the value carried may appear as a link, image or raw tag.
/// </summary>
public sealed partial class TemplateEscapingTests
{
    public static readonly TheoryData<string> HostileValues =
    [
        "[x](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        "`",
        "``",
        "a ` b ` c",
        "` [x](javascript:alert(1)) `",
        "**bold** _it_",
        "line\n# heading\n- item",
        "x\n\n```\ncode\n```",
        "~~~",
        "<https://evil.example>",
        "www.evil.example",
        "![i](https://evil.example/p.png)",
    ];

    public static readonly TheoryData<string> Templates =
    [
        "Hi {{partner.name}}.",
        "`` ` {{partner.name}} ``",
        "` {{partner.name}} `",
        "unbalanced ` before {{partner.name}} and after",
        "{{partner.name}} ` unbalanced after",
        "`a` {{partner.name}} `b`",
        "``{{partner.name}}`` and ` and `{{partner.name}}`",
        "\\`{{partner.name}}`",
        "```\n{{partner.name}}\n```",
        "~~~\n{{partner.name}}\n~~~",
        "    {{partner.name}}",
        "**{{partner.name}}** and [link](/portal/payouts) {{partner.name}}",
        "> {{partner.name}}\n\n- {{partner.name}}",
        "| a | b |\n|---|---|\n| {{partner.name}} | ` {{partner.name}} |",
    ];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var t in Templates)
            foreach (var v in HostileValues)
                data.Add(t, v);
        return data;
    }

    [GeneratedRegex(@"<([a-z0-9]+)[\s>/]")]
    private static partial Regex Tag();

    private static string Html(string template, string value) =>
        SafeMarkdown.ToHtml(TemplateRenderer.RenderMarkdown(template, new Dictionary<string, string>(StringComparer.Ordinal) { ["partner.name"] = value }));

    private static List<string> Tags(string html) => Tag().Matches(html).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_value_creates_no_element_whatever_backticks_the_template_holds(string template, string value)
    {
        var html = Html(template, value);

        Assert.Equal(Tags(Html(template, "harmless")), Tags(html));
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("evil.example\"", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<h1", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("`` ` {{partner.name}} ``", "<code>` A'B</code>")]
    [InlineData("unbalanced ` before {{partner.name}}", "<p>unbalanced ` before A`B</p>")]
    [InlineData("```\n{{partner.name}}\n```", "<pre><code>A'B")]
    public void Code_context_is_decided_by_the_markdown_parse(string template, string expected)
    {
        var html = Html(template, "A`B");
        Assert.Contains(expected, html, StringComparison.Ordinal);
    }
}
