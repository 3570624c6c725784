using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Tests.Domain;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>The notification center on SQLite: a user's own delivered notifications, read marks, and nobody else's.</summary>
public sealed class NotificationCenterTests : IAsyncLifetime
{
    private SqliteDatabase database = default!;
    private readonly RecordingSignal signal = new();
    private NotificationCenter center = default!;
    private Partner partnerA = default!, partnerB = default!;
    private Actor loginA1 = default!, loginA2 = default!, loginB = default!, manager = default!, otherManager = default!;

    public async Task InitializeAsync()
    {
        database = await SqliteDatabase.CreateAsync();
        center = new NotificationCenter(database.Factory, database.Clock, signal);
        await using var db = database.CreateContext();
        partnerA = Fakes.Partners(601).Generate();
        partnerB = Fakes.Partners(602).Generate();
        db.Partners.AddRange(partnerA, partnerB);
        await db.SaveChangesAsync();
        loginA1 = await database.AddActorAsync(Roles.Partner, partnerA.Id);
        loginA2 = await database.AddActorAsync(Roles.Partner, partnerA.Id);
        loginB = await database.AddActorAsync(Roles.Partner, partnerB.Id);
        manager = await database.AddActorAsync(Roles.Manager);
        otherManager = await database.AddActorAsync(Roles.Manager);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private DateTime Now => database.Clock.GetUtcNow().UtcDateTime;

    private async Task<Notification> AddAsync(string key, int? partnerId, string? userId, string title, TimeSpan? deliverIn = null,
        NotificationCategory category = NotificationCategory.Payouts, string? link = "/portal/payouts")
    {
        await using var db = database.CreateContext();
        var n = new Notification(key, partnerId, userId, category, title, $"Body of **{title}**", link, Now.AddMinutes(-1),
            Now + (deliverIn ?? TimeSpan.FromMinutes(-1)))
        { AboutPartnerId = partnerId };
        db.Notifications.Add(n);
        await db.SaveChangesAsync();
        return n;
    }

    [Fact]
    public async Task Every_login_of_a_partner_sees_the_partners_delivered_notifications_newest_first()
    {
        await AddAsync(Notification.PartnerKey(partnerA.Id), partnerA.Id, null, "Older");
        database.Clock.Advance(TimeSpan.FromMinutes(5));
        await AddAsync(Notification.PartnerKey(partnerA.Id), partnerA.Id, null, "Newer");
        await AddAsync(Notification.PartnerKey(partnerB.Id), partnerB.Id, null, "For B");
        await AddAsync(Notification.UserKey(manager.UserId), null, manager.UserId, "For the manager");

        foreach (var login in new[] { loginA1, loginA2 })
        {
            var page = await center.ListAsync(login, 0, 10);
            Assert.Equal(["Newer", "Older"], page.Items.Select(n => n.Title));
            Assert.Equal(2, page.Total);
            Assert.Equal(2, await center.UnreadCountAsync(login));
        }
        Assert.Equal(["For B"], (await center.ListAsync(loginB, 0, 10)).Items.Select(n => n.Title));
        Assert.Equal(["For the manager"], (await center.ListAsync(manager, 0, 10)).Items.Select(n => n.Title));
        Assert.Empty((await center.ListAsync(otherManager, 0, 10)).Items);
    }

    [Fact]
    public async Task A_notification_held_for_quiet_hours_appears_only_when_its_delivery_time_passes()
    {
        await AddAsync(Notification.PartnerKey(partnerA.Id), partnerA.Id, null, "After quiet hours", deliverIn: TimeSpan.FromHours(7));

        Assert.Equal(0, await center.UnreadCountAsync(loginA1));
        Assert.Empty((await center.SummaryAsync(loginA1)).Latest);

        database.Clock.Advance(TimeSpan.FromHours(7));
        var summary = await center.SummaryAsync(loginA1);
        Assert.Equal(1, summary.Unread);
        Assert.Equal("After quiet hours", Assert.Single(summary.Latest).Title);
    }

    [Fact]
    public async Task Partner_A_cannot_read_or_mark_partner_Bs_notification_by_id()
    {
        var forB = await AddAsync(Notification.PartnerKey(partnerB.Id), partnerB.Id, null, "B's payout");

        await Assert.ThrowsAsync<NotFoundException>(() => center.MarkReadAsync(loginA1, forB.Id));
        Assert.DoesNotContain((await center.ListAsync(loginA1, 0, 100)).Items, n => n.Id == forB.Id);
        Assert.Equal(0, await center.MarkAllReadAsync(loginA1));

        await using var db = database.CreateContext();
        Assert.Null((await db.Notifications.SingleAsync(n => n.Id == forB.Id)).ReadAt);
        Assert.Equal(1, await center.UnreadCountAsync(loginB));
    }

    [Fact]
    public async Task An_operator_cannot_mark_another_operators_notification_nor_a_partners()
    {
        var forOther = await AddAsync(Notification.UserKey(otherManager.UserId), null, otherManager.UserId, "Flag on a partner");
        var forPartner = await AddAsync(Notification.PartnerKey(partnerA.Id), partnerA.Id, null, "Partner's payout");

        await Assert.ThrowsAsync<NotFoundException>(() => center.MarkReadAsync(manager, forOther.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => center.MarkReadAsync(manager, forPartner.Id));
        Assert.Equal(1, await center.UnreadCountAsync(otherManager));
    }

    [Fact]
    public async Task A_notification_not_delivered_yet_cannot_be_marked_read_early()
    {
        var held = await AddAsync(Notification.PartnerKey(partnerA.Id), partnerA.Id, null, "Held", deliverIn: TimeSpan.FromHours(2));

        await Assert.ThrowsAsync<NotFoundException>(() => center.MarkReadAsync(loginA1, held.Id));
        Assert.Equal(0, await center.MarkAllReadAsync(loginA1));

        database.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(1, await center.UnreadCountAsync(loginA1));
    }

    [Fact]
    public async Task Marking_read_is_audited_shared_by_the_partners_logins_and_signals_the_recipient()
    {
        var n = await AddAsync(Notification.PartnerKey(partnerA.Id), partnerA.Id, null, "Payout sent");

        await center.MarkReadAsync(loginA1, n.Id);
        await center.MarkReadAsync(loginA1, n.Id); // again: nothing changes, nothing audited

        Assert.Equal(0, await center.UnreadCountAsync(loginA2));
        Assert.True(Assert.Single((await center.ListAsync(loginA2, 0, 10)).Items).IsRead);
        await using var db = database.CreateContext();
        var audit = Assert.Single(await db.AuditLog.Where(a => a.Action == "notification.read").ToListAsync());
        Assert.Equal(loginA1.UserId, audit.UserId);
        Assert.Equal(n.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), audit.EntityId);
        Assert.Equal([Notification.PartnerKey(partnerA.Id)], Assert.Single(signal.Calls));
    }

    [Fact]
    public async Task Mark_all_read_marks_only_the_callers_delivered_notifications_in_one_audited_change()
    {
        for (var i = 0; i < 3; i++) await AddAsync(Notification.PartnerKey(partnerA.Id), partnerA.Id, null, $"A{i}");
        await AddAsync(Notification.PartnerKey(partnerA.Id), partnerA.Id, null, "Later", deliverIn: TimeSpan.FromHours(1));
        await AddAsync(Notification.PartnerKey(partnerB.Id), partnerB.Id, null, "B0");

        Assert.Equal(3, await center.MarkAllReadAsync(loginA2));

        Assert.Equal(0, await center.UnreadCountAsync(loginA1));
        Assert.Equal(1, await center.UnreadCountAsync(loginB));
        database.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await center.UnreadCountAsync(loginA1));
        await using var db = database.CreateContext();
        var audit = Assert.Single(await db.AuditLog.Where(a => a.Action == "notification.read-all").ToListAsync());
        Assert.Contains("\"count\":3", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_and_the_unread_filter_count_on_the_server()
    {
        for (var i = 0; i < 25; i++)
        {
            var n = await AddAsync(Notification.PartnerKey(partnerA.Id), partnerA.Id, null, $"N{i:00}");
            if (i % 5 == 0) await center.MarkReadAsync(loginA1, n.Id);
            database.Clock.Advance(TimeSpan.FromSeconds(10));
        }

        var second = await center.ListAsync(loginA1, 1, 10);
        Assert.Equal(25, second.Total);
        Assert.Equal(Enumerable.Range(10, 10).Select(k => $"N{24 - k:00}"), second.Items.Select(n => n.Title));
        var unread = await center.ListAsync(loginA1, 0, 100, unreadOnly: true);
        Assert.Equal(20, unread.Total);
        Assert.All(unread.Items, n => Assert.False(n.IsRead));
    }

    [Fact]
    public async Task A_signed_in_user_without_a_role_has_no_notifications()
    {
        var nobody = new Actor("someone", "Someone", new HashSet<string>(), null);
        await Assert.ThrowsAsync<AccessDeniedException>(() => center.UnreadCountAsync(nobody));
    }

    [Theory]
    [InlineData("/portal/payouts", "/portal/payouts")]
    [InlineData("/console/partners/12?tab=payouts", "/console/partners/12?tab=payouts")]
    [InlineData("//evil.example/phish", null)]
    [InlineData("/\\evil.example", null)]
    [InlineData("https://evil.example", null)]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Only_local_links_are_followed(string? link, string? expected) => Assert.Equal(expected, NotificationCenter.SafeLink(link));

    private sealed class RecordingSignal : INotificationSignal
    {
        public List<string[]> Calls { get; } = [];
        public void NotificationsDelivered(IReadOnlyCollection<string> recipientKeys) => Calls.Add(recipientKeys.ToArray());
    }
}
