using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;

namespace PartnerHub.Domain.Messaging;

/// <summary>A placeholder a saved reply may use; <see cref="Needs"/>: the linked record it is read from (null: the partner's).</summary>
public sealed record ReplyPlaceholder(string Name, string Description, LinkedRecordType? Needs);

/// <summary>
/// The placeholders of saved replies and how a reply is filled for one thread: from the thread's partner, its account manager
/// and the record the thread is about. Values are escaped (<see cref="Escape"/>) so a name with "**" or a link in it reads
/// literally. Unknown placeholders are refused at save and at fill; a placeholder whose record the thread is not about
/// (<c>{{payout.amount}}</c> in a direct thread) is refused at fill.
/// </summary>
public static partial class ReplyPlaceholders
{
    public const string Field = nameof(SavedReply.Body);

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static readonly IReadOnlyList<ReplyPlaceholder> All =
    [
        new("partner.name", "The partner's name", null),
        new("partner.first_name", "The first word of the partner's name", null),
        new("manager.name", "The partner's account manager", null),
        new("payout.amount", "The payout's amount with currency", LinkedRecordType.Payout),
        new("payout.status", "Requested, Processing, Paid or Failed", LinkedRecordType.Payout),
        new("payout.reference", "The payment reference", LinkedRecordType.Payout),
        new("line.period", "The commission line's period", LinkedRecordType.CommissionLine),
        new("line.amount", "The commission line's amount with currency", LinkedRecordType.CommissionLine),
        new("deal.version", "The deal version's number", LinkedRecordType.DealVersion),
        new("deal.effective_from", "The date the deal version applies from", LinkedRecordType.DealVersion),
    ];

    private static readonly Dictionary<string, ReplyPlaceholder> ByName = All.ToDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>Refuses, at the body field, a placeholder that is not in <see cref="All"/> or a "{{" left unclosed.</summary>
    public static void Validate(string? body)
    {
        if (string.IsNullOrEmpty(body)) return;
        foreach (var name in FieldsIn(body))
        {
            if (!ByName.ContainsKey(name))
                throw new DomainException(
                    $"{{{{{name}}}}} is not a saved-reply placeholder. Use one of: {string.Join(", ", All.Select(p => "{{" + p.Name + "}}"))}.", Field);
        }
        var open = body.Split("{{").Length - 1;
        var close = body.Split("}}").Length - 1;
        if (open != FieldsIn(body).Count || close != open)
            throw new DomainException("A placeholder is not closed: write it as {{partner.name}}.", Field);
    }

    /// <summary>
    /// The reply with its placeholders replaced by <paramref name="values"/> (escaped). Refused when a placeholder needs a record
    /// the thread is not about (<paramref name="recordType"/>) or has no value.
    /// </summary>
    public static string Fill(string body, IReadOnlyDictionary<string, string> values, LinkedRecordType? recordType)
    {
        Validate(body);
        foreach (var name in FieldsIn(body).Distinct(StringComparer.Ordinal))
        {
            var placeholder = ByName[name];
            if (placeholder.Needs is { } needed && needed != recordType)
                throw new DomainException($"{{{{{name}}}}} needs a conversation about a {RecordName(needed)}; this one is {About(recordType)}.", Field);
            if (!values.ContainsKey(name))
                throw new DomainException($"{{{{{name}}}}} has no value in this conversation.", Field);
        }
        return Placeholder().Replace(body, m => Escape(values[m.Groups[1].Value.Trim()]));
    }

    [GeneratedRegex(@"\{\{(.*?)\}\}", RegexOptions.Singleline)]
    private static partial Regex Placeholder();

    /// <summary>The placeholder names a reply uses, in order of appearance.</summary>
    public static IReadOnlyList<string> FieldsIn(string body) => Placeholder().Matches(body).Select(m => m.Groups[1].Value.Trim()).ToList();

    /// <summary>
    /// A value as literal Markdown text, readable in the composer where the operator may still edit it: on one line, every
    /// character with Markdown or HTML meaning backslash-escaped (emphasis, links, images, tags, entities, headings, tables),
    /// a backtick made an apostrophe (so no code span opens or closes), and a leading list marker escaped. Ordinary punctuation
    /// ("1,250.00", "(EUR)") stays as it is.
    /// </summary>
    public static string Escape(string value)
    {
        var flat = string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Replace('`', '\'');
        var sb = new StringBuilder(flat.Length + 8);
        foreach (var c in flat)
        {
            if (c is '\\' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '|' or '~' or '!' or '&' or '{' or '}') sb.Append('\\');
            sb.Append(c);
        }
        if (sb.Length > 0 && sb[0] is '-' or '+' or '=') sb.Insert(0, '\\');
        var digits = 0;
        while (digits < sb.Length && char.IsAsciiDigit(sb[digits])) digits++;
        if (digits > 0 && digits < sb.Length && sb[digits] is '.' or ')') sb.Insert(digits, '\\');
        return sb.ToString();
    }

    /// <summary>The values for a thread: its partner and manager, and the fields of the record it is about.</summary>
    internal static async Task<Dictionary<string, string>> ValuesAsync(AppDbContext db, MessageThread thread, CancellationToken ct)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var partner = await db.Partners.AsNoTracking().Where(p => p.Id == thread.PartnerId)
            .Select(p => new { p.Name, Manager = db.Users.Where(u => u.Id == p.ManagerId).Select(u => u.DisplayName).FirstOrDefault() })
            .SingleOrDefaultAsync(ct) ?? throw new NotFoundException("Partner not found.");
        values["partner.name"] = partner.Name;
        values["partner.first_name"] = partner.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? partner.Name;
        if (!string.IsNullOrWhiteSpace(partner.Manager)) values["manager.name"] = partner.Manager;

        if (thread.RecordId is not { } key || !long.TryParse(key, NumberStyles.None, Inv, out var id)) return values;
        switch (thread.RecordType)
        {
            case LinkedRecordType.Payout when await db.Payouts.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) is { } p:
                values["payout.amount"] = DisplayFormat.Money(p.Amount, p.Currency);
                values["payout.status"] = p.Status.ToString();
                values["payout.reference"] = p.Reference ?? "not issued yet";
                break;
            case LinkedRecordType.CommissionLine when await db.CommissionLines.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, ct) is { } l:
                values["line.period"] = RecordPicker.Period(l.PeriodStart, l.PeriodEnd);
                values["line.amount"] = DisplayFormat.Money(l.Amount, l.Currency);
                break;
            case LinkedRecordType.DealVersion when await db.DealVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id, ct) is { } v:
                values["deal.version"] = v.Number.ToString(Inv);
                values["deal.effective_from"] = v.EffectiveFrom.ToString("d MMM yyyy", Inv);
                break;
        }
        return values;
    }

    private static string RecordName(LinkedRecordType type) => type switch
    {
        LinkedRecordType.Payout => "payout",
        LinkedRecordType.CommissionLine => "commission line",
        LinkedRecordType.DealVersion => "deal version",
        LinkedRecordType.Creative => "creative",
        _ => "traffic quality flag",
    };

    private static string About(LinkedRecordType? type) => type is { } t ? $"about a {RecordName(t)}" : "not about a record";
}
