using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Messaging;

/// <summary>
/// Direct, record-linked and downline conversations. Every method
/// re-checks who may read or write the thread with the <see cref="Actor"/> passed in; every send,
/// edit and retraction is audited in the same transaction (reads: <see cref="ReceiptService"/>) as the change. Sends and uploads count against the
/// sender's limits (<see cref="IUsageLimiter"/>), refused at the composer's field with when to try again.
/// </summary>
public sealed class MessagingService(IDbContextFactory<AppDbContext> factory, TimeProvider clock, AttachmentStore? store = null,
    IUsageLimiter? limiter = null, IMessageSignal? signal = null)
{
    public const int MaxPageSize = 100;

    // ---------------------------------------------------------------- threads

    /// <summary>The partner's one thread with the program team, created on first use.</summary>
    public async Task<long> GetOrCreateDirectThreadAsync(Actor actor, int partnerId, CancellationToken ct = default)
    {
        actor.RequireCanRead(partnerId);
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            if (await FindDirectAsync(db, partnerId, ct) is { } existing) return existing;
            if (!await db.Partners.AnyAsync(p => p.Id == partnerId, ct)) throw new NotFoundException("Partner not found.");
            var thread = MessageThread.Direct(partnerId, Now());
            await AssignToAccountManagerAsync(db, thread, ct);
            db.MessageThreads.Add(thread);
            try
            {
                await db.SaveChangesAsync(ct);
                return thread.Id;
            }
            catch (DbUpdateException)
            {
                // Someone else created it between our read and our insert (UX_MessageThreads_Direct).
            }
        }
        await using var again = await factory.CreateDbContextAsync(ct);
        return await FindDirectAsync(again, partnerId, ct) ?? throw new NotFoundException("Partner not found.");
    }

    /// <summary>
    /// Starts a conversation about a payout, commission line, deal version, creative or traffic flag of
    /// <paramref name="partnerId"/>, with a first message carrying a snapshot of the record's key figures (see <see cref="RecordConversations"/>).
    /// </summary>
    public Task<long> StartRecordThreadAsync(Actor actor, int partnerId, LinkedRecordType type, string recordId, string body,
        CancellationToken ct = default) =>
        new RecordConversations(factory, clock, limiter, signal).StartAsync(actor, partnerId, type, recordId, body, ct);

    // ---------------------------------------------------------------- messages

    /// <summary>Adds a message to a thread the caller may write in. Returns the message id.</summary>
    public Task<long> SendAsync(Actor actor, long threadId, string body, CancellationToken ct = default) =>
        SendAsync(actor, threadId, body, [], ct);

    /// <summary>
    /// Adds a message with up to <see cref="MessageAttachment.MaxPerMessage"/> files. Who may write is checked
    /// before any file is read; files are checked (size, type by content) and stored before the message is
    /// written, and removed again if anything fails, so a refused file means no message and no file.
    /// </summary>
    public async Task<long> SendAsync(Actor actor, long threadId, string body, IReadOnlyList<UploadedFile> files, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var author = AuthorOf(actor);
        await using (var check = await factory.CreateDbContextAsync(ct))
        {
            var t = await check.MessageThreads.AsNoTracking().SingleOrDefaultAsync(x => x.Id == threadId, ct) ?? throw new NotFoundException("Thread not found.");
            await ThreadAccess.RequireAsync(check, actor, t, write: true, Today(), ct);
            await PortalBlock.RequireOpenAsync(check, actor, Now(), ct);
        }
        Message.ValidateBody(body); // before any file is stored
        limiter?.Acquire(actor, LimitedAction.SendMessage, nameof(Message.Body));
        if (files.Count > 0) limiter?.Acquire(actor, LimitedAction.Upload, AttachmentStore.Field);
        var stored = await StoreAsync(files, ct);
        return await WriteAsync(actor, author, threadId, body, stored, null, ct);
    }

    /// <summary>
    /// Stores a reply that arrived by email (<see cref="InboundMailProcessor"/>) as a message of <paramref name="actor"/>, with the same
    /// checks, audit, outbox event and live signal as a send from the app, and <see cref="MessageChannel.Email"/>. Each file is kept
    /// if the verified store accepts it on its own; the others are named in the message's <see cref="Message.ChannelNote"/>.
    /// <paramref name="mail"/> is written in the message's transaction, so its unique Message-ID makes the reply land once: a second
    /// call for the same mail throws <see cref="DbUpdateException"/> and leaves nothing behind. Not rate-limited (the mailbox is
    /// polled, nobody waits at a composer).
    /// </summary>
    public async Task<long> ReplyByEmailAsync(Actor actor, long threadId, string body, IReadOnlyList<UploadedFile> files, InboundMail mail,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(mail);
        var author = AuthorOf(actor);
        await using (var check = await factory.CreateDbContextAsync(ct))
        {
            var t = await check.MessageThreads.AsNoTracking().SingleOrDefaultAsync(x => x.Id == threadId, ct) ?? throw new NotFoundException("Thread not found.");
            await ThreadAccess.RequireAsync(check, actor, t, write: true, Today(), ct);
            await PortalBlock.RequireOpenAsync(check, actor, Now(), ct);
        }
        body = Message.ValidateBody(body);
        var stored = new List<StoredFile>();
        var refused = new List<string>();
        try
        {
            foreach (var f in files)
            {
                var name = AttachmentStore.DisplayName(f.FileName);
                if (stored.Count >= MessageAttachment.MaxPerMessage)
                {
                    refused.Add($"{name} (at most {MessageAttachment.MaxPerMessage} files)");
                    continue;
                }
                if (store is null)
                {
                    refused.Add($"{name} (no file store)");
                    continue;
                }
                try
                {
                    AttachmentStore.Validate([(f.FileName, f.Size)]);
                    await using var content = f.Open(ct);
                    stored.Add(await store.SaveAsync(content, f.FileName, f.ContentType, ct));
                }
                catch (DomainException ex)
                {
                    refused.Add($"{name} ({ex.Message.TrimEnd('.')})");
                }
            }
        }
        catch
        {
            foreach (var f in stored) store!.Delete(f.StoragePath);
            throw;
        }
        var note = refused.Count == 0 ? null : "Not attached: " + string.Join("; ", refused) + ".";
        return await WriteAsync(actor, author, threadId, body, stored, new EmailOrigin(mail, note), ct);
    }

    private sealed record EmailOrigin(InboundMail Mail, string? Note);

    /// <summary>The message, its files, the thread's state, the outbox event and the audit entry in one transaction; then the signal.</summary>
    private async Task<long> WriteAsync(Actor actor, MessageAuthorKind author, long threadId, string body, IReadOnlyList<StoredFile> stored,
        EmailOrigin? email, CancellationToken ct)
    {
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var now = Now();
                await using var db = await factory.CreateDbContextAsync(ct);
                var thread = await db.MessageThreads.SingleOrDefaultAsync(t => t.Id == threadId, ct) ?? throw new NotFoundException("Thread not found.");
                var message = new Message(thread.Id, author, actor.UserId, actor.IsPartner ? actor.PartnerId : null, body, now);
                foreach (var f in stored) message.AddAttachment(new MessageAttachment(f.FileName, f.ContentType, f.SizeBytes, f.StoragePath, f.Sha256));
                if (email is not null) message.ArrivedByEmail(email.Note);
                db.Messages.Add(message);
                thread.OnMessage(author, now);
                try
                {
                    await using var tx = await db.Database.BeginTransactionAsync(ct);
                    await db.SaveChangesAsync(ct);
                    await MessageEvents.AppendAsync(db, thread, message, actor, now, ct);
                    if (email is not null)
                    {
                        email.Mail.ThreadId = thread.Id;
                        email.Mail.PartnerId = thread.PartnerId;
                        email.Mail.MessageId = message.Id;
                        db.InboundMails.Add(email.Mail);
                    }
                    db.Audit(actor, now, "message.sent", nameof(Message), message.Id, thread.PartnerId,
                        new
                        {
                            threadId = thread.Id, kind = thread.Kind, body = message.Body,
                            attachments = stored.Count == 0 ? null : stored.Select(f => new { f.FileName, f.ContentType, f.SizeBytes, f.Sha256 }).ToArray(),
                            channel = email is null ? null : "email",
                            mailMessageId = email?.Mail.MailMessageId,
                            note = email?.Note,
                        });
                    await db.SaveChangesAsync(ct);
                    await tx.CommitAsync(ct);
                    Tell(thread, message.Id, MessageChangeKind.Sent, actor);
                    return message.Id;
                }
                catch (DbUpdateConcurrencyException) when (attempt < 3)
                {
                    // Another message landed on the thread at the same moment; reload and try again.
                    if (email is not null) db.Entry(email.Mail).State = EntityState.Detached;
                }
            }
        }
        catch
        {
            foreach (var f in stored) store!.Delete(f.StoragePath);
            throw;
        }
    }

    private async Task<IReadOnlyList<StoredFile>> StoreAsync(IReadOnlyList<UploadedFile> files, CancellationToken ct)
    {
        if (files.Count == 0) return [];
        if (store is null) throw new InvalidOperationException("No attachment store is configured.");
        AttachmentStore.Validate(files.Select(f => (f.FileName, f.Size)).ToList());
        var stored = new List<StoredFile>(files.Count);
        try
        {
            foreach (var f in files)
            {
                await using var content = f.Open(ct);
                stored.Add(await store.SaveAsync(content, f.FileName, f.ContentType, ct));
            }
            return stored;
        }
        catch
        {
            foreach (var s in stored) store.Delete(s.StoragePath);
            throw;
        }
    }

    /// <summary>
    /// Opens an attachment for someone who can read its thread (a partner never gets the files of a retracted
    /// message). The download is audited.
    /// </summary>
    public async Task<AttachmentDownload> OpenAttachmentAsync(Actor actor, long attachmentId, CancellationToken ct = default)
    {
        if (store is null) throw new InvalidOperationException("No attachment store is configured.");
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var found = await (
                from a in db.MessageAttachments.AsNoTracking()
                join m in db.Messages.AsNoTracking() on a.MessageId equals m.Id
                join t in db.MessageThreads.AsNoTracking() on m.ThreadId equals t.Id
                where a.Id == attachmentId
                select new { Attachment = a, Message = new { m.Id, m.RetractedAt }, Thread = t })
            .SingleOrDefaultAsync(ct) ?? throw new NotFoundException("Attachment not found.");
        var thread = found.Thread;
        await ThreadAccess.RequireAsync(db, actor, thread, write: false, Today(), ct);
        await PortalBlock.RequireOpenAsync(db, actor, Now(), ct);
        if (actor.IsPartner && !actor.IsOperator && found.Message.RetractedAt is not null) throw new NotFoundException("Attachment not found.");
        var file = found.Attachment;
        Stream content;
        try
        {
            content = store.OpenRead(file.StoragePath);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new NotFoundException("The file is no longer stored.");
        }
        db.Audit(actor, now, "attachment.downloaded", nameof(MessageAttachment), file.Id, thread.PartnerId,
            new { messageId = found.Message.Id, threadId = thread.Id, file.FileName, file.Sha256 });
        await db.SaveChangesAsync(ct);
        return new AttachmentDownload(file.FileName, file.ContentType, file.SizeBytes, content);
    }

    /// <summary>
    /// The author rewrites a message within 5 minutes, while still allowed to write in the thread (not after losing the
    /// role, nor in a thread that became read-only for them); the earlier text is kept as a revision.
    /// </summary>
    public async Task EditAsync(Actor actor, long messageId, string body, CancellationToken ct = default)
    {
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var (message, thread) = await LoadMessageAsync(db, actor, messageId, ct);
        if (message.AuthorUserId != actor.UserId) throw new AccessDeniedException("Only the author can edit a message.");
        await ThreadAccess.RequireAsync(db, actor, thread, write: true, Today(), ct);
        var before = message.Body;
        message.Edit(body, actor.UserId, now);
        if (message.Body == before) return;
        db.Audit(actor, now, "message.edited", nameof(Message), message.Id, thread.PartnerId,
            new { threadId = thread.Id, before, after = message.Body });
        await db.SaveChangesAsync(ct);
        Tell(thread, message.Id, MessageChangeKind.Edited, actor);
    }

    /// <summary>Hides a message from the partner (the text stays for Compliance). The author or an Admin.</summary>
    public async Task RetractAsync(Actor actor, long messageId, CancellationToken ct = default)
    {
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var (message, thread) = await LoadMessageAsync(db, actor, messageId, ct);
        if (message.AuthorUserId != actor.UserId && !actor.IsAdmin)
            throw new AccessDeniedException("Only the author or an admin can retract a message.");
        message.Retract(actor.UserId, now);
        db.Audit(actor, now, "message.retracted", nameof(Message), message.Id, thread.PartnerId,
            new { threadId = thread.Id, body = message.Body });
        await db.SaveChangesAsync(ct);
        Tell(thread, message.Id, MessageChangeKind.Retracted, actor);
    }

    /// <summary>
    /// The newest <paramref name="take"/> messages before <paramref name="beforeMessageId"/> (keyset by id). Writes nothing: the
    /// page that shows them marks them read with <see cref="ReceiptService.MarkReadAsync"/>.
    /// </summary>
    public async Task<ThreadView> GetThreadAsync(Actor actor, long threadId, long? beforeMessageId, int take, CancellationToken ct = default)
    {
        take = Math.Clamp(take, 1, MaxPageSize);
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var thread = await db.MessageThreads.AsNoTracking().SingleOrDefaultAsync(t => t.Id == threadId, ct)
            ?? throw new NotFoundException("Thread not found.");
        var access = await ThreadAccess.OfAsync(db, actor, thread, Today(), ct);
        if (!access.Read) throw new AccessDeniedException();
        await PortalBlock.RequireOpenAsync(db, actor, now, ct);

        var seesRevisions = actor.IsCompliance || actor.IsAdmin;
        var query = db.Messages.AsNoTracking().Where(m => m.ThreadId == threadId);
        if (beforeMessageId is { } before) query = query.Where(m => m.Id < before);
        query = query.Include(m => m.Attachments);
        if (seesRevisions) query = query.Include(m => m.Revisions);
        var page = await query.OrderByDescending(m => m.Id).Take(take).AsSplitQuery().ToListAsync(ct);
        page.Reverse();

        var views = await MessageViewProjection.LoadAsync(db, actor, thread, page, seesRevisions, ct);

        var title = (await RecordTitles.OfThreadsAsync(db, [thread], ct))[thread.Id];
        return new ThreadView(thread.Id, thread.PartnerId, thread.Kind, title, thread.RecordType, thread.RecordId,
            thread.CounterpartPartnerId, access.Write, views, views.Count == take ? views[0].Id : null, thread.PartnerRequest);
    }

    /// <summary>
    /// A master IB writes to its direct sub-IBs (all it may reach, or <paramref name="subIbIds"/>): one message
    /// per sub-IB's downline thread, sharing a broadcast id, in one transaction. Returns the number sent. A suspended or
    /// terminated sub-IB is never written to: left out of "all", refused when chosen.
    /// </summary>
    public async Task<long> BroadcastToDownlineAsync(Actor actor, string body, IReadOnlyCollection<int>? subIbIds, CancellationToken ct = default)
    {
        if (!actor.IsPartner || actor.PartnerId is not { } masterId) throw new AccessDeniedException("Only a master IB can message its downline.");
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var direct = await db.PartnerHierarchy.Where(h => h.AncestorId == masterId && h.Depth == 1)
            .Select(h => h.DescendantId).ToListAsync(ct);
        if (direct.Count == 0) throw new AccessDeniedException("Only a master IB can message its downline.");
        await PortalBlock.RequireOpenAsync(db, actor, now, ct);
        var reachable = PartnerStatusRules.DownlineReachable.ToList();
        var closed = await db.Partners.Where(p => direct.Contains(p.Id) && !reachable.Contains(p.Status))
            .Select(p => new { p.Id, p.Name, p.Status }).ToListAsync(ct);
        var targets = subIbIds is null ? direct.Where(id => closed.All(c => c.Id != id)).ToList() : subIbIds.Distinct().ToList();
        if (targets.Count == 0) throw new DomainException("Choose at least one sub-IB.", "Recipients");
        if (targets.Any(id => !direct.Contains(id))) throw new AccessDeniedException("You can only message your own direct sub-IBs.");
        if (closed.FirstOrDefault(c => targets.Contains(c.Id)) is { } refused)
            throw new DomainException($"{refused.Name} is {refused.Status.ToString().ToLowerInvariant()} and cannot be messaged.", "Recipients");
        Message.ValidateBody(body); // before anything is written
        limiter?.Acquire(actor, LimitedAction.SendMessage, nameof(Message.Body));

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var threads = await db.MessageThreads
            .Where(t => t.Kind == ThreadKind.Downline && t.CounterpartPartnerId == masterId && targets.Contains(t.PartnerId))
            .ToDictionaryAsync(t => t.PartnerId, ct);
        var created = targets.Where(id => !threads.ContainsKey(id))
            .Select(id => MessageThread.Downline(id, masterId, now, actor.UserId)).ToList();
        if (created.Count > 0)
        {
            db.MessageThreads.AddRange(created);
            await db.SaveChangesAsync(ct);
            foreach (var t in created) threads[t.PartnerId] = t;
        }

        var broadcastId = Guid.NewGuid();
        var messages = targets.Select(id =>
        {
            var thread = threads[id];
            thread.OnMessage(MessageAuthorKind.Partner, now);
            return new Message(thread.Id, MessageAuthorKind.Partner, actor.UserId, masterId, body, now) { BroadcastId = broadcastId };
        }).ToList();
        db.Messages.AddRange(messages);
        await db.SaveChangesAsync(ct);

        var partnerOfThread = threads.Values.ToDictionary(t => t.Id, t => t.PartnerId);
        foreach (var m in messages)
        {
            await MessageEvents.AppendAsync(db, threads[partnerOfThread[m.ThreadId]], m, actor, now, ct);
            db.Audit(actor, now, "message.sent", nameof(Message), m.Id, partnerOfThread[m.ThreadId],
                new { threadId = m.ThreadId, kind = ThreadKind.Downline, broadcastId, body = m.Body });
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        foreach (var m in messages) Tell(threads[partnerOfThread[m.ThreadId]], m.Id, MessageChangeKind.Sent, actor);
        return messages.Count;
    }

    /// <summary>Tells the open pages concerned, after the commit; never waits for them.</summary>
    private void Tell(MessageThread thread, long messageId, MessageChangeKind kind, Actor actor) =>
        signal?.Changed(new MessageChange(thread.Id, thread.PartnerId, thread.CounterpartPartnerId, messageId, kind, actor.UserId, actor.IsOperator, thread.AssignedToId));

    private static MessageAuthorKind AuthorOf(Actor actor) => actor.IsPartner ? MessageAuthorKind.Partner : MessageAuthorKind.Operator;

    private async Task<(Message Message, MessageThread Thread)> LoadMessageAsync(AppDbContext db, Actor actor, long messageId, CancellationToken ct)
    {
        var message = await db.Messages.Include(m => m.Thread).Include(m => m.Revisions).SingleOrDefaultAsync(m => m.Id == messageId, ct)
            ?? throw new NotFoundException("Message not found.");
        var thread = message.Thread!;
        await ThreadAccess.RequireAsync(db, actor, thread, write: false, Today(), ct);
        await PortalBlock.RequireOpenAsync(db, actor, Now(), ct);
        return (message, thread);
    }

    /// <summary>A new thread with the program team starts assigned to the partner's account manager (if it has one).</summary>
    internal static async Task AssignToAccountManagerAsync(AppDbContext db, MessageThread thread, CancellationToken ct)
    {
        var managerId = await db.Partners.Where(p => p.Id == thread.PartnerId).Select(p => p.ManagerId).SingleOrDefaultAsync(ct);
        if (managerId is not null) thread.AssignTo(managerId);
    }

    private static Task<long?> FindDirectAsync(AppDbContext db, int partnerId, CancellationToken ct) =>
        db.MessageThreads.Where(t => t.PartnerId == partnerId && t.Kind == ThreadKind.Direct).Select(t => (long?)t.Id).SingleOrDefaultAsync(ct);

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
    private DateOnly Today() => DateOnly.FromDateTime(Now());
}
