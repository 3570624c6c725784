using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Identity;
using PartnerHub.Tests.Domain;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Notifications;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Components;

/// <summary>The bell against a real SQLite database: the count, live updates from the signal, and the timer (opening one is in the browser journey).</summary>
public sealed class NotificationBellTests : MudTestContext, IClassFixture<SqliteDatabase>
{
    private static int seed = 900;
    private readonly SqliteDatabase data;

    public NotificationBellTests(SqliteDatabase data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock);
        Services.AddLogging();
        Services.AddSingleton<NotificationNotifier>();
        Services.AddSingleton<INotificationSignal>(sp => sp.GetRequiredService<NotificationNotifier>());
        Services.AddScoped<NotificationCenter>();
    }

    private DateTime Now => data.Clock.GetUtcNow().UtcDateTime;

    private async Task<int> SignInPartnerAsync()
    {
        await using var db = data.CreateContext();
        var partner = Fakes.Partners(Interlocked.Increment(ref seed)).Generate();
        db.Partners.Add(partner);
        await db.SaveChangesAsync();
        SignInAs(await data.AddUserAsync(Roles.Partner, "Pat Partner", partner.Id), Roles.Partner);
        return partner.Id;
    }

    private async Task<long> AddAsync(int partnerId, string title, DateTime? deliverAt = null, string link = "/portal/payouts")
    {
        await using var db = data.CreateContext();
        var n = new Notification(Notification.PartnerKey(partnerId), partnerId, null, NotificationCategory.Payouts, title, "Body", link,
            Now, deliverAt ?? Now.AddSeconds(-1));
        db.Notifications.Add(n);
        await db.SaveChangesAsync();
        return n.Id;
    }

    private static string Label(IRenderedComponent<NotificationBell> cut) =>
        cut.Find("[data-testid=notification-bell]").GetAttribute("aria-label")!;

    [Fact]
    public async Task The_bell_shows_the_unread_count_in_its_label_and_badge()
    {
        var partnerId = await SignInPartnerAsync();
        await AddAsync(partnerId, "Payout sent");
        await AddAsync(partnerId, "Commission approved");

        var cut = Render<NotificationBell>();

        cut.WaitForAssertion(() => Assert.Equal("Notifications, 2 unread", Label(cut)));
        Assert.Contains("2", cut.Find(".mud-badge").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_count_rises_when_the_signal_names_the_partner()
    {
        var partnerId = await SignInPartnerAsync();
        await AddAsync(partnerId, "First");
        var cut = Render<NotificationBell>();
        cut.WaitForAssertion(() => Assert.Equal("Notifications, 1 unread", Label(cut)));

        await AddAsync(partnerId, "Second");
        // Someone else's news is never queued for this bell: no circuit here follows that recipient key.
        var notifier = Services.GetRequiredService<NotificationNotifier>();
        Assert.True(notifier.IsFollowed(Notification.PartnerKey(partnerId)));
        Assert.False(notifier.IsFollowed(Notification.PartnerKey(partnerId + 100_000)));
        notifier.NotificationsDelivered([Notification.PartnerKey(partnerId + 100_000)]);
        Assert.Equal("Notifications, 1 unread", Label(cut));
        Services.GetRequiredService<INotificationSignal>().NotificationsDelivered([Notification.PartnerKey(partnerId)]);

        cut.WaitForAssertion(() => Assert.Equal("Notifications, 2 unread", Label(cut)), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_notification_held_for_quiet_hours_appears_on_the_next_periodic_refresh()
    {
        var partnerId = await SignInPartnerAsync();
        await AddAsync(partnerId, "Held until morning", deliverAt: Now.AddHours(8));
        var cut = Render<NotificationBell>(p => p.Add(b => b.RefreshPeriod, TimeSpan.FromMilliseconds(100)));
        cut.WaitForAssertion(() => Assert.Equal("Notifications, 0 unread", Label(cut)));

        data.Clock.Advance(TimeSpan.FromHours(8));

        cut.WaitForAssertion(() => Assert.Equal("Notifications, 1 unread", Label(cut)), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Disposing_the_bell_ends_its_subscription()
    {
        await SignInPartnerAsync();
        var notifier = Services.GetRequiredService<NotificationNotifier>();
        var cut = Render<NotificationBell>();
        cut.WaitForAssertion(() => Assert.Equal(1, notifier.SubscriberCount));

        await DisposeComponentsAsync();

        Assert.Equal(0, notifier.SubscriberCount);
    }
}
