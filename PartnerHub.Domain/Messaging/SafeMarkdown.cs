using System.Net;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace PartnerHub.Domain.Messaging;

/// <summary>
/// The one way Markdown becomes HTML in PartnerHub (messages, announcements, notification templates).
/// Raw HTML is disabled, and after parsing every link target is checked against an allow-list:
/// <c>http</c>, <c>https</c>, <c>mailto</c> and app-relative paths (<c>/portal/payouts</c>). Anything else
/// (<c>javascript:</c> or <c>data:</c> in any encoding, <c>vbscript:</c>, protocol-relative <c>//host</c>)
/// loses its link and keeps only its text. Images are never loaded (they would track readers): they
/// render as a link to the image when the target is allowed, else as their alt text.
/// Markdig's <c>DisableHtml()</c> alone does not stop <c>[x](javascript:...)</c>, hence the walk.
/// </summary>
public static partial class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseAutoLinks()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    private static readonly string[] AllowedSchemes = ["http", "https", "mailto"];

    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "";
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList())
            Sanitise(link);
        foreach (var auto in document.Descendants<AutolinkInline>().ToList())
        {
            if (!IsSafeUrl(auto.IsEmail ? "mailto:" + auto.Url : auto.Url))
                auto.ReplaceBy(new LiteralInline(auto.Url));
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>The text without any Markdown, for previews, search snippets and the timeline, on one line.</summary>
    public static string ToPlainText(string? markdown, int? maxLength = null)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "";
        var text = Markdown.ToPlainText(markdown, Pipeline);
        text = string.Join(' ', text.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return maxLength is { } max && text.Length > max ? text[..Math.Max(0, max - 1)].TrimEnd() + "…" : text;
    }

    /// <summary>
    /// True for http(s) and mailto URLs and app-relative paths. The URL is decoded (entities, percent
    /// escapes, repeatedly) and stripped of whitespace and control characters before the scheme is read,
    /// as a browser would.
    /// </summary>
    public static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return false;
        var decoded = url;
        for (var i = 0; i < 3; i++)
        {
            var next = WebUtility.HtmlDecode(Uri.UnescapeDataString(decoded));
            if (next == decoded) break;
            decoded = next;
        }
        var compact = new string(decoded.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
        if (compact.StartsWith('/'))
            return !(compact.StartsWith("//", StringComparison.Ordinal) || compact.StartsWith("/\\", StringComparison.Ordinal));
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return false; // no scheme: relative to the current page; not needed in messages
        var scheme = compact[..colon].ToLowerInvariant();
        return AllowedSchemes.Contains(scheme) && Uri.TryCreate(compact, UriKind.Absolute, out _);
    }

    private static void Sanitise(LinkInline link)
    {
        var safe = IsSafeUrl(link.Url);
        if (link.IsImage)
        {
            // Never load a remote image: show a link to it (when allowed) labelled with its alt text.
            var alt = string.Concat(link.Descendants<LiteralInline>().Select(l => l.Content.ToString()));
            var label = string.IsNullOrWhiteSpace(alt) ? "image" : alt;
            if (safe)
            {
                var replacement = new LinkInline(link.Url!, link.Title ?? "");
                replacement.AppendChild(new LiteralInline("[image: " + label + "]"));
                AddLinkAttributes(replacement);
                link.ReplaceBy(replacement);
            }
            else
            {
                link.ReplaceBy(new LiteralInline(label));
            }
            return;
        }
        if (safe)
        {
            AddLinkAttributes(link);
            return;
        }
        // Keep the words, drop the link.
        var span = new ContainerInline();
        foreach (var child in link.ToList())
        {
            child.Remove();
            span.AppendChild(child);
        }
        link.ReplaceBy(span);
    }

    private static void AddLinkAttributes(LinkInline link)
    {
        if (link.Url is { } url && url.StartsWith('/')) return; // stays inside the app
        var attributes = link.GetAttributes();
        attributes.AddPropertyIfNotExist("rel", "nofollow noopener noreferrer");
        attributes.AddPropertyIfNotExist("target", "_blank");
    }

    /// <summary>
    /// <see cref="ToPlainText"/> for a piece the search index cut out of a message: emphasis markers that lost their pair at the
    /// cut (<c>…was **approved on</c>) are dropped too, so a snippet never shows <c>**</c>.
    /// </summary>
    public static string ToPlainSnippet(string? cutMarkdown) => StrayEmphasis().Replace(ToPlainText(cutMarkdown), "");

    [System.Text.RegularExpressions.GeneratedRegex(@"\*{2,}|_{2,}|~{2,}")]
    private static partial System.Text.RegularExpressions.Regex StrayEmphasis();
}
