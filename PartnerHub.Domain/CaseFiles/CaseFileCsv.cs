using System.Globalization;
using System.Text;
using PartnerHub.Domain.Compliance;

namespace PartnerHub.Domain.CaseFiles;

/// <summary>
/// The case file's tables as CSV (UTF-8, header row, ISO-8601 UTC times, invariant numbers; cells that a spreadsheet would run as a
/// formula are defused as in the compliance report). One file per included part, under <c>csv/</c>.
/// </summary>
internal static class CaseFileCsv
{
    public static IEnumerable<(string Path, byte[] Bytes)> Files(CaseFileData d, CaseFileRequest request)
    {
        if (request.Has(CaseFileIncludes.Conversations))
        {
            yield return ("csv/messages.csv", Table(
                ["MessageId", "ThreadId", "Thread", "AuthorKind", "Author", "SentAtUtc", "SentAtPartnerZone", "EditedAtUtc", "EarlierVersions",
                 "RetractedAtUtc", "RetractedBy", "RecordType", "RecordId", "ReadBy", "Attachments", "Body"],
                d.Conversations.SelectMany(t => t.Messages.Select(m => new object?[]
                {
                    m.Id, m.ThreadId, t.Subject, m.AuthorKind, m.Author, m.SentAt.Utc, m.SentAt.AtPartnerZone, m.EditedAt?.Utc, m.EarlierVersions.Count,
                    m.RetractedAt?.Utc, m.RetractedBy, m.RecordType, m.RecordId,
                    string.Join("; ", m.ReadBy.Select(r => $"{r.Reader} {Iso(r.ReadAt.Utc)}")), string.Join(" ", m.AttachmentIds), m.Body,
                }))));
            yield return ("csv/snapshots.csv", Table(["MessageId", "RecordType", "RecordId", "FrozenAtUtc", "Figure", "AtTheTime", "Now", "Changed"],
                d.Snapshots.SelectMany(s => s.Figures.Select(f => new object?[]
                    { s.MessageId, s.RecordType, s.RecordId, s.FrozenAt, f.Name, f.AtTheTime, s.Current is null ? "(record no longer exists)" : f.Now, f.Changed }))));
        }
        if (request.Has(CaseFileIncludes.Announcements))
            yield return ("csv/announcements.csv", Table(
                ["AnnouncementId", "Title", "Category", "SentAtUtc", "RequiresAcknowledgement", "AcknowledgementVersion", "DueAtUtc", "DeliveredAtUtc",
                 "ReadAtUtc", "AcknowledgedAtUtc", "AcknowledgedVersion", "AcknowledgedBy", "IpAddress", "RemindersSent"],
                d.Announcements.Select(a => new object?[]
                {
                    a.Id, a.Title, a.Category, a.SentAt, a.RequiresAcknowledgement, a.AcknowledgementVersion, a.AcknowledgementDueAt, a.DeliveredAt.Utc,
                    a.ReadAt?.Utc, a.AcknowledgedAt?.Utc, a.AcknowledgedVersion, a.Acknowledgements.LastOrDefault()?.By,
                    a.Acknowledgements.LastOrDefault()?.IpAddress, a.RemindersSent,
                })));
        if (request.Has(CaseFileIncludes.Notifications))
            yield return ("csv/notifications.csv", Table(
                ["NotificationId", "Recipient", "Category", "Critical", "Title", "CreatedAtUtc", "DeliverAtUtc", "ReadAtUtc", "EmailState", "EmailSentAtUtc",
                 "EmailAttempts", "EmailLastError", "ThreadId", "Body"],
                d.Notifications.Select(n => new object?[]
                {
                    n.Id, n.Recipient, n.Category, n.Critical, n.Title, n.CreatedAt.Utc, n.DeliverAt, n.ReadAt, n.EmailState, n.EmailSentAt, n.EmailAttempts,
                    n.EmailLastError, n.ThreadId, n.Body,
                })));
        if (request.Has(CaseFileIncludes.DealVersions))
            yield return ("csv/deal-versions.csv", Table(
                ["DealVersionId", "DealId", "Deal", "DealType", "Number", "EffectiveFrom", "SupersededAtUtc", "CreatedAtUtc", "CreatedBy", "CpaAmount",
                 "RevSharePercent", "SubIbSharePercent", "Currency", "LotRates", "Notes"],
                d.DealVersions.Select(v => new object?[]
                {
                    v.Id, v.DealId, v.Deal, v.DealType, v.Number, v.EffectiveFrom, v.SupersededAt, v.CreatedAt, v.CreatedBy, v.CpaAmount, v.RevSharePercent,
                    v.SubIbSharePercent, v.Currency, string.Join("; ", v.LotRates), v.Notes,
                })));
        if (request.Has(CaseFileIncludes.Commissions))
        {
            yield return ("csv/commission-lines.csv", Table(
                ["CommissionLineId", "DealVersionId", "PeriodStart", "PeriodEnd", "Basis", "GrossAmount", "ShareAmount", "Amount", "Currency", "Status",
                 "CalculatedAtUtc", "ApprovedAtUtc", "ApprovedBy", "RejectedAtUtc", "RejectionReason", "PayoutId", "PaidAtUtc"],
                d.CommissionLines.Select(l => new object?[]
                {
                    l.Id, l.DealVersionId, l.PeriodStart, l.PeriodEnd, l.Basis, l.GrossAmount, l.ShareAmount, l.Amount, l.Currency, l.Status, l.CalculatedAt,
                    l.ApprovedAt, l.ApprovedBy, l.RejectedAt, l.RejectionReason, l.PayoutId, l.PaidAt,
                })));
            yield return ("csv/payouts.csv", Table(
                ["PayoutId", "Amount", "Currency", "Method", "Status", "Reference", "FailureReason", "RequestedAtUtc", "ProcessingAtUtc", "PaidAtUtc",
                 "FailedAtUtc", "Lines"],
                d.Payouts.Select(p => new object?[]
                {
                    p.Id, p.Amount, p.Currency, p.Method, p.Status, p.Reference, p.FailureReason, p.RequestedAt, p.ProcessingAt, p.PaidAt, p.FailedAt, p.Lines,
                })));
        }
        if (request.Has(CaseFileIncludes.Audit))
            yield return ("csv/audit.csv", Table(["AuditId", "AtUtc", "User", "IpAddress", "Action", "EntityType", "EntityId", "Details"],
                d.Audit.Select(a => new object?[] { a.Id, a.At, a.User, a.IpAddress, a.Action, a.EntityType, a.EntityId, a.Details })));
    }

    private static byte[] Table(string[] header, IEnumerable<object?[]> rows)
    {
        var text = new StringBuilder();
        text.Append(string.Join(",", header)).Append("\r\n");
        foreach (var row in rows) text.Append(string.Join(",", row.Select(Cell))).Append("\r\n");
        return new UTF8Encoding(false).GetBytes(text.ToString());
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        DateTime at => Iso(at),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => ComplianceReportService.Csv(value.ToString()),
    };

    private static string Iso(DateTime at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
