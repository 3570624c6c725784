using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Messaging;

public enum InboxSort { NewestActivity = 0, LongestUnanswered = 1 }

/// <summary>
/// Which threads the inbox lists. Every state but <see cref="Downline"/> leaves out the threads between a master IB and its
/// sub-IBs, which the program team does not answer.
/// </summary>
public enum InboxState
{
    /// <summary>Not done and not snoozed (a snooze that has passed is open again).</summary>
    Open = 0,
    Done = 1,
    /// <summary>Snoozed until a time still to come.</summary>
    Snoozed = 2,
    /// <summary>Master IB and sub-IB threads only.</summary>
    Downline = 3,
    /// <summary>Every program-team thread, whatever its state.</summary>
    All = 4,
}

/// <summary>Filters of the console inbox.</summary>
public sealed record InboxQuery
{
    public InboxState State { get; init; }
    /// <summary>Threads with messages not written by the caller and not yet read by the caller, or that the caller marked unread.</summary>
    public bool UnreadOnly { get; init; }
    /// <summary>Threads whose partner's latest message has no operator reply (never a downline thread).</summary>
    public bool Unanswered { get; init; }
    /// <summary>With <see cref="Unanswered"/>: waiting at least this many hours.</summary>
    public int? MinHours { get; init; }
    public bool AssignedToMe { get; init; }
    public bool Unassigned { get; init; }
    public Vertical? Vertical { get; init; }
    public bool RecordLinkedOnly { get; init; }
    /// <summary>Partner name or email contains this text.</summary>
    public string? Search { get; init; }
    public InboxSort Sort { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

/// <summary>
/// One thread in the console inbox, with the caller's unread count (and whether the caller marked it unread), its triage state,
/// and a plain-text preview of its latest message with the author's name. <see cref="Version"/> is what triage sends back.
/// </summary>
public sealed record InboxRow(
    long ThreadId, int PartnerId, string PartnerName, Vertical Vertical, string Subject, ThreadKind Kind,
    LinkedRecordType? RecordType, DateTime? LastMessageAt, DateTime? AwaitingReplySince, int? UnansweredHours,
    string? AssignedToId, string? AssignedToName, int UnreadCount)
{
    public TimeSpan? WaitingFor { get; init; }
    public bool MarkedUnread { get; init; }
    public bool PartnerRequest { get; init; }
    public DateTime? DoneAt { get; init; }
    public DateTime? SnoozedUntil { get; init; }
    public int Version { get; init; }
    /// <summary>The latest message shown to operators, as one line of plain text (no Markdown); null before the first message.</summary>
    public string? Preview { get; init; }
    public string? PreviewAuthor { get; init; }

    /// <summary>Unread for the caller: messages they have not read, or their own "mark unread".</summary>
    public bool IsUnread => UnreadCount > 0 || MarkedUnread;
    /// <summary>Snoozed at <paramref name="now"/> (a passed snooze is open again).</summary>
    public bool IsSnoozedAt(DateTime now) => DoneAt is null && SnoozedUntil > now;
}

/// <summary>The console inbox (every thread), thread assignment, and unread badges for both sides.</summary>
public sealed class InboxQueries(IDbContextFactory<AppDbContext> factory, TimeProvider clock, IMessageSignal? signal = null,
    SharedInboxRows? shared = null)
{
    public const int MaxPageSize = 100;

    public async Task<Page<InboxRow>> ListAsync(Actor actor, InboxQuery q, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(q);
        actor.RequireOperator();
        var now = clock.GetUtcNow().UtcDateTime;
        var userId = actor.UserId;
        await using var db = await factory.CreateDbContextAsync(ct);

        var rows = Rows(db, InState(db.MessageThreads.AsNoTracking(), q.State, now), userId);

        if (q.UnreadOnly) rows = rows.Where(r => r.UnreadCount > 0 || r.MarkedUnread);
        if (q.Unanswered)
        {
            rows = rows.Where(r => r.AwaitingReplySince != null && r.Kind != ThreadKind.Downline);
            if (q.MinHours is { } hours and > 0)
            {
                var cutoff = now.AddHours(-hours);
                rows = rows.Where(r => r.AwaitingReplySince <= cutoff);
            }
        }
        if (q.AssignedToMe) rows = rows.Where(r => r.AssignedToId == userId);
        if (q.Unassigned) rows = rows.Where(r => r.AssignedToId == null);
        if (q.Vertical is { } vertical) rows = rows.Where(r => r.Vertical == vertical);
        if (q.RecordLinkedOnly) rows = rows.Where(r => r.Kind == ThreadKind.Record);
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var like = LikePattern.Contains(q.Search);
            rows = rows.Where(r => EF.Functions.Like(r.PartnerName, like, "\\") || EF.Functions.Like(r.PartnerEmail, like, "\\"));
        }

        var total = await rows.CountAsync(ct);
        rows = q.Sort == InboxSort.LongestUnanswered
            ? rows.OrderBy(r => r.AwaitingReplySince == null).ThenBy(r => r.AwaitingReplySince)
                .ThenByDescending(r => r.LastMessageAt ?? r.CreatedAt).ThenByDescending(r => r.ThreadId)
            : rows.OrderByDescending(r => r.LastMessageAt ?? r.CreatedAt).ThenByDescending(r => r.ThreadId);

        var size = Math.Clamp(q.PageSize, 1, MaxPageSize);
        var page = await rows.Skip(Math.Max(q.Page, 0) * size).Take(size).ToListAsync(ct);
        var previews = await InboxPreviews.LoadAsync(db, page.Select(r => r.ThreadId).ToList(), ct);
        var titles = await TitlesAsync(db, page, ct);
        return new Page<InboxRow>(page.Select(r => r.ToRow(now, previews.GetValueOrDefault(r.ThreadId), titles)).ToList(), total);
    }

    /// <summary>Readable titles of the record threads among <paramref name="rows"/> ("Payout · 12 Oct 2026 · 1,250 USD"), one query per record type.</summary>
    private static Task<IReadOnlyDictionary<RecordKey, string>> TitlesAsync(AppDbContext db, IReadOnlyList<RowData> rows, CancellationToken ct) =>
        RecordTitles.LoadAsync(db, rows.Where(r => r.RecordType is not null && r.RecordId is not null).Select(r => new RecordKey(r.RecordType!.Value, r.RecordId!)), ct);

    /// <summary>The threads of one inbox state (see <see cref="InboxState"/>).</summary>
    private static IQueryable<MessageThread> InState(IQueryable<MessageThread> threads, InboxState state, DateTime now) => state switch
    {
        InboxState.Downline => threads.Where(t => t.Kind == ThreadKind.Downline),
        InboxState.Done => threads.Where(t => t.Kind != ThreadKind.Downline && t.DoneAt != null),
        InboxState.Snoozed => threads.Where(t => t.Kind != ThreadKind.Downline && t.DoneAt == null && t.SnoozedUntil > now),
        InboxState.All => threads.Where(t => t.Kind != ThreadKind.Downline),
        _ => threads.Where(t => t.Kind != ThreadKind.Downline && t.DoneAt == null && (t.SnoozedUntil == null || t.SnoozedUntil <= now)),
    };

    /// <summary>One thread's inbox row (the thread page's header); null when there is no such thread. Operators only.</summary>
    public async Task<InboxRow?> GetAsync(Actor actor, long threadId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await Rows(db, db.MessageThreads.AsNoTracking().Where(t => t.Id == threadId), actor.UserId).SingleOrDefaultAsync(ct);
        if (row is null) return null;
        var previews = await InboxPreviews.LoadAsync(db, [threadId], ct);
        return row.ToRow(clock.GetUtcNow().UtcDateTime, previews.GetValueOrDefault(threadId), await TitlesAsync(db, [row], ct));
    }

    /// <summary>
    /// The row of a thread the caller's page shows (<paramref name="shown"/>) after a live change. The caller's own change re-reads
    /// it; someone else's shares one read with every other page that shows the thread (<see cref="SharedInboxRows"/>), and the
    /// caller's own parts follow from the change: one more unread when someone else sent a message, their "mark unread" as it was.
    /// </summary>
    public async Task<InboxRow?> AfterChangeAsync(Actor actor, MessageChange change, InboxRow shown, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(shown);
        actor.RequireOperator();
        if (shared is null || change.ActorUserId == actor.UserId) return await GetAsync(actor, change.ThreadId, ct);
        var read = await shared.GetOrReadAsync(change, () => GetAsync(actor, change.ThreadId, CancellationToken.None));
        return read is null ? null : read with
        {
            UnreadCount = shown.UnreadCount + (change.Kind == MessageChangeKind.Sent ? 1 : 0),
            MarkedUnread = shown.MarkedUnread,
        };
    }

    /// <summary>The row as a member-init projection, with the caller's unread count (messages not by them, without their receipt).</summary>
    private static IQueryable<RowData> Rows(AppDbContext db, IQueryable<MessageThread> threads, string userId) =>
        from t in threads
        join p in db.Partners on t.PartnerId equals p.Id
        join u in db.Users on t.AssignedToId equals u.Id into assignees
        from u in assignees.DefaultIfEmpty()
        select new RowData
        {
            ThreadId = t.Id, PartnerId = p.Id, PartnerName = p.Name, PartnerEmail = p.Email, Vertical = p.Vertical,
            Subject = t.Subject, Kind = t.Kind, RecordType = t.RecordType, RecordId = t.RecordId, LastMessageAt = t.LastMessageAt,
            CreatedAt = t.CreatedAt, AwaitingReplySince = t.AwaitingReplySince, AssignedToId = t.AssignedToId,
            AssignedToName = u != null ? u.DisplayName : null,
            PartnerRequest = t.PartnerRequest, DoneAt = t.DoneAt, SnoozedUntil = t.SnoozedUntil, Version = t.Version,
            MarkedUnread = db.ThreadUnreadMarks.Any(x => x.ThreadId == t.Id && x.UserId == userId),
            UnreadCount = db.Messages.Count(m => m.ThreadId == t.Id
                && (m.AuthorUserId == null || m.AuthorUserId != userId)
                && !db.MessageReceipts.Any(r => r.MessageId == m.Id && r.UserId == userId)),
        };

    /// <summary>Assigns a thread to a manager (null unassigns). Admins and managers only.</summary>
    public async Task AssignAsync(Actor actor, long threadId, string? managerUserId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.RequireWriter();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var thread = await db.MessageThreads.SingleOrDefaultAsync(t => t.Id == threadId, ct) ?? throw new NotFoundException("Thread not found.");
        if (managerUserId is not null)
        {
            var managerRoleId = db.Roles.Where(r => r.Name == Roles.Manager).Select(r => r.Id);
            var isManager = await db.UserRoles.AnyAsync(ur => ur.UserId == managerUserId && managerRoleId.Contains(ur.RoleId), ct);
            if (!isManager) throw new DomainException("A thread can only be assigned to a manager.", "AssignedToId");
        }
        if (thread.AssignedToId == managerUserId) return;
        var before = thread.AssignedToId;
        thread.AssignTo(managerUserId);
        db.Audit(actor, now, "thread.assigned", nameof(MessageThread), thread.Id, thread.PartnerId,
            new { before, after = managerUserId });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("The thread was changed by someone else; reload and try again.");
        }
        signal?.Changed(new MessageChange(thread.Id, thread.PartnerId, thread.CounterpartPartnerId, 0, MessageChangeKind.Assigned, actor.UserId, ByOperator: true));
    }

