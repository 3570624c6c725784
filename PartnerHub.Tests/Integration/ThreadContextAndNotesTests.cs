using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// Against a migrated SQLite file: message authors are named, record threads are titled after their record, the
/// partner context rail's facts, and internal notes (in a thread or on the profile) that notify only the mentioned
/// operators and never reach the partner.
/// </summary>
public sealed class ThreadContextAndNotesTests(ThreadContextAndNotesTests.Data data) : IClassFixture<ThreadContextAndNotesTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public Actor Admin { get; private set; } = null!;
        public Actor Manager { get; private set; } = null!;
        public Actor Manager2 { get; private set; } = null!;
        public Actor Compliance { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Admin = await AddActorAsync(Roles.Admin);
            Manager = ActorFor(await AddUserAsync(Roles.Manager, "Maya Levi"), Roles.Manager);
            Manager2 = ActorFor(await AddUserAsync(Roles.Manager, "Tom Becker"), Roles.Manager);
            Compliance = await AddActorAsync(Roles.Compliance);
        }

        public async Task<Partner> PartnerAsync(int seed) => await new CommissionTestData(this, seed).PartnerAsync(Vertical.ForexIb, threshold: 500m);
    }

    private readonly MessagingService messaging = new(data.Factory, data.Clock);

    private NoteService Notes(RecordingSignal signal) => new(data.Factory, data.Clock, TestNotifications.Writer(signal: signal));

    [Fact]
    public async Task A_partner_message_without_a_login_shows_the_partner_name_and_an_operator_message_the_operator_name()
    {
        var partner = await data.PartnerAsync(1);
        var threadId = await messaging.GetOrCreateDirectThreadAsync(data.Manager, partner.Id);
        await messaging.SendAsync(data.Manager, threadId, "Hello from the team");
        await using (var db = data.CreateContext())
        {
            db.Messages.Add(new Message(threadId, MessageAuthorKind.Partner, null, partner.Id, "Imported partner message", data.Clock.GetUtcNow().UtcDateTime));
            db.Messages.Add(new Message(threadId, MessageAuthorKind.System, null, null, "Payout sent", data.Clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        }

        var view = await messaging.GetThreadAsync(data.Manager2, threadId, null, 30);

        Assert.Equal(["Maya Levi", partner.Name, "PartnerHub"], view.Messages.Select(m => m.AuthorName));
        Assert.DoesNotContain(view.Messages, m => m.AuthorName == "Unknown");
    }

    [Fact]
    public async Task A_record_thread_is_titled_after_its_record_in_the_list_and_the_thread()
    {
        var partner = await data.PartnerAsync(2);
        long payoutId;
        await using (var db = data.CreateContext())
        {
            var payout = new Payout(partner.Id, 1250m, "USD", PayoutMethod.BankWire, new DateTime(2026, 10, 12, 9, 0, 0, DateTimeKind.Utc));
            db.Payouts.Add(payout);
            await db.SaveChangesAsync();
            payoutId = payout.Id;
        }
        var threadId = await messaging.StartRecordThreadAsync(data.Manager, partner.Id, LinkedRecordType.Payout,
            payoutId.ToString(CultureInfo.InvariantCulture), "About this payout");

        var list = await new ThreadQueries(data.Factory).ThreadListAsync(data.Manager, partner.Id);
        var thread = await messaging.GetThreadAsync(data.Manager, threadId, null, 30);

        Assert.Equal("Payout · 12 Oct 2026 · 1,250 USD", list.Single(t => t.Id == threadId).Subject);
        Assert.Equal("Payout · 12 Oct 2026 · 1,250 USD", thread.Subject);
    }

    [Fact]
    public async Task Record_titles_load_for_many_records_at_once_and_leave_out_missing_ones()
    {
        var partner = await data.PartnerAsync(3);
        var commissions = new CommissionTestData(data, 3);
        var version = await commissions.DealVersionAsync(partner.Id, DealType.Cpa);
        await using var db = data.CreateContext();
        var line = new CommissionLine(partner.Id, version.Id, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), CommissionBasis.Cpa, 300m, "USD",
            data.Clock.GetUtcNow().UtcDateTime);
        db.CommissionLines.Add(line);
        await db.SaveChangesAsync();

        var titles = await RecordTitles.LoadAsync(db,
        [
            new RecordKey(LinkedRecordType.CommissionLine, line.Id.ToString(CultureInfo.InvariantCulture)),
            new RecordKey(LinkedRecordType.DealVersion, version.Id.ToString(CultureInfo.InvariantCulture)),
            new RecordKey(LinkedRecordType.Payout, "999999"),
            new RecordKey(LinkedRecordType.Payout, "not-a-number"),
        ], CancellationToken.None);

        Assert.Equal(2, titles.Count);
        Assert.Equal("Commission line · Oct 2026 · CPA", titles[new RecordKey(LinkedRecordType.CommissionLine, line.Id.ToString(CultureInfo.InvariantCulture))]);
        Assert.Equal("Deal version 1 · 1 Jan 2025", titles[new RecordKey(LinkedRecordType.DealVersion, version.Id.ToString(CultureInfo.InvariantCulture))]);
    }

    [Fact]
    public async Task A_note_in_a_thread_notifies_only_the_mentioned_operator_and_the_partner_is_refused()
    {
        var partner = await data.PartnerAsync(4);
        var partnerLogin = await data.AddActorAsync(Roles.Partner, partner.Id);
        var threadId = await messaging.GetOrCreateDirectThreadAsync(data.Manager, partner.Id);
        var signal = new RecordingSignal();
        var notes = Notes(signal);

        var noteId = await notes.AddNoteAsync(data.Manager, partner.Id, "Chargebacks rising, **watch** closely", [data.Manager2.UserId], threadId: threadId);

        await using var db = data.CreateContext();
        var sent = await db.Notifications.AsNoTracking().Where(n => n.CreatedAt == data.Clock.GetUtcNow().UtcDateTime
            && n.Title.Contains(partner.Name)).ToListAsync();
        var notification = Assert.Single(sent);
        Assert.Equal(Notification.UserKey(data.Manager2.UserId), notification.RecipientKey);
        Assert.Equal(data.Manager2.UserId, notification.RecipientUserId);
        Assert.Null(notification.RecipientPartnerId);
        Assert.Equal($"/console/messages/{threadId}", notification.Link);
        Assert.Equal($"Maya Levi mentioned you in a note on {partner.Name}", notification.Title);
        Assert.Equal([Notification.UserKey(data.Manager2.UserId)], signal.Keys.ToArray());
        Assert.False(await db.Notifications.AnyAsync(n => n.RecipientKey == Notification.PartnerKey(partner.Id)));
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "note.added" && a.EntityId == noteId.ToString(CultureInfo.InvariantCulture)));

        await Assert.ThrowsAsync<AccessDeniedException>(() => notes.NotesAsync(partnerLogin, partner.Id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => notes.NotesAsync(partnerLogin, partner.Id, threadId: threadId));
        await Assert.ThrowsAsync<AccessDeniedException>(() => notes.AddNoteAsync(partnerLogin, partner.Id, "mine", [], threadId: threadId));
        await Assert.ThrowsAsync<AccessDeniedException>(() => notes.MentionableAsync(partnerLogin));
        var partnerThread = await messaging.GetThreadAsync(partnerLogin, threadId, null, 30);
        Assert.DoesNotContain(partnerThread.Messages, m => (m.Body ?? "").Contains("Chargebacks", StringComparison.Ordinal));

        var inThread = Assert.Single(await notes.NotesAsync(data.Manager2, partner.Id, threadId: threadId));
        Assert.Equal(threadId, inThread.ThreadId);
        Assert.Equal("Program team", inThread.ThreadTitle);
        Assert.Equal(["Tom Becker"], inThread.Mentions.Select(m => m.Name));
    }

    [Fact]
    public async Task Profile_notes_list_every_note_with_its_thread_and_a_thread_lists_only_its_own()
    {
        var partner = await data.PartnerAsync(5);
        var threadId = await messaging.GetOrCreateDirectThreadAsync(data.Manager, partner.Id);
        var notes = Notes(new RecordingSignal());
        await notes.AddNoteAsync(data.Manager, partner.Id, "On the profile", []);
        data.Clock.Advance(TimeSpan.FromMinutes(1));
        await notes.AddNoteAsync(data.Compliance, partner.Id, "In the thread", [data.Compliance.UserId], threadId: threadId);

        var all = await notes.NotesAsync(data.Manager, partner.Id);
        var thread = await notes.NotesAsync(data.Manager, partner.Id, threadId: threadId);

        Assert.Equal(["In the thread", "On the profile"], all.Select(n => n.Body));
        Assert.Equal([threadId, null], all.Select(n => n.ThreadId));
        Assert.Equal(["In the thread"], thread.Select(n => n.Body));
        await using var db = data.CreateContext();
        Assert.False(await db.Notifications.AnyAsync(n => n.RecipientKey == Notification.UserKey(data.Compliance.UserId)),
            "mentioning yourself notifies nobody");
    }

    [Fact]
    public async Task A_note_cannot_be_written_in_another_partners_thread_nor_mention_a_partner()
    {
        var partner = await data.PartnerAsync(6);
        var other = await data.PartnerAsync(7);
        var otherLogin = await data.AddActorAsync(Roles.Partner, other.Id);
        var otherThread = await messaging.GetOrCreateDirectThreadAsync(data.Manager, other.Id);
        var notes = Notes(new RecordingSignal());

        await Assert.ThrowsAsync<NotFoundException>(() => notes.AddNoteAsync(data.Manager, partner.Id, "wrong thread", [], threadId: otherThread));
        var refusal = await Assert.ThrowsAsync<DomainException>(() => notes.AddNoteAsync(data.Manager, partner.Id, "bad", [otherLogin.UserId]));
        Assert.Equal("Mentions", refusal.Field);
        var mentionable = await notes.MentionableAsync(data.Manager);
        Assert.Contains(mentionable, m => m.UserId == data.Manager2.UserId && m.Name == "Tom Becker");
        Assert.DoesNotContain(mentionable, m => m.UserId == otherLogin.UserId);
    }

    [Fact]
    public async Task The_context_rail_reads_the_partners_key_facts_and_refuses_a_partner()
    {
        var commissions = new CommissionTestData(data, 8);
        var partner = await commissions.PartnerAsync(Vertical.ForexIb, threshold: 500m);
        var version = await commissions.DealVersionAsync(partner.Id, DealType.Cpa);
        var now = data.Clock.GetUtcNow().UtcDateTime;
        await using (var db = data.CreateContext())
        {
            var approved = new CommissionLine(partner.Id, version.Id, new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), CommissionBasis.Cpa, 300m, "USD", now);
            approved.Approve(data.Manager.UserId, now);
            db.CommissionLines.Add(approved);
            db.CommissionLines.Add(new CommissionLine(partner.Id, version.Id, new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28), CommissionBasis.Cpa, 150m, "USD", now));
            db.Payouts.Add(new Payout(partner.Id, 80m, "USD", PayoutMethod.BankWire, now.AddDays(-10)));
            await db.SaveChangesAsync();
        }
        var query = new PartnerContextQuery(data.Factory);

        var context = await query.GetAsync(data.Manager, partner.Id);

        Assert.NotNull(context);
        Assert.Equal(partner.Name, context.Name);
        Assert.Equal(300m, context.Balance);
        Assert.Equal(500m, context.PayoutThreshold);
        Assert.False(context.AtThreshold);
        Assert.Equal(2, context.OpenCommissionLines);
        Assert.Equal(80m, context.LastPayout?.Amount);
        Assert.Equal(version.Id, context.CurrentDeal?.VersionId);
        Assert.Equal(0, context.OpenAcknowledgements);
        var partnerLogin = await data.AddActorAsync(Roles.Partner, partner.Id);
        await Assert.ThrowsAsync<AccessDeniedException>(() => query.GetAsync(partnerLogin, partner.Id));
        Assert.Null(await query.GetAsync(data.Manager, 987654));
    }
}
