using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Compliance;

/// <summary>
/// The figures of one sent announcement. For an acknowledgement-required item "outstanding" is who has not
/// acknowledged the version to acknowledge; otherwise who has not read it.
/// </summary>
public sealed record ComplianceFigures(int AnnouncementId, string Title, AnnouncementCategory Category, DateTime? SentAt, bool RequiresAcknowledgement,
    DateTime? AcknowledgementDueAt, int AcknowledgementVersion, int Recipients, int Delivered, int Read, int Acknowledged, int Overdue)
{
    public int Outstanding => RequiresAcknowledgement ? Recipients - Acknowledged : Recipients - Read;
    public double DeliveredPercent => Percent(Delivered);
    public double ReadPercent => Percent(Read);
    public double AcknowledgedPercent => Percent(Acknowledged);
    public double OutstandingPercent => Percent(Outstanding);

    private double Percent(int n) => Recipients == 0 ? 0 : Math.Round(100.0 * n / Recipients, 1);
}

public enum RecipientFilter { All = 0, Outstanding = 1, Acknowledged = 2, Unread = 3, Overdue = 4 }

/// <summary>One recipient's timestamps. <see cref="AcknowledgedByUserId"/>/<see cref="IpAddress"/> are of the acknowledgement of <see cref="AcknowledgedVersion"/>.</summary>
public sealed record RecipientStatusRow(int PartnerId, string PartnerName, string Email, string Country, string? ManagerName, DateTime DeliveredAt,
    DateTime? ReadAt, DateTime? AcknowledgedAt, int? AcknowledgedVersion, string? AcknowledgedBy, string? IpAddress, int RemindersSent,
    DateTime? LastRemindedAt, DateTime? EscalatedAt, string State);

