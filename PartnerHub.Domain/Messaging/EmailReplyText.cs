using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace PartnerHub.Domain.Messaging;

/// <summary>
/// What a person wrote in an emailed reply, without what their mail client added: the quoted history (an "On ... wrote:"
/// line and everything after it, lines starting with "&gt;", Outlook's "-----Original Message-----" or a "From:" header block
/// and everything after it) and the signature (from a "-- " line on).
/// </summary>
public static partial class EmailReplyText
{
    /// <summary>The reply's own text, trimmed; empty when nothing but quotes and signature was written.</summary>
    public static string Strip(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var kept = new List<string>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimEnd();
            if (trimmed == "--") break; // the signature delimiter "-- " (some clients drop its trailing space)
            if (OriginalMessage().IsMatch(trimmed)) break;
            if (IsWroteLine(lines, i)) break;
            if (IsHeaderBlock(lines, i)) break;
            if (line.TrimStart().StartsWith('>')) continue;
            kept.Add(trimmed);
        }
        return string.Join('\n', kept).Trim();
    }

    /// <summary>"On Tue, 3 Mar 2026 at 10:00, Maya Levi &lt;maya@example.com&gt; wrote:", possibly wrapped over two lines.</summary>
    private static bool IsWroteLine(string[] lines, int i)
    {
        var line = lines[i].Trim();
        if (WroteLine().IsMatch(line)) return true;
        // Mail clients wrap a long attribution: "On ..., Maya Levi" / "<maya@example.com> wrote:".
        return i + 1 < lines.Length && line.StartsWith("On ", StringComparison.Ordinal) && WroteLine().IsMatch(line + " " + lines[i + 1].Trim());
    }

    /// <summary>An Outlook-style forwarded header block: "From: ..." followed within a few lines by "Sent:"/"Date:" and "To:"/"Subject:".</summary>
    private static bool IsHeaderBlock(string[] lines, int i)
    {
        if (!lines[i].TrimStart().StartsWith("From:", StringComparison.OrdinalIgnoreCase)) return false;
        var following = lines.Skip(i + 1).Take(4).Select(l => l.TrimStart()).ToList();
        return following.Any(l => l.StartsWith("Sent:", StringComparison.OrdinalIgnoreCase) || l.StartsWith("Date:", StringComparison.OrdinalIgnoreCase))
            && following.Any(l => l.StartsWith("To:", StringComparison.OrdinalIgnoreCase) || l.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The text of a mail: its plain-text part, else its HTML part reduced to text (quoted blockquotes dropped).</summary>
    public static string TextOf(MimeMessage mail)
    {
        if (mail.TextBody is { } text) return text;
        if (mail.HtmlBody is not { } html) return "";
        html = Blockquote().Replace(html, "");
        html = LineBreak().Replace(html, "\n");
        html = Tag().Replace(html, "");
        return WebUtility.HtmlDecode(html);
    }

    [GeneratedRegex(@"^\s*-{2,}\s*(Original Message|Forwarded message|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^On\s.{1,300}\swrote:$", RegexOptions.Singleline)]
    private static partial Regex WroteLine();

    [GeneratedRegex(@"<blockquote[\s\S]*?</blockquote>", RegexOptions.IgnoreCase)]
    private static partial Regex Blockquote();

    [GeneratedRegex(@"<br\s*/?>|</p>|</div>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();
}

/// <summary>Mails no person wrote: auto-replies (out of office, vacation), bulk and list mail, and delivery status reports.</summary>
public static class AutomaticMail
{
    private static readonly string[] AutoReplySubjects =
        ["out of office", "automatic reply", "auto-reply", "autoreply", "auto reply", "abwesenheitsnotiz", "réponse automatique", "vacation reply"];

    /// <summary>Why the mail is an auto-reply (a header or the subject), or null when a person wrote it.</summary>
    public static string? AutoReplyReason(MimeMessage mail)
    {
        var headers = mail.Headers;
        if (headers[HeaderId.AutoSubmitted] is { } submitted && !submitted.Trim().StartsWith("no", StringComparison.OrdinalIgnoreCase))
            return $"Auto-Submitted: {submitted.Trim()}";
        if (headers[HeaderId.Precedence] is { } precedence && precedence.Trim().ToLowerInvariant() is "bulk" or "junk" or "list" or "auto_reply")
            return $"Precedence: {precedence.Trim()}";
        if (headers["X-Autoreply"] is not null) return "X-Autoreply";
        if (headers["X-Autorespond"] is not null) return "X-Autorespond";
        var subject = (mail.Subject ?? "").Trim().ToLowerInvariant();
        foreach (var s in AutoReplySubjects)
            if (subject.StartsWith(s, StringComparison.Ordinal) || subject.Contains(": " + s, StringComparison.Ordinal))
                return $"Subject: {mail.Subject}";
        return null;
    }

    /// <summary>
    /// A delivery status notification (RFC 3464: multipart/report; report-type=delivery-status): the Message-IDs of the returned
    /// mail it names (from the returned headers, then In-Reply-To/References) and whether delivery failed (an Action: failed;
    /// a "delayed" report is not a bounce). Null when the mail is not a report.
    /// </summary>
    public static (bool Failed, IReadOnlyList<string> OriginalMessageIds)? DeliveryReport(MimeMessage mail)
    {
        if (mail.Body is not MultipartReport report || !string.Equals(report.ReportType, "delivery-status", StringComparison.OrdinalIgnoreCase))
            return null;
        var failed = false;
        var ids = new List<string>();
        foreach (var part in mail.BodyParts)
        {
            switch (part)
            {
                case MessageDeliveryStatus status:
                    foreach (var group in status.StatusGroups)
                        if (group["Action"] is { } action && action.Trim().StartsWith("failed", StringComparison.OrdinalIgnoreCase))
                            failed = true;
                    break;
                // message/rfc822 and text/rfc822-headers (MimeKit reads both as a MessagePart).
                case MessagePart { Message: { } returned } when returned.MessageId is { } returnedId:
                    ids.Add(returnedId);
                    break;
            }
        }
        if (mail.InReplyTo is { } inReplyTo) ids.Add(inReplyTo);
        ids.AddRange(mail.References);
        return (failed, ids.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>The size of the mail's text in UTF-8 bytes (the limit <see cref="InboundMailOptions.MaxBodyBytes"/> applies to it).</summary>
    public static int TextBytes(string text) => Encoding.UTF8.GetByteCount(text);
}
