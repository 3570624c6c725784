using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// Triage (done, snooze, reopen, mark unread), automatic assignment to the account manager and its move on reassignment, and
/// downline threads kept out of the program team's inbox, against a migrated SQLite file.
/// </summary>
public sealed class ThreadTriageTests(InboxQueriesTests.Data data) : IClassFixture<InboxQueriesTests.Data>
{
    private readonly MessagingService messaging = new(data.Factory, data.Clock);
    private readonly InboxQueries inbox = new(data.Factory, data.Clock);
    private readonly ThreadTriage triage = new(data.Factory, data.Clock);

    private static string Token() => "T" + Guid.NewGuid().ToString("N")[..10];

    private async Task<IReadOnlyList<long>> IdsAsync(Actor actor, string token, InboxQuery q) =>
        (await inbox.ListAsync(actor, q with { Search = token })).Items.Select(r => r.ThreadId).ToList();

    private async Task<int> VersionAsync(long threadId) => (await inbox.GetAsync(data.Admin, threadId))!.Version;

    private async Task<(long Thread, Actor Login)> AnsweredThreadAsync(string token)
    {
        var (id, login) = await data.PartnerAsync($"{token} Alpha");
        var thread = await messaging.GetOrCreateDirectThreadAsync(login, id);
        await messaging.SendAsync(login, thread, "Where is my payout?");
        await messaging.SendAsync(data.Manager, thread, "It was sent **today**.");
        return (thread, login);
    }

    [Fact]
    public async Task Done_closes_the_thread_and_a_partners_thanks_reopens_it_without_restarting_the_unanswered_clock()
    {
        var token = Token();
        var (thread, login) = await AnsweredThreadAsync(token);

        await triage.MarkDoneAsync(data.Manager, thread, await VersionAsync(thread));

        Assert.Empty(await IdsAsync(data.Manager, token, new InboxQuery()));
        Assert.Equal([thread], await IdsAsync(data.Manager, token, new InboxQuery { State = InboxState.Done }));

        await messaging.SendAsync(login, thread, "Thanks!");

        Assert.Equal([thread], await IdsAsync(data.Manager, token, new InboxQuery()));
        Assert.Empty(await IdsAsync(data.Manager, token, new InboxQuery { State = InboxState.Done }));
        Assert.Empty(await IdsAsync(data.Manager, token, new InboxQuery { Unanswered = true }));
        var row = (await inbox.GetAsync(data.Manager, thread))!;
        Assert.Null(row.AwaitingReplySince);
        Assert.Equal("Thanks!", row.Preview);
        Assert.Equal(login.Name, row.PreviewAuthor);
    }

    [Fact]
    public async Task A_snoozed_thread_leaves_the_open_inbox_until_its_time()
    {
        var token = Token();
        var (thread, _) = await AnsweredThreadAsync(token);
        var until = data.Clock.GetUtcNow().UtcDateTime.AddHours(2);

        await triage.SnoozeAsync(data.Manager, thread, until, await VersionAsync(thread));

        Assert.Empty(await IdsAsync(data.Manager, token, new InboxQuery()));
        var snoozed = Assert.Single((await inbox.ListAsync(data.Manager, new InboxQuery { State = InboxState.Snoozed, Search = token })).Items);
        Assert.Equal(until, snoozed.SnoozedUntil);

        data.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal([thread], await IdsAsync(data.Manager, token, new InboxQuery()));
        Assert.Empty(await IdsAsync(data.Manager, token, new InboxQuery { State = InboxState.Snoozed }));
    }

    [Fact]
    public async Task Reopen_brings_a_done_thread_back_and_every_change_is_audited()
    {
        var token = Token();
        var (thread, _) = await AnsweredThreadAsync(token);
        await triage.MarkDoneAsync(data.Admin, thread, await VersionAsync(thread));
        await triage.ReopenAsync(data.Manager, thread, await VersionAsync(thread));
        await triage.SnoozeAsync(data.Manager, thread, data.Clock.GetUtcNow().UtcDateTime.AddDays(1), await VersionAsync(thread));
        await triage.MarkUnreadAsync(data.Manager, thread);

        Assert.Equal([thread], await IdsAsync(data.Manager, token, new InboxQuery { State = InboxState.Snoozed }));
        await using var db = data.CreateContext();
        var key = thread.ToString(CultureInfo.InvariantCulture);
        var actions = await db.AuditLog.Where(e => e.EntityType == nameof(MessageThread) && e.EntityId == key).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync();
        Assert.Equal(["thread.done", "thread.reopened", "thread.snoozed", "thread.marked-unread"], actions.Where(a => a != "message.read"));
    }

