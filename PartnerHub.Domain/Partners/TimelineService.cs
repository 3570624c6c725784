using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Partners;

public enum TimelineKind { RecordEvent = 1, Note = 2, Message = 3, Announcement = 4, Notification = 5, Email = 6 }

/// <summary>Which items to show: <see cref="Kinds"/> empty means every kind; <see cref="Text"/> is matched with LIKE in the database.</summary>
public sealed record TimelineFilter
{
    public IReadOnlyCollection<TimelineKind> Kinds { get; init; } = [];
    public string? Text { get; init; }
}

/// <summary>
/// One thing that happened with a partner. <see cref="Key"/> is unique across kinds; <see cref="Type"/> is the event type
/// of a record event, the category of a notification or the state of an email (operators only). <see cref="Read"/> is set for announcements and notifications,
/// <see cref="Acknowledged"/> for announcements that require acknowledgement. Everything is plain text.
/// </summary>
public sealed record TimelineItem(
    string Key, DateTime At, TimelineKind Kind, string Title, string? Detail, string? ActorName, string? Link,
    string? Type = null, bool? Read = null, bool? Acknowledged = null);

/// <summary>One page, newest first, and the cursor for the next (null when there is nothing older).</summary>
public sealed record TimelinePage(IReadOnlyList<TimelineItem> Items, DateTime? NextBefore);

