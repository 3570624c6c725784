using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Domain.Data;

/// <summary>
/// The rows each retention kind covers, for <see cref="RetentionService"/>: which partners have any, and the set-based deletes
/// (<c>ExecuteDelete</c>, children before parents) that remove a batch of partners' rows. They reach across features' tables,
/// so they live with the model here rather than in Compliance. <c>ExecuteDelete</c> bypasses the context's guard on
/// immutable rows, which is what a purge past its retention period intends; the message search index follows the deletes
/// through its triggers (SQLite FTS) or its generated column (PostgreSQL).
/// </summary>
public static class RetentionRows
{
    public static Expression<Func<Partner, bool>> HasRows(AppDbContext db, RetentionKind kind) => kind switch
    {
        RetentionKind.Conversations => p => db.MessageThreads.Any(t => t.PartnerId == p.Id) || db.InternalNotes.Any(n => n.PartnerId == p.Id),
        RetentionKind.AnnouncementLedger => p => db.AnnouncementRecipients.Any(r => r.PartnerId == p.Id)
            || db.AnnouncementAcknowledgements.Any(a => a.PartnerId == p.Id),
        RetentionKind.Notifications => p => db.Notifications.Any(n => n.RecipientPartnerId == p.Id || n.AboutPartnerId == p.Id
            || db.Users.Any(u => u.PartnerId == p.Id && u.Id == n.RecipientUserId)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "The audit log is never purged."),
    };

    public sealed record Step(string Table, Func<AppDbContext, List<int>, CancellationToken, Task<int>> Delete);

    private static Step StepOf<T>(string table, Func<AppDbContext, List<int>, IQueryable<T>> rows) =>
        new(table, (db, ids, ct) => rows(db, ids).ExecuteDeleteAsync(ct));

    private static IQueryable<long> ConversationThreads(AppDbContext db, List<int> ids) =>
        db.MessageThreads.Where(t => ids.Contains(t.PartnerId)).Select(t => t.Id);

    private static IQueryable<long> ConversationMessages(AppDbContext db, List<int> ids)
    {
        var threads = ConversationThreads(db, ids);
        return db.Messages.Where(m => threads.Contains(m.ThreadId)).Select(m => m.Id);
    }

    /// <summary>The files in the store of the partners' conversations' attachments (removed after the purge commits).</summary>
    public static IQueryable<string> AttachmentPaths(AppDbContext db, List<int> ids) => ConversationAttachments(db, ids).Select(a => a.StoragePath);

    private static IQueryable<MessageAttachment> ConversationAttachments(AppDbContext db, List<int> ids)
    {
        var messages = ConversationMessages(db, ids);
        return db.MessageAttachments.Where(a => messages.Contains(a.MessageId));
    }

    private static IQueryable<InternalNote> PartnerNotes(AppDbContext db, List<int> ids)
    {
        var threads = ConversationThreads(db, ids);
        return db.InternalNotes.Where(n => ids.Contains(n.PartnerId) || (n.ThreadId != null && threads.Contains(n.ThreadId.Value)));
    }

    private static IQueryable<Notification> PartnerNotifications(AppDbContext db, List<int> ids)
    {
        var users = db.Users.Where(u => u.PartnerId != null && ids.Contains(u.PartnerId.Value)).Select(u => u.Id);
        return db.Notifications.Where(n => (n.RecipientPartnerId != null && ids.Contains(n.RecipientPartnerId.Value))
            || (n.AboutPartnerId != null && ids.Contains(n.AboutPartnerId.Value))
            || (n.RecipientUserId != null && users.Contains(n.RecipientUserId)));
    }

    /// <summary>What each kind deletes, children before parents (the order the deletes run in).</summary>
    public static IReadOnlyList<Step> Steps(RetentionKind kind) => kind switch
    {
        RetentionKind.Conversations => ConversationSteps,
        RetentionKind.AnnouncementLedger => LedgerSteps,
        RetentionKind.Notifications => NotificationSteps,
        _ => [],
    };

    private static readonly IReadOnlyList<Step> ConversationSteps =
    [
        StepOf("EmailedMessages", (db, ids) => { var m = ConversationMessages(db, ids); return db.EmailedMessages.Where(x => m.Contains(x.MessageId)); }),
        StepOf("InboundMails", (db, ids) =>
        {
            var t = ConversationThreads(db, ids);
            var m = ConversationMessages(db, ids);
            return db.InboundMails.Where(x => (x.ThreadId != null && t.Contains(x.ThreadId.Value)) || (x.MessageId != null && m.Contains(x.MessageId.Value)));
        }),
        StepOf("MessageReceipts", (db, ids) => { var m = ConversationMessages(db, ids); return db.MessageReceipts.Where(x => m.Contains(x.MessageId)); }),
        StepOf("MessageRevisions", (db, ids) => { var m = ConversationMessages(db, ids); return db.MessageRevisions.Where(x => m.Contains(x.MessageId)); }),
        StepOf("MessageAttachments", ConversationAttachments),
        StepOf("NoteMentions", (db, ids) => { var n = PartnerNotes(db, ids).Select(x => x.Id); return db.NoteMentions.Where(x => n.Contains(x.NoteId)); }),
        StepOf("InternalNotes", PartnerNotes),
        StepOf("ThreadUnreadMarks", (db, ids) => { var t = ConversationThreads(db, ids); return db.ThreadUnreadMarks.Where(x => t.Contains(x.ThreadId)); }),
        StepOf("ReplyAddresses", (db, ids) => { var t = ConversationThreads(db, ids); return db.ReplyAddresses.Where(x => t.Contains(x.ThreadId)); }),
        StepOf("Messages", (db, ids) => { var t = ConversationThreads(db, ids); return db.Messages.Where(x => t.Contains(x.ThreadId)); }),
        StepOf("MessageThreads", (db, ids) => db.MessageThreads.Where(x => ids.Contains(x.PartnerId))),
    ];

    private static readonly IReadOnlyList<Step> LedgerSteps =
    [
        StepOf("AnnouncementAcknowledgements", (db, ids) => db.AnnouncementAcknowledgements.Where(x => ids.Contains(x.PartnerId))),
        StepOf("AnnouncementRecipients", (db, ids) => db.AnnouncementRecipients.Where(x => ids.Contains(x.PartnerId))),
    ];

    private static readonly IReadOnlyList<Step> NotificationSteps =
    [
        StepOf("EmailedMessages", (db, ids) => { var n = PartnerNotifications(db, ids).Select(x => x.Id); return db.EmailedMessages.Where(x => n.Contains(x.NotificationId)); }),
        StepOf("Notifications", PartnerNotifications),
    ];

}