    /// <summary>
    /// The caller's unread badge. Operators: partners' messages they have not read in the threads assigned to them or to nobody
    /// (not another operator's threads, not the downline threads between partners).
    /// Partners: messages in the threads they can read, not theirs and not read by them (retracted ones excluded).
    /// </summary>
    public async Task<int> UnreadCountAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var userId = actor.UserId;
        await using var db = await factory.CreateDbContextAsync(ct);
        if (actor.IsOperator)
        {
            return await db.Messages.CountAsync(m => m.AuthorKind == MessageAuthorKind.Partner && m.Thread!.Kind != ThreadKind.Downline
                && (m.Thread.AssignedToId == null || m.Thread.AssignedToId == userId)
                && !db.MessageReceipts.Any(r => r.MessageId == m.Id && r.UserId == userId), ct);
        }
        if (!actor.IsPartner || actor.PartnerId is not { } partnerId) throw new AccessDeniedException();
        var hidden = await ThreadAccess.HiddenFromPartnerAsync(db, actor, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);
        return await db.Messages.CountAsync(m =>
            (m.Thread!.Kind == ThreadKind.Downline
                ? m.Thread.PartnerId == partnerId || m.Thread.CounterpartPartnerId == partnerId
                : m.Thread.PartnerId == partnerId)
            && !hidden.Contains(m.ThreadId)
            && m.RetractedAt == null
            && (m.AuthorUserId == null || m.AuthorUserId != userId)
            && !db.MessageReceipts.Any(r => r.MessageId == m.Id && r.UserId == userId), ct);
    }

    /// <summary>A member-init projection so EF can filter, sort and page on its members in the database.</summary>
    private sealed class RowData
    {
        public long ThreadId { get; init; }
        public int PartnerId { get; init; }
        public string PartnerName { get; init; } = "";
        public string PartnerEmail { get; init; } = "";
        public Vertical Vertical { get; init; }
        public string Subject { get; init; } = "";
        public ThreadKind Kind { get; init; }
        public LinkedRecordType? RecordType { get; init; }
        public string? RecordId { get; init; }
        public DateTime? LastMessageAt { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime? AwaitingReplySince { get; init; }
        public string? AssignedToId { get; init; }
        public string? AssignedToName { get; init; }
        public int UnreadCount { get; init; }
        public bool MarkedUnread { get; init; }
        public bool PartnerRequest { get; init; }
        public DateTime? DoneAt { get; init; }
        public DateTime? SnoozedUntil { get; init; }
        public int Version { get; init; }

        public InboxRow ToRow(DateTime now, InboxPreview? preview, IReadOnlyDictionary<RecordKey, string> titles)
        {
            TimeSpan? waiting = AwaitingReplySince is { } since ? now - since < TimeSpan.Zero ? TimeSpan.Zero : now - since : null;
            var subject = RecordType is { } type && RecordId is { } id && titles.TryGetValue(new RecordKey(type, id), out var title) ? title : Subject;
            return new(ThreadId, PartnerId, PartnerName, Vertical, subject, Kind, RecordType, LastMessageAt, AwaitingReplySince,
                waiting is { } w ? (int)w.TotalHours : null, AssignedToId, AssignedToName, UnreadCount)
            {
                WaitingFor = waiting, MarkedUnread = MarkedUnread, PartnerRequest = PartnerRequest, DoneAt = DoneAt,
                SnoozedUntil = SnoozedUntil, Version = Version, Preview = preview?.Text, PreviewAuthor = preview?.Author,
            };
        }
    }
}
