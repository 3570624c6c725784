using AngleSharp.Html.Parser;
using PartnerHub.Domain.Messaging;

namespace PartnerHub.Tests.Domain;

/// <summary>Markdown from partners and operators renders as inert HTML, whatever it contains.</summary>
public sealed class SafeMarkdownTests
{
    public static TheoryData<string> Payloads => new()
    {
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<svg/onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<body onload=alert(1)>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](java&#x73;cript:alert(1))",
        "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
        "[click](javascript%3Aalert(1))",
        "[click](%6A%61%76%61%73%63%72%69%70%74:alert(1))",
        "[click](<java\tscript:alert(1)>)",
        "[click]( javascript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](DATA:text/html,<script>alert(1)</script>)",
        "![x](javascript:alert(1))",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "[ref]\n\n[ref]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "[x](//evil.example/phish)",
        "<details open ontoggle=alert(1)>",
        "\"><script>alert(1)</script>",
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void A_hostile_message_renders_as_inert_text(string payload)
    {
        var html = SafeMarkdown.ToHtml("Hello " + payload);
        var document = new HtmlParser().ParseDocument("<body>" + html + "</body>");

        Assert.Empty(document.QuerySelectorAll("script, iframe, svg, object, embed, img, style, details, form, input, base, meta, link"));
        Assert.All(document.All, e => Assert.DoesNotContain(e.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.All(document.All, e => Assert.Null(e.GetAttribute("style")));
        foreach (var a in document.QuerySelectorAll("[href], [src]"))
        {
            var target = a.GetAttribute("href") ?? a.GetAttribute("src")!;
            Assert.True(SafeMarkdown.IsSafeUrl(target), $"Unsafe target survived: {target}");
            Assert.Matches("^(https?:|mailto:|/[^/\\\\])", target);
        }
        Assert.StartsWith("Hello", document.Body!.TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Ordinary_markdown_keeps_its_formatting_and_safe_links()
    {
        var html = SafeMarkdown.ToHtml("**Paid** on _Monday_: see [the payout](https://ops.example/p/1), [your payouts](/portal/payouts) or mail <finance@ops.example>");
        var document = new HtmlParser().ParseDocument(html);

        Assert.Equal("Paid", document.QuerySelector("strong")!.TextContent);
        Assert.Equal("Monday", document.QuerySelector("em")!.TextContent);
        var links = document.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["https://ops.example/p/1", "/portal/payouts", "mailto:finance@ops.example"], links);
        var external = document.QuerySelectorAll("a").First();
        Assert.Equal("nofollow noopener noreferrer", external.GetAttribute("rel"));
        Assert.Null(document.QuerySelectorAll("a")[1].GetAttribute("target"));
    }

    [Fact]
    public void A_refused_link_keeps_its_words()
    {
        var html = SafeMarkdown.ToHtml("Read [the terms](javascript:steal()) now");
        var document = new HtmlParser().ParseDocument(html);

        Assert.Empty(document.QuerySelectorAll("a"));
        Assert.Contains("Read the terms now", document.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_are_never_loaded_but_an_allowed_one_becomes_a_link()
    {
        var document = new HtmlParser().ParseDocument(SafeMarkdown.ToHtml("![banner 300x250](https://cdn.example/b.png)"));

        Assert.Empty(document.QuerySelectorAll("img"));
        Assert.Equal("https://cdn.example/b.png", document.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("banner 300x250", document.Body!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("**Payout** of *1,200* sent\n\nSee [here](https://x.example)", "Payout of 1,200 sent See here")]
    [InlineData("<b>not html</b>", "<b>not html</b>")]
    public void Plain_text_drops_the_markdown(string markdown, string expected) =>
        Assert.Equal(expected, SafeMarkdown.ToPlainText(markdown));

    [Fact]
    public void Plain_text_can_be_cut_to_a_preview() =>
        Assert.Equal("Hello wor…", SafeMarkdown.ToPlainText("Hello **world**, how are you", 10));

    [Theory]
    [InlineData("…was **approved on", "…was approved on")]
    [InlineData("a __cut", "a cut")]
    public void A_cut_snippet_drops_emphasis_markers_left_without_a_pair(string snippet, string expected) =>
        Assert.Equal(expected, SafeMarkdown.ToPlainSnippet(snippet));
}
