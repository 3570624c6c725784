using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Domain.Messaging;

/// <summary>
/// Operators' internal notes on a partner (on the profile, or written in one of its threads), each audited in the same
/// transaction as the change. A mentioned operator gets an in-app notification addressed to that user only; partners
/// never read notes nor are told about them.
/// </summary>
public sealed class NoteService(IDbContextFactory<AppDbContext> factory, TimeProvider clock, NotificationWriter? notifications = null)
{
    public const int MaxNotificationBody = 500;

    /// <summary>
    /// An operators-only note on a partner, optionally in one of its threads (<paramref name="threadId"/>) and mentioning
    /// other operators, who are notified (after the commit, their bell is told).
    /// </summary>
    public async Task<long> AddNoteAsync(Actor actor, int partnerId, string body, IReadOnlyCollection<string> mentionUserIds,
        CancellationToken ct = default, long? threadId = null)
    {
        actor.RequireOperator();
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var partnerName = await db.Partners.Where(p => p.Id == partnerId).Select(p => p.Name).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Partner not found.");
        if (threadId is { } tid && !await db.MessageThreads.AnyAsync(t => t.Id == tid && (t.PartnerId == partnerId || t.CounterpartPartnerId == partnerId), ct))
            throw new NotFoundException("Thread not found.");
        var mentions = mentionUserIds.Where(id => !string.IsNullOrWhiteSpace(id)).Distinct().ToList();
        if (mentions.Count > 0)
        {
            var operators = await OperatorUsers(db).Where(u => mentions.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);
            if (mentions.Except(operators).Any()) throw new DomainException("Only operators can be mentioned in a note.", "Mentions");
        }

        var note = new InternalNote(partnerId, actor.UserId, body, now, threadId);
        foreach (var id in mentions) note.Mention(id);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.InternalNotes.Add(note);
        await db.SaveChangesAsync(ct);
        db.Audit(actor, now, "note.added", nameof(InternalNote), note.Id, partnerId, new { body = note.Body, mentions, threadId });
        await db.SaveChangesAsync(ct);
        IReadOnlyList<Notification> written = [];
        var notify = mentions.Where(id => id != actor.UserId).ToList();
        if (notifications is not null && notify.Count > 0)
        {
            var author = await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) ?? "An operator";
            var title = Truncate($"{author} mentioned you in a note on {partnerName}", 200);
            var text = Truncate(note.Body, MaxNotificationBody);
            var link = threadId is { } t ? $"/console/messages/{t}" : $"/console/partners/{partnerId}?tab=notes";
            written = await notifications.WriteAsync(db, notify.Select(id => new Notification(Notification.UserKey(id), null, id,
                NotificationCategory.Messages, title, text, link, now, now)).ToList(), now, ct);
        }
        await tx.CommitAsync(ct);
        notifications?.Signal(written, now);
        return note.Id;
    }

    /// <summary>
    /// The notes on a partner, newest first, or only those written in <paramref name="threadId"/>. Operators only:
    /// a partner's call is refused.
    /// </summary>
    public async Task<IReadOnlyList<NoteView>> NotesAsync(Actor actor, int partnerId, CancellationToken ct = default, long? threadId = null)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.InternalNotes.AsNoTracking().Include(n => n.Mentions).Where(n => n.PartnerId == partnerId);
        if (threadId is { } tid) query = query.Where(n => n.ThreadId == tid);
        var notes = await query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).ToListAsync(ct);
        var userIds = notes.Select(n => n.AuthorId).Concat(notes.SelectMany(n => n.Mentions.Select(m => m.UserId))).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var threadIds = notes.Where(n => n.ThreadId != null).Select(n => n.ThreadId!.Value).Distinct().ToList();
        var threads = threadIds.Count == 0 ? [] : await db.MessageThreads.AsNoTracking().Where(t => threadIds.Contains(t.Id)).ToListAsync(ct);
        var titles = await RecordTitles.OfThreadsAsync(db, threads, ct);
        return notes.Select(n => new NoteView(n.Id, n.PartnerId, n.AuthorId, names.GetValueOrDefault(n.AuthorId) ?? n.AuthorId, n.Body, n.CreatedAt,
            n.Mentions.Select(m => new MentionView(m.UserId, names.GetValueOrDefault(m.UserId) ?? m.UserId)).ToList(),
            n.ThreadId, n.ThreadId is { } t ? titles.GetValueOrDefault(t) : null)).ToList();
    }

    /// <summary>The operators a note may mention, by name. Operators only.</summary>
    public async Task<IReadOnlyList<MentionView>> MentionableAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await OperatorUsers(db).Select(u => new MentionView(u.Id, u.DisplayName)).ToListAsync(ct);
        return rows.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.UserId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Users without a partner who hold an operator role.</summary>
    private static IQueryable<ApplicationUser> OperatorUsers(AppDbContext db)
    {
        var operatorRoles = Roles.Operators.ToList();
        return db.Users.Where(u => u.PartnerId == null && db.UserRoles.Any(ur => ur.UserId == u.Id
            && db.Roles.Any(r => r.Id == ur.RoleId && operatorRoles.Contains(r.Name!))));
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