    [Fact]
    public async Task Triage_is_refused_to_compliance_and_partners_and_on_a_stale_version()
    {
        var token = Token();
        var (thread, login) = await AnsweredThreadAsync(token);
        var version = await VersionAsync(thread);

        await Assert.ThrowsAsync<AccessDeniedException>(() => triage.MarkDoneAsync(data.Compliance, thread, version));
        await Assert.ThrowsAsync<AccessDeniedException>(() => triage.MarkUnreadAsync(data.Compliance, thread));
        await Assert.ThrowsAsync<AccessDeniedException>(() => triage.SnoozeAsync(login, thread, DateTime.UtcNow.AddDays(1), version));

        await messaging.SendAsync(login, thread, "One more thing");
        var stale = await Assert.ThrowsAsync<DomainException>(() => triage.MarkDoneAsync(data.Manager, thread, version));
        Assert.Contains("changed by someone else", stale.Message, StringComparison.Ordinal);
        Assert.Null((await inbox.GetAsync(data.Manager, thread))!.DoneAt);
        await Assert.ThrowsAsync<DomainException>(() => triage.SnoozeAsync(data.Manager, thread, data.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1), version + 1));
    }

    [Fact]
    public async Task Mark_unread_is_per_user_and_reading_the_thread_clears_it_while_receipts_stay()
    {
        var token = Token();
        var (thread, _) = await AnsweredThreadAsync(token);
        await data.Factory.OpenThreadAsync(data.Clock, data.Manager, thread);
        Assert.Empty(await IdsAsync(data.Manager, token, new InboxQuery { UnreadOnly = true }));

        await triage.MarkUnreadAsync(data.Manager, thread);

        Assert.Equal([thread], await IdsAsync(data.Manager, token, new InboxQuery { UnreadOnly = true }));
        Assert.True((await inbox.GetAsync(data.Manager, thread))!.MarkedUnread);
        Assert.False((await inbox.GetAsync(data.Admin, thread))!.MarkedUnread);

        await data.Factory.OpenThreadAsync(data.Clock, data.Manager, thread);

        Assert.Empty(await IdsAsync(data.Manager, token, new InboxQuery { UnreadOnly = true }));
        await using var db = data.CreateContext();
        Assert.True(await db.MessageReceipts.AnyAsync(r => r.UserId == data.Manager.UserId && db.Messages.Any(m => m.Id == r.MessageId && m.ThreadId == thread)));
    }

    [Fact]
    public async Task New_partner_threads_go_to_the_account_manager_and_follow_a_reassignment()
    {
        var token = Token();
        var first = data.Manager;
        var second = await data.AddActorAsync(Roles.Manager);
        var other = await data.AddActorAsync(Roles.Manager);
        var partnerId = await new PartnerService(data.Factory, data.Clock).CreateAsync(data.Admin, new NewPartner
        {
            Name = $"{token} Managed", Email = $"m{Guid.NewGuid():N}@inbox.test", Vertical = Vertical.ForexIb, Country = "CY", ManagerId = first.UserId,
        });
        var login = await data.AddActorAsync(Roles.Partner, partnerId);

        var direct = await messaging.GetOrCreateDirectThreadAsync(login, partnerId);
        var request = await messaging.StartRecordThreadAsync(login, partnerId, LinkedRecordType.Payout, await data.PayoutAsync(partnerId, 50m), "About this payout");
        var takenOver = await messaging.StartRecordThreadAsync(login, partnerId, LinkedRecordType.Payout, await data.PayoutAsync(partnerId, 60m), "And this one");
        var closed = await messaging.StartRecordThreadAsync(login, partnerId, LinkedRecordType.Payout, await data.PayoutAsync(partnerId, 70m), "And that one");
        foreach (var id in new[] { direct, request, takenOver, closed })
            Assert.Equal(first.UserId, (await inbox.GetAsync(data.Admin, id))!.AssignedToId);
        await inbox.AssignAsync(data.Admin, takenOver, other.UserId);
        await triage.MarkDoneAsync(data.Admin, closed, await VersionAsync(closed));

        int version;
        await using (var db = data.CreateContext())
            version = await db.Partners.Where(p => p.Id == partnerId).Select(p => p.Version).SingleAsync();
        await new PartnerService(data.Factory, data.Clock).ReassignManagerAsync(data.Admin, partnerId, second.UserId, version);

        Assert.Equal(second.UserId, (await inbox.GetAsync(data.Admin, direct))!.AssignedToId);
        Assert.Equal(second.UserId, (await inbox.GetAsync(data.Admin, request))!.AssignedToId);
        Assert.Equal(other.UserId, (await inbox.GetAsync(data.Admin, takenOver))!.AssignedToId);
        Assert.Equal(first.UserId, (await inbox.GetAsync(data.Admin, closed))!.AssignedToId);
        await using var check = data.CreateContext();
        var moved = await check.AuditLog.Where(e => e.Action == "thread.assigned" && e.PartnerId == partnerId).Select(e => e.EntityId).ToListAsync();
        Assert.Equal(new[] { direct, request, takenOver }.Select(id => id.ToString(CultureInfo.InvariantCulture)).Order(), moved.Order());
    }

    [Fact]
    public async Task Downline_threads_stay_out_of_the_inbox_and_never_count_as_unanswered()
    {
        var token = Token();
        var (master, loginM) = await data.PartnerAsync($"{token} Master");
        var (sub, loginS) = await data.PartnerAsync($"{token} Sub", parentId: master);
        await messaging.BroadcastToDownlineAsync(loginM, "Hello downline", null);
        var downline = (await new ThreadQueries(data.Factory).ThreadListAsync(loginS, sub)).Single(t => t.Kind == ThreadKind.Downline).Id;
        var badgeBefore = await inbox.UnreadCountAsync(data.Manager);
        await messaging.SendAsync(loginS, downline, "Question for my master IB");

        Assert.Empty(await IdsAsync(data.Manager, token, new InboxQuery()));
        Assert.Empty(await IdsAsync(data.Manager, token, new InboxQuery { State = InboxState.All }));
        Assert.Empty(await IdsAsync(data.Manager, token, new InboxQuery { State = InboxState.Downline, Unanswered = true }));
        Assert.Equal([downline], await IdsAsync(data.Manager, token, new InboxQuery { State = InboxState.Downline }));
        Assert.Equal(badgeBefore, await inbox.UnreadCountAsync(data.Manager));
        var partners = await new PartnerQueries(data.Factory).SearchAsync(data.Manager, new PartnerQuery { Search = token });
        Assert.All(partners.Items, p => Assert.Null(p.AwaitingReplySince));
        await Assert.ThrowsAsync<DomainException>(() => triage.MarkDoneAsync(data.Manager, downline, 0));
    }

    [Fact]
    public async Task A_managers_badge_counts_the_threads_assigned_to_them_or_to_nobody_and_not_another_managers()
    {
        var token = Token();
        var mine = await data.AddActorAsync(Roles.Manager);
        var other = await data.AddActorAsync(Roles.Manager);
        var (assignedPartner, assignedLogin) = await data.PartnerAsync($"{token} Assigned");
        var (openPartner, openLogin) = await data.PartnerAsync($"{token} Unassigned");
        var assigned = await messaging.GetOrCreateDirectThreadAsync(assignedLogin, assignedPartner);
        await inbox.AssignAsync(data.Admin, assigned, mine.UserId);
        var unassigned = await messaging.GetOrCreateDirectThreadAsync(openLogin, openPartner);
        var (mineBefore, otherBefore) = (await inbox.UnreadCountAsync(mine), await inbox.UnreadCountAsync(other));

        await messaging.SendAsync(assignedLogin, assigned, "Two questions about my deal.");
        await messaging.SendAsync(assignedLogin, assigned, "And one about my payout.");
        await messaging.SendAsync(openLogin, unassigned, "Hello, is anyone there?");

        Assert.Equal(mineBefore + 3, await inbox.UnreadCountAsync(mine));
        Assert.Equal(otherBefore + 1, await inbox.UnreadCountAsync(other));
    }
}