/// <summary>
/// Who received, read and acknowledged what: counts and percentages per announcement, the partners behind them
/// (paged), a CSV export and the rows of the printable page. Operators only; every export is audited.
/// </summary>
public sealed class ComplianceReportService(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public const int MaxPageSize = 200;
    public const int MaxPrintRows = 10_000;

    /// <summary>Every sent announcement, newest first, with its figures (counted in the database).</summary>
    public async Task<IReadOnlyList<ComplianceFigures>> SummariesAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        var sent = db.Announcements.Where(a => a.Status == AnnouncementStatus.Sent).OrderByDescending(a => a.SentAt).ThenByDescending(a => a.Id).Take(500);
        return await Figures(db, sent, Now()).ToListAsync(ct);
    }

    public async Task<ComplianceFigures> FiguresAsync(Actor actor, int announcementId, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await Figures(db, db.Announcements.Where(a => a.Id == announcementId && a.Status == AnnouncementStatus.Sent), Now()).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("No sent announcement with this id.");
    }

    /// <summary>A page of recipients (by partner name) for the drill-down.</summary>
    public async Task<Page<RecipientStatusRow>> RecipientsAsync(Actor actor, int announcementId, RecipientFilter filter, int skip, int take,
        CancellationToken ct = default)
    {
        actor.RequireOperator();
        take = Math.Clamp(take, 1, MaxPageSize);
        await using var db = await factory.CreateDbContextAsync(ct);
        var (query, ackVersion, requiresAck) = await RowsAsync(db, announcementId, filter, ct);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(x => x.PartnerName).ThenBy(x => x.PartnerId).Skip(Math.Max(0, skip)).Take(take).ToListAsync(ct);
        return new Page<RecipientStatusRow>(rows.Select(r => r.ToRow(ackVersion, requiresAck)).ToList(), total);
    }

    /// <summary>Every recipient of the announcement, for the printable page (at most <see cref="MaxPrintRows"/>; the CSV has all).</summary>
    public async Task<IReadOnlyList<RecipientStatusRow>> PrintRowsAsync(Actor actor, int announcementId, CancellationToken ct = default)
    {
        actor.RequireOperator();
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var (query, ackVersion, requiresAck) = await RowsAsync(db, announcementId, RecipientFilter.All, ct);
        var rows = await query.OrderBy(x => x.PartnerName).ThenBy(x => x.PartnerId).Take(MaxPrintRows).ToListAsync(ct);
        db.Audit(actor, now, "compliance.printed", nameof(Announcement), announcementId, null, new { rows = rows.Count });
        await db.SaveChangesAsync(ct);
        return rows.Select(r => r.ToRow(ackVersion, requiresAck)).ToList();
    }

    /// <summary>
    /// Writes the whole recipient list as CSV (UTF-8, header row, ISO-8601 UTC times), read in pages by partner id.
    /// The export is audited before the first byte is written: when the audit entry cannot be committed, nothing is sent.
    /// </summary>
    public async Task WriteCsvAsync(Actor actor, int announcementId, Stream output, CancellationToken ct = default)
    {
        actor.RequireOperator();
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var (query, ackVersion, requiresAck) = await RowsAsync(db, announcementId, RecipientFilter.All, ct);
        var rows = await query.CountAsync(ct);
        db.Audit(actor, now, "compliance.exported", nameof(Announcement), announcementId, null, new { rows, format = "csv" });
        await db.SaveChangesAsync(ct);

        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await writer.WriteLineAsync(string.Join(",", CsvHeader));
        var after = 0;
        while (true)
        {
            var batch = await query.Where(x => x.PartnerId > after).OrderBy(x => x.PartnerId).Take(5000).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var r in batch.Select(b => b.ToRow(ackVersion, requiresAck)))
                await writer.WriteLineAsync(CsvLine(r));
            after = batch[^1].PartnerId;
        }
        await writer.FlushAsync(ct);
    }

    public static readonly string[] CsvHeader =
    [
        "PartnerId", "Partner", "Email", "Country", "Manager", "State", "DeliveredAtUtc", "ReadAtUtc", "AcknowledgedAtUtc", "AcknowledgedVersion",
        "AcknowledgedBy", "IpAddress", "RemindersSent", "LastRemindedAtUtc", "EscalatedAtUtc",
    ];

    private static string CsvLine(RecipientStatusRow r) => string.Join(",",
        r.PartnerId.ToString(CultureInfo.InvariantCulture), Csv(r.PartnerName), Csv(r.Email), Csv(r.Country), Csv(r.ManagerName), r.State,
        Iso(r.DeliveredAt), Iso(r.ReadAt), Iso(r.AcknowledgedAt), r.AcknowledgedVersion?.ToString(CultureInfo.InvariantCulture) ?? "",
        Csv(r.AcknowledgedBy), Csv(r.IpAddress), r.RemindersSent.ToString(CultureInfo.InvariantCulture), Iso(r.LastRemindedAt), Iso(r.EscalatedAt));

    private static string Iso(DateTime? at) => at?.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Quotes when needed, and defuses spreadsheet formulas (a cell starting with = + - @ is prefixed with ').</summary>
    public static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private sealed class Raw
    {
        public int PartnerId { get; init; }
        public string PartnerName { get; init; } = "";
        public string Email { get; init; } = "";
        public string Country { get; init; } = "";
        public string? ManagerName { get; init; }
        public DateTime DeliveredAt { get; init; }
        public DateTime? ReadAt { get; init; }
        public DateTime? AcknowledgedAt { get; init; }
        public int? AcknowledgedVersion { get; init; }
        public string? AcknowledgedBy { get; init; }
        public string? IpAddress { get; init; }
        public int RemindersSent { get; init; }
        public DateTime? LastRemindedAt { get; init; }
        public DateTime? EscalatedAt { get; init; }
        public bool Overdue { get; init; }

        public RecipientStatusRow ToRow(int ackVersion, bool requiresAck)
        {
            var acknowledged = AcknowledgedVersion >= ackVersion;
            var state = !requiresAck ? (ReadAt is null ? "Unread" : "Read")
                : acknowledged ? "Acknowledged"
                : AcknowledgedVersion is not null ? (Overdue ? "Overdue (earlier version acknowledged)" : "Outstanding (earlier version acknowledged)")
                : Overdue ? "Overdue" : "Outstanding";
            return new RecipientStatusRow(PartnerId, PartnerName, Email, Country, ManagerName, DeliveredAt, ReadAt, AcknowledgedAt, AcknowledgedVersion,
                AcknowledgedBy, IpAddress, RemindersSent, LastRemindedAt, EscalatedAt, state);
        }
    }

    private async Task<(IQueryable<Raw> Query, int AckVersion, bool RequiresAck)> RowsAsync(AppDbContext db, int announcementId, RecipientFilter filter,
        CancellationToken ct)
    {
        var a = await db.Announcements.AsNoTracking().Where(x => x.Id == announcementId && x.Status == AnnouncementStatus.Sent)
            .Select(x => new { x.AcknowledgementVersion, x.RequiresAcknowledgement, x.AcknowledgementDueAt }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("No sent announcement with this id.");
        var ackVersion = a.AcknowledgementVersion;
        var overdue = a.RequiresAcknowledgement && a.AcknowledgementDueAt < Now();
        var recipients = db.AnnouncementRecipients.AsNoTracking().Where(r => r.AnnouncementId == announcementId);
        recipients = filter switch
        {
            RecipientFilter.Outstanding when a.RequiresAcknowledgement => recipients.Where(r => r.AcknowledgedVersion == null || r.AcknowledgedVersion < ackVersion),
            RecipientFilter.Outstanding => recipients.Where(r => r.ReadAt == null),
            RecipientFilter.Acknowledged => recipients.Where(r => r.AcknowledgedVersion >= ackVersion),
            RecipientFilter.Unread => recipients.Where(r => r.ReadAt == null),
            RecipientFilter.Overdue when overdue => recipients.Where(r => r.AcknowledgedVersion == null || r.AcknowledgedVersion < ackVersion),
            RecipientFilter.Overdue => recipients.Where(_ => false),
            _ => recipients,
        };
        var query = from r in recipients
                    join p in db.Partners on r.PartnerId equals p.Id
                    join m in db.Users on p.ManagerId equals m.Id into ms
                    from m in ms.DefaultIfEmpty()
                    select new Raw
                    {
                        PartnerId = r.PartnerId, PartnerName = p.Name, Email = p.Email, Country = p.Country, ManagerName = m != null ? m.DisplayName : null,
                        DeliveredAt = r.DeliveredAt, ReadAt = r.ReadAt, AcknowledgedAt = r.AcknowledgedAt, AcknowledgedVersion = r.AcknowledgedVersion,
                        // Scalar sub-queries (SQLite has no APPLY): who acknowledged the recorded version, and from which IP.
                        AcknowledgedBy = (from x in db.AnnouncementAcknowledgements
                                          where x.AnnouncementId == r.AnnouncementId && x.PartnerId == r.PartnerId && x.VersionNumber == r.AcknowledgedVersion
                                          join u in db.Users on x.UserId equals u.Id into us
                                          from u in us.DefaultIfEmpty()
                                          select u != null ? u.DisplayName : x.UserId).FirstOrDefault(),
                        IpAddress = db.AnnouncementAcknowledgements
                            .Where(x => x.AnnouncementId == r.AnnouncementId && x.PartnerId == r.PartnerId && x.VersionNumber == r.AcknowledgedVersion)
                            .Select(x => x.IpAddress).FirstOrDefault(),
                        RemindersSent = r.RemindersSent, LastRemindedAt = r.LastRemindedAt, EscalatedAt = r.EscalatedAt,
                        Overdue = overdue && (r.AcknowledgedVersion == null || r.AcknowledgedVersion < ackVersion),
                    };
        return (query, ackVersion, a.RequiresAcknowledgement);
    }

    private static IQueryable<ComplianceFigures> Figures(AppDbContext db, IQueryable<Announcement> announcements, DateTime now) =>
        announcements.Select(a => new ComplianceFigures(a.Id, a.Title, a.Category, a.SentAt, a.RequiresAcknowledgement, a.AcknowledgementDueAt,
            a.AcknowledgementVersion,
            db.AnnouncementRecipients.Count(r => r.AnnouncementId == a.Id),
            db.AnnouncementRecipients.Count(r => r.AnnouncementId == a.Id && r.DeliveredAt <= now),
            db.AnnouncementRecipients.Count(r => r.AnnouncementId == a.Id && r.ReadAt != null),
            a.RequiresAcknowledgement ? db.AnnouncementRecipients.Count(r => r.AnnouncementId == a.Id && r.AcknowledgedVersion >= a.AcknowledgementVersion) : 0,
            a.RequiresAcknowledgement && a.AcknowledgementDueAt < now
                ? db.AnnouncementRecipients.Count(r => r.AnnouncementId == a.Id && (r.AcknowledgedVersion == null || r.AcknowledgedVersion < a.AcknowledgementVersion))
                : 0));

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
