using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// MessagingService against a migrated SQLite file: who may read and write which thread, record
/// snapshots, edits, retractions, receipts, downline broadcasts, internal notes and their audit entries.
/// </summary>
public sealed class MessagingServiceTests(MessagingServiceTests.Data data) : IClassFixture<MessagingServiceTests.Data>
{
    /// <summary>
    /// Two unrelated partners A and B; master IB M with direct sub-IBs S1 and S2; master M2 with sub-IB S3.
    /// One actor per partner and per operator role.
    /// </summary>
    public sealed class Data : SqliteDatabase
    {
        public Dictionary<string, int> Ids { get; } = [];
        public Dictionary<string, Actor> Partners { get; } = [];
        public Actor Admin { get; private set; } = null!;
        public Actor Manager { get; private set; } = null!;
        public Actor Compliance { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Admin = await AddActorAsync(Roles.Admin);
            Manager = await AddActorAsync(Roles.Manager);
            Compliance = await AddActorAsync(Roles.Compliance);
            var service = new PartnerService(Factory, Clock);
            async Task Add(string name, string? parent)
            {
                Ids[name] = await service.CreateAsync(Admin, new NewPartner
                {
                    Name = name,
                    Email = $"{name.ToLowerInvariant()}@messaging.test",
                    Vertical = Vertical.ForexIb,
                    Country = "CY",
                    ParentId = parent is null ? null : Ids[parent],
                });
                Partners[name] = await AddActorAsync(Roles.Partner, Ids[name]);
            }
            await Add("A", null);
            await Add("B", null);
            await Add("M", null);
            await Add("S1", "M");
            await Add("S2", "M");
            await Add("M2", null);
            await Add("S3", "M2");
        }

        public async Task<long> AddPayoutAsync(string partner, decimal amount)
        {
            await using var db = CreateContext();
            var payout = new Payout(Ids[partner], amount, "USD", PayoutMethod.BankWire, Clock.GetUtcNow().UtcDateTime);
            db.Payouts.Add(payout);
            await db.SaveChangesAsync();
            return payout.Id;
        }

        public async Task<int> AuditCountAsync(string action, object entityId)
        {
            await using var db = CreateContext();
            var id = Convert.ToString(entityId, System.Globalization.CultureInfo.InvariantCulture);
            return await db.AuditLog.CountAsync(a => a.Action == action && a.EntityId == id);
        }
    }

    private readonly MessagingService _service = new(data.Factory, data.Clock);
    private readonly NoteService _notes = new(data.Factory, data.Clock);
    private Actor P(string name) => data.Partners[name];
    private int Id(string name) => data.Ids[name];

    [Fact]
    public async Task A_partner_cannot_reach_another_partners_threads_or_messages_by_id()
    {
        var bThread = await _service.GetOrCreateDirectThreadAsync(P("B"), Id("B"));
        var bMessage = await _service.SendAsync(P("B"), bThread, "Where is my payout?");
        var bPayout = await data.AddPayoutAsync("B", 120m);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.GetOrCreateDirectThreadAsync(P("A"), Id("B")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.GetThreadAsync(P("A"), bThread, null, 50));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.SendAsync(P("A"), bThread, "hello"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.EditAsync(P("A"), bMessage, "changed"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.RetractAsync(P("A"), bMessage));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _service.StartRecordThreadAsync(P("A"), Id("B"), LinkedRecordType.Payout, bPayout.ToString(System.Globalization.CultureInfo.InvariantCulture), "about B"));

        // The same direct thread comes back for the partner and for an operator.
        Assert.Equal(bThread, await _service.GetOrCreateDirectThreadAsync(data.Manager, Id("B")));
        var view = await _service.GetThreadAsync(P("B"), bThread, null, 50);
        Assert.Contains(view.Messages, m => m.Id == bMessage && m.Body == "Where is my payout?");
    }

