using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using PartnerHub.Domain.Outbox;

namespace PartnerHub.Domain.Notifications;

/// <summary>One placeholder an event type offers to templates, with the value the live preview shows.</summary>
/// <summary>
/// One placeholder an event type offers to templates, with the value the live preview shows. <see cref="UplineSafe"/>: the value
/// may go to the partner's upline (master IBs), who are told about a sub-IB's event but must not see its money, documents or flags.
/// </summary>
public sealed record Placeholder(string Name, string Description, string Sample, bool UplineSafe = false);

/// <summary>
/// Which placeholders each triggerable event type offers (<see cref="For"/>), and how their values are read from
/// an outbox event's JSON payload (<see cref="ValuesFor"/>). The catalogue is the single source for validation
/// at save, the editor's list of fields, the preview's sample event and the dispatcher's rendering.
/// </summary>
public static class TemplateCatalogue
{
    private static readonly Placeholder PartnerName = new("partner.name", "The partner the notification is about", "Oliver Grant", UplineSafe: true);
    private static readonly Placeholder RecipientName = new("recipient.name", "Who receives it (a partner's or an operator's name)", "Oliver Grant", UplineSafe: true);

    private static readonly Dictionary<string, IReadOnlyList<Placeholder>> ByEvent = new(StringComparer.Ordinal)
    {
        [EventTypes.PayoutProcessed] =
        [
            new("payout.amount", "Amount paid (e.g. 1,250.00)", "1,250.00"),
            new("payout.currency", "Currency code", "USD"),
            new("payout.reference", "Payment reference", "WIRE-2026-0142"),
            new("payout.method", "Payout method", "BankWire"),
        ],
        [EventTypes.CommissionApproved] =
        [
            new("commission.amount", "Amount with currency", "$420.50"),
            new("commission.currency", "Currency code", "USD"),
            new("commission.basis", "CPA, RevShare, lots...", "RevShare"),
            new("commission.period", "The period the line covers", "1 Mar 2026 - 31 Mar 2026"),
        ],
        [EventTypes.DealTermsUpdated] =
        [
            new("deal.old", "The terms before, in one line", "CPA 200.00 USD + 25 % RevShare"),
            new("deal.new", "The terms now, in one line", "CPA 250.00 USD + 30 % RevShare"),
            new("deal.effective", "The date the new terms apply from", "1 April 2026", UplineSafe: true),
            new("deal.version", "The new version's number", "3", UplineSafe: true),
        ],
        [EventTypes.DealTermsProposed] =
        [
            new("terms.deal", "The deal's name", "IB rebate agreement", UplineSafe: true),
            new("terms.summary", "The manager's plain-language summary", "FX majors +1.00 per lot from April."),
            new("terms.new", "The proposed terms, in one line", "FX majors 10.00 USD/lot + sub-IB share 30 %"),
            new("terms.effective", "The date the new terms apply from", "1 April 2026"),
            new("terms.deadline", "The last day to answer (empty for applied terms)", "15 April 2026"),
        ],
        [EventTypes.DealTermsReminder] =
        [
            new("terms.deal", "The deal's name", "IB rebate agreement", UplineSafe: true),
            new("terms.summary", "The manager's plain-language summary", "FX majors +1.00 per lot from April."),
            new("terms.effective", "The date the new terms apply from", "1 April 2026"),
            new("terms.deadline", "The last day to answer", "15 April 2026"),
        ],
        [EventTypes.DealTermsAccepted] =
        [
            new("terms.deal", "The deal's name", "IB rebate agreement", UplineSafe: true),
            new("terms.summary", "The manager's plain-language summary", "FX majors +1.00 per lot from April."),
            new("terms.effective", "The date the accepted terms apply from", "1 April 2026"),
            new("terms.answer", "'accepted' or 'acknowledged'", "accepted"),
        ],
        [EventTypes.DealTermsDeclined] =
        [
            new("terms.deal", "The deal's name", "IB rebate agreement", UplineSafe: true),
            new("terms.summary", "The manager's plain-language summary", "FX majors +1.00 per lot from April."),
            new("terms.reason", "The partner's reason", "The metals rate is too low."),
        ],
        [EventTypes.TrafficQualityFlagged] =
        [
            new("flag.reason", "Why the traffic was flagged", "Click-to-registration rate 40x the program average"),
            new("flag.severity", "Info, Warning or Critical", "Warning"),
            new("flag.metric", "The metric that triggered the flag", "CR 0.2 %"),
        ],
        [EventTypes.CreativesPublished] =
        [
            new("creative.names", "The names of the new assets", "LuckyRiver - Welcome 100 free spins 300x250", UplineSafe: true),
            new("creative.count", "How many assets were published", "1", UplineSafe: true),
        ],
        [EventTypes.PayoutThresholdReached] =
        [
            new("payout.balance", "Approved unpaid balance with currency", "$1,180.00"),
            new("payout.threshold", "The partner's payout threshold with currency", "$100.00"),
        ],
        [EventTypes.KycRequired] =
        [
            new("kyc.document", "The document required", "proof of address"),
            new("kyc.due", "Due date", "15 April 2026"),
            new("kyc.state", "'due soon' or 'overdue'", "due soon"),
        ],
        [EventTypes.MilestoneAchieved] =
        [
            new("milestone.title", "The milestone", "100 first-time depositors", UplineSafe: true),
            new("milestone.value", "The figure reached", "100", UplineSafe: true),
        ],
        [EventTypes.MessageSent] =
        [
            new("message.author", "Who wrote the message", "Maya Levi"),
            new("message.preview", "The start of the message, as plain text", "Your October statement is ready. The RevShare line includes..."),
            new("thread.subject", "The conversation's subject", "Program team"),
        ],
        [EventTypes.AnnouncementSent] =
        [
            new("announcement.title", "The announcement's title", "New RevShare tiers from 1 May", UplineSafe: true),
            new("announcement.category", "Its category", "Commission change", UplineSafe: true),
        ],
        [EventTypes.AcknowledgementRequested] =
        [
            new("announcement.title", "The announcement's title", "Updated responsible-marketing policy", UplineSafe: true),
            new("announcement.category", "Its category", "Compliance", UplineSafe: true),
            new("announcement.due", "The acknowledgement due date", "15 April 2026", UplineSafe: true),
        ],
    };

