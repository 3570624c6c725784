using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Messaging;

namespace PartnerHub.Domain.CaseFiles;

/// <summary>
/// Reads one case file's rows: one query per kind of row (threads, messages, revisions, receipts, attachments, snapshots' current
/// figures by record type, announcements, versions, acknowledgements, notifications, deal versions, lot rates, commission lines,
/// payouts, audit entries, then the names of every person involved), never one per message.
/// </summary>
internal sealed class CaseFileReader(AppDbContext db, CaseFileRequest request, DateTime now)
{
    private readonly Dictionary<long, string> _storagePaths = [];
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;

    /// <summary>Each attachment's path in the store (kept out of the JSON).</summary>
    public IReadOnlyDictionary<long, string> StoragePaths => _storagePaths;

    public async Task<CaseFileData> ReadAsync(CancellationToken ct)
    {
        var pid = request.PartnerId;
        var start = request.FromUtc;
        var end = request.ToUtcExclusive;
        var record = request.Record;

        var partner = await db.Partners.AsNoTracking().Where(p => p.Id == pid)
            .Select(p => new
            {
                Partner = p,
                Manager = db.Users.Where(u => u.Id == p.ManagerId).Select(u => u.DisplayName).FirstOrDefault(),
                Upline = db.Partners.Where(u => u.Id == p.ParentId).Select(u => u.Name).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct) ?? throw new NotFoundException("Partner not found.");
        _zone = Zone(partner.Partner.TimeZone);
        var x = partner.Partner;
        var partnerSection = await AsOfEndAsync(new CaseFilePartner(x.Id, x.Name, x.Company, x.Email, x.Phone, x.Country, x.TimeZone, x.Language,
            x.Vertical.ToString(), x.Status.ToString(), x.KycStatus.ToString(), x.Tier, partner.Upline, x.Currency, x.PayoutThreshold,
            x.PayoutMethod.ToString(), partner.Manager, x.CreatedAt), end, ct);

        // The record a scoped case file is about, as messages and threads link it.
        LinkedRecordType? linkType = record?.Type switch
        {
            CaseFileRecordType.Payout => LinkedRecordType.Payout,
            CaseFileRecordType.CommissionLine => LinkedRecordType.CommissionLine,
            CaseFileRecordType.DealVersion => LinkedRecordType.DealVersion,
            _ => null,
        };
        var linkId = record?.Id.ToString(CultureInfo.InvariantCulture);
        var everything = record is null;
        var noLinkedRows = record is not null && linkType is null; // an announcement: no conversations, lines, payouts or deals

        var userIds = new HashSet<string>(StringComparer.Ordinal);
        var partnerIds = new HashSet<int>();

        // ---- Conversations
        var threads = db.MessageThreads.AsNoTracking().Where(t => t.PartnerId == pid || t.CounterpartPartnerId == pid);
        var messages = from m in db.Messages.AsNoTracking()
                       join t in threads on m.ThreadId equals t.Id
                       where m.SentAt >= start && m.SentAt < end
                       where everything || (!noLinkedRows && ((t.RecordType == linkType && t.RecordId == linkId) || (m.RecordType == linkType && m.RecordId == linkId)))
                       select m;
        var conversations = new List<CaseFileThread>();
        var snapshots = new List<CaseFileSnapshot>();
        var attachmentRows = new List<CaseFileAttachment>();
        var messageIds = new List<long>();
        if (request.Has(CaseFileIncludes.Conversations))
        {
            var messageRows = await messages.OrderBy(m => m.SentAt).ThenBy(m => m.Id).ToListAsync(ct);
            var threadRows = await threads.Where(t => messages.Select(m => m.ThreadId).Contains(t.Id)).ToListAsync(ct);
            var revisions = (await (from r in db.MessageRevisions.AsNoTracking() join m in messages on r.MessageId equals m.Id select r).ToListAsync(ct))
                .ToLookup(r => r.MessageId);
            var receipts = (await (from r in db.MessageReceipts.AsNoTracking() join m in messages on r.MessageId equals m.Id select r).ToListAsync(ct))
                .ToLookup(r => r.MessageId);
            var files = await (from a in db.MessageAttachments.AsNoTracking() join m in messages on a.MessageId equals m.Id select a).ToListAsync(ct);
            foreach (var m in messageRows)
            {
                if (m.AuthorUserId is not null) userIds.Add(m.AuthorUserId);
                if (m.RetractedById is not null) userIds.Add(m.RetractedById);
                if (m.AuthorPartnerId is { } ap) partnerIds.Add(ap);
            }
            foreach (var r in receipts.SelectMany(g => g)) userIds.Add(r.UserId);
            var names = await NamesAsync(userIds, partnerIds, ct);
            var attachmentsByMessage = files.ToLookup(a => a.MessageId);
            foreach (var a in files)
            {
                _storagePaths[a.Id] = a.StoragePath;
                attachmentRows.Add(new CaseFileAttachment(a.Id, a.MessageId, a.FileName, a.ContentType, a.SizeBytes, a.Sha256, null, false));
            }
            var byThread = messageRows.ToLookup(m => m.ThreadId);
            foreach (var t in threadRows.OrderBy(t => byThread[t.Id].First().SentAt).ThenBy(t => t.Id))
            {
                var list = byThread[t.Id].Select(m => new CaseFileMessage(m.Id, m.ThreadId, m.AuthorKind.ToString(), Author(m, names), Time(m.SentAt), m.Body,
                        TimeOrNull(m.EditedAt),
                        revisions[m.Id].OrderBy(r => r.WrittenAt).Select(r => new CaseFileRevision(r.Body, r.WrittenAt, r.ReplacedAt)).ToList(),
                        TimeOrNull(m.RetractedAt), m.RetractedById is null ? null : names.User(m.RetractedById),
                        m.RecordType?.ToString(), m.RecordId,
                        receipts[m.Id].OrderBy(r => r.ReadAt).Select(r => new CaseFileReceipt(names.User(r.UserId), r.IsOperator, Time(r.ReadAt))).ToList(),
                        attachmentsByMessage[m.Id].Select(a => a.Id).ToList()))
                    .ToList();
                conversations.Add(new CaseFileThread(t.Id, t.Kind.ToString(), t.Subject, t.RecordType?.ToString(), t.RecordId, t.PartnerRequest,
                    Time(t.CreatedAt), list));
            }
            messageIds.AddRange(messageRows.Select(m => m.Id));

            var frozen = messageRows.Where(m => m.RecordSnapshot is not null && m.RecordType is not null && m.RecordId is not null).ToList();
            var current = await RecordSnapshots.CurrentFiguresAsync(db, frozen.Select(m => (m.RecordType!.Value, m.RecordId!)), ct);
            foreach (var m in frozen)
            {
                var then = Parse(m.RecordSnapshot!);
                JsonElement? nowFigures = current.TryGetValue((m.RecordType!.Value, m.RecordId!), out var c) ? Parse(c) : null;
                snapshots.Add(new CaseFileSnapshot(m.Id, m.RecordType.Value.ToString(), m.RecordId!, m.SentAt, then, nowFigures, Compare(then, nowFigures)));
            }
        }
        if (!request.Has(CaseFileIncludes.Attachments)) attachmentRows.Clear();

        // ---- Announcements (delivered, read or acknowledged in the range)
        var announcements = new List<CaseFileAnnouncement>();
        if (request.Has(CaseFileIncludes.Announcements) && (everything || record!.Type == CaseFileRecordType.Announcement))
        {
            var announcementId = record?.Type == CaseFileRecordType.Announcement ? (int?)record.Id : null;
            var recipients = db.AnnouncementRecipients.AsNoTracking().Where(r => r.PartnerId == pid
                && (announcementId == null || r.AnnouncementId == announcementId)
                && ((r.DeliveredAt >= start && r.DeliveredAt < end) || (r.ReadAt >= start && r.ReadAt < end) || (r.AcknowledgedAt >= start && r.AcknowledgedAt < end)));
            var rows = await (from r in recipients
                              join a in db.Announcements on r.AnnouncementId equals a.Id
                              orderby r.DeliveredAt, a.Id
                              select new
                              {
                                  Recipient = r, a.Id, a.Title, a.Category, a.SentAt, a.RequiresAcknowledgement, a.AcknowledgementVersion,
                                  a.AcknowledgementDueAt,
                              }).ToListAsync(ct);
            var versions = (await (from v in db.AnnouncementVersions.AsNoTracking()
                                   join r in recipients on v.AnnouncementId equals r.AnnouncementId
                                   select new { v.AnnouncementId, v.Number, v.Title, v.IsMaterialChange, v.CreatedAt }).ToListAsync(ct))
                .ToLookup(v => v.AnnouncementId);
            var acks = (await (from k in db.AnnouncementAcknowledgements.AsNoTracking()
                               join r in recipients on k.AnnouncementId equals r.AnnouncementId
                               where k.PartnerId == pid
                               select k).ToListAsync(ct)).ToLookup(k => k.AnnouncementId);
            var names = await NamesAsync(acks.SelectMany(g => g).Select(k => k.UserId).ToHashSet(), [], ct);
            announcements.AddRange(rows.Select(a => new CaseFileAnnouncement(a.Id, a.Title, a.Category.ToString(), a.SentAt, a.RequiresAcknowledgement,
                a.AcknowledgementVersion, a.AcknowledgementDueAt,
                versions[a.Id].OrderBy(v => v.Number).Select(v => new CaseFileAnnouncementVersion(v.Number, v.Title, v.IsMaterialChange, v.CreatedAt)).ToList(),
                Time(a.Recipient.DeliveredAt), TimeOrNull(a.Recipient.ReadAt), TimeOrNull(a.Recipient.AcknowledgedAt), a.Recipient.AcknowledgedVersion,
                a.Recipient.RemindersSent, a.Recipient.EscalatedAt,
                acks[a.Id].OrderBy(k => k.At).Select(k => new CaseFileAcknowledgement(k.VersionNumber, Time(k.At), names.User(k.UserId), k.IpAddress)).ToList())));
        }

        // ---- Notifications and emails (for a record: those of its threads)
        var notifications = new List<CaseFileNotification>();
        if (request.Has(CaseFileIncludes.Notifications) && !noLinkedRows)
        {
            var query = db.Notifications.AsNoTracking()
                .Where(n => (n.RecipientPartnerId == pid || n.AboutPartnerId == pid) && n.CreatedAt >= start && n.CreatedAt < end);
            if (!everything) query = query.Where(n => messages.Select(m => (long?)m.ThreadId).Contains(n.ThreadId));
            var rows = await query.OrderBy(n => n.CreatedAt).ThenBy(n => n.Id).ToListAsync(ct);
            var names = await NamesAsync(rows.Where(n => n.RecipientUserId != null).Select(n => n.RecipientUserId!).ToHashSet(), [], ct);
            notifications.AddRange(rows.Select(n => new CaseFileNotification(n.Id,
                n.RecipientPartnerId is not null ? "Partner" : n.RecipientUserId is { } u ? names.User(u) : n.RecipientKey,
                n.Category.ToString(), n.Critical, n.Title, n.Body, Time(n.CreatedAt), n.DeliverAt, n.ReadAt, n.EmailState.ToString(), n.EmailSentAt,
                n.EmailAttempts, n.EmailLastError, n.ThreadId)));
        }

        // ---- Commission lines, payouts, deal versions
        var lines = db.CommissionLines.AsNoTracking().Where(l => l.PartnerId == pid);
        lines = record?.Type switch
        {
            null => lines.Where(l => l.PeriodStart <= request.To && l.PeriodEnd >= request.From),
            CaseFileRecordType.Payout => lines.Where(l => l.PayoutId == record.Id),
            CaseFileRecordType.CommissionLine => lines.Where(l => l.Id == record.Id),
            CaseFileRecordType.DealVersion => lines.Where(l => l.DealVersionId == record.Id && l.PeriodStart <= request.To && l.PeriodEnd >= request.From),
            _ => lines.Where(_ => false),
        };
        var commissionLines = new List<CaseFileCommissionLine>();
        var payouts = new List<CaseFilePayout>();
        if (request.Has(CaseFileIncludes.Commissions) && !noLinkedRows)
        {
            var rows = await lines.OrderBy(l => l.PeriodStart).ThenBy(l => l.Id).ToListAsync(ct);
            var names = await NamesAsync(rows.Where(l => l.ApprovedById != null).Select(l => l.ApprovedById!).ToHashSet(), [], ct);
            commissionLines.AddRange(rows.Select(l => new CaseFileCommissionLine(l.Id, l.DealVersionId, l.PeriodStart, l.PeriodEnd, l.Basis.ToString(),
                l.GrossAmount, l.ShareAmount, l.Amount, l.Currency, l.Status.ToString(), l.CalculatedAt, l.ApprovedAt,
                l.ApprovedById is null ? null : names.User(l.ApprovedById), l.RejectedAt, l.RejectionReason, l.PayoutId, l.PaidAt)));

            var payoutQuery = db.Payouts.AsNoTracking().Where(p => p.PartnerId == pid);
            payoutQuery = record?.Type switch
            {
                null => payoutQuery.Where(p => (p.RequestedAt >= start && p.RequestedAt < end) || lines.Any(l => l.PayoutId == p.Id)),
                CaseFileRecordType.Payout => payoutQuery.Where(p => p.Id == record.Id),
                _ => payoutQuery.Where(p => lines.Any(l => l.PayoutId == p.Id)),
            };
            payouts.AddRange((await payoutQuery.OrderBy(p => p.RequestedAt).ThenBy(p => p.Id)
                    .Select(p => new { Payout = p, Lines = db.PayoutItems.Count(i => i.PayoutId == p.Id) }).ToListAsync(ct))
                .Select(r => new CaseFilePayout(r.Payout.Id, r.Payout.Amount, r.Payout.Currency, r.Payout.Method.ToString(), r.Payout.Status.ToString(),
                    r.Payout.Reference, r.Payout.FailureReason, r.Payout.RequestedAt, r.Payout.ProcessingAt, r.Payout.PaidAt, r.Payout.FailedAt, r.Lines)));
        }

        var dealVersions = new List<CaseFileDealVersion>();
        if (request.Has(CaseFileIncludes.DealVersions) && !noLinkedRows)
        {
            var versions = from v in db.DealVersions.AsNoTracking()
                           join d in db.Deals on v.DealId equals d.Id
                           where d.PartnerId == pid
                           select new { Version = v, Deal = d.Name, d.Type };
            versions = record?.Type switch
            {
                null => versions.Where(v => v.Version.EffectiveFrom <= request.To && (v.Version.SupersededAt == null || v.Version.SupersededAt >= start)),
                CaseFileRecordType.DealVersion => versions.Where(v => v.Version.Id == record.Id),
                _ => versions.Where(v => lines.Select(l => l.DealVersionId).Contains(v.Version.Id)),
            };
            var rows = await versions.OrderBy(v => v.Version.DealId).ThenBy(v => v.Version.Number).ToListAsync(ct);
            var ids = rows.Select(r => r.Version.Id).ToList();
            var rates = (await db.DealLotRates.AsNoTracking().Where(r => ids.Contains(r.DealVersionId)).ToListAsync(ct)).ToLookup(r => r.DealVersionId);
            var names = await NamesAsync(rows.Where(r => r.Version.CreatedById != null).Select(r => r.Version.CreatedById!).ToHashSet(), [], ct);
            dealVersions.AddRange(rows.Select(r => new CaseFileDealVersion(r.Version.Id, r.Version.DealId, r.Deal, r.Type.ToString(), r.Version.Number,
                r.Version.EffectiveFrom, r.Version.SupersededAt, r.Version.CreatedAt, r.Version.CreatedById is null ? null : names.User(r.Version.CreatedById),
                r.Version.CpaAmount, r.Version.RevSharePercent, r.Version.SubIbSharePercent, r.Version.Currency, r.Version.Notes,
                rates[r.Version.Id].OrderBy(x => x.InstrumentClass)
                    .Select(x => FormattableString.Invariant($"{x.InstrumentClass}: {x.RatePerLot} per lot{(x.MaxSpreadPips is { } s ? $" (spread <= {s} pips)" : "")}"))
                    .ToList())));
        }

        // ---- Audit entries about the partner (for a record: about that record, its lines, payouts and messages)
        var audit = new List<CaseFileAuditEntry>();
        if (request.Has(CaseFileIncludes.Audit))
        {
            // The partner's entries, and the announcements' own (sent, revised, reminded) which name no partner.
            var announcementKeys = announcements.Select(a => a.Id.ToString(CultureInfo.InvariantCulture)).ToList();
            var query = db.AuditLog.AsNoTracking().Where(a => a.At >= start && a.At < end && (a.PartnerId == pid
                || (a.PartnerId == null && a.EntityType == "Announcement" && announcementKeys.Contains(a.EntityId!))));
            if (!everything)
            {
                var keys = new List<string>();
                if (record!.Type == CaseFileRecordType.Announcement) keys.Add("Announcement:" + linkId);
                else
                {
                    keys.Add(record.Type + ":" + linkId);
                    keys.AddRange(commissionLines.Select(l => "CommissionLine:" + l.Id.ToString(CultureInfo.InvariantCulture)));
                    keys.AddRange(payouts.Select(p => "Payout:" + p.Id.ToString(CultureInfo.InvariantCulture)));
                    keys.AddRange(messageIds.Select(m => "Message:" + m.ToString(CultureInfo.InvariantCulture)));
                    keys.AddRange(conversations.Select(t => "MessageThread:" + t.Id.ToString(CultureInfo.InvariantCulture)));
                }
                query = query.Where(a => keys.Contains(a.EntityType + ":" + a.EntityId));
            }
            if (request.DataSubject)
            {
                // The partner's own copy: their own actions only, not the operators' (whose names and IP addresses are theirs).
                var own = db.Users.Where(u => u.PartnerId == pid).Select(u => u.Id);
                query = query.Where(a => a.UserId != null && own.Contains(a.UserId));
            }
            audit.AddRange((await query.OrderBy(a => a.Id).ToListAsync(ct))
                .Select(a => new CaseFileAuditEntry(a.Id, a.At, a.UserName, a.IpAddress, a.Action, a.EntityType, a.EntityId, a.Details)));
        }

        var filters = new CaseFileFilters(pid, request.From, request.To,
            Enum.GetValues<CaseFileIncludes>().Where(i => i is not CaseFileIncludes.None and not CaseFileIncludes.All && request.Has(i)).Select(i => i.ToString()).ToList(),
            record?.Type.ToString(), record?.Id, request.DataSubject ? CaseFileFilters.DataSubjectAccess : CaseFileFilters.Review);
        return new CaseFileData(CaseFileData.SchemaId, now, filters, partnerSection, conversations, snapshots, announcements, notifications, dealVersions,
            commissionLines, payouts, audit, attachmentRows);
    }

    private sealed record Names(IReadOnlyDictionary<string, string> Users, IReadOnlyDictionary<int, string> Partners)
    {
        public string User(string id) => Users.TryGetValue(id, out var n) ? n : id;
    }

    private async Task<Names> NamesAsync(IReadOnlyCollection<string> userIds, IReadOnlyCollection<int> partnerIds, CancellationToken ct)
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in userIds.Chunk(2000))
            foreach (var u in await db.Users.AsNoTracking().Where(u => chunk.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(ct))
                users[u.Id] = string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.Id : $"{u.DisplayName} <{u.Email}>";
        var partners = new Dictionary<int, string>();
        foreach (var chunk in partnerIds.Chunk(2000))
            foreach (var p in await db.Partners.AsNoTracking().Where(p => chunk.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToListAsync(ct))
                partners[p.Id] = p.Name;
        return new Names(users, partners);
    }

    private static string Author(Message m, Names names) => m.AuthorKind switch
    {
        MessageAuthorKind.System => "PartnerHub (automatic)",
        _ when m.AuthorUserId is { } u && names.Users.ContainsKey(u) => names.User(u),
        MessageAuthorKind.Partner when m.AuthorPartnerId is { } p && names.Partners.TryGetValue(p, out var n) => n,
        _ => m.AuthorUserId ?? "unknown",
    };

    private CaseFileTime Time(DateTime utc)
    {
        var at = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        var local = new DateTimeOffset(at).ToOffset(_zone.GetUtcOffset(at));
        return new CaseFileTime(at, local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
    }

    private CaseFileTime? TimeOrNull(DateTime? utc) => utc is { } at ? Time(at) : null;

    /// <summary>
    /// Rolls today's details back to the end of the range with the audited changes made since (newest first): profile edits
    /// (<c>partner.profile.updated</c>: <c>changed.{field}.from</c>) and status changes (<c>partner.status</c>: <c>before</c>).
    /// </summary>
    private async Task<CaseFilePartner> AsOfEndAsync(CaseFilePartner today, DateTime end, CancellationToken ct)
    {
        if (end > now) return today with { AsOf = now, ChangedSince = [] };
        var later = await db.AuditLog.AsNoTracking()
            .Where(a => a.PartnerId == today.Id && a.At >= end && (a.Action == "partner.profile.updated" || a.Action == "partner.status") && a.Details != null)
            .OrderByDescending(a => a.Id).Select(a => new { a.Action, a.Details }).ToListAsync(ct);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["name"] = today.Name, ["company"] = today.Company, ["email"] = today.Email, ["phone"] = today.Phone, ["country"] = today.Country,
            ["timeZone"] = today.TimeZone, ["language"] = today.Language, ["status"] = today.Status,
        };
        var current = new Dictionary<string, string?>(values, StringComparer.Ordinal);
        foreach (var change in later)
        {
            using var doc = JsonDocument.Parse(change.Details!);
            var root = doc.RootElement;
            if (change.Action == "partner.status")
            {
                if (root.TryGetProperty("before", out var before) && before.ValueKind == JsonValueKind.String) values["status"] = before.GetString();
            }
            else if (root.TryGetProperty("changed", out var changed) && changed.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in changed.EnumerateObject())
                {
                    if (values.ContainsKey(field.Name) && field.Value.ValueKind == JsonValueKind.Object && field.Value.TryGetProperty("from", out var from))
                        values[field.Name] = from.ValueKind == JsonValueKind.String ? from.GetString() : null;
                }
            }
        }
        var differs = values.Where(kv => current[kv.Key] != kv.Value).Select(kv => new CaseFileDetailChange(kv.Key, kv.Value, current[kv.Key])).ToList();
        return today with
        {
            Name = values["name"] ?? today.Name, Company = values["company"], Email = values["email"] ?? today.Email, Phone = values["phone"],
            Country = values["country"] ?? today.Country, TimeZone = values["timeZone"] ?? today.TimeZone, Language = values["language"] ?? today.Language,
            Status = values["status"] ?? today.Status, AsOf = end, ChangedSince = differs,
        };
    }

    private static TimeZoneInfo Zone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    private static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    /// <summary>Each top-level figure of a snapshot next to the same figure now.</summary>
    internal static IReadOnlyList<CaseFileFigure> Compare(JsonElement then, JsonElement? current)
    {
        var names = new List<string>();
        if (then.ValueKind == JsonValueKind.Object) names.AddRange(then.EnumerateObject().Select(p => p.Name));
        if (current is { ValueKind: JsonValueKind.Object } c) names.AddRange(c.EnumerateObject().Select(p => p.Name).Where(n => !names.Contains(n)));
        return names.Select(n =>
        {
            var a = then.ValueKind == JsonValueKind.Object && then.TryGetProperty(n, out var x) ? Text(x) : null;
            var b = current is { ValueKind: JsonValueKind.Object } cur && cur.TryGetProperty(n, out var y) ? Text(y) : null;
            return new CaseFileFigure(n, a, b, a != b);
        }).ToList();
    }

    private static string? Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => e.GetString(),
        _ => e.GetRawText(),
    };
}