    [Fact]
    public async Task Sub_ibs_are_isolated_from_each_other_and_the_master_from_their_program_threads()
    {
        await _service.BroadcastToDownlineAsync(P("M"), "Welcome to the network", null);
        await using var db = data.CreateContext();
        var s1Downline = await db.MessageThreads.Where(t => t.Kind == ThreadKind.Downline && t.PartnerId == Id("S1")).Select(t => t.Id).SingleAsync();
        var s1Direct = await _service.GetOrCreateDirectThreadAsync(P("S1"), Id("S1"));
        await _service.SendAsync(P("S1"), s1Direct, "A question for the program team");

        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.GetThreadAsync(P("S2"), s1Downline, null, 50));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.SendAsync(P("S2"), s1Downline, "hi"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.GetThreadAsync(P("M"), s1Direct, null, 50));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.GetThreadAsync(P("M2"), s1Downline, null, 50));

        // Both ends of the downline thread read and write it; operators read it but do not write in it.
        Assert.Contains((await _service.GetThreadAsync(P("S1"), s1Downline, null, 50)).Messages, m => m.Body == "Welcome to the network");
        var reply = await _service.SendAsync(P("S1"), s1Downline, "Thanks!");
        Assert.Contains((await _service.GetThreadAsync(P("M"), s1Downline, null, 50)).Messages, m => m.Id == reply);
        var operatorView = await _service.GetThreadAsync(data.Manager, s1Downline, null, 50);
        Assert.False(operatorView.CanWrite);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.SendAsync(data.Manager, s1Downline, "operator"));
    }

    [Fact]
    public async Task Internal_notes_never_reach_a_partner_and_mention_only_operators()
    {
        var complianceUser = data.Compliance.UserId;
        var noteId = await _notes.AddNoteAsync(data.Manager, Id("A"), "Chargebacks rising, watch closely", [complianceUser]);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _notes.NotesAsync(P("A"), Id("A")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _notes.AddNoteAsync(P("A"), Id("A"), "self note", []));
        await Assert.ThrowsAsync<DomainException>(() => _notes.AddNoteAsync(data.Manager, Id("A"), "bad mention", [P("A").UserId]));

        var notes = await _notes.NotesAsync(data.Compliance, Id("A"));
        var note = Assert.Single(notes, n => n.Id == noteId);
        Assert.Equal(complianceUser, Assert.Single(note.Mentions).UserId);

        var direct = await _service.GetOrCreateDirectThreadAsync(P("A"), Id("A"));
        var view = await _service.GetThreadAsync(P("A"), direct, null, 100);
        Assert.DoesNotContain(view.Messages, m => m.Body?.Contains("Chargebacks", StringComparison.Ordinal) == true);
        Assert.Equal(1, await data.AuditCountAsync("note.added", noteId));
    }

    [Fact]
    public async Task Compliance_reads_but_never_writes()
    {
        var thread = await _service.GetOrCreateDirectThreadAsync(P("A"), Id("A"));
        var payout = await data.AddPayoutAsync("A", 50m);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.SendAsync(data.Compliance, thread, "compliance speaking"));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _service.StartRecordThreadAsync(data.Compliance, Id("A"), LinkedRecordType.Payout, payout.ToString(System.Globalization.CultureInfo.InvariantCulture), "x"));
        var view = await _service.GetThreadAsync(data.Compliance, thread, null, 50);
        Assert.False(view.CanWrite);
    }

    [Fact]
    public async Task The_record_snapshot_keeps_the_payout_as_it_was_when_the_message_was_sent()
    {
        var payoutId = await data.AddPayoutAsync("A", 250.50m);
        var key = payoutId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var threadId = await _service.StartRecordThreadAsync(data.Manager, Id("A"), LinkedRecordType.Payout, key, "Your payout is queued.");

        await using (var db = data.CreateContext())
        {
            var payout = await db.Payouts.SingleAsync(p => p.Id == payoutId);
            payout.StartProcessing(data.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }

        var view = await _service.GetThreadAsync(P("A"), threadId, null, 50);
        Assert.Equal(ThreadKind.Record, view.Kind);
        Assert.Equal(LinkedRecordType.Payout, view.RecordType);
        var message = Assert.Single(view.Messages);
        Assert.Equal(key, message.RecordId);
        using var snapshot = JsonDocument.Parse(message.RecordSnapshot!);
        Assert.Equal(250.50m, snapshot.RootElement.GetProperty("amount").GetDecimal());
        Assert.Equal("Requested", snapshot.RootElement.GetProperty("status").GetString());
        Assert.Equal("USD", snapshot.RootElement.GetProperty("currency").GetString());

        // The partner may start one about its own payout, but not about someone else's.
        var bPayout = await data.AddPayoutAsync("B", 80m);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.StartRecordThreadAsync(P("A"), Id("A"), LinkedRecordType.Payout,
            bPayout.ToString(System.Globalization.CultureInfo.InvariantCulture), "Is this mine?"));
        await Assert.ThrowsAsync<DomainException>(() => _service.StartRecordThreadAsync(data.Manager, Id("A"), LinkedRecordType.Payout,
            bPayout.ToString(System.Globalization.CultureInfo.InvariantCulture), "wrong partner"));
        await Assert.ThrowsAsync<NotFoundException>(() => _service.StartRecordThreadAsync(P("A"), Id("A"), LinkedRecordType.Payout, "999999", "?"));
        var own = await _service.StartRecordThreadAsync(P("A"), Id("A"), LinkedRecordType.Payout, key, "When will it arrive?");
        Assert.NotEqual(threadId, own);
    }

    [Fact]
    public async Task An_edit_keeps_the_earlier_text_for_compliance_and_is_refused_after_five_minutes()
    {
        var thread = await _service.GetOrCreateDirectThreadAsync(P("A"), Id("A"));
        var messageId = await _service.SendAsync(P("A"), thread, "I requested 100 USD");
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.EditAsync(data.Manager, messageId, "not mine"));

        data.Clock.Advance(TimeSpan.FromMinutes(2));
        await _service.EditAsync(P("A"), messageId, "I requested 150 USD");

        var compliance = Assert.Single((await _service.GetThreadAsync(data.Compliance, thread, null, 100)).Messages, m => m.Id == messageId);
        Assert.True(compliance.IsEdited);
        Assert.Equal("I requested 150 USD", compliance.Body);
        Assert.Equal("I requested 100 USD", Assert.Single(compliance.Revisions!).Body);
        var partner = Assert.Single((await _service.GetThreadAsync(P("A"), thread, null, 100)).Messages, m => m.Id == messageId);
        Assert.True(partner.IsEdited);
        Assert.Null(partner.Revisions);
        var manager = Assert.Single((await _service.GetThreadAsync(data.Manager, thread, null, 100)).Messages, m => m.Id == messageId);
        Assert.Null(manager.Revisions);

        data.Clock.Advance(TimeSpan.FromMinutes(4));
        await Assert.ThrowsAsync<DomainException>(() => _service.EditAsync(P("A"), messageId, "I requested 200 USD"));
        Assert.Equal(1, await data.AuditCountAsync("message.edited", messageId));
    }

    [Fact]
    public async Task A_retraction_hides_the_text_from_the_partner_but_not_from_compliance()
    {
        var thread = await _service.GetOrCreateDirectThreadAsync(data.Manager, Id("B"));
        var messageId = await _service.SendAsync(data.Manager, thread, "Wrong figure: 9,999 USD");
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.RetractAsync(P("B"), messageId));
        await _service.RetractAsync(data.Manager, messageId);

        var partner = Assert.Single((await _service.GetThreadAsync(P("B"), thread, null, 100)).Messages, m => m.Id == messageId);
        Assert.True(partner.IsRetracted);
        Assert.Null(partner.Body);
        var compliance = Assert.Single((await _service.GetThreadAsync(data.Compliance, thread, null, 100)).Messages, m => m.Id == messageId);
        Assert.True(compliance.IsRetracted);
        Assert.Equal("Wrong figure: 9,999 USD", compliance.Body);
        await Assert.ThrowsAsync<DomainException>(() => _service.RetractAsync(data.Admin, messageId));
        Assert.Equal(1, await data.AuditCountAsync("message.retracted", messageId));
    }

    [Fact]
    public async Task Reading_a_thread_writes_nothing_until_the_page_marks_it_read()
    {
        var thread = await _service.GetOrCreateDirectThreadAsync(data.Manager, Id("M"));
        var fromTeam = await _service.SendAsync(data.Manager, thread, "Your rebate statement is attached.");

        await _service.GetThreadAsync(P("M"), thread, null, 50);
        await using (var db = data.CreateContext())
            Assert.False(await db.MessageReceipts.AnyAsync(r => r.MessageId == fromTeam));
        Assert.Equal(0, await data.AuditCountAsync("message.read", thread));

        Assert.Equal(1, await new ReceiptService(data.Factory, data.Clock).MarkReadAsync(P("M"), thread, null, 50));
        Assert.Equal(0, await new ReceiptService(data.Factory, data.Clock).MarkReadAsync(P("M"), thread, null, 50));
        await using (var db = data.CreateContext())
            Assert.True(await db.MessageReceipts.AnyAsync(r => r.MessageId == fromTeam && r.UserId == P("M").UserId));
        Assert.Equal(2, await data.AuditCountAsync("message.read", thread));
        await Assert.ThrowsAsync<AccessDeniedException>(() => new ReceiptService(data.Factory, data.Clock).MarkReadAsync(P("A"), thread, null, 50));
    }

    [Fact]
    public async Task Receipts_are_written_once_and_partners_only_see_whether_the_team_read()
    {
        var thread = await _service.GetOrCreateDirectThreadAsync(data.Manager, Id("M2"));
        var fromTeam = await _service.SendAsync(data.Manager, thread, "Your statement is ready.");
        var fromPartner = await _service.SendAsync(P("M2"), thread, "Thanks, checking now.");

        await data.Factory.OpenThreadAsync(data.Clock, P("M2"), thread);
        await data.Factory.OpenThreadAsync(data.Clock, P("M2"), thread);
        await using (var db = data.CreateContext())
        {
            var mine = await db.MessageReceipts.Where(r => r.UserId == P("M2").UserId).ToListAsync();
            var receipt = Assert.Single(mine); // its own message is not "read" by itself, and reading twice adds nothing
            Assert.Equal(fromTeam, receipt.MessageId);
            Assert.False(receipt.IsOperator);
            Assert.Equal(data.Clock.GetUtcNow().UtcDateTime, receipt.ReadAt);
        }

        var before = Assert.Single((await data.Factory.OpenThreadAsync(data.Clock, P("M2"), thread)).Messages, m => m.Id == fromPartner);
        Assert.Null(before.ReadByOtherSideAt);
        var operatorView = await data.Factory.OpenThreadAsync(data.Clock, data.Compliance, thread);
        var seen = Assert.Single(operatorView.Messages, m => m.Id == fromTeam);
        Assert.Contains(seen.Receipts, r => r.UserId == P("M2").UserId && !r.IsOperator);

        var after = await data.Factory.OpenThreadAsync(data.Clock, P("M2"), thread);
        var partnerMessage = Assert.Single(after.Messages, m => m.Id == fromPartner);
        Assert.NotNull(partnerMessage.ReadByOtherSideAt);
        Assert.All(after.Messages, m => Assert.Empty(m.Receipts));

        Assert.Equal(5, await data.AuditCountAsync("message.read", thread));
        Assert.Equal(1, await data.AuditCountAsync("message.sent", fromTeam));
        Assert.Equal(1, await data.AuditCountAsync("message.sent", fromPartner));
    }

    [Fact]
    public async Task Pages_are_keyset_by_id_newest_first()
    {
        var thread = await _service.GetOrCreateDirectThreadAsync(data.Manager, Id("S2"));
        var ids = new List<long>();
        for (var i = 0; i < 5; i++) ids.Add(await _service.SendAsync(data.Manager, thread, $"message {i}"));

        var newest = await _service.GetThreadAsync(P("S2"), thread, null, 2);
        Assert.Equal(ids[3..], newest.Messages.Select(m => m.Id));
        Assert.Equal(ids[3], newest.OlderBeforeId);
        var older = await _service.GetThreadAsync(P("S2"), thread, newest.OlderBeforeId, 2);
        Assert.Equal(ids[1..3], older.Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task A_downline_broadcast_lands_once_per_sub_ib_and_refuses_someone_elses_sub_ib()
    {
        const string body = "New lot rates from next month";
        Assert.Equal(2, await _service.BroadcastToDownlineAsync(P("M"), body, null));

        await using (var db = data.CreateContext())
        {
            var copies = await db.Messages.Include(m => m.Thread).Where(m => m.Body == body).ToListAsync();
            Assert.Equal(2, copies.Count);
            Assert.Single(copies.Select(m => m.BroadcastId).Distinct());
            Assert.NotNull(copies[0].BroadcastId);
            Assert.Equal(new[] { Id("S1"), Id("S2") }.Order(), copies.Select(m => m.Thread!.PartnerId).Order());
            Assert.All(copies, m => Assert.Equal(Id("M"), m.Thread!.CounterpartPartnerId));
            foreach (var m in copies) Assert.Equal(1, await data.AuditCountAsync("message.sent", m.Id));
        }

        // Atomic: one foreign sub-IB refuses the whole broadcast; nothing is written.
        const string refused = "Should never arrive";
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.BroadcastToDownlineAsync(P("M"), refused, [Id("S1"), Id("S3")]));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.BroadcastToDownlineAsync(P("A"), refused, null));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.BroadcastToDownlineAsync(data.Manager, refused, null));
        Assert.Equal(1, await _service.BroadcastToDownlineAsync(P("M"), "Just for S2", [Id("S2")]));

        await using var check = data.CreateContext();
        Assert.False(await check.Messages.AnyAsync(m => m.Body == refused));
        Assert.Equal(2, await check.MessageThreads.CountAsync(t => t.Kind == ThreadKind.Downline && t.CounterpartPartnerId == Id("M")));
    }
}
