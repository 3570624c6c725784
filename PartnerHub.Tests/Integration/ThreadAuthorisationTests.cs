using PartnerHub.Domain;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Segments;
using PartnerHub.Domain.Users;
using PartnerHub.Domain.Data.Sqlite;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// Thread rights that depend on the database, not only on roles: the current IB tree for downline threads, creative
/// visibility for threads about a creative, and the right to write for editing. Each test makes its own partners.
/// </summary>
public sealed class ThreadAuthorisationTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    private readonly MessagingService messaging = new(database.Factory, database.Clock);
    private readonly ThreadQueries threads = new(database.Factory, database.Clock);
    private readonly PartnerService partners = new(database.Factory, database.Clock);

    private async Task<(int Id, Actor Login)> PartnerAsync(Actor admin, string name, int? parent = null)
    {
        var id = await partners.CreateAsync(admin, new NewPartner
        {
            Name = name, Email = $"{name.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()}-{Guid.NewGuid():N}@threads.test", Vertical = Vertical.ForexIb, Country = "CY", ParentId = parent,
        });
        return (id, await database.AddActorAsync(Roles.Partner, id));
    }

    /// <summary>A master IB, its sub-IB and their downline thread with one message from each side.</summary>
    private async Task<(Actor Admin, (int Id, Actor Login) Master, (int Id, Actor Login) Sub, long ThreadId, long SubMessageId)> DownlineAsync()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var master = await PartnerAsync(admin, "Master");
        var sub = await PartnerAsync(admin, "Sub", master.Id);
        await messaging.BroadcastToDownlineAsync(master.Login, "Welcome to my network.", [sub.Id]);
        var threadId = (await threads.ThreadListAsync(sub.Login, sub.Id)).Single(t => t.Kind == ThreadKind.Downline).Id;
        var subMessage = await messaging.SendAsync(sub.Login, threadId, "Thanks!");
        return (admin, master, sub, threadId, subMessage);
    }

    [Fact]
    public async Task A_master_ib_who_is_no_longer_the_upline_cannot_read_or_write_the_old_downline_thread()
    {
        var (admin, master, sub, threadId, _) = await DownlineAsync();
        var inbox = new InboxQueries(database.Factory, database.Clock);
        var search = new MessageSearch(database.Factory, database.SearchSql, database.Clock);
        var secret = $"handover{Guid.NewGuid():N}"[..20];
        await messaging.SendAsync(sub.Login, threadId, $"The {secret} plan.");
        Assert.Equal(2, await inbox.UnreadCountAsync(master.Login));
        Assert.Single((await search.SearchAsync(master.Login, new MessageSearchQuery { Text = secret })).Items);
        Assert.True((await messaging.GetThreadAsync(master.Login, threadId, null, 50)).CanWrite);

        var other = await PartnerAsync(admin, "New master");
        await partners.SetUplineAsync(admin, sub.Id, other.Id);

        await Assert.ThrowsAsync<AccessDeniedException>(() => messaging.GetThreadAsync(master.Login, threadId, null, 50));
        await Assert.ThrowsAsync<AccessDeniedException>(() => messaging.SendAsync(master.Login, threadId, "Still there?"));
        Assert.DoesNotContain(await threads.ThreadListAsync(master.Login, master.Id), t => t.Id == threadId);
        Assert.Equal(0, await inbox.UnreadCountAsync(master.Login));
        Assert.Empty((await search.SearchAsync(master.Login, new MessageSearchQuery { Text = secret })).Items);
        // The sub-IB keeps its history, read-only: its former master is no longer on the other side.
        var view = await messaging.GetThreadAsync(sub.Login, threadId, null, 50);
        Assert.False(view.CanWrite);
        await Assert.ThrowsAsync<AccessDeniedException>(() => messaging.SendAsync(sub.Login, threadId, "Hello?"));
    }

    [Fact]
    public async Task A_partner_cannot_start_or_read_a_thread_about_a_creative_they_cannot_see()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var partner = await PartnerAsync(admin, "Viewer");
        var segments = new SegmentService(database.Factory, database.Clock);
        var britain = await segments.CreateAsync(admin, $"Britain {Guid.NewGuid():N}", null, new SegmentCriteria { Countries = ["GB"] });
        int hidden, shown;
        await using (var db = database.CreateContext())
        {
            var now = database.Clock.GetUtcNow().UtcDateTime;
            var h = new Creative("British banner", CreativeType.Banner, null, now, admin.UserId);
            h.SetVisibility([britain]);
            h.Publish(now);
            var s = new Creative("Everyone's banner", CreativeType.Banner, null, now, admin.UserId);
            s.Publish(now);
            db.Creatives.AddRange(h, s);
            await db.SaveChangesAsync();
            (hidden, shown) = (h.Id, s.Id);
        }

        await Assert.ThrowsAsync<NotFoundException>(() =>
            messaging.StartRecordThreadAsync(partner.Login, partner.Id, LinkedRecordType.Creative, hidden.ToString(), "Can I use this?"));
        var threadId = await messaging.StartRecordThreadAsync(partner.Login, partner.Id, LinkedRecordType.Creative, shown.ToString(), "Can I use this?");

        // The creative is then narrowed to an audience the partner is not in.
        await using (var db = database.CreateContext())
        {
            var creative = await db.Creatives.FindAsync(shown);
            await db.Entry(creative!).Collection(c => c.Visibility).LoadAsync();
            creative!.SetVisibility([britain]);
            await db.SaveChangesAsync();
        }

        await Assert.ThrowsAsync<AccessDeniedException>(() => messaging.GetThreadAsync(partner.Login, threadId, null, 50));
        await Assert.ThrowsAsync<AccessDeniedException>(() => messaging.SendAsync(partner.Login, threadId, "Hello?"));
        Assert.DoesNotContain(await threads.ThreadListAsync(partner.Login, partner.Id), t => t.Id == threadId);
        // Operators still read it.
        Assert.NotEmpty((await messaging.GetThreadAsync(admin, threadId, null, 50)).Messages);
    }

    [Fact]
    public async Task A_manager_who_lost_the_role_cannot_edit_their_message()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var partner = await PartnerAsync(admin, "Edited");
        var user = await database.AddUserAsync(Roles.Manager);
        var asManager = SqliteDatabase.ActorFor(user, Roles.Manager);
        var threadId = await messaging.GetOrCreateDirectThreadAsync(asManager, partner.Id);
        var messageId = await messaging.SendAsync(asManager, threadId, "Your payout is on its way.");

        var nowCompliance = SqliteDatabase.ActorFor(user, Roles.Compliance);

        await Assert.ThrowsAsync<AccessDeniedException>(() => messaging.EditAsync(nowCompliance, messageId, "Changed after the fact."));
        await messaging.EditAsync(asManager, messageId, "Your payout is on its way (bank wire).");
    }

    [Fact]
    public async Task A_sub_ib_whose_downline_thread_became_read_only_cannot_edit_their_message()
    {
        var (admin, _, sub, _, subMessage) = await DownlineAsync();
        await partners.SetUplineAsync(admin, sub.Id, null);

        await Assert.ThrowsAsync<AccessDeniedException>(() => messaging.EditAsync(sub.Login, subMessage, "Edited later"));
    }
}
