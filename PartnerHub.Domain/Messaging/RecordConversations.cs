using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Messaging;

/// <summary>
/// Conversations about one record (a payout, commission line, deal version, creative or traffic flag), from either side.
/// "Discuss" opens the newest conversation about the record, or starts one whose first message carries the record's
/// frozen snapshot. A partner may only discuss its own records (re-checked here, whatever the page showed); the threads
/// it starts are flagged <see cref="MessageThread.PartnerRequest"/> for the console. Each start is one transaction with
/// its audit row.
/// </summary>
public sealed class RecordConversations(IDbContextFactory<AppDbContext> factory, TimeProvider clock, IUsageLimiter? limiter = null,
    IMessageSignal? signal = null)
{
    /// <summary>
    /// The newest conversation about the record that the caller can read, or null when there is none yet. Refuses a
    /// record of another partner (<see cref="AccessDeniedException"/> for a partner).
    /// </summary>
    public async Task<long?> FindAsync(Actor actor, int partnerId, LinkedRecordType type, string recordId, CancellationToken ct = default)
    {
        RequireMayDiscuss(actor, partnerId);
        await using var db = await factory.CreateDbContextAsync(ct);
        var record = await LoadOwnedAsync(db, actor, partnerId, type, recordId, ct);
        return await NewestAsync(db, partnerId, type, record.Id, ct);
    }

    /// <summary>
    /// Asks about the record: adds <paramref name="body"/> to the newest conversation about it, or starts one (in the same
    /// transaction as the check, so two quick clicks do not make two threads). Returns the thread id.
    /// </summary>
    public Task<long> DiscussAsync(Actor actor, int partnerId, LinkedRecordType type, string recordId, string body, CancellationToken ct = default) =>
        WriteAsync(actor, partnerId, type, recordId, body, reuse: true, ct);

    /// <summary>Always starts a new conversation about the record, with a first message carrying its snapshot.</summary>
    public Task<long> StartAsync(Actor actor, int partnerId, LinkedRecordType type, string recordId, string body, CancellationToken ct = default) =>
        WriteAsync(actor, partnerId, type, recordId, body, reuse: false, ct);

    private async Task<long> WriteAsync(Actor actor, int partnerId, LinkedRecordType type, string recordId, string body, bool reuse,
        CancellationToken ct)
    {
        RequireMayDiscuss(actor, partnerId);
        limiter?.Acquire(actor, LimitedAction.SendMessage, nameof(Message.Body));

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await db.Partners.AnyAsync(p => p.Id == partnerId, ct)) throw new NotFoundException("Partner not found.");
        await PortalBlock.RequireOpenAsync(db, actor, now, ct);
        var record = await LoadOwnedAsync(db, actor, partnerId, type, recordId, ct);
        if (type == LinkedRecordType.Creative && !await ThreadAccess.CanSeeCreativeAsync(db, actor, record.Id, DateOnly.FromDateTime(now), ct))
            throw actor.IsPartner ? new NotFoundException("The record was not found.") : new DomainException("This creative is not shown to the partner.");
        Message.ValidateBody(body);

        var author = actor.IsPartner ? MessageAuthorKind.Partner : MessageAuthorKind.Operator;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existingId = reuse ? await NewestAsync(db, partnerId, type, record.Id, ct) : null;
        var thread = existingId is { } id
            ? await db.MessageThreads.SingleAsync(t => t.Id == id, ct)
            : MessageThread.AboutRecord(partnerId, type, record.Id, record.Subject, now, actor.UserId, partnerRequest: actor.IsPartner);
        if (existingId is null)
        {
            if (actor.IsPartner) await MessagingService.AssignToAccountManagerAsync(db, thread, ct);
            db.MessageThreads.Add(thread);
            await db.SaveChangesAsync(ct);
        }

        var message = new Message(thread.Id, author, actor.UserId, actor.IsPartner ? actor.PartnerId : null, body, now);
        message.LinkRecord(type, record.Id, record.SnapshotJson);
        db.Messages.Add(message);
        thread.OnMessage(author, now);
        await db.SaveChangesAsync(ct);
        await MessageEvents.AppendAsync(db, thread, message, actor, now, ct);
        db.Audit(actor, now, "message.sent", nameof(Message), message.Id, partnerId,
            new
            {
                threadId = thread.Id, kind = thread.Kind, recordType = type, recordId = record.Id, snapshot = record.SnapshotJson,
                partnerRequest = thread.PartnerRequest, newThread = existingId is null, body = message.Body,
            });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        signal?.Changed(new MessageChange(thread.Id, thread.PartnerId, thread.CounterpartPartnerId, message.Id, MessageChangeKind.Sent,
            actor.UserId, actor.IsOperator, thread.AssignedToId));
        return thread.Id;
    }

    /// <summary>A partner discusses only its own records; Admins and Managers any partner's; Compliance reads only.</summary>
    private static void RequireMayDiscuss(Actor actor, int partnerId)
    {
        if (actor.IsPartner)
        {
            if (actor.PartnerId != partnerId) throw new AccessDeniedException();
        }
        else actor.RequireWriter();
    }

    private static async Task<RecordSnapshots.Loaded> LoadOwnedAsync(AppDbContext db, Actor actor, int partnerId, LinkedRecordType type,
        string recordId, CancellationToken ct)
    {
        var record = await RecordSnapshots.LoadAsync(db, type, recordId, ct) ?? throw new NotFoundException("The record was not found.");
        if (record.OwnerPartnerId is { } owner && owner != partnerId)
        {
            if (actor.IsPartner) throw new AccessDeniedException();
            throw new DomainException("This record does not belong to the partner.");
        }
        return record;
    }

    private static Task<long?> NewestAsync(AppDbContext db, int partnerId, LinkedRecordType type, string recordId, CancellationToken ct) =>
        db.MessageThreads.Where(t => t.PartnerId == partnerId && t.Kind == ThreadKind.Record && t.RecordType == type && t.RecordId == recordId)
            .OrderByDescending(t => t.LastMessageAt).ThenByDescending(t => t.Id)
            .Select(t => (long?)t.Id).FirstOrDefaultAsync(ct);
}
