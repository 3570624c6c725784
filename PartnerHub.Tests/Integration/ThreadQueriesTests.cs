using System.Globalization;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>ThreadQueries against a migrated SQLite file: who sees which threads, and the caller's unread counts.</summary>
public sealed class ThreadQueriesTests(ThreadQueriesTests.Data data) : IClassFixture<ThreadQueriesTests.Data>
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

        /// <summary>A new partner (optionally under a master IB) and its login.</summary>
        public async Task<(int Id, Actor Login)> PartnerAsync(string name, int? parentId = null)
        {
            var id = await new PartnerService(Factory, Clock).CreateAsync(Admin, new NewPartner
            {
                Name = name,
                Email = $"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@threads.test",
                Vertical = Vertical.ForexIb,
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
    private readonly ThreadQueries queries = new(data.Factory);

    [Fact]
    public async Task Partner_sees_only_its_own_threads()
    {
        var (a, loginA) = await data.PartnerAsync("Alpha");
        var (b, loginB) = await data.PartnerAsync("Bravo");
        var (master, loginM) = await data.PartnerAsync("Master");
        var (sub, loginS) = await data.PartnerAsync("Sub", master);

        var directA = await messaging.GetOrCreateDirectThreadAsync(loginA, a);
        var recordA = await messaging.StartRecordThreadAsync(data.Manager, a, LinkedRecordType.Payout, await data.PayoutAsync(a, 150m), "Your payout is queued.");
        var directB = await messaging.GetOrCreateDirectThreadAsync(loginB, b);
        var directSub = await messaging.GetOrCreateDirectThreadAsync(loginS, sub);
        await messaging.BroadcastToDownlineAsync(loginM, "Welcome to the network", null);

        var forA = await queries.ThreadListAsync(loginA, a);
        Assert.Equal([directA, recordA], forA.Select(t => t.Id));
        Assert.DoesNotContain(forA, t => t.Id == directB);
        Assert.Equal(ThreadKind.Direct, forA[0].Kind);
        Assert.Equal(LinkedRecordType.Payout, forA[1].RecordType);

        await Assert.ThrowsAsync<AccessDeniedException>(() => queries.ThreadListAsync(loginA, b));

        // The master sees its downline thread with the sub-IB, never the sub-IB's thread with the program.
        var forMaster = await queries.ThreadListAsync(loginM, master);
        var downline = Assert.Single(forMaster);
        Assert.Equal(ThreadKind.Downline, downline.Kind);
        Assert.Equal("Sub (sub-IB)", downline.Subject);
        await Assert.ThrowsAsync<AccessDeniedException>(() => queries.ThreadListAsync(loginM, sub));

        var forSub = await queries.ThreadListAsync(loginS, sub);
        Assert.Equal(directSub, forSub[0].Id);
        Assert.Contains(forSub, t => t.Id == downline.Id && t.Subject == "Master IB: Master");

        // Operators read every thread of the partner; Compliance too.
        var forCompliance = await queries.ThreadListAsync(data.Compliance, sub);
        Assert.Equal(forSub.Select(t => t.Id).Order(), forCompliance.Select(t => t.Id).Order());
    }

    [Fact]
    public async Task Unread_counts_are_the_callers_messages_from_others_without_a_receipt()
    {
        var (a, loginA) = await data.PartnerAsync("Charlie");
        var direct = await messaging.GetOrCreateDirectThreadAsync(data.Manager, a);
        await messaging.SendAsync(data.Manager, direct, "First");
        data.Clock.Advance(TimeSpan.FromMinutes(1));
        await messaging.SendAsync(data.Manager, direct, "Second");

        Assert.Equal(2, Assert.Single(await queries.ThreadListAsync(loginA, a)).UnreadCount);
        Assert.Equal(0, Assert.Single(await queries.ThreadListAsync(data.Manager, a)).UnreadCount);

        await data.Factory.OpenThreadAsync(data.Clock, loginA, direct, null, 30);
        Assert.Equal(0, Assert.Single(await queries.ThreadListAsync(loginA, a)).UnreadCount);

        data.Clock.Advance(TimeSpan.FromMinutes(1));
        await messaging.SendAsync(loginA, direct, "Thanks!");
        var forAdmin = Assert.Single(await queries.ThreadListAsync(data.Admin, a));
        Assert.Equal(3, forAdmin.UnreadCount); // the admin has read nothing yet
        Assert.Equal(1, Assert.Single(await queries.ThreadListAsync(data.Manager, a)).UnreadCount);
        Assert.Equal(0, Assert.Single(await queries.ThreadListAsync(loginA, a)).UnreadCount);
        Assert.Equal(data.Clock.GetUtcNow().UtcDateTime, forAdmin.LastMessageAt);

        // A retracted message no longer counts for the partner.
        data.Clock.Advance(TimeSpan.FromMinutes(1));
        var oops = await messaging.SendAsync(data.Manager, direct, "Wrong partner, sorry");
        await messaging.RetractAsync(data.Manager, oops);
        Assert.Equal(0, Assert.Single(await queries.ThreadListAsync(loginA, a)).UnreadCount);
    }

    [Fact]
    public async Task A_master_lists_its_direct_sub_IBs_as_recipients_and_both_sides_list_the_downline_threads()
    {
        var (master, loginM) = await data.PartnerAsync("Karim");
        var (lina, loginL) = await data.PartnerAsync("Lina", master);
        var (omar, _) = await data.PartnerAsync("Omar", master);
        var (grandchild, loginG) = await data.PartnerAsync("Grand", lina);
        var (other, _) = await data.PartnerAsync("OtherMaster");
        var (otherSub, loginO) = await data.PartnerAsync("OtherSub", other);

        var recipients = await queries.DownlineRecipientsAsync(loginM);
        Assert.Equal([(lina, "Lina"), (omar, "Omar")], recipients.Select(r => (r.PartnerId, r.Name)));
        Assert.Empty(await queries.DownlineRecipientsAsync(loginG));
        Assert.Empty(await queries.DownlineRecipientsAsync(data.Manager));

        Assert.Equal(2, await messaging.BroadcastToDownlineAsync(loginM, "Quarterly targets are out", null));

        var forMaster = await queries.ThreadListAsync(loginM, master);
        Assert.Equal(["Lina (sub-IB)", "Omar (sub-IB)"], forMaster.Select(t => t.Subject).Order());
        Assert.All(forMaster, t => Assert.Equal(master, t.CounterpartPartnerId));

        var forLina = await queries.ThreadListAsync(loginL, lina);
        var linaThread = Assert.Single(forLina, t => t.Kind == ThreadKind.Downline);
        Assert.Equal("Master IB: Karim", linaThread.Subject);
        Assert.Equal(1, linaThread.UnreadCount);

        // Lina's own downline sees nothing of Karim's broadcast; neither does a sub-IB of another master.
        Assert.Empty(await queries.ThreadListAsync(loginG, grandchild));
        Assert.Empty(await queries.ThreadListAsync(loginO, otherSub));

        // The sub-IB replies; the master sees it as unread in its list.
        await messaging.SendAsync(loginL, linaThread.Id, "Thanks Karim");
        Assert.Equal(1, Assert.Single(await queries.ThreadListAsync(loginM, master), t => t.Id == linaThread.Id).UnreadCount);
    }
}
