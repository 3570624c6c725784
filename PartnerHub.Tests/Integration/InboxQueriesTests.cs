using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>The console inbox against a migrated SQLite file: filters, the caller's unread counts, assignment, badges.</summary>
public sealed class InboxQueriesTests(InboxQueriesTests.Data data) : IClassFixture<InboxQueriesTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public Actor Admin { get; private set; } = null!;
        public Actor Manager { get; private set; } = null!;
        public Actor Compliance { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Admin = await AddActorAsync(Roles.Admin);
            Manager = await AddActorAsync(Roles.Manager);
            Compliance = await AddActorAsync(Roles.Compliance);
        }

        /// <summary>A new partner with a name unique to the test (so the test can isolate it with Search) and its login.</summary>
        public async Task<(int Id, Actor Login)> PartnerAsync(string name, Vertical vertical = Vertical.ForexIb, int? parentId = null)
        {
            var id = await new PartnerService(Factory, Clock).CreateAsync(Admin, new NewPartner
            {
                Name = name,
                Email = $"p{Guid.NewGuid():N}@inbox.test",
                Vertical = vertical,
                Country = "CY",
                ParentId = parentId,
            });
            return (id, await AddActorAsync(Roles.Partner, id));
        }

        public async Task<string> PayoutAsync(int partnerId, decimal amount)
        {
            await using var db = CreateContext();
            var payout = new Payout(partnerId, amount, "USD", PayoutMethod.BankWire, Clock.GetUtcNow().UtcDateTime);
            db.Payouts.Add(payout);
            await db.SaveChangesAsync();
            return payout.Id.ToString(CultureInfo.InvariantCulture);
        }
    }

    private readonly MessagingService messaging = new(data.Factory, data.Clock);
    private readonly InboxQueries inbox = new(data.Factory, data.Clock);

    private static string Token() => "T" + Guid.NewGuid().ToString("N")[..10];

    private Task<Page<InboxRow>> ListAsync(Actor actor, string token, InboxQuery? q = null) =>
        inbox.ListAsync(actor, (q ?? new InboxQuery()) with { Search = token });

    [Fact]
    public async Task Lists_every_kind_of_thread_with_partner_and_vertical()
    {
        var token = Token();
        var (master, loginM) = await data.PartnerAsync($"{token} Master", Vertical.PropTradingAffiliate);
        var (sub, loginS) = await data.PartnerAsync($"{token} Sub", Vertical.PropTradingAffiliate, master);
        var direct = await messaging.GetOrCreateDirectThreadAsync(loginS, sub);
        var record = await messaging.StartRecordThreadAsync(data.Manager, sub, LinkedRecordType.Payout, await data.PayoutAsync(sub, 90m), "About your payout");
        await messaging.BroadcastToDownlineAsync(loginM, "Hello downline", null);

        // Downline threads are between partners: out of the program team's inbox unless asked for.
        var downline = Assert.Single((await ListAsync(data.Compliance, token, new InboxQuery { State = InboxState.Downline })).Items);
        Assert.Equal(ThreadKind.Downline, downline.Kind);
        var page = await ListAsync(data.Compliance, token, new InboxQuery { State = InboxState.All });
        page = new Page<InboxRow>([.. page.Items, downline], page.Total + 1);

        Assert.Equal(3, page.Total);
        Assert.Contains(page.Items, r => r.ThreadId == direct && r.Kind == ThreadKind.Direct);
        Assert.Contains(page.Items, r => r.ThreadId == record && r.Kind == ThreadKind.Record && r.RecordType == LinkedRecordType.Payout);
        Assert.Contains(page.Items, r => r.Kind == ThreadKind.Downline && r.PartnerId == sub);
        Assert.All(page.Items, r => Assert.Equal(Vertical.PropTradingAffiliate, r.Vertical));
        Assert.All(page.Items, r => Assert.Equal($"{token} Sub", r.PartnerName));

        var linked = await ListAsync(data.Compliance, token, new InboxQuery { RecordLinkedOnly = true });
        Assert.Equal(record, Assert.Single(linked.Items).ThreadId);

        var otherVertical = await ListAsync(data.Compliance, token, new InboxQuery { Vertical = Vertical.ForexIb });
        Assert.Empty(otherVertical.Items);
        var sameVertical = await ListAsync(data.Compliance, token, new InboxQuery { Vertical = Vertical.PropTradingAffiliate });
        Assert.Equal(2, sameVertical.Total);
    }

    [Fact]
    public async Task Unanswered_filter_hours_and_sort()
    {
        var token = Token();
        var (a, loginA) = await data.PartnerAsync($"{token} Alpha");
        var (b, loginB) = await data.PartnerAsync($"{token} Bravo");
        var threadA = await messaging.GetOrCreateDirectThreadAsync(loginA, a);
        var threadB = await messaging.GetOrCreateDirectThreadAsync(loginB, b);
        var (c, loginC) = await data.PartnerAsync($"{token} Charlie");
        await messaging.GetOrCreateDirectThreadAsync(loginC, c);

        await messaging.SendAsync(loginA, threadA, "Anyone there?");
        data.Clock.Advance(TimeSpan.FromHours(30));
        await messaging.SendAsync(loginB, threadB, "Question");
        data.Clock.Advance(TimeSpan.FromHours(2));

        var unanswered = await ListAsync(data.Manager, token, new InboxQuery { Unanswered = true, Sort = InboxSort.LongestUnanswered });
        Assert.Equal([threadA, threadB], unanswered.Items.Select(r => r.ThreadId));
        Assert.Equal(32, unanswered.Items[0].UnansweredHours);
        Assert.Equal(2, unanswered.Items[1].UnansweredHours);

        var old = await ListAsync(data.Manager, token, new InboxQuery { Unanswered = true, MinHours = 24 });
        Assert.Equal(threadA, Assert.Single(old.Items).ThreadId);

        // Newest activity first by default.
        var all = await ListAsync(data.Manager, token);
        Assert.Equal(threadB, all.Items[0].ThreadId);

        await messaging.SendAsync(data.Manager, threadA, "Yes, here.");
        var after = await ListAsync(data.Manager, token, new InboxQuery { Unanswered = true });
        Assert.Equal(threadB, Assert.Single(after.Items).ThreadId);
        Assert.Null((await inbox.GetAsync(data.Manager, threadA))!.UnansweredHours);
    }

    [Fact]
    public async Task Unread_count_and_filter_are_per_caller()
    {
        var token = Token();
        var (a, loginA) = await data.PartnerAsync($"{token} Alpha");
        var thread = await messaging.GetOrCreateDirectThreadAsync(loginA, a);
        await messaging.SendAsync(loginA, thread, "One");
        await messaging.SendAsync(loginA, thread, "Two");
        var (b, loginB) = await data.PartnerAsync($"{token} Bravo");
        await messaging.GetOrCreateDirectThreadAsync(loginB, b);

        var forManager = await ListAsync(data.Manager, token, new InboxQuery { UnreadOnly = true });
        Assert.Equal(2, Assert.Single(forManager.Items).UnreadCount);

        await data.Factory.OpenThreadAsync(data.Clock, data.Manager, thread);

        Assert.Empty((await ListAsync(data.Manager, token, new InboxQuery { UnreadOnly = true })).Items);
        Assert.Equal(0, (await inbox.GetAsync(data.Manager, thread))!.UnreadCount);
        var forCompliance = await ListAsync(data.Compliance, token, new InboxQuery { UnreadOnly = true });
        Assert.Equal(2, Assert.Single(forCompliance.Items).UnreadCount);
    }

    [Fact]
    public async Task Assign_to_a_manager_filters_assigned_to_me_and_is_audited()
    {
        var token = Token();
        var (a, loginA) = await data.PartnerAsync($"{token} Alpha");
        var thread = await messaging.GetOrCreateDirectThreadAsync(loginA, a);
        var (b, loginB) = await data.PartnerAsync($"{token} Bravo");
        await messaging.GetOrCreateDirectThreadAsync(loginB, b);

        await inbox.AssignAsync(data.Admin, thread, data.Manager.UserId);

        var mine = await ListAsync(data.Manager, token, new InboxQuery { AssignedToMe = true });
        var row = Assert.Single(mine.Items);
        Assert.Equal(thread, row.ThreadId);
        Assert.Equal(data.Manager.Name, row.AssignedToName);
        Assert.Empty((await ListAsync(data.Admin, token, new InboxQuery { AssignedToMe = true })).Items);

        await using (var db = data.CreateContext())
        {
            Assert.True(await db.AuditLog.AnyAsync(e => e.Action == "thread.assigned" && e.EntityId == thread.ToString(CultureInfo.InvariantCulture)));
        }

        await inbox.AssignAsync(data.Manager, thread, null);
        Assert.Empty((await ListAsync(data.Manager, token, new InboxQuery { AssignedToMe = true })).Items);
    }

    [Fact]
    public async Task Assign_is_refused_for_compliance_and_for_a_non_manager_assignee()
    {
        var (a, loginA) = await data.PartnerAsync($"{Token()} Alpha");
        var thread = await messaging.GetOrCreateDirectThreadAsync(loginA, a);

        await Assert.ThrowsAsync<AccessDeniedException>(() => inbox.AssignAsync(data.Compliance, thread, data.Manager.UserId));
        await Assert.ThrowsAsync<AccessDeniedException>(() => inbox.AssignAsync(loginA, thread, data.Manager.UserId));
        await Assert.ThrowsAsync<DomainException>(() => inbox.AssignAsync(data.Admin, thread, data.Compliance.UserId));
        await Assert.ThrowsAsync<DomainException>(() => inbox.AssignAsync(data.Admin, thread, loginA.UserId));
        await Assert.ThrowsAsync<NotFoundException>(() => inbox.AssignAsync(data.Admin, -1, data.Manager.UserId));
        Assert.Null((await inbox.GetAsync(data.Admin, thread))!.AssignedToId);
    }

    [Fact]
    public async Task Partner_cannot_list_the_inbox()
    {
        var (_, login) = await data.PartnerAsync($"{Token()} Alpha");
        await Assert.ThrowsAsync<AccessDeniedException>(() => inbox.ListAsync(login, new InboxQuery()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => inbox.GetAsync(login, 1));
    }

    [Fact]
    public async Task Partner_unread_count_covers_only_its_own_threads()
    {
        var token = Token();
        var (a, loginA) = await data.PartnerAsync($"{token} Alpha");
        var (b, loginB) = await data.PartnerAsync($"{token} Bravo");
        var (master, loginM) = await data.PartnerAsync($"{token} Master");
        var (sub, loginS) = await data.PartnerAsync($"{token} Sub", parentId: master);
        var (sub2, loginS2) = await data.PartnerAsync($"{token} Sub2", parentId: master);

        var directA = await messaging.GetOrCreateDirectThreadAsync(loginA, a);
        var first = await messaging.SendAsync(data.Manager, directA, "Hello A");
        await messaging.SendAsync(data.Manager, directA, "Second");
        await messaging.StartRecordThreadAsync(data.Manager, a, LinkedRecordType.Payout, await data.PayoutAsync(a, 10m), "Payout queued");
        await messaging.SendAsync(loginA, directA, "My own message");
        var directB = await messaging.GetOrCreateDirectThreadAsync(loginB, b);
        await messaging.SendAsync(data.Manager, directB, "Hello B");
        var directSub = await messaging.GetOrCreateDirectThreadAsync(loginS, sub);
        await messaging.SendAsync(data.Manager, directSub, "Program to sub");
        await messaging.BroadcastToDownlineAsync(loginM, "To the downline", null);

        Assert.Equal(3, await inbox.UnreadCountAsync(loginA));
        Assert.Equal(1, await inbox.UnreadCountAsync(loginB));
        Assert.Equal(2, await inbox.UnreadCountAsync(loginS)); // its direct thread + the broadcast
        Assert.Equal(1, await inbox.UnreadCountAsync(loginS2)); // the broadcast only
        Assert.Equal(0, await inbox.UnreadCountAsync(loginM)); // never the sub-IB's thread with the program

        await messaging.RetractAsync(data.Manager, first);
        Assert.Equal(2, await inbox.UnreadCountAsync(loginA));

        await data.Factory.OpenThreadAsync(data.Clock, loginA, directA);
        Assert.Equal(1, await inbox.UnreadCountAsync(loginA));

        // The sub-IB replies: the master sees one unread.
        var downline = (await new ThreadQueries(data.Factory).ThreadListAsync(loginS, sub)).Single(t => t.Kind == ThreadKind.Downline).Id;
        await messaging.SendAsync(loginS, downline, "Thanks");
        Assert.Equal(1, await inbox.UnreadCountAsync(loginM));
    }

    [Fact]
    public async Task Operator_unread_count_counts_unread_partner_messages()
    {
        var (a, loginA) = await data.PartnerAsync($"{Token()} Alpha");
        var thread = await messaging.GetOrCreateDirectThreadAsync(loginA, a);
        var before = await inbox.UnreadCountAsync(data.Manager);

        await messaging.SendAsync(loginA, thread, "Hi");
        await messaging.SendAsync(loginA, thread, "Again");
        await messaging.SendAsync(data.Admin, thread, "Operator text does not count for the manager badge");
        Assert.Equal(before + 2, await inbox.UnreadCountAsync(data.Manager));

        await data.Factory.OpenThreadAsync(data.Clock, data.Manager, thread);
        Assert.Equal(before, await inbox.UnreadCountAsync(data.Manager));
    }
}