    /// <summary>Whether events of this type are about one partner (all but new creatives): their rules address only that partner's circle.</summary>
    public static bool IsPartnerScoped(string eventType) => eventType != EventTypes.CreativesPublished && !EventTypes.IsAnnouncement(eventType);

    /// <summary>Every placeholder a template for <paramref name="eventType"/> may use (partner and recipient names first).</summary>
    public static IReadOnlyList<Placeholder> For(string eventType) =>
        ByEvent.TryGetValue(eventType, out var own)
            ? [PartnerName, RecipientName, .. own]
            : throw new DomainException($"'{eventType}' is not an event type rules can be written for.", "EventType");

    /// <summary>The sample values the preview renders with.</summary>
    public static IReadOnlyDictionary<string, string> SampleValues(string eventType) =>
        For(eventType).ToDictionary(p => p.Name, p => p.Sample, StringComparer.Ordinal);

    /// <summary>The event's amount the rule's min/max conditions compare with; null for event types without one.</summary>
    public static string? AmountField(string eventType) => eventType switch
    {
        EventTypes.PayoutProcessed or EventTypes.CommissionApproved => "amount",
        EventTypes.PayoutThresholdReached => "balance",
        EventTypes.MilestoneAchieved => "value",
        _ => null,
    };

    public static decimal? Amount(string eventType, JsonElement payload) =>
        AmountField(eventType) is { } field && payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(field, out var p)
            ? p.ValueKind switch
            {
                JsonValueKind.Number => p.GetDecimal(),
                JsonValueKind.String when decimal.TryParse(p.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
                _ => null,
            }
            : null;

    /// <summary>
    /// The placeholder values of one event: read from its payload (the shape the services write, see
    /// <c>RecordEvent</c> calls) plus the names of the partner concerned and of the recipient.
    /// </summary>
    public static Dictionary<string, string> ValuesFor(string eventType, JsonElement payload, string partnerName, string recipientName)
    {
        var v = new Dictionary<string, string>(StringComparer.Ordinal) { ["partner.name"] = partnerName, ["recipient.name"] = recipientName };
        string S(string name) => payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var p)
            ? p.ValueKind switch { JsonValueKind.Null or JsonValueKind.Undefined => "", JsonValueKind.String => p.GetString() ?? "", _ => p.GetRawText() }
            : "";
        decimal D(string name) => payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDecimal() : 0m;
        string N(decimal d) => d.ToString("N2", CultureInfo.InvariantCulture);
        string Date(string name) => payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String
            && DateTime.TryParse(p.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d)
                ? d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) : S(name);
        var currency = S("currency");
        switch (eventType)
        {
            case EventTypes.PayoutProcessed:
                v["payout.amount"] = N(D("amount"));
                v["payout.currency"] = currency;
                v["payout.reference"] = S("reference");
                v["payout.method"] = S("method");
                break;
            case EventTypes.CommissionApproved:
                v["commission.amount"] = Money(D("amount"), currency);
                v["commission.currency"] = currency;
                v["commission.basis"] = S("basis");
                v["commission.period"] = $"{Date("periodStart")} - {Date("periodEnd")}";
                break;
            case EventTypes.DealTermsUpdated:
                v["deal.old"] = S("old") is { Length: > 0 } old ? old : "no earlier terms";
                v["deal.new"] = S("new");
                v["deal.effective"] = Date("effectiveFrom");
                v["deal.version"] = S("number");
                break;
            case EventTypes.DealTermsProposed or EventTypes.DealTermsReminder or EventTypes.DealTermsAccepted or EventTypes.DealTermsDeclined:
                v["terms.deal"] = S("dealName");
                v["terms.summary"] = S("summary");
                v["terms.new"] = S("new");
                v["terms.effective"] = Date("effectiveFrom");
                v["terms.deadline"] = Date("deadline");
                v["terms.reason"] = S("reason");
                v["terms.answer"] = S("acknowledged") == "true" ? "acknowledged" : "accepted";
                break;
            case EventTypes.TrafficQualityFlagged:
                v["flag.reason"] = S("reason");
                v["flag.severity"] = S("severity");
                v["flag.metric"] = S("metric");
                break;
            case EventTypes.CreativesPublished:
                v["creative.names"] = S("names");
                v["creative.count"] = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("creativeIds", out var ids) && ids.ValueKind == JsonValueKind.Array
                    ? ids.GetArrayLength().ToString(CultureInfo.InvariantCulture) : "";
                break;
            case EventTypes.PayoutThresholdReached:
                v["payout.balance"] = Money(D("balance"), currency);
                v["payout.threshold"] = Money(D("threshold"), currency);
                break;
            case EventTypes.KycRequired:
                v["kyc.document"] = S("document");
                v["kyc.due"] = Date("due");
                v["kyc.state"] = S("state") is { Length: > 0 } state ? state : "due";
                break;
            case EventTypes.MessageSent:
                v["message.author"] = S("author");
                v["message.preview"] = S("preview");
                v["thread.subject"] = S("subject");
                break;
            case EventTypes.AnnouncementSent or EventTypes.AcknowledgementRequested:
                v["announcement.title"] = S("title");
                v["announcement.category"] = CategoryText(S("category"));
                v["announcement.due"] = Date("acknowledgementDueAt");
                if (eventType == EventTypes.AnnouncementSent) v.Remove("announcement.due");
                break;
            case EventTypes.MilestoneAchieved:
                v["milestone.title"] = S("title");
                v["milestone.value"] = D("value").ToString("0.##", CultureInfo.InvariantCulture);
                break;
        }
        return v;
    }

    /// <summary>"CommissionChange" (or its number) -> "Commission change".</summary>
    private static string CategoryText(string category)
    {
        var names = new[] { "", "Promotion", "Commission change", "Compliance", "Product update", "Seasonal campaign" };
        if (int.TryParse(category, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n > 0 && n < names.Length ? names[n] : category;
        return names.FirstOrDefault(x => x.Replace(" ", "", StringComparison.Ordinal).Equals(category, StringComparison.OrdinalIgnoreCase)) ?? category;
    }

    /// <summary>"$1,250.00" for the three common currencies, "1,250.00 CHF" otherwise (the seeded notifications' style).</summary>
    public static string Money(decimal amount, string currency)
    {
        var symbol = currency.ToUpperInvariant() switch { "USD" => "$", "EUR" => "€", "GBP" => "£", _ => "" };
        var n = amount.ToString("N2", CultureInfo.InvariantCulture);
        return symbol.Length > 0 ? symbol + n : (n + " " + currency).Trim();
    }
}

/// <summary>
/// Notification templates: Markdown with <c>{{placeholder}}</c> fields. <see cref="Validate"/> refuses an unknown field
/// when a rule is saved; <see cref="RenderMarkdown"/> fills the fields with values escaped so that a value (a partner's
/// name, a flag reason typed by someone, a payload posted over the API) is always text and can never add Markdown or HTML.
/// </summary>
public static partial class TemplateRenderer
{
    public const string TitleField = nameof(TriggerRule.TitleTemplate);
    public const string BodyField = nameof(TriggerRule.BodyTemplate);

    [GeneratedRegex(@"\{\{(.*?)\}\}", RegexOptions.Singleline)]
    private static partial Regex Field();

    /// <summary>The placeholder names a template uses, in order of appearance.</summary>
    public static IReadOnlyList<string> FieldsIn(string template) =>
        Field().Matches(template).Select(m => m.Groups[1].Value.Trim()).ToList();

    /// <summary>Refuses an empty or too long template, a stray "{{" and any placeholder the event type does not offer.</summary>
    public static void Validate(string eventType, string? title, string? body)
    {
        var known = TemplateCatalogue.For(eventType).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        Check(title, TitleField, "Title", 200);
        Check(body, BodyField, "Body", 4000);

        void Check(string? template, string field, string label, int max)
        {
            if (string.IsNullOrWhiteSpace(template)) throw new DomainException($"{label} is required.", field);
            if (template.Trim().Length > max) throw new DomainException($"{label} must be at most {max} characters.", field);
            foreach (var name in FieldsIn(template))
            {
                if (!known.Contains(name))
                    throw new DomainException(
                        $"{{{{{name}}}}} is not a placeholder of {EventTypeLabel(eventType)}. Use one of: {string.Join(", ", known.Select(k => "{{" + k + "}}"))}.",
                        field);
            }
            var rest = Field().Replace(template, "");
            if (rest.Contains("{{", StringComparison.Ordinal) || rest.Contains("}}", StringComparison.Ordinal))
                throw new DomainException($"{label} has an unclosed placeholder: write fields as {{{{partner.name}}}}.", field);
        }
    }

    /// <summary>
    /// Fills a Markdown template. Values are flattened to one line. In Markdown text every ASCII punctuation character is
    /// backslash-escaped (CommonMark allows escaping any of them) and a backtick becomes the entity <c>&amp;#96;</c> (a
    /// backslash does not stop a backtick from closing a code span the template left open), so "**",
    /// "[x](javascript:...)", "&lt;b&gt;", "# heading" or "www.example.com" in a value render literally. Where a
    /// placeholder sits inside a code span or code block escapes are not interpreted, so there the value only loses
    /// the characters that could close it (backticks, and tildes for a <c>~~~</c> fence). Which placeholders are in code
    /// is decided by parsing the template with Markdig (see <see cref="CodePlaceholders"/>), never by counting backticks.
    /// An unknown placeholder throws: rules are validated at save, so this only fires for a rule stored some other way.
    /// </summary>
    public static string RenderMarkdown(string template, IReadOnlyDictionary<string, string> values, bool lenient = false)
    {
        var matches = Field().Matches(template);
        if (matches.Count == 0) return template;
        var inCode = CodePlaceholders(template, matches);
        var sb = new StringBuilder(template.Length + 64);
        var last = 0;
        for (var i = 0; i < matches.Count; i++)
        {
            var m = matches[i];
            sb.Append(template, last, m.Index - last);
            var value = Lookup(values, m.Groups[1].Value.Trim(), lenient);
            sb.Append(inCode[i] ? EscapeCode(OneLine(value)) : EscapeMarkdown(OneLine(value)));
            last = m.Index + m.Length;
        }
        sb.Append(template, last, template.Length - last);
        return sb.ToString();
    }

    /// <summary>A value for a code span or code block: literal there, minus what could end the code (backticks, a tilde fence).</summary>
    public static string EscapeCode(string value) => value.Replace('`', '\'').Replace('~', '-');

    private static readonly Markdig.MarkdownPipeline CodePipeline = new Markdig.MarkdownPipelineBuilder()
        .DisableHtml().UseEmphasisExtras().UsePipeTables().UseAutoLinks().UsePreciseSourceLocation().Build();

    /// <summary>
    /// For each placeholder, whether the Markdown parse puts it inside a <c>CodeInline</c> or a code block. Each placeholder is
    /// replaced by a letters-only marker of the same role (a word, no Markdown meaning) before parsing, and the markers'
    /// positions are looked up in the code nodes' source spans.
    /// </summary>
    private static bool[] CodePlaceholders(string template, MatchCollection matches)
    {
        var sb = new StringBuilder(template.Length);
        var positions = new int[matches.Count];
        var last = 0;
        for (var i = 0; i < matches.Count; i++)
        {
            sb.Append(template, last, matches[i].Index - last);
            positions[i] = sb.Length;
            sb.Append("phfield").Append(Letters(i)).Append('z');
            last = matches[i].Index + matches[i].Length;
        }
        sb.Append(template, last, template.Length - last);
        var document = Markdig.Markdown.Parse(sb.ToString(), CodePipeline);
        var spans = document.Descendants<Markdig.Syntax.Inlines.CodeInline>().Select(c => c.Span)
            .Concat(document.Descendants<Markdig.Syntax.CodeBlock>().Select(c => c.Span)).ToList();
        return positions.Select(p => spans.Any(s => !s.IsEmpty && p >= s.Start && p <= s.End)).ToArray();

        static string Letters(int n)
        {
            var s = "";
            do
            {
                s = (char)('a' + n % 26) + s;
                n /= 26;
            } while (n > 0);
            return s;
        }
    }

    /// <summary>Fills a plain-text template (notification titles, shown as text, never as Markdown).</summary>
    public static string RenderText(string template, IReadOnlyDictionary<string, string> values, bool lenient = false)
    {
        var text = Field().Replace(template, m => OneLine(Lookup(values, m.Groups[1].Value.Trim(), lenient)));
        text = text.Trim();
        return text.Length <= 200 ? text : text[..197] + "...";
    }

    public static string EscapeMarkdown(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == ' ' || c > 127) sb.Append(c);
            else if (c == '`') sb.Append("&#96;");
            else if (char.IsPunctuation(c) || char.IsSymbol(c)) sb.Append('\\').Append(c);
            else sb.Append(c);
        }
        return sb.ToString();
    }

    public static string EventTypeLabel(string eventType) => eventType switch
    {
        EventTypes.PayoutProcessed => "Payout processed",
        EventTypes.CommissionApproved => "Commission approved",
        EventTypes.DealTermsUpdated => "Deal terms updated",
        EventTypes.DealTermsProposed => "Deal terms proposed",
        EventTypes.DealTermsAccepted => "Deal terms accepted",
        EventTypes.DealTermsDeclined => "Deal terms declined",
        EventTypes.DealTermsReminder => "Deal terms awaiting an answer",
        EventTypes.TrafficQualityFlagged => "Traffic quality flagged",
        EventTypes.CreativesPublished => "Creatives published",
        EventTypes.PayoutThresholdReached => "Payout threshold reached",
        EventTypes.KycRequired => "KYC required",
        EventTypes.MilestoneAchieved => "Milestone achieved",
        EventTypes.MessageSent => "Message sent",
        EventTypes.AnnouncementSent => "Announcement sent",
        EventTypes.AcknowledgementRequested => "Acknowledgement requested",
        _ => eventType,
    };

    private static string Lookup(IReadOnlyDictionary<string, string> values, string name, bool lenient) =>
        values.TryGetValue(name, out var v) ? v : lenient ? "{{" + name + "}}" : throw new DomainException($"The template uses {{{{{name}}}}}, which this event does not provide.");

    private static string OneLine(string value)
    {
        var flat = string.Join(' ', value.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return flat.Length <= 500 ? flat : flat[..497] + "...";
    }
}
