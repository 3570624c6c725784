using PartnerHub.Domain.Creatives;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Announcements;

/// <summary>
/// Drafts, sends, schedules and revises announcements (admins, managers and compliance officers).
/// A send happens in two steps: <see cref="ComposeAsync"/> (or the schedule) marks the item Sending; then
/// <see cref="CompleteSendAsync"/> resolves the audience once and writes the whole recipient ledger and the
/// Sent status in ONE transaction. A crash in between leaves the item Sending with no ledger row, and
/// <see cref="ResumeInterruptedAsync"/> completes it at the next start: never a partial ledger, never a duplicate.
/// </summary>
public sealed class AnnouncementService(IDbContextFactory<AppDbContext> factory, TimeProvider clock, IAnnouncementSignal? signal = null)
{
    public const int MaxLinkedCreatives = 10;

    /// <summary>Validates everything first, then saves the draft and applies the action in one transaction. Returns the id.</summary>
    public async Task<int> ComposeAsync(Actor actor, int? announcementId, int? seenVersion, AnnouncementDraft draft, ComposeAction action,
        DateTime? scheduleAt = null, CancellationToken ct = default)
    {
        actor.RequireOperator();
        ArgumentNullException.ThrowIfNull(draft);
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        ValidateDraftFields(draft, now);
        await AudienceQuery.ValidateAsync(db, draft.Audience, ct);
        var creativeIds = await ValidateCreativesAsync(db, draft.CreativeIds, ct);
        if (action == ComposeAction.Schedule && (scheduleAt is null || scheduleAt <= now))
            throw new DomainException("The scheduled time must be in the future.", nameof(Announcement.ScheduledAt));
        if (action == ComposeAction.Schedule && draft.RequiresAcknowledgement && draft.AcknowledgementDueAt <= scheduleAt)
            throw new DomainException("The acknowledgement due date must be after the scheduled send.", nameof(Announcement.AcknowledgementDueAt));
        if (action == ComposeAction.SendNow)
        {
            var reach = await (await AudienceQuery.PartnerIdsAsync(db, draft.Audience, Today(now), ct)).CountAsync(ct);
            if (reach == 0) throw new DomainException("The audience matches no partner.", nameof(Announcement.Audience));
        }

        Announcement announcement;
        if (announcementId is { } id)
        {
            announcement = await db.Announcements.Include(a => a.Versions).SingleOrDefaultAsync(a => a.Id == id, ct)
                ?? throw new NotFoundException("Announcement not found.");
            if (seenVersion is { } seen && announcement.Version != seen)
                throw new DomainException("Someone else changed this announcement. Reload it and try again.");
            if (announcement.Status == AnnouncementStatus.Scheduled) announcement.ReturnToDraft();
            if (announcement.Status != AnnouncementStatus.Draft)
                throw new DomainException("Only a draft or scheduled announcement can be edited this way; revise a sent one.");
            announcement.ChangeDraft(draft.Category, draft.Audience);
            ApplyAcknowledgement(announcement, draft, now);
            // Set after the acknowledgement settings, so a new text of an acknowledgement-required draft is the version to acknowledge.
            var current = announcement.Versions.Single(v => v.Number == announcement.CurrentVersion);
            if (current.Title != draft.Title.Trim() || current.Body != draft.Body.Trim())
                announcement.Revise(draft.Title, draft.Body, materialChange: true, actor.UserId, now);
        }
        else
        {
            announcement = new Announcement(draft.Title, draft.Body, draft.Category, draft.Audience, actor.UserId, now);
            ApplyAcknowledgement(announcement, draft, now);
            db.Announcements.Add(announcement);
        }

        switch (action)
        {
            case ComposeAction.Schedule: announcement.Schedule(scheduleAt!.Value, now); break;
            case ComposeAction.SendNow: announcement.BeginSending(now); break;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("Someone else changed this announcement. Reload it and try again.");
        }
        var announcementKey = announcement.Id;
        await db.AnnouncementCreatives.Where(l => l.AnnouncementId == announcementKey).ExecuteDeleteAsync(ct);
        db.AnnouncementCreatives.AddRange(creativeIds.Select(c => new AnnouncementCreative(announcementKey, c)));
        var verb = action switch { ComposeAction.SendNow => "send_started", ComposeAction.Schedule => "scheduled", _ => "saved" };
        db.Audit(actor, now, "announcement." + verb, nameof(Announcement), announcement.Id, null, new
        {
            announcement.Title, announcement.Category, announcement.Audience, announcement.RequiresAcknowledgement,
            announcement.AcknowledgementDueAt, announcement.BlocksPortalWhenOverdue, announcement.ScheduledAt, announcement.CurrentVersion,
            creativeIds,
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (action == ComposeAction.SendNow) signal?.Changed(new AnnouncementChange(announcement.Id, AnnouncementChangeKind.SendStarted));
        return announcement.Id;
    }

    /// <summary>Drafts a new announcement, sends it and waits for the ledger (the console does the second half off the UI thread).</summary>
    public async Task<SendProgress> SendAsync(Actor actor, AnnouncementDraft draft, CancellationToken ct = default)
    {
        var id = await ComposeAsync(actor, null, null, draft, ComposeAction.SendNow, null, ct);
        return await CompleteSendAsync(actor, id, ct);
    }

    /// <summary>
    /// The second half of a send: in one transaction, claims the Sending item, resolves its audience once, writes every
    /// recipient row with one INSERT ... SELECT, and sets Sent with the recipient count (audited, with the outbox events
    /// <see cref="AnnouncementEvents.Sent"/> and, when acknowledgement is required, <see cref="AnnouncementEvents.AcknowledgementRequested"/>:
    /// one each per announcement, naming it; the notification engine fans them out to the ledger).
    /// A second caller (a resume racing a live send) finds it no longer Sending and changes nothing.
    /// </summary>
    public async Task<SendProgress> CompleteSendAsync(Actor actor, int announcementId, CancellationToken ct = default)
    {
        actor.RequireOperator();
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // The claim is the transaction's first write: it takes the write lock, so concurrent completions run one after the other.
            var claimed = await db.Announcements.Where(a => a.Id == announcementId && a.Status == AnnouncementStatus.Sending)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Version, a => a.Version + 1), ct);
            if (claimed == 1)
            {
                var announcement = await db.Announcements.SingleAsync(a => a.Id == announcementId, ct);
                AnnouncementChangeKind outcome;
                var ids = await AudienceQuery.PartnerIdsAsync(db, announcement.Audience, Today(now), ct);
                await AudienceQuery.WriteLedgerAsync(db, announcement.Id, ids, now, ct);
                var count = await db.AnnouncementRecipients.CountAsync(r => r.AnnouncementId == announcement.Id, ct);
                if (count == 0)
                {
                    announcement.ReturnToDraft();
                    outcome = AnnouncementChangeKind.SendFailed;
                    db.Audit(actor, now, "announcement.send_abandoned", nameof(Announcement), announcement.Id, null,
                        new { reason = "The audience matches no partner.", announcement.Audience });
                }
                else
                {
                    announcement.CompleteSending(count, now);
                    outcome = AnnouncementChangeKind.Sent;
                    db.Audit(actor, now, "announcement.sent", nameof(Announcement), announcement.Id, null,
                        new { announcement.Title, recipients = count, announcement.Audience, version = announcement.CurrentVersion });
                    db.RecordEvent(actor, now, AnnouncementEvents.Sent, null, nameof(Announcement), announcement.Id,
                        new { announcement.Title, announcement.Category, recipients = count, announcement.RequiresAcknowledgement, announcement.AcknowledgementDueAt });
                    // One event per announcement, never one per recipient: the notification engine reads the ledger set-based.
                    if (announcement.RequiresAcknowledgement)
                        db.RecordEvent(actor, now, AnnouncementEvents.AcknowledgementRequested, null, nameof(Announcement), announcement.Id,
                            new
                            {
                                announcement.Title, announcement.Category, recipients = count, announcement.AcknowledgementDueAt,
                                version = announcement.AcknowledgementVersion,
                                // A compliance acknowledgement reaches everyone whatever they muted.
                                mandatory = announcement.Category == AnnouncementCategory.Compliance,
                            });
                }
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                signal?.Changed(new AnnouncementChange(announcementId, outcome));
            }
        }
        return await ProgressOfAsync(db, announcementId, ct) ?? throw new NotFoundException("Announcement not found.");
    }

    /// <summary>
    /// Completes every announcement a stopped process (this one before a restart, or another node that died) left in Sending,
    /// if its send started before <paramref name="startedBefore"/> (all of them when null, as at start-up). A send still running
    /// elsewhere holds its claim, so this finds it Sent afterwards and changes nothing. Returns how many it completed.
    /// </summary>
    public async Task<int> ResumeInterruptedAsync(DateTime? startedBefore = null, CancellationToken ct = default)
    {
        List<int> ids;
        await using (var db = await factory.CreateDbContextAsync(ct))
            ids = await db.Announcements.Where(a => a.Status == AnnouncementStatus.Sending && (startedBefore == null || a.SendStartedAt < startedBefore))
                .OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(ct);
        var done = 0;
        foreach (var id in ids)
            if ((await CompleteSendAsync(Actor.System, id, ct)).Status == AnnouncementStatus.Sent) done++;
        return done;
    }

    /// <summary>Sends every scheduled announcement whose time has come. Returns how many were sent.</summary>
    public async Task<int> SendDueAsync(DateTime now, CancellationToken ct = default)
    {
        List<int> due;
        await using (var db = await factory.CreateDbContextAsync(ct))
            due = await db.Announcements.Where(a => a.Status == AnnouncementStatus.Scheduled && a.ScheduledAt <= now)
                .OrderBy(a => a.ScheduledAt).Select(a => a.Id).ToListAsync(ct);
        var sent = 0;
        foreach (var id in due)
        {
            await using (var db = await factory.CreateDbContextAsync(ct))
            {
                var announcement = await db.Announcements.SingleAsync(a => a.Id == id, ct);
                if (announcement.Status != AnnouncementStatus.Scheduled) continue;
                announcement.BeginSending(now);
                db.Audit(Actor.System, now, "announcement.send_started", nameof(Announcement), id, null, new { announcement.ScheduledAt });
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateConcurrencyException)
                {
                    continue; // someone else started it (or took it off the schedule) at the same moment
                }
            }
            signal?.Changed(new AnnouncementChange(id, AnnouncementChangeKind.SendStarted));
            if ((await CompleteSendAsync(Actor.System, id, ct)).Status == AnnouncementStatus.Sent) sent++;
        }
        return sent;
    }

    /// <summary>Takes a draft or scheduled item off the list for good.</summary>
    public async Task CancelAsync(Actor actor, int announcementId, CancellationToken ct = default)
    {
        actor.RequireOperator();
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var announcement = await db.Announcements.SingleOrDefaultAsync(a => a.Id == announcementId, ct) ?? throw new NotFoundException("Announcement not found.");
        announcement.Cancel();
        db.Audit(actor, now, "announcement.cancelled", nameof(Announcement), announcement.Id, null, new { announcement.Title });
        await SaveAsync(db, ct);
    }

    /// <summary>
    /// A new text for a sent announcement: a new version that recipients see from now on. A material change on an
    /// acknowledgement-required item asks every recipient to acknowledge again (a new due date is needed if the old one passed).
    /// </summary>
    public async Task ReviseAsync(Actor actor, int announcementId, int seenVersion, string title, string body, bool materialChange,
        DateTime? newDueAt = null, CancellationToken ct = default)
    {
        actor.RequireOperator();
        var now = Now();
        await using var db = await factory.CreateDbContextAsync(ct);
        var announcement = await db.Announcements.Include(a => a.Versions).SingleOrDefaultAsync(a => a.Id == announcementId, ct)
            ?? throw new NotFoundException("Announcement not found.");
        if (announcement.Version != seenVersion) throw new DomainException("Someone else changed this announcement. Reload it and try again.");
        if (announcement.Status != AnnouncementStatus.Sent) throw new DomainException("Only a sent announcement is revised; edit a draft directly.");
        ValidateText(title, body);
        var reAcknowledge = materialChange && announcement.RequiresAcknowledgement;
        if (reAcknowledge)
        {
            var due = newDueAt ?? announcement.AcknowledgementDueAt;
            if (due is null || due <= now)
                throw new DomainException("Everyone must acknowledge again: choose a new due date in the future.", nameof(Announcement.AcknowledgementDueAt));
            if (due != announcement.AcknowledgementDueAt) announcement.RequireAcknowledgement(due.Value, announcement.BlocksPortalWhenOverdue, now);
        }
        var version = announcement.Revise(title, body, materialChange, actor.UserId, now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await SaveAsync(db, ct);
        if (reAcknowledge)
        {
            // A new round: reminders and escalation start again for the version everyone must now acknowledge.
            await db.AnnouncementRecipients.Where(r => r.AnnouncementId == announcement.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastRemindedAt, (DateTime?)null).SetProperty(r => r.EscalatedAt, (DateTime?)null), ct);
        }
        db.Audit(actor, now, "announcement.revised", nameof(Announcement), announcement.Id, null,
            new { version = version.Number, version.Title, materialChange, reAcknowledge, announcement.AcknowledgementDueAt });
        db.RecordEvent(actor, now, AnnouncementEvents.Revised, null, nameof(Announcement), announcement.Id,
            new { version = version.Number, version.Title, materialChange, reAcknowledge });
        // Everyone must acknowledge the new version: the ledger is asked again, by bell and email, like at the send.
        if (reAcknowledge)
            db.RecordEvent(actor, now, AnnouncementEvents.AcknowledgementRequested, null, nameof(Announcement), announcement.Id,
                new
                {
                    announcement.Title, announcement.Category, recipients = announcement.RecipientCount, announcement.AcknowledgementDueAt,
                    version = announcement.AcknowledgementVersion, mandatory = announcement.Category == AnnouncementCategory.Compliance,
                });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        signal?.Changed(new AnnouncementChange(announcement.Id, AnnouncementChangeKind.Revised));
    }

    public async Task<IReadOnlyList<AnnouncementRow>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Announcements.AsNoTracking()
            .OrderByDescending(a => a.SentAt ?? a.ScheduledAt ?? a.CreatedAt).ThenByDescending(a => a.Id)
            .Select(a => new AnnouncementRow(a.Id, a.Title, a.Category, a.Status, a.CreatedAt, a.ScheduledAt, a.SentAt, a.RecipientCount,
                a.RequiresAcknowledgement, a.AcknowledgementDueAt, a.CurrentVersion))
            .Take(500).ToListAsync(ct);
    }

    public async Task<AnnouncementDetail> GetAsync(Actor actor, int announcementId, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        var a = await db.Announcements.AsNoTracking().Include(x => x.Versions).SingleOrDefaultAsync(x => x.Id == announcementId, ct)
            ?? throw new NotFoundException("Announcement not found.");
        var current = a.Versions.Single(v => v.Number == a.CurrentVersion);
        var draft = new AnnouncementDraft
        {
            Title = current.Title, Body = current.Body, Category = a.Category, Audience = a.Audience,
            RequiresAcknowledgement = a.RequiresAcknowledgement, AcknowledgementDueAt = a.AcknowledgementDueAt, BlocksPortalWhenOverdue = a.BlocksPortalWhenOverdue,
            CreativeIds = await db.AnnouncementCreatives.Where(l => l.AnnouncementId == a.Id).OrderBy(l => l.CreativeId).Select(l => l.CreativeId).ToListAsync(ct),
        };
        var versions = a.Versions.OrderByDescending(v => v.Number)
            .Select(v => new AnnouncementVersionView(v.Number, v.Title, v.Body, v.IsMaterialChange, v.CreatedAt)).ToList();
        return new AnnouncementDetail(a.Id, a.Status, draft, a.ScheduledAt, a.SentAt, a.RecipientCount, a.CurrentVersion, a.AcknowledgementVersion,
            a.Version, versions);
    }

    internal async Task<SendProgress> ProgressAsync(Actor actor, int announcementId, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await ProgressOfAsync(db, announcementId, ct) ?? throw new NotFoundException("Announcement not found.");
    }

    /// <summary>How many partners the audience would reach now (the composer's live figure).</summary>
    public async Task<int> ReachAsync(Actor actor, AnnouncementAudience audience, CancellationToken ct = default)
    {
        actor.RequireOperator();
        if (audience.IsEmpty) return 0;
        await using var db = await factory.CreateDbContextAsync(ct);
        await AudienceQuery.ValidateAsync(db, audience, ct);
        return await (await AudienceQuery.PartnerIdsAsync(db, audience, Today(Now()), ct)).CountAsync(ct);
    }

    /// <summary>The saved segments, by name, for the composer's audience.</summary>
    public async Task<IReadOnlyList<AudienceOption>> SegmentOptionsAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Segments.AsNoTracking().OrderBy(s => s.Name).Select(s => new AudienceOption(s.Id, s.Name)).ToListAsync(ct);
    }

    /// <summary>Partners (not terminated) whose name, company or email contains <paramref name="text"/>, for explicit recipients.</summary>
    public async Task<IReadOnlyList<AudienceOption>> SearchPartnersAsync(Actor actor, string? text, CancellationToken ct = default)
    {
        actor.RequireOperator();
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Length < 2) return [];
        await using var db = await factory.CreateDbContextAsync(ct);
        var like = LikePattern.Contains(text);
        return await db.Partners.AsNoTracking().Where(p => p.Status != Partners.PartnerStatus.Terminated)
            .Where(p => EF.Functions.Like(p.Name, like, "\\") || EF.Functions.Like(p.Email, like, "\\")
                || (p.Company != null && EF.Functions.Like(p.Company, like, "\\")))
            .OrderBy(p => p.Name).Take(10).Select(p => new AudienceOption(p.Id, p.Name)).ToListAsync(ct);
    }

    /// <summary>Names of the given partners (to show a saved draft's explicit recipients).</summary>
    public async Task<IReadOnlyList<AudienceOption>> PartnerNamesAsync(Actor actor, IReadOnlyCollection<int> ids, CancellationToken ct = default)
    {
        actor.RequireOperator();
        if (ids.Count == 0) return [];
        await using var db = await factory.CreateDbContextAsync(ct);
        var list = ids.ToList();
        return await db.Partners.AsNoTracking().Where(p => list.Contains(p.Id)).OrderBy(p => p.Name)
            .Select(p => new AudienceOption(p.Id, p.Name)).ToListAsync(ct);
    }

    private static Task<SendProgress?> ProgressOfAsync(AppDbContext db, int id, CancellationToken ct) =>
        db.Announcements.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new SendProgress(a.Id, a.Status, a.RecipientCount, a.SendStartedAt, a.SentAt))
            .SingleOrDefaultAsync(ct);

    private static void ApplyAcknowledgement(Announcement announcement, AnnouncementDraft draft, DateTime now)
    {
        if (draft.RequiresAcknowledgement) announcement.RequireAcknowledgement(draft.AcknowledgementDueAt!.Value, draft.BlocksPortalWhenOverdue, now);
        else if (announcement.RequiresAcknowledgement) announcement.DropAcknowledgement();
    }

    /// <summary>The published creatives the composer may link, newest first.</summary>
    public async Task<IReadOnlyList<AudienceOption>> CreativeOptionsAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Creatives.AsNoTracking().Where(c => c.Status == CreativeStatus.Published)
            .OrderByDescending(c => c.PublishedAt).ThenBy(c => c.Name)
            .Select(c => new AudienceOption(c.Id, c.Name)).ToListAsync(ct);
    }

    /// <summary>Linked creatives must exist and be published (a draft or deprecated asset is not something to point partners to).</summary>
    private static async Task<IReadOnlyList<int>> ValidateCreativesAsync(AppDbContext db, IReadOnlyList<int>? ids, CancellationToken ct)
    {
        var wanted = (ids ?? []).Distinct().ToList();
        if (wanted.Count == 0) return [];
        if (wanted.Count > MaxLinkedCreatives)
            throw new DomainException($"Link at most {MaxLinkedCreatives} creatives.", nameof(AnnouncementDraft.CreativeIds));
        var published = await db.Creatives.Where(c => wanted.Contains(c.Id) && c.Status == CreativeStatus.Published).Select(c => c.Id).ToListAsync(ct);
        if (published.Count != wanted.Count)
            throw new DomainException("Only published creatives can be linked; one of them is missing, a draft or deprecated.", nameof(AnnouncementDraft.CreativeIds));
        return wanted;
    }

    private static void ValidateDraftFields(AnnouncementDraft draft, DateTime now)
    {
        ValidateText(draft.Title, draft.Body);
        if (!Enum.IsDefined(draft.Category)) throw new DomainException("Choose a category.", nameof(Announcement.Category));
        if (draft.RequiresAcknowledgement && (draft.AcknowledgementDueAt is not { } due || due <= now))
            throw new DomainException("The acknowledgement due date must be in the future.", nameof(Announcement.AcknowledgementDueAt));
    }

    private static void ValidateText(string? title, string? body)
    {
        if (string.IsNullOrWhiteSpace(title)) throw new DomainException("Title is required.", nameof(AnnouncementVersion.Title));
        if (title.Trim().Length > 200) throw new DomainException("Title must be at most 200 characters.", nameof(AnnouncementVersion.Title));
        if (string.IsNullOrWhiteSpace(body)) throw new DomainException("Body is required.", nameof(AnnouncementVersion.Body));
        if (body.Trim().Length > Announcement.MaxBodyLength)
            throw new DomainException($"Body must be at most {Announcement.MaxBodyLength:N0} characters (it has {body.Trim().Length:N0}).", nameof(AnnouncementVersion.Body));
    }

    private static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("Someone else changed this announcement. Reload it and try again.");
        }
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
    private static DateOnly Today(DateTime now) => DateOnly.FromDateTime(now);
}
