using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// "Discuss" on a record against a migrated SQLite file: a partner asks about its own payout (a partner request), a second
/// Discuss reopens the same thread, another partner's payout is refused, an operator starts one with the snapshot; and the
/// operator's record picker.
/// </summary>
public sealed class RecordConversationsTests(RecordConversationsTests.Data data) : IClassFixture<RecordConversationsTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public Actor Manager { get; private set; } = null!;
        public Actor Compliance { get; private set; } = null!;
        public int A { get; private set; }
        public int B { get; private set; }
        public Actor PartnerA { get; private set; } = null!;
        public Actor PartnerB { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Manager = await AddActorAsync(Roles.Manager);
            Compliance = await AddActorAsync(Roles.Compliance);
            var partners = new PartnerService(Factory, Clock);
            var admin = await AddActorAsync(Roles.Admin);
            A = await partners.CreateAsync(admin, new NewPartner { Name = "Alpha Media", Email = "alpha@records.test", Vertical = Vertical.IGamingAffiliate, Country = "MT" });
            B = await partners.CreateAsync(admin, new NewPartner { Name = "Beta Media", Email = "beta@records.test", Vertical = Vertical.IGamingAffiliate, Country = "MT" });
            PartnerA = await AddActorAsync(Roles.Partner, A);
            PartnerB = await AddActorAsync(Roles.Partner, B);
        }

        public async Task<string> PayoutAsync(int partnerId, decimal amount, string? paidReference = null)
        {
            await using var db = CreateContext();
            var payout = new Payout(partnerId, amount, "USD", PayoutMethod.BankWire, Clock.GetUtcNow().UtcDateTime);
            if (paidReference is not null)
            {
                payout.StartProcessing(Clock.GetUtcNow().UtcDateTime);
                payout.MarkPaid(paidReference, Clock.GetUtcNow().UtcDateTime);
            }
            db.Payouts.Add(payout);
            await db.SaveChangesAsync();
            return payout.Id.ToString(CultureInfo.InvariantCulture);
        }
    }

    private RecordConversations Service => new(data.Factory, data.Clock);

    [Fact]
    public async Task A_partner_discussing_its_own_payout_starts_a_partner_request_and_a_second_discuss_opens_the_same_thread()
    {
        var payout = await data.PayoutAsync(data.A, 1250m);

        Assert.Null(await Service.FindAsync(data.PartnerA, data.A, LinkedRecordType.Payout, payout));
        var threadId = await Service.DiscussAsync(data.PartnerA, data.A, LinkedRecordType.Payout, payout, "When will this arrive?");

        Assert.Equal(threadId, await Service.FindAsync(data.PartnerA, data.A, LinkedRecordType.Payout, payout));
        Assert.Equal(threadId, await Service.FindAsync(data.Manager, data.A, LinkedRecordType.Payout, payout));
        var again = await Service.DiscussAsync(data.PartnerA, data.A, LinkedRecordType.Payout, payout, "Any news?");
        Assert.Equal(threadId, again);

        await using var db = data.CreateContext();
        var thread = await db.MessageThreads.SingleAsync(t => t.Id == threadId);
        Assert.True(thread.PartnerRequest);
        Assert.Equal(ThreadKind.Record, thread.Kind);
        Assert.NotNull(thread.AwaitingReplySince);
        var messages = await db.Messages.Where(m => m.ThreadId == threadId).OrderBy(m => m.Id).ToListAsync();
        Assert.Equal(["When will this arrive?", "Any news?"], messages.Select(m => m.Body));
        Assert.All(messages, m => Assert.Contains("1250", m.RecordSnapshot));
        Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action == "message.sent" && a.PartnerId == data.A && a.Details!.Contains("\"partnerRequest\":true")));

        // The console sees the flag on the inbox row, the thread view and the partner's thread list.
        var row = await new InboxQueries(data.Factory, data.Clock).GetAsync(data.Manager, threadId);
        Assert.True(row!.PartnerRequest);
        var view = await new MessagingService(data.Factory, data.Clock).GetThreadAsync(data.Manager, threadId, null, 10);
        Assert.True(view.PartnerRequest);
        var list = await new ThreadQueries(data.Factory, data.Clock).ThreadListAsync(data.Manager, data.A);
        Assert.True(list.Single(t => t.Id == threadId).PartnerRequest);
    }

    [Fact]
    public async Task A_partner_cannot_discuss_or_look_up_another_partners_payout()
    {
        var theirs = await data.PayoutAsync(data.B, 80m);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.DiscussAsync(data.PartnerA, data.A, LinkedRecordType.Payout, theirs, "Is this mine?"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.DiscussAsync(data.PartnerA, data.B, LinkedRecordType.Payout, theirs, "Is this mine?"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.FindAsync(data.PartnerA, data.A, LinkedRecordType.Payout, theirs));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.DiscussAsync(data.Compliance, data.B, LinkedRecordType.Payout, theirs, "?"));

        await using var db = data.CreateContext();
        Assert.False(await db.MessageThreads.AnyAsync(t => t.RecordId == theirs));
    }

    [Fact]
    public async Task An_operator_starts_a_conversation_with_the_snapshot_and_it_is_not_a_partner_request()
    {
        var payout = await data.PayoutAsync(data.B, 310m, paidReference: "WIRE-77");

        var threadId = await Service.StartAsync(data.Manager, data.B, LinkedRecordType.Payout, payout, "Your payout was paid.");

        await using var db = data.CreateContext();
        var thread = await db.MessageThreads.SingleAsync(t => t.Id == threadId);
        Assert.False(thread.PartnerRequest);
        var message = await db.Messages.SingleAsync(m => m.ThreadId == threadId);
        Assert.Equal(LinkedRecordType.Payout, message.RecordType);
        Assert.Contains("WIRE-77", message.RecordSnapshot);
        // The partner's Discuss on the same payout opens this conversation.
        Assert.Equal(threadId, await Service.FindAsync(data.PartnerB, data.B, LinkedRecordType.Payout, payout));
    }

    [Fact]
    public async Task The_record_picker_lists_the_partners_payouts_with_readable_labels_and_searches_them_for_operators_only()
    {
        await data.PayoutAsync(data.B, 4321m, paidReference: "SEPA-PICK-1");
        await data.PayoutAsync(data.A, 4321m);
        var picker = new RecordPicker(data.Factory);

        var all = await picker.SearchAsync(data.Manager, data.B, LinkedRecordType.Payout, null);
        Assert.NotEmpty(all);
        Assert.All(all, o => Assert.Equal("Payout", o.Title));
        var found = Assert.Single(await picker.SearchAsync(data.Manager, data.B, LinkedRecordType.Payout, "pick-1"));
        Assert.Equal("4,321.00 USD · Paid", found.Detail);
        Assert.Single(await picker.SearchAsync(data.Manager, data.B, LinkedRecordType.Payout, "4,321.00"));
        Assert.Empty(await picker.SearchAsync(data.Manager, data.B, LinkedRecordType.Payout, "no such payout"));
        Assert.Empty(await picker.SearchAsync(data.Manager, data.B, LinkedRecordType.CommissionLine, null));
        await Assert.ThrowsAsync<AccessDeniedException>(() => picker.SearchAsync(data.PartnerB, data.B, LinkedRecordType.Payout, null));
    }
}
