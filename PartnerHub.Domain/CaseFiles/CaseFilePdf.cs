using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace PartnerHub.Domain.CaseFiles;

/// <summary>
/// The readable report of a case file (PDFsharp, A4, DejaVu Sans): the same data as case-file.json, in sections a reviewer reads
/// top to bottom. Message bodies are shown as written (their Markdown source), retracted and edited text included, since only
/// Compliance and Admin make case files.
/// </summary>
internal static class CaseFilePdf
{
    public static byte[] Render(CaseFileData d, CaseFileChainHead chain, string generatedBy)
    {
        CaseFileFonts.Install();
        using var doc = new Writer();
        var p = d.Partner;
        var dsar = d.Filters.Purpose == CaseFileFilters.DataSubjectAccess;
        doc.Title(dsar ? $"Your data (access request): {p.Name}" : $"Case file: {p.Name}");
        doc.Line($"Partner #{p.Id} · {d.Filters.From:yyyy-MM-dd} to {d.Filters.To:yyyy-MM-dd} (UTC days, both included)", doc.Small);
        if (d.Filters.RecordType is { } rt) doc.Line($"Narrowed to {rt} #{d.Filters.RecordId}", doc.Small);
        doc.Line($"Includes: {string.Join(", ", d.Filters.Includes)}", doc.Small);
        doc.Line($"Generated {Utc(d.GeneratedAt)} by {generatedBy}", doc.Small);
        doc.Line(chain.HeadHash is null
            ? "Audit chain: nothing sealed yet"
            : $"Audit chain head at export: entry {chain.HeadEntryId}, SHA-256 {chain.HeadHash} ({chain.Sealed:N0} of {chain.Entries:N0} entries sealed; " +
              (chain.Intact ? "verified intact)" : $"BROKEN: {chain.Problem})"), doc.Small);
        doc.Line("Each file's SHA-256 and the bundle's are in manifest.json.", doc.Small);

        doc.Heading("Partner");
        foreach (var (k, v) in new (string, string?)[]
                 {
                     ("Name", p.Name), ("Company", p.Company), ("Email", p.Email), ("Phone", p.Phone), ("Country", p.Country),
                     ("Time zone", p.TimeZone), ("Language", p.Language), ("Vertical", p.Vertical), ("Status", p.Status), ("KYC", p.KycStatus),
                     ("Tier", p.Tier.ToString(CultureInfo.InvariantCulture)), ("Upline", p.Upline), ("Manager", p.Manager),
                     ("Currency", p.Currency), ("Payout threshold", Num(p.PayoutThreshold)), ("Payout method", p.PayoutMethod),
                     ("Partner since", Utc(p.CreatedAt)),
                 })
            doc.Line($"{k}: {v ?? "-"}");
        doc.Line(p.AsOf is { } asOf && asOf < d.GeneratedAt
            ? $"These are the partner's details at the end of the range ({Utc(asOf)}), today's values with the audited changes since rolled back; changes within the range are in the audit entries."
            : "These are the partner's details when the case file was made; changes within the range are in the audit entries.", doc.Small);
        foreach (var c in p.ChangedSince ?? [])
            doc.Line($"Changed since: {c.Field} was \"{c.Then ?? "-"}\", now \"{c.Now ?? "-"}\"", doc.Small);

        if (d.Filters.Includes.Contains(nameof(CaseFileIncludes.Conversations)))
        {
            doc.Heading($"Conversations ({d.Conversations.Count} threads, {d.Conversations.Sum(t => t.Messages.Count)} messages)");
            if (d.Conversations.Count == 0) doc.Line("No message in the range.");
            foreach (var t in d.Conversations)
            {
                doc.Subheading($"Thread #{t.Id} · {t.Kind} · {t.Subject}" + (t.RecordType is null ? "" : $" (about {t.RecordType} #{t.RecordId})")
                    + (t.PartnerRequest ? " · partner request" : ""));
                foreach (var m in t.Messages)
                {
                    doc.Line($"{m.Author} ({m.AuthorKind}) · {Utc(m.SentAt.Utc)} · partner's time {m.SentAt.AtPartnerZone} · message #{m.Id}", doc.Bold, 6);
                    if (m.RetractedAt is { } r)
                        doc.Line($"RETRACTED {Utc(r.Utc)} by {m.RetractedBy} (hidden from the partner; the text stays for Compliance)", doc.Small, 12);
                    doc.Line(m.Body, doc.Body, 12);
                    if (m.EditedAt is { } e)
                    {
                        doc.Line($"Edited {Utc(e.Utc)}; earlier versions:", doc.Small, 12);
                        foreach (var rev in m.EarlierVersions) doc.Line($"[{Utc(rev.WrittenAt)} until {Utc(rev.ReplacedAt)}] {rev.Body}", doc.Small, 18);
                    }
                    if (m.RecordType is not null) doc.Line($"About {m.RecordType} #{m.RecordId} (figures frozen at send time: see Snapshots)", doc.Small, 12);
                    if (m.AttachmentIds.Count > 0)
                    {
                        var names = d.Attachments.Where(a => m.AttachmentIds.Contains(a.Id)).Select(a => $"{a.FileName} ({a.Path ?? "not included"})");
                        doc.Line($"Attachments: {string.Join(", ", names.DefaultIfEmpty(string.Join(", ", m.AttachmentIds.Select(i => $"#{i}"))))}", doc.Small, 12);
                    }
                    doc.Line(m.ReadBy.Count == 0 ? "Read by: nobody yet" :
                        "Read by: " + string.Join("; ", m.ReadBy.Select(x => $"{x.Reader} {Utc(x.ReadAt.Utc)} ({x.ReadAt.AtPartnerZone} partner's time)")), doc.Small, 12);
                    doc.Gap(3);
                }
            }

            doc.Heading($"Record snapshots ({d.Snapshots.Count})");
            if (d.Snapshots.Count == 0) doc.Line("No message in the range is about a record.");
            foreach (var s in d.Snapshots)
            {
                doc.Subheading($"{s.RecordType} #{s.RecordId} · frozen on message #{s.MessageId} at {Utc(s.FrozenAt)}");
                if (s.Current is null) doc.Line("The record no longer exists; the frozen figures are all that is left.", doc.Small, 6);
                foreach (var f in s.Figures)
                    doc.Line($"{f.Name}: at the time {f.AtTheTime ?? "-"} · now {(s.Current is null ? "(gone)" : f.Now ?? "-")}{(f.Changed ? " [CHANGED]" : "")}",
                        f.Changed ? doc.Bold : doc.Body, 6);
            }
        }

        if (d.Filters.Includes.Contains(nameof(CaseFileIncludes.Announcements)))
        {
            doc.Heading($"Announcements ({d.Announcements.Count})");
            if (d.Announcements.Count == 0) doc.Line("No announcement delivered, read or acknowledged in the range.");
            foreach (var a in d.Announcements)
            {
                doc.Subheading($"#{a.Id} {a.Title} · {a.Category}" + (a.RequiresAcknowledgement ? $" · acknowledgement of version {a.AcknowledgementVersion} required" : ""));
                doc.Line($"Sent {UtcOrDash(a.SentAt)} · delivered {Utc(a.DeliveredAt.Utc)} ({a.DeliveredAt.AtPartnerZone}) · read {UtcOrDash(a.ReadAt?.Utc)}"
                    + (a.RequiresAcknowledgement ? $" · due {UtcOrDash(a.AcknowledgementDueAt)}" : ""), doc.Body, 6);
                if (a.RequiresAcknowledgement)
                    doc.Line(a.AcknowledgedVersion is { } v
                        ? $"Acknowledged version {v} at {UtcOrDash(a.AcknowledgedAt?.Utc)}" + (v < a.AcknowledgementVersion ? " (an earlier version: outstanding)" : "")
                        : $"Not acknowledged · reminders sent {a.RemindersSent}" + (a.EscalatedAt is { } esc ? $" · escalated {Utc(esc)}" : ""), doc.Body, 6);
                foreach (var k in a.Acknowledgements)
                    doc.Line($"Acknowledgement of version {k.Version}: {Utc(k.At.Utc)} ({k.At.AtPartnerZone}) by {k.By} from IP {k.IpAddress ?? "unknown"}", doc.Small, 12);
                foreach (var v in a.Versions)
                    doc.Line($"Version {v.Number}: \"{v.Title}\" {Utc(v.CreatedAt)}{(v.MaterialChange ? " (material change)" : "")}", doc.Small, 12);
            }
        }

        if (d.Filters.Includes.Contains(nameof(CaseFileIncludes.Notifications)))
        {
            doc.Heading($"Notifications and emails ({d.Notifications.Count})");
            if (d.Notifications.Count == 0) doc.Line("No notification in the range.");
            foreach (var n in d.Notifications)
                doc.Line($"{Utc(n.CreatedAt.Utc)} · to {n.Recipient} · {n.Category}{(n.Critical ? " (critical)" : "")} · {n.Title} · read {UtcOrDash(n.ReadAt)} · " +
                         $"email {n.EmailState}{(n.EmailSentAt is { } sent ? " " + Utc(sent) : "")}{(n.EmailLastError is { } err ? $" (last error: {err})" : "")}",
                    doc.Small);
        }

        if (d.Filters.Includes.Contains(nameof(CaseFileIncludes.DealVersions)))
        {
            doc.Heading($"Deal versions in force ({d.DealVersions.Count})");
            if (d.DealVersions.Count == 0) doc.Line("No deal version in force in the range.");
            foreach (var v in d.DealVersions)
            {
                doc.Line($"{v.Deal} ({v.DealType}) version {v.Number} · effective {v.EffectiveFrom:yyyy-MM-dd}" +
                         (v.SupersededAt is { } s ? $" · superseded {Utc(s)}" : " · current") + $" · created {Utc(v.CreatedAt)} by {v.CreatedBy ?? "-"}", doc.Bold);
                doc.Line($"CPA {NumOrDash(v.CpaAmount)} {v.Currency} · revenue share {NumOrDash(v.RevSharePercent)} % · sub-IB share {NumOrDash(v.SubIbSharePercent)} %"
                         + (v.LotRates.Count > 0 ? " · " + string.Join("; ", v.LotRates) : ""), doc.Body, 6);
                if (!string.IsNullOrWhiteSpace(v.Notes)) doc.Line($"Notes: {v.Notes}", doc.Small, 6);
            }
        }

        if (d.Filters.Includes.Contains(nameof(CaseFileIncludes.Commissions)))
        {
            doc.Heading($"Payouts ({d.Payouts.Count})");
            if (d.Payouts.Count == 0) doc.Line("No payout in the range.");
            foreach (var x in d.Payouts)
                doc.Line($"Payout #{x.Id} · {Num(x.Amount)} {x.Currency} · {x.Method} · {x.Status} · requested {Utc(x.RequestedAt)}" +
                         (x.PaidAt is { } paid ? $" · paid {Utc(paid)} ref {x.Reference}" : "") + (x.FailedAt is { } f ? $" · failed {Utc(f)}: {x.FailureReason}" : "") +
                         $" · {x.Lines} commission lines");
            doc.Heading($"Commission lines ({d.CommissionLines.Count}, total {Num(d.CommissionLines.Sum(l => l.Amount))})");
            if (d.CommissionLines.Count == 0) doc.Line("No commission line in the range.");
            foreach (var l in d.CommissionLines)
                doc.Line($"#{l.Id} · {l.PeriodStart:yyyy-MM-dd}..{l.PeriodEnd:yyyy-MM-dd} · {l.Basis} · {Num(l.Amount)} {l.Currency} · {l.Status}" +
                         (l.ApprovedAt is { } ap ? $" · approved {Utc(ap)} by {l.ApprovedBy}" : "") + (l.RejectionReason is { } rr ? $" · rejected: {rr}" : "") +
                         (l.PayoutId is { } po ? $" · payout #{po}" : "") + $" · deal version {l.DealVersionId}", doc.Small);
        }

        if (d.Filters.Includes.Contains(nameof(CaseFileIncludes.Audit)))
        {
            doc.Heading($"Audit entries ({d.Audit.Count})");
            if (d.Audit.Count == 0) doc.Line("No audit entry in the range.");
            foreach (var a in d.Audit)
            {
                doc.Line($"#{a.Id} · {Utc(a.At)} · {a.User ?? "-"} · IP {a.IpAddress ?? "-"} · {a.Action} · {a.EntityType} {a.EntityId}", doc.Small);
                if (a.Details is { } details)
                    doc.Line(details.Length > 600 ? details[..600] + " ... (in full in case-file.json)" : details, doc.Tiny, 12);
            }
        }

        if (d.Filters.Includes.Contains(nameof(CaseFileIncludes.Attachments)))
        {
            doc.Heading($"Attachments ({d.Attachments.Count})");
            foreach (var a in d.Attachments)
                doc.Line($"#{a.Id} on message #{a.MessageId} · {a.FileName} · {a.ContentType} · {a.SizeBytes:N0} bytes · SHA-256 {a.Sha256} · " +
                         (a.Path is null ? "not in the store any more" : a.Verified ? $"{a.Path} (matches the hash recorded at upload)" : $"{a.Path} (DOES NOT match the hash recorded at upload)"),
                    doc.Small);
        }

        return doc.Finish($"{(dsar ? "Data-subject access export" : "Case file")} · {p.Name} (#{p.Id}) · {d.Filters.From:yyyy-MM-dd} to {d.Filters.To:yyyy-MM-dd}");
    }

    private static string Utc(DateTime at) => at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
    private static string UtcOrDash(DateTime? at) => at is { } x ? Utc(x) : "-";
    private static string Num(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);
    private static string NumOrDash(decimal? value) => value is { } v ? Num(v) : "-";

    /// <summary>Flowing text on A4 pages: wraps on words, starts a new page when the next line does not fit, numbers the pages at the end.</summary>
    private sealed class Writer : IDisposable
    {
        private const double Left = 42, Right = 553, Top = 48, Bottom = 800;
        private readonly PdfDocument _pdf = new();
        private readonly Dictionary<(XFont, string), double> _widths = [];
        private XGraphics? _g;
        private double _y;

        public XFont Body { get; } = new(CaseFileFonts.Family, 9);
        public XFont Bold { get; } = new(CaseFileFonts.Family, 9, XFontStyleEx.Bold);
        public XFont Small { get; } = new(CaseFileFonts.Family, 8);
        public XFont Tiny { get; } = new(CaseFileFonts.Family, 7);
        private XFont TitleFont { get; } = new(CaseFileFonts.Family, 16, XFontStyleEx.Bold);
        private XFont HeadingFont { get; } = new(CaseFileFonts.Family, 12.5, XFontStyleEx.Bold);
        private XFont SubheadingFont { get; } = new(CaseFileFonts.Family, 10, XFontStyleEx.Bold);

        public Writer()
        {
            _pdf.Info.Title = "Case file";
            _pdf.Info.Creator = "PartnerHub";
            NewPage();
        }

        public void Title(string text) => Line(text, TitleFont);

        public void Heading(string text)
        {
            Gap(10);
            if (_y > Bottom - 60) NewPage();
            Line(text, HeadingFont);
            _g!.DrawLine(XPens.Gray, Left, _y, Right, _y);
            Gap(4);
        }

        public void Subheading(string text)
        {
            Gap(4);
            if (_y > Bottom - 40) NewPage();
            Line(text, SubheadingFont);
        }

        public void Gap(double points) => _y += points;

        public void Line(string? text, XFont? font = null, double indent = 0)
        {
            font ??= Body;
            var height = font.Size * 1.3;
            foreach (var line in Wrap(Clean(text ?? ""), font, Right - Left - indent))
            {
                if (_y + height > Bottom) NewPage();
                _g!.DrawString(line, font, XBrushes.Black, Left + indent, _y, XStringFormats.TopLeft);
                _y += height;
            }
        }

        public byte[] Finish(string footer)
        {
            _g?.Dispose();
            _g = null;
            var count = _pdf.PageCount;
            for (var i = 0; i < count; i++)
            {
                using var g = XGraphics.FromPdfPage(_pdf.Pages[i], XGraphicsPdfPageOptions.Append);
                g.DrawString($"{footer} · page {i + 1} of {count}", Tiny, XBrushes.Gray, Left, 815, XStringFormats.TopLeft);
            }
            using var output = new MemoryStream();
            _pdf.Save(output, false);
            return output.ToArray();
        }

        public void Dispose()
        {
            _g?.Dispose();
            _pdf.Dispose();
        }

        private void NewPage()
        {
            _g?.Dispose();
            var page = _pdf.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            _g = XGraphics.FromPdfPage(page);
            _y = Top;
        }

        private double Width(string word, XFont font)
        {
            if (_widths.TryGetValue((font, word), out var w)) return w;
            w = _g!.MeasureString(word, font).Width;
            if (_widths.Count < 50_000) _widths[(font, word)] = w;
            return w;
        }

        /// <summary>Greedy word wrap; a word wider than the line is cut.</summary>
        private IEnumerable<string> Wrap(string text, XFont font, double width)
        {
            var space = Width(" ", font);
            foreach (var paragraph in text.Split('\n'))
            {
                var line = new StringBuilder();
                double used = 0;
                foreach (var raw in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var word = raw;
                    var w = Width(word, font);
                    while (w > width)
                    {
                        if (line.Length > 0) { yield return line.ToString(); line.Clear(); used = 0; }
                        var cut = Math.Max(1, (int)(word.Length * width / w) - 1);
                        yield return word[..cut];
                        word = word[cut..];
                        w = Width(word, font);
                    }
                    if (line.Length > 0 && used + space + w > width) { yield return line.ToString(); line.Clear(); used = 0; }
                    if (line.Length > 0) { line.Append(' '); used += space; }
                    line.Append(word);
                    used += w;
                }
                yield return line.ToString();
            }
        }

        private static string Clean(string text)
        {
            var s = new StringBuilder(text.Length);
            foreach (var c in text.Replace("\r\n", "\n", StringComparison.Ordinal))
                s.Append(c == '\n' ? '\n' : c == '\t' ? ' ' : char.IsControl(c) ? ' ' : c);
            return s.ToString();
        }
    }
}
