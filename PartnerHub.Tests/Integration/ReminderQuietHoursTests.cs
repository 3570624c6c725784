using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Tests.Integration;

/// <summary>Acknowledgement reminders go through the notification writer: quiet hours and the bell signal apply as to rule notifications.</summary>
public sealed class ReminderQuietHoursTests(SegmentTestData data) : IClassFixture<SegmentTestData>
{
    private DateTime Now => data.Clock.GetUtcNow().UtcDateTime;

    private async Task<int> PartnerAsync(string name, string timeZone) =>
        await new PartnerService(data.Factory, data.Clock).CreateAsync(data.Admin, new NewPartner
        {
            Name = name, Email = $"{Guid.NewGuid():N}@quiet.test", Vertical = Vertical.ForexIb, Country = "GB", TimeZone = timeZone,
            ManagerId = data.ManagerTwo.Id,
        });

    private async Task<int> AnnounceAsync(string title, TimeSpan due, params int[] partnerIds) =>
        (await new AnnouncementService(data.Factory, data.Clock).SendAsync(data.Compliance, new AnnouncementDraft
        {
            Title = title, Body = "Read and confirm.", Category = AnnouncementCategory.Compliance,
            Audience = new AnnouncementAudience { PartnerIds = partnerIds },
            RequiresAcknowledgement = true, AcknowledgementDueAt = Now + due,
        })).Id;

    [Fact]
    public async Task A_reminder_to_a_partner_in_quiet_hours_is_held_until_they_end_and_one_outside_them_is_delivered_at_once()
    {
        // At 10:00 UTC it is midnight on Kiritimati (UTC+14, no daylight saving) and mid-morning in UTC.
        var sleeping = await PartnerAsync("Quiet Kiritimati", "Pacific/Kiritimati");
        var awake = await PartnerAsync("Awake UTC", "UTC");
        var id = await AnnounceAsync("Quiet hours reminder", TimeSpan.FromDays(5), sleeping, awake);
        var options = new NotificationOptions();
        var signal = new RecordingSignal();
        var remindAt = Now.AddHours(25);

        var sent = await new ReminderService(data.Factory, TestNotifications.Writer(options, signal)).SendRemindersAsync(remindAt, TimeSpan.FromHours(24));

        Assert.Equal(2, sent);
        await using var db = data.CreateContext();
        var reminders = await db.Notifications.AsNoTracking().Where(n => n.Link == $"/portal/announcements/{id}").ToDictionaryAsync(n => n.RecipientPartnerId!.Value);
        var quietEnd = options.QuietHoursEndUtc(remindAt, NotificationOptions.Zone("Pacific/Kiritimati"));
        Assert.NotNull(quietEnd);
        Assert.Equal(quietEnd, reminders[sleeping].DeliverAt);
        Assert.True(reminders[sleeping].DeliverAt > remindAt);
        Assert.Equal(remindAt, reminders[awake].DeliverAt);
        Assert.Contains(Notification.PartnerKey(awake), signal.Keys);
        Assert.DoesNotContain(Notification.PartnerKey(sleeping), signal.Keys);
    }

    [Fact]
    public async Task An_overdue_reminder_is_critical_and_reaches_a_partner_in_quiet_hours_at_once()
    {
        var sleeping = await PartnerAsync("Overdue Kiritimati", "Pacific/Kiritimati");
        var id = await AnnounceAsync("Overdue quiet hours reminder", TimeSpan.FromHours(6), sleeping);
        var remindAt = Now.AddHours(25);

        Assert.Equal(1, await new ReminderService(data.Factory, TestNotifications.Writer()).SendRemindersAsync(remindAt, TimeSpan.FromHours(24)));

        await using var db = data.CreateContext();
        var reminder = await db.Notifications.AsNoTracking().SingleAsync(n => n.Link == $"/portal/announcements/{id}");
        Assert.True(reminder.Critical);
        Assert.Equal(remindAt, reminder.DeliverAt);
    }
}
