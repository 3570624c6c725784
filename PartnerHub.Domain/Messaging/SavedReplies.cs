using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Messaging;

/// <summary>A saved reply as the caller sees it; <see cref="CanEdit"/>: the caller may change or delete it.</summary>
public sealed record SavedReplyView(long Id, string Title, string Body, bool IsShared, string? OwnerName, DateTime UpdatedAt, int Version, bool CanEdit);

/// <summary>
/// Operators' saved replies: the shared ones and the caller's own. Personal replies are their owner's alone; shared ones are
/// written by Admins and Managers; Compliance writes none. Every change is audited in its transaction and refused when the
/// reply changed since it was read (<see cref="SavedReply.Version"/>). <see cref="FillAsync"/> gives the text a reply sends in
/// one thread (see <see cref="ReplyPlaceholders"/>).
/// </summary>
public sealed class SavedReplies(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    /// <summary>Shared replies and the caller's own, by title.</summary>
    public async Task<IReadOnlyList<SavedReplyView>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await (
                from r in db.SavedReplies.AsNoTracking()
                where r.OwnerId == null || r.OwnerId == actor.UserId
                join u in db.Users on r.OwnerId equals u.Id into owners
                from u in owners.DefaultIfEmpty()
                select new { Reply = r, OwnerName = u != null ? u.DisplayName : null })
            .ToListAsync(ct);
        return rows.Select(x => View(actor, x.Reply, x.OwnerName))
            .OrderBy(v => v.Title, StringComparer.CurrentCultureIgnoreCase).ThenBy(v => v.Id).ToList();
    }

    /// <summary>Saves a new reply, shared with the team or the caller's own. Returns its id.</summary>
    public async Task<long> CreateAsync(Actor actor, bool shared, string title, string body, CancellationToken ct = default)
    {
        actor.RequireWriter();
        ReplyPlaceholders.Validate(body);
        var now = Now();
        var reply = new SavedReply(shared ? null : actor.UserId, title, body, actor.UserId, now);
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.SavedReplies.Add(reply);
        await db.SaveChangesAsync(ct);
        db.Audit(actor, now, "saved_reply.created", nameof(SavedReply), reply.Id, null, new { reply.Title, reply.Body, shared });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return reply.Id;
    }

    /// <summary>Changes a reply the caller may edit, unless someone changed it since <paramref name="expectedVersion"/> was read.</summary>
    public async Task UpdateAsync(Actor actor, long id, int expectedVersion, string title, string body, CancellationToken ct = default)
    {
        ReplyPlaceholders.Validate(body);
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var reply = await LoadEditableAsync(db, actor, id, expectedVersion, ct);
        var before = new { reply.Title, reply.Body };
        reply.Change(title, body, now);
        db.Audit(actor, now, "saved_reply.changed", nameof(SavedReply), reply.Id, null, new { before, after = new { reply.Title, reply.Body } });
        await SaveAsync(db, ct);
    }

    /// <summary>Deletes a reply the caller may edit, unless someone changed it since <paramref name="expectedVersion"/> was read.</summary>
    public async Task DeleteAsync(Actor actor, long id, int expectedVersion, CancellationToken ct = default)
    {
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var reply = await LoadEditableAsync(db, actor, id, expectedVersion, ct);
        db.SavedReplies.Remove(reply);
        db.Audit(actor, now, "saved_reply.deleted", nameof(SavedReply), reply.Id, null, new { reply.Title, reply.Body, shared = reply.IsShared });
        await SaveAsync(db, ct);
    }

    /// <summary>
    /// The reply's text for <paramref name="threadId"/>, its placeholders filled from the thread's partner and record: what is
    /// previewed, put in the composer, and sent. For operators who may write in the thread.
    /// </summary>
    public async Task<string> FillAsync(Actor actor, long replyId, long threadId, CancellationToken ct = default)
    {
        actor.RequireWriter();
        await using var db = await factory.CreateDbContextAsync(ct);
        var reply = await db.SavedReplies.AsNoTracking().SingleOrDefaultAsync(r => r.Id == replyId && (r.OwnerId == null || r.OwnerId == actor.UserId), ct)
            ?? throw new NotFoundException("Saved reply not found.");
        var thread = await db.MessageThreads.AsNoTracking().SingleOrDefaultAsync(t => t.Id == threadId, ct) ?? throw new NotFoundException("Thread not found.");
        await ThreadAccess.RequireAsync(db, actor, thread, write: true, DateOnly.FromDateTime(Now()), ct);
        var values = await ReplyPlaceholders.ValuesAsync(db, thread, ct);
        return ReplyPlaceholders.Fill(reply.Body, values, thread.Kind == ThreadKind.Record ? thread.RecordType : null);
    }

    private static async Task<SavedReply> LoadEditableAsync(AppDbContext db, Actor actor, long id, int expectedVersion, CancellationToken ct)
    {
        actor.RequireWriter();
        var reply = await db.SavedReplies.SingleOrDefaultAsync(r => r.Id == id && (r.OwnerId == null || r.OwnerId == actor.UserId), ct)
            ?? throw new NotFoundException("Saved reply not found.");
        if (reply.Version != expectedVersion) throw Stale();
        return reply;
    }

    private static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Stale();
        }
    }

    private static DomainException Stale() => new("This saved reply was changed by someone else; reload it.");

    private static SavedReplyView View(Actor actor, SavedReply r, string? ownerName) =>
        new(r.Id, r.Title, r.Body, r.IsShared, ownerName, r.UpdatedAt, r.Version,
            actor.CanWrite && (r.IsShared || r.OwnerId == actor.UserId));

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
