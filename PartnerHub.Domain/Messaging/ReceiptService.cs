using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Domain.Messaging;

/// <summary>
/// Read receipts: the one place a thread is marked read. Reading a thread (<see cref="MessagingService.GetThreadAsync"/>) writes
/// nothing; the page that shows messages marks what it shows, authorised exactly like the read.
/// </summary>
public sealed class ReceiptService(IDbContextFactory<AppDbContext> factory, TimeProvider clock, IMessageSignal? signal = null)
{
    /// <summary>
    /// Marks read, for the caller, the page <see cref="MessagingService.GetThreadAsync"/> shows with the same
    /// <paramref name="beforeMessageId"/> and <paramref name="take"/>: one set-based insert of the missing receipts (never one for
    /// the caller's own messages), audited as <c>message.read</c> with the page's ids, in one transaction. Returns the number of
    /// messages newly read. Reading the newest page also clears the caller's <see cref="ThreadUnreadMark"/> on the thread.
    /// </summary>
    public async Task<int> MarkReadAsync(Actor actor, long threadId, long? beforeMessageId, int take, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        take = Math.Clamp(take, 1, MessagingService.MaxPageSize);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var thread = await db.MessageThreads.AsNoTracking().SingleOrDefaultAsync(t => t.Id == threadId, ct)
            ?? throw new NotFoundException("Thread not found.");
        var access = await ThreadAccess.OfAsync(db, actor, thread, DateOnly.FromDateTime(now), ct);
        if (!access.Read) throw new AccessDeniedException();
        await PortalBlock.RequireOpenAsync(db, actor, now, ct);

        var page = db.Messages.Where(m => m.ThreadId == threadId);
        if (beforeMessageId is { } before) page = page.Where(m => m.Id < before);
        var ids = await page.OrderByDescending(m => m.Id).Take(take).Select(m => m.Id).ToListAsync(ct);
        // Opening the thread again (its newest page) ends the caller's own "mark unread".
        var unmarked = beforeMessageId is null
            ? await db.ThreadUnreadMarks.Where(m => m.ThreadId == threadId && m.UserId == actor.UserId).ExecuteDeleteAsync(ct)
            : 0;
        if (ids.Count == 0) return 0;
        ids.Reverse();

        var userId = actor.UserId;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var read = await db.ExecuteAsync(ReceiptsStatement(db, ids, userId, actor.IsOperator, now), ct);
        db.Audit(actor, now, "message.read", nameof(MessageThread), thread.Id, thread.PartnerId, new { messageIds = ids.ToArray() });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (read > 0 || unmarked > 0)
            signal?.Changed(new MessageChange(thread.Id, thread.PartnerId, thread.CounterpartPartnerId, ids[^1], MessageChangeKind.Read,
                userId, actor.IsOperator));
        return read;
    }

    /// <summary>
    /// The receipts a reader writes on opening these messages: one <c>INSERT ... SELECT</c> of the ones not written by the reader
    /// and not yet read by them (see <see cref="SetBasedInsert"/>).
    /// </summary>
    internal static SetBasedStatement ReceiptsStatement(AppDbContext db, IReadOnlyList<long> ids, string userId, bool isOperator, DateTime now)
    {
        var unread = db.Messages
            .Where(m => ids.Contains(m.Id) && (m.AuthorUserId == null || m.AuthorUserId != userId)
                && !db.MessageReceipts.Any(r => r.MessageId == m.Id && r.UserId == userId))
            .Select(m => m.Id);
        return db.InsertFromStatement<MessageReceipt, long>(unread, r => r.MessageId,
        [
            SetBasedInsert.Set<MessageReceipt>(r => r.UserId, userId),
            SetBasedInsert.Set<MessageReceipt>(r => r.IsOperator, isOperator),
            SetBasedInsert.Set<MessageReceipt>(r => r.ReadAt, now),
        ]);
    }
}