/// <summary>
/// The partner timeline: record events (the outbox), internal notes, messages, announcements received,
/// notifications and the emails sent to the partner, merged into one stream, newest first, with keyset paging on the time.
/// <para>
/// Operators read any partner's timeline. A partner reads only its own, and never internal notes (whatever
/// filter it passes), notifications addressed to operators, notifications not yet delivered, or the text of
/// retracted messages, nor an email's delivery state (a partner sees the emails that went, never the deferred or given-up ones
/// nor the mail server's answers). Every record event kind is shown to the partner, traffic quality flags included.
/// </para>
/// </summary>
public sealed class TimelineService(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public const int MaxTake = 100;
    public const int TitleLength = 140;
    private const int DetailLength = 240;
    /// <summary>A bound on the extra items read when several share the page's last timestamp.</summary>
    private const int MaxTiedItems = 500;

    public static readonly IReadOnlyList<TimelineKind> AllKinds = Enum.GetValues<TimelineKind>();

    /// <summary>
    /// Items strictly older than <paramref name="before"/> (all when null), newest first, <paramref name="take"/>
    /// (1..100) of them. Each source reads at most <paramref name="take"/> + 1 rows before the cursor; the merged
    /// list is cut to <paramref name="take"/>. When items share the last item's timestamp they all join the page
    /// (so it may be a little longer than asked), because the next page starts strictly before that time: nothing
    /// is skipped or repeated across pages.
    /// </summary>
    public async Task<TimelinePage> GetAsync(Actor actor, int partnerId, TimelineFilter filter, DateTime? before, int take,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        actor.RequireCanRead(partnerId);
        take = Math.Clamp(take, 1, MaxTake);
        var kinds = (filter.Kinds.Count == 0 ? AllKinds : filter.Kinds.Distinct())
            .Where(k => actor.IsOperator || k != TimelineKind.Note).Order().ToList();
        if (kinds.Count == 0) return new TimelinePage([], null);

        var scope = new Scope(partnerId, actor.IsOperator, clock.GetUtcNow().UtcDateTime,
            string.IsNullOrWhiteSpace(filter.Text) ? null : LikePattern.Contains(filter.Text));
        await using var db = await factory.CreateDbContextAsync(ct);

        var batches = new List<List<TimelineItem>>();
        foreach (var kind in kinds)
            batches.Add(await ReadAsync(db, kind, scope, new Window(before, null, take + 1), ct));
        var merged = batches.SelectMany(b => b).OrderBy(i => i, Newest).ToList();
        if (merged.Count <= take) return new TimelinePage(merged, null);

        var page = merged.Take(take).ToList();
        var last = page[^1].At;
        var fullWindow = batches.Any(b => b.Count == take + 1);
        if (merged[take].At == last || batches.Any(b => b.Count == take + 1 && b[^1].At == last))
        {
            var keys = page.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var kind in kinds)
                page.AddRange((await ReadAsync(db, kind, scope, new Window(null, last, MaxTiedItems), ct)).Where(i => keys.Add(i.Key)));
            page.Sort(Newest);
        }
        var more = merged.Any(i => i.At < last) || fullWindow;
        return new TimelinePage(page, more ? last : null);
    }

    private static readonly Comparer<TimelineItem> Newest = Comparer<TimelineItem>.Create((a, b) =>
    {
        var c = b.At.CompareTo(a.At);
        if (c == 0) c = a.Kind.CompareTo(b.Kind);
        return c != 0 ? c : string.CompareOrdinal(b.Key, a.Key);
    });

    private sealed record Scope(int PartnerId, bool Operator, DateTime Now, string? Like);

    /// <summary>Rows strictly before <see cref="Before"/>, or exactly at <see cref="At"/> (for the items tied at a page boundary).</summary>
    private sealed record Window(DateTime? Before, DateTime? At, int Take);

    private static Task<List<TimelineItem>> ReadAsync(AppDbContext db, TimelineKind kind, Scope s, Window w, CancellationToken ct) => kind switch
    {
        TimelineKind.RecordEvent => EventsAsync(db, s, w, ct),
        TimelineKind.Note => NotesAsync(db, s, w, ct),
        TimelineKind.Message => MessagesAsync(db, s, w, ct),
        TimelineKind.Announcement => AnnouncementsAsync(db, s, w, ct),
        TimelineKind.Notification => NotificationsAsync(db, s, w, ct),
        TimelineKind.Email => EmailsAsync(db, s, w, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static async Task<List<TimelineItem>> EventsAsync(AppDbContext db, Scope s, Window w, CancellationToken ct)
    {
        // A sent message is on the timeline as the message itself, not as its outbox event.
        var q = db.DomainEvents.AsNoTracking().Where(e => e.PartnerId == s.PartnerId && e.Type != EventTypes.MessageSent);
        if (w.At is { } at) q = q.Where(e => e.OccurredAt == at);
        else if (w.Before is { } before) q = q.Where(e => e.OccurredAt < before);
        if (s.Like is { } like) q = q.Where(e => EF.Functions.Like(e.Type, like, "\\") || EF.Functions.Like(e.Payload, like, "\\"));
        var rows = await (from e in q
                          join u in db.Users on e.ActorUserId equals u.Id into users
                          from u in users.DefaultIfEmpty()
                          orderby e.OccurredAt descending, e.Id descending
                          select new EventRow
                          {
                              Id = e.Id, Type = e.Type, Payload = e.Payload, At = e.OccurredAt, RecordId = e.RecordId,
                              ActorName = u != null ? u.DisplayName : null,
                          }).Take(w.Take).ToListAsync(ct);
        return rows.Select(r =>
        {
            var (title, detail) = Describe(r.Type, r.Payload);
            return new TimelineItem($"e:{r.Id}", r.At, TimelineKind.RecordEvent, title, detail, r.ActorName, EventLink(r.Type, s), r.Type);
        }).ToList();
    }

    private sealed class EventRow
    {
        public long Id { get; init; }
        public string Type { get; init; } = "";
        public string Payload { get; init; } = "{}";
        public DateTime At { get; init; }
        public string? RecordId { get; init; }
        public string? ActorName { get; init; }
    }

    private static async Task<List<TimelineItem>> NotesAsync(AppDbContext db, Scope s, Window w, CancellationToken ct)
    {
        if (!s.Operator) return []; // Internal notes are never shown to a partner.
        var q = db.InternalNotes.AsNoTracking().Where(n => n.PartnerId == s.PartnerId);
        if (w.At is { } at) q = q.Where(n => n.CreatedAt == at);
        else if (w.Before is { } before) q = q.Where(n => n.CreatedAt < before);
        if (s.Like is { } like) q = q.Where(n => EF.Functions.Like(n.Body, like, "\\"));
        var rows = await (from n in q
                          join u in db.Users on n.AuthorId equals u.Id into users
                          from u in users.DefaultIfEmpty()
                          orderby n.CreatedAt descending, n.Id descending
                          select new { n.Id, n.CreatedAt, Body = n.Body.Substring(0, DetailLength + 20), Author = u != null ? u.DisplayName : null })
            .Take(w.Take).ToListAsync(ct);
        return rows.Select(n => new TimelineItem($"n:{n.Id}", n.CreatedAt, TimelineKind.Note,
            $"Internal note by {n.Author ?? "an operator"}", Excerpt(n.Body, DetailLength), n.Author,
            $"/console/partners/{s.PartnerId}?tab=timeline")).ToList();
    }

    private static async Task<List<TimelineItem>> MessagesAsync(AppDbContext db, Scope s, Window w, CancellationToken ct)
    {
        // The partner's threads first, so the database walks the (ThreadId, SentAt) index of those threads instead of
        // every message in time order looking for this partner's (slow for a partner with few messages).
        var threadIds = await db.MessageThreads.Where(t => t.PartnerId == s.PartnerId).Select(t => t.Id).ToListAsync(ct);
        if (threadIds.Count == 0) return [];
        var q = db.Messages.AsNoTracking().Where(m => threadIds.Contains(m.ThreadId));
        if (w.At is { } at) q = q.Where(m => m.SentAt == at);
        else if (w.Before is { } before) q = q.Where(m => m.SentAt < before);
        if (s.Like is { } like) q = q.Where(m => (s.Operator || m.RetractedAt == null) && EF.Functions.Like(m.Body, like, "\\"));
        // Sort only the keys; the texts and names are read for the page's rows alone.
        var ids = await q.OrderByDescending(m => m.SentAt).ThenByDescending(m => m.Id).Select(m => m.Id).Take(w.Take).ToListAsync(ct);
        if (ids.Count == 0) return [];
        var rows = await (from m in db.Messages.AsNoTracking()
                          where ids.Contains(m.Id)
                          join t in db.MessageThreads on m.ThreadId equals t.Id
                          join u in db.Users on m.AuthorUserId equals u.Id into users
                          from u in users.DefaultIfEmpty()
                          join ap in db.Partners on m.AuthorPartnerId equals (int?)ap.Id into authors
                          from ap in authors.DefaultIfEmpty()
                          orderby m.SentAt descending, m.Id descending
                          select new
                          {
                              m.Id, m.SentAt, m.AuthorKind, m.RetractedAt, t.Subject, ThreadKind = t.Kind,
                              // The text is read only where it may be shown, and only its start.
                              Body = s.Operator || m.RetractedAt == null ? m.Body.Substring(0, TitleLength + 20) : null,
                              UserName = u != null ? u.DisplayName : null, PartnerName = ap != null ? ap.Name : null,
                          }).ToListAsync(ct);
        return rows.Select(m =>
        {
            var author = m.AuthorKind switch
            {
                MessageAuthorKind.Partner => m.PartnerName ?? m.UserName ?? "Partner",
                MessageAuthorKind.System => "PartnerHub",
                _ => m.UserName ?? "Program team",
            };
            var retracted = m.RetractedAt is not null;
            var title = retracted && !s.Operator ? "Message retracted" : $"{author}: {Excerpt(m.Body, TitleLength)}";
            var where = m.ThreadKind switch
            {
                ThreadKind.Direct => "Direct conversation",
                ThreadKind.Downline => "Conversation with the master IB",
                _ => $"About: {m.Subject}",
            };
            var detail = retracted && s.Operator ? $"{where} · retracted {Date(m.RetractedAt!.Value)}" : where;
            return new TimelineItem($"m:{m.Id}", m.SentAt, TimelineKind.Message, title, detail, author,
                s.Operator ? "/console/messages" : "/portal/messages");
        }).ToList();
    }

    private static async Task<List<TimelineItem>> AnnouncementsAsync(AppDbContext db, Scope s, Window w, CancellationToken ct)
    {
        var q = from r in db.AnnouncementRecipients.AsNoTracking()
                where r.PartnerId == s.PartnerId
                join a in db.Announcements on r.AnnouncementId equals a.Id
                select new { r, a };
        if (w.At is { } at) q = q.Where(x => x.r.DeliveredAt == at);
        else if (w.Before is { } before) q = q.Where(x => x.r.DeliveredAt < before);
        if (s.Like is { } like) q = q.Where(x => EF.Functions.Like(x.a.Title, like, "\\"));
        var rows = await q.OrderByDescending(x => x.r.DeliveredAt).ThenByDescending(x => x.a.Id)
            .Select(x => new
            {
                x.a.Id, x.a.Title, x.a.Category, x.a.RequiresAcknowledgement, x.a.AcknowledgementVersion, x.a.AcknowledgementDueAt,
                x.r.DeliveredAt, x.r.ReadAt, x.r.AcknowledgedAt, x.r.AcknowledgedVersion,
            }).Take(w.Take).ToListAsync(ct);
        return rows.Select(a =>
        {
            bool? acknowledged = a.RequiresAcknowledgement ? a.AcknowledgedAt is not null && a.AcknowledgedVersion >= a.AcknowledgementVersion : null;
            var parts = new List<string> { a.ReadAt is { } read ? $"Read {Date(read)}" : "Not read yet" };
            if (acknowledged == true) parts.Add($"acknowledged {Date(a.AcknowledgedAt!.Value)}");
            else if (acknowledged == false && a.AcknowledgementDueAt is { } due)
                parts.Add(due < s.Now ? $"acknowledgement overdue since {Date(due)}" : $"acknowledgement due {Date(due)}");
            else if (acknowledged == false) parts.Add("not acknowledged");
            return new TimelineItem($"a:{a.Id}", a.DeliveredAt, TimelineKind.Announcement, a.Title, string.Join(" · ", parts), null,
                s.Operator ? "/console/announcements" : "/portal/announcements", a.Category.ToString(), a.ReadAt is not null, acknowledged);
        }).ToList();
    }

    private static async Task<List<TimelineItem>> NotificationsAsync(AppDbContext db, Scope s, Window w, CancellationToken ct)
    {
        var key = Notification.PartnerKey(s.PartnerId);
        // Partners see what was addressed to them and has been delivered; operators also see alerts about the partner.
        var q = s.Operator
            ? db.Notifications.AsNoTracking().Where(n => n.RecipientKey == key || n.AboutPartnerId == s.PartnerId)
            : db.Notifications.AsNoTracking().Where(n => n.RecipientKey == key && n.DeliverAt <= s.Now);
        if (w.At is { } at) q = q.Where(n => n.CreatedAt == at);
        else if (w.Before is { } before) q = q.Where(n => n.CreatedAt < before);
        if (s.Like is { } like) q = q.Where(n => EF.Functions.Like(n.Title, like, "\\") || EF.Functions.Like(n.Body, like, "\\"));
        var rows = await (from n in q
                          join u in db.Users on n.RecipientUserId equals u.Id into users
                          from u in users.DefaultIfEmpty()
                          orderby n.CreatedAt descending, n.Id descending
                          select new
                          {
                              n.Id, n.CreatedAt, n.Title, Body = n.Body.Substring(0, DetailLength + 20), n.Link, n.Category, n.ReadAt,
                              n.RecipientUserId, RecipientName = u != null ? u.DisplayName : null,
                          }).Take(w.Take).ToListAsync(ct);
        return rows.Select(n =>
        {
            var detail = Excerpt(n.Body, DetailLength);
            if (n.RecipientUserId is not null) detail = $"To {n.RecipientName ?? "an operator"}" + (detail.Length > 0 ? " · " + detail : "");
            var link = s.Operator
                ? n.Link is { } l && l.StartsWith("/console/", StringComparison.Ordinal) ? l : $"/console/partners/{s.PartnerId}?tab=timeline"
                : n.Link is { } p && p.StartsWith("/portal", StringComparison.Ordinal) ? p : null;
            return new TimelineItem($"x:{n.Id}", n.CreatedAt, TimelineKind.Notification, n.Title, detail.Length > 0 ? detail : null, null,
                link, n.Category.ToString(), n.ReadAt is not null);
        }).ToList();
    }

    /// <summary>
    /// The emails sent (or tried) to the partner, at their last attempt. Operators see each one's state and the mail server's
    /// answer; a partner sees only the emails that went.
    /// </summary>
    private static async Task<List<TimelineItem>> EmailsAsync(AppDbContext db, Scope s, Window w, CancellationToken ct)
    {
        var key = Notification.PartnerKey(s.PartnerId);
        var q = db.Notifications.AsNoTracking().Where(n => n.RecipientKey == key && n.EmailLastAttemptAt != null);
        if (!s.Operator) q = q.Where(n => n.EmailState == EmailState.Sent || n.EmailState == EmailState.Bounced);
        if (w.At is { } at) q = q.Where(n => n.EmailLastAttemptAt == at);
        else if (w.Before is { } before) q = q.Where(n => n.EmailLastAttemptAt < before);
        if (s.Like is { } like) q = q.Where(n => EF.Functions.Like(n.EmailSubject ?? n.Title, like, "\\"));
        var rows = await q.OrderByDescending(n => n.EmailLastAttemptAt).ThenByDescending(n => n.Id)
            .Select(n => new { n.Id, At = n.EmailLastAttemptAt!.Value, Subject = n.EmailSubject ?? n.Title, n.EmailState, n.EmailAttempts, n.EmailLastError, n.Link })
            .Take(w.Take).ToListAsync(ct);
        return rows.Select(n =>
        {
            if (!s.Operator)
                return new TimelineItem($"mail:{n.Id}", n.At, TimelineKind.Email, $"Emailed: {n.Subject}", null, null,
                    n.Link is { } p && p.StartsWith("/portal", StringComparison.Ordinal) ? p : null);
            var (title, detail) = n.EmailState switch
            {
                EmailState.Sent => ($"Emailed: {n.Subject}", null),
                EmailState.Bounced => ($"Email bounced: {n.Subject}", n.EmailLastError),
                EmailState.Deferred => ($"Email deferred: {n.Subject}", $"Attempt {n.EmailAttempts}, will be tried again · {n.EmailLastError}"),
                EmailState.GivenUp => ($"Email given up: {n.Subject}", $"After {n.EmailAttempts} attempt{(n.EmailAttempts == 1 ? "" : "s")} · {n.EmailLastError}"),
                _ => ($"Email: {n.Subject}", n.EmailLastError),
            };
            return new TimelineItem($"mail:{n.Id}", n.At, TimelineKind.Email, title, detail, null, $"/console/partners/{s.PartnerId}?tab=timeline",
                EmailStateLabel(n.EmailState));
        }).ToList();
    }

    /// <summary>How an email's state reads to operators.</summary>
    public static string EmailStateLabel(EmailState state) => state switch
    {
        EmailState.Pending => "Queued",
        EmailState.Sent => "Sent",
        EmailState.Deferred => "Deferred",
        EmailState.GivenUp => "Given up",
        EmailState.Bounced => "Bounced",
        EmailState.NotNeeded => "Not needed",
        _ => "Not requested",
    };

    private static string? EventLink(string type, Scope s)
    {
        var tab = type switch
        {
            EventTypes.CommissionApproved or EventTypes.CommissionRejected => "commissions",
            EventTypes.PayoutProcessed or EventTypes.PayoutStatusChanged or EventTypes.PayoutThresholdReached => "payouts",
            EventTypes.DealTermsUpdated => "deals",
            EventTypes.DealTermsProposed or EventTypes.DealTermsAccepted or EventTypes.DealTermsDeclined or EventTypes.DealTermsReminder
                or EventTypes.DealTermsWithdrawn or EventTypes.DealTermsExpired => "terms",
            EventTypes.UplineChanged => "network",
            EventTypes.MilestoneAchieved => "performance",
            _ => null,
        };
        if (s.Operator) return tab is null ? null : $"/console/partners/{s.PartnerId}?tab={(tab == "terms" ? "deals" : tab)}";
        return tab switch
        {
            "payouts" => "/portal/payouts",
            "network" => "/portal/network",
            "terms" => "/portal/terms",
            null => null,
            _ => "/portal",
        };
    }

    /// <summary>A human title and a short detail for a record event, from its type and payload (missing fields are left out).</summary>
    public static (string Title, string? Detail) Describe(string type, string payload)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(payload) ? "{}" : payload);
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (Humanise(type), null);
        }

        string? S(params string[] names)
        {
            if (root.ValueKind != JsonValueKind.Object) return null;
            foreach (var name in names)
            {
                if (!root.TryGetProperty(name, out var p)) continue;
                var value = p.ValueKind switch
                {
                    JsonValueKind.String => p.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => p.GetRawText(),
                    _ => null,
                };
                if (!string.IsNullOrWhiteSpace(value)) return value;
            }
            return null;
        }
        string? Amount(string name = "amount")
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out var p) || p.ValueKind != JsonValueKind.Number) return null;
            return string.Create(CultureInfo.InvariantCulture, $"{p.GetDecimal():N2}") + (S("currency") is { } c ? " " + c : "");
        }
        static string With(string title, string? value) => value is null ? title : $"{title}: {value}";
        static string? Join(params string?[] parts) => parts.Any(p => p is not null) ? string.Join(" · ", parts.OfType<string>()) : null;

        return type switch
        {
            EventTypes.DealTermsUpdated => (
                "Deal terms updated" + (S("number") is { } n ? $" (version {n}" + (S("effectiveFrom") is { } f ? $", effective {f})" : ")") : ""),
                S("old") is { } old ? $"{old} → {S("new")}" : S("new")),
            EventTypes.CommissionApproved => (With("Commission approved", Amount()), Join(Period(S("periodStart"), S("periodEnd")), S("basis"))),
            EventTypes.CommissionRejected => (With("Commission rejected", Amount()), S("reason") is { } r ? $"Reason: {r}" : null),
            EventTypes.PayoutProcessed => (With("Payout paid", Amount()), Join(S("reference") is { } rf ? $"Reference {rf}" : null, S("method"))),
            EventTypes.PayoutStatusChanged => (
                (S("status", "after", "to") is { } st ? $"Payout {st.ToLowerInvariant()}" : "Payout status changed") + (Amount() is { } a ? $": {a}" : ""),
                Join(S("before", "from") is { } from ? $"Was {from}" : null, S("reason") is { } why ? $"Reason: {why}" : null,
                    S("reference") is { } rf2 ? $"Reference {rf2}" : null)),
            EventTypes.PayoutThresholdReached => (With("Payout threshold reached", Amount("balance")), null),
            EventTypes.KycRequired => (With("KYC document requested", S("document")), S("due") is { } due ? $"Due {DateText(due)}" : null),
            EventTypes.TrafficQualityFlagged => ("Traffic quality flagged" + (S("severity") is { } sev ? $" ({sev})" : ""), Join(S("reason"), S("metric"))),
            EventTypes.ManagerReassigned => (With("Manager reassigned", S("to")), S("from") is { } prev ? $"Previously {prev}" : null),
            EventTypes.PartnerCreated => ("Partner created", S("name")),
            EventTypes.PartnerStatusChanged => (With("Status changed", S("after", "to", "status")), S("before", "from") is { } was ? $"Was {was}" : null),
            EventTypes.UplineChanged => ("Upline changed",
                $"From {S("beforeName") ?? (S("before") is { } b ? $"partner #{b}" : "top level")} to {S("afterName") ?? (S("after") is { } af ? $"partner #{af}" : "top level")}"),
            EventTypes.MilestoneAchieved => (With("Milestone reached", S("title")), null),
            EventTypes.DealTermsProposed => (
                (S("mode") == "Apply" ? "Deal terms applied" : "Deal terms proposed") + (S("effectiveFrom") is { } ef ? $" (effective {DateText(ef)}" + (S("deadline") is { } dl ? $", answer by {DateText(dl)})" : ")") : ""),
                Join(S("summary"), S("shortNoticeReason") is { } why ? $"Short notice: {why}" : null)),
            EventTypes.DealTermsAccepted => (
                (S("acknowledged") == "true" ? "Deal terms acknowledged" : "Deal terms accepted") + (S("number") is { } vn ? $" (version {vn})" : ""),
                S("digest") is { } dg ? $"SHA-256 {dg[..Math.Min(12, dg.Length)]}…" : null),
            EventTypes.DealTermsDeclined => ("Deal terms declined", S("reason") is { } why2 ? $"Reason: {why2}" : null),
            EventTypes.DealTermsWithdrawn => ("Deal terms proposal withdrawn", S("summary")),
            EventTypes.DealTermsExpired => (S("applied") == "true" ? "Deal terms proposal expired; new terms applied" : "Deal terms proposal expired; current terms kept", S("summary")),
            EventTypes.DealTermsReminder => ("Deal terms reminder sent", S("deadline") is { } d2 ? $"Answer by {DateText(d2)}" : null),
            _ => (Humanise(type), null),
        };
    }

    private static string? Period(string? start, string? end) =>
        start is null ? null : end is null || end == start ? $"Period {DateText(start)}" : $"Period {DateText(start)} – {DateText(end)}";

    private static string DateText(string iso) =>
        DateTime.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var d) ? Date(d) : iso;

    private static string Date(DateTime d) => d.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>"CommissionApproved" -> "Commission approved".</summary>
    private static string Humanise(string type)
    {
        var sb = new StringBuilder(type.Length + 4);
        for (var i = 0; i < type.Length; i++)
        {
            var c = type[i];
            if (i > 0 && char.IsUpper(c)) sb.Append(' ').Append(char.ToLowerInvariant(c));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>The start of a text as one plain line (whitespace collapsed), cut at a word with an ellipsis. Markdown is not rendered.</summary>
    public static string Excerpt(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        // Bodies are Markdown: show their words, not their syntax (**bold** reads as bold).
        var flat = Messaging.SafeMarkdown.ToPlainText(text);
        if (flat.Length <= max) return flat;
        var cut = flat.LastIndexOf(' ', max - 1);
        return (cut > max / 2 ? flat[..cut] : flat[..(max - 1)]).TrimEnd() + "…";
    }
}
