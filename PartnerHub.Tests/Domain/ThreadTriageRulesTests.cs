using PartnerHub.Domain;
using PartnerHub.Domain.Messaging;

namespace PartnerHub.Tests.Domain;

/// <summary>What the snooze picker's choices mean in the operator's time zone.</summary>
public class ThreadTriageRulesTests
{
    private static readonly TimeZoneInfo Nicosia = TimeZoneInfo.FindSystemTimeZoneById("Asia/Nicosia");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    // Wednesday 2 Dec 2026, 22:30 UTC: already Thursday 00:30 in Nicosia (UTC+2), still Wednesday 17:30 in New York (UTC-5).
    private static readonly DateTime Now = new(2026, 12, 2, 22, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void Later_today_is_three_hours_from_now() =>
        Assert.Equal(Now.AddHours(3), ThreadTriage.SnoozeUntil(SnoozeChoice.LaterToday, Now, Nicosia));

    [Fact]
    public void Tomorrow_morning_is_nine_oclock_on_the_operators_next_day()
    {
        Assert.Equal(new DateTime(2026, 12, 4, 7, 0, 0, DateTimeKind.Utc), ThreadTriage.SnoozeUntil(SnoozeChoice.TomorrowMorning, Now, Nicosia));
        Assert.Equal(new DateTime(2026, 12, 3, 14, 0, 0, DateTimeKind.Utc), ThreadTriage.SnoozeUntil(SnoozeChoice.TomorrowMorning, Now, NewYork));
    }

    [Fact]
    public void Next_week_is_the_next_monday_at_nine_and_a_monday_skips_a_week()
    {
        Assert.Equal(new DateTime(2026, 12, 7, 7, 0, 0, DateTimeKind.Utc), ThreadTriage.SnoozeUntil(SnoozeChoice.NextWeek, Now, Nicosia));
        var monday = new DateTime(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);
        Assert.Equal(new DateTime(2026, 12, 14, 9, 0, 0, DateTimeKind.Utc), ThreadTriage.SnoozeUntil(SnoozeChoice.NextWeek, monday, TimeZoneInfo.Utc));
    }

    [Fact]
    public void Custom_has_no_time_of_its_own() =>
        Assert.Throws<DomainException>(() => ThreadTriage.SnoozeUntil(SnoozeChoice.Custom, Now, TimeZoneInfo.Utc));

    [Fact]
    public void A_snooze_ends_in_the_future_and_within_ninety_days()
    {
        var thread = MessageThread.Direct(7, Now);
        Assert.Throws<DomainException>(() => thread.Snooze(Now, Now));
        Assert.Throws<DomainException>(() => thread.Snooze(Now.AddDays(91), Now));
        thread.Snooze(Now.AddDays(1), Now);
        Assert.False(thread.IsOpenAt(Now.AddHours(1)));
        Assert.True(thread.IsOpenAt(Now.AddDays(1)));
    }
}
