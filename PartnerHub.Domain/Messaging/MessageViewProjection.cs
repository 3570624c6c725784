using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Domain.Messaging;

/// <summary>Turns a page of messages into what the caller may see of them: names, receipts, revisions, retracted text hidden.</summary>
internal static class MessageViewProjection
{
    public static async Task<List<MessageView>> LoadAsync(AppDbContext db, Actor actor, MessageThread thread, IReadOnlyList<Message> page,
        bool seesRevisions, CancellationToken ct)
    {
        var ids = page.Select(m => m.Id).ToList();
        var receipts = await db.MessageReceipts.AsNoTracking().Where(r => ids.Contains(r.MessageId)).ToListAsync(ct);
        var userIds = page.Where(m => m.AuthorUserId != null).Select(m => m.AuthorUserId!)
            .Concat(receipts.Select(r => r.UserId)).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.PartnerId }).ToDictionaryAsync(u => u.Id, ct);
        var partnerIds = page.Where(m => m.AuthorKind == MessageAuthorKind.Partner).Select(m => m.AuthorPartnerId ?? thread.PartnerId).Distinct().ToList();
        var partnerNames = partnerIds.Count == 0 ? new Dictionary<int, string>()
            : await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var receiptsByMessage = receipts.ToLookup(r => r.MessageId);
        // "Emailed 10:42": the first sent email that carried each message (operator-side state, never shown to partners).
        var emailed = actor.IsPartner ? [] : await (from em in db.EmailedMessages
                                                    where ids.Contains(em.MessageId)
                                                    join n in db.Notifications on em.NotificationId equals n.Id
                                                    where n.EmailSentAt != null
                                                    group n.EmailSentAt by em.MessageId into g
                                                    select new { MessageId = g.Key, At = g.Min() }).ToDictionaryAsync(x => x.MessageId, x => x.At, ct);
        var mySide = actor.IsPartner ? actor.PartnerId : null;

        return page.Select(m =>
        {
            var hidden = actor.IsPartner && m.RetractedAt is not null;
            var readers = receiptsByMessage[m.Id].Where(r => r.UserId != m.AuthorUserId).ToList();
            // The other side: operators for a partner's direct/record thread; on a downline thread, the other IB.
            var otherSide = readers.Where(r => actor.IsPartner
                    ? (thread.Kind == ThreadKind.Downline
                        ? !r.IsOperator && users.TryGetValue(r.UserId, out var u) && u.PartnerId != mySide
                        : r.IsOperator)
                    : !r.IsOperator)
                .Select(r => (DateTime?)r.ReadAt).Min();
            return new MessageView(
                m.Id,
                m.AuthorKind,
                AuthorName(m, m.AuthorUserId is { } a && users.TryGetValue(a, out var author) ? author.DisplayName : null,
                    partnerNames.GetValueOrDefault(m.AuthorPartnerId ?? thread.PartnerId)),
                m.AuthorUserId == actor.UserId,
                hidden ? null : m.Body,
                m.SentAt,
                m.EditedAt is not null,
                m.EditedAt,
                m.RetractedAt is not null,
                m.RetractedAt,
                m.RecordType,
                m.RecordId,
                hidden ? null : m.RecordSnapshot,
                m.BroadcastId,
                hidden ? [] : m.Attachments.Select(x => new AttachmentView(x.Id, x.FileName, x.ContentType, x.SizeBytes)).ToList(),
                seesRevisions ? m.Revisions.OrderBy(r => r.ReplacedAt).Select(r => new RevisionView(r.Body, r.WrittenAt, r.ReplacedAt)).ToList() : null,
                actor.IsPartner ? [] : readers.OrderBy(r => r.ReadAt)
                    .Select(r => new ReceiptView(r.UserId, users.TryGetValue(r.UserId, out var ru) ? ru.DisplayName : r.UserId, r.IsOperator, r.ReadAt)).ToList(),
                otherSide,
                emailed.GetValueOrDefault(m.Id),
                m.Channel,
                hidden ? null : m.ChannelNote);
        }).ToList();
    }

    public const string SystemName = "PartnerHub";
    public const string ProgramTeamName = "Program team";

    /// <summary>
    /// Who wrote a message, as both sides see it: the author's display name; for a partner without a login (or a blank name)
    /// the partner's name; an operator without a known user is "Program team"; system messages are "PartnerHub".
    /// </summary>
    public static string AuthorName(Message m, string? userDisplayName, string? partnerName) => m.AuthorKind switch
    {
        MessageAuthorKind.System => SystemName,
        _ when !string.IsNullOrWhiteSpace(userDisplayName) => userDisplayName,
        MessageAuthorKind.Partner => string.IsNullOrWhiteSpace(partnerName) ? "Partner" : partnerName,
        _ => ProgramTeamName,
    };
}
