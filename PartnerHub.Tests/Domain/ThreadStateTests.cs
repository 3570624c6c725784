using PartnerHub.Domain;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Tests.Domain;

public class ThreadStateTests
{
    private static readonly DateTime T0 = new(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_partner_message_starts_the_unanswered_clock_and_an_operator_reply_stops_it()
    {
        var thread = MessageThread.Direct(7, T0);
        thread.OnMessage(MessageAuthorKind.Partner, T0.AddMinutes(1));
        thread.OnMessage(MessageAuthorKind.Partner, T0.AddMinutes(5));
        Assert.Equal(T0.AddMinutes(1), thread.AwaitingReplySince);
        thread.OnMessage(MessageAuthorKind.Operator, T0.AddMinutes(9));
        Assert.Null(thread.AwaitingReplySince);
    }

    [Fact]
    public void Done_closes_the_thread_and_a_partners_thanks_reopens_it_without_restarting_the_unanswered_clock()
    {
        var thread = MessageThread.Direct(7, T0);
        thread.OnMessage(MessageAuthorKind.Partner, T0.AddMinutes(1));
        thread.OnMessage(MessageAuthorKind.Operator, T0.AddMinutes(2));
        thread.MarkDone("manager-1", T0.AddMinutes(3));
        Assert.False(thread.IsOpenAt(T0.AddMinutes(4)));

        thread.OnMessage(MessageAuthorKind.Partner, T0.AddMinutes(10));
        Assert.True(thread.IsOpenAt(T0.AddMinutes(11)));
        Assert.Null(thread.DoneAt);
        Assert.Null(thread.AwaitingReplySince);

        thread.OnMessage(MessageAuthorKind.Partner, T0.AddMinutes(20));
        Assert.Equal(T0.AddMinutes(20), thread.AwaitingReplySince);
    }

    [Fact]
    public void Marking_an_unanswered_thread_done_settles_it_and_done_twice_is_refused()
    {
        var thread = MessageThread.Direct(7, T0);
        thread.OnMessage(MessageAuthorKind.Partner, T0.AddMinutes(1));
        thread.MarkDone("manager-1", T0.AddMinutes(3));
        Assert.Null(thread.AwaitingReplySince);
        var ex = Assert.Throws<DomainException>(() => thread.MarkDone("manager-1", T0.AddMinutes(4)));
        Assert.Equal(nameof(MessageThread.DoneAt), ex.Field);
    }

    [Fact]
    public void A_snoozed_thread_is_hidden_until_its_time_or_until_the_partner_writes()
    {
        var thread = MessageThread.Direct(7, T0);
        thread.Snooze(T0.AddHours(4), T0);
        Assert.False(thread.IsOpenAt(T0.AddHours(3)));
        Assert.True(thread.IsOpenAt(T0.AddHours(4)));

        thread.Snooze(T0.AddDays(1), T0.AddHours(5));
        thread.OnMessage(MessageAuthorKind.Partner, T0.AddHours(6));
        Assert.True(thread.IsOpenAt(T0.AddHours(6)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    [InlineData(91 * 24 * 60)]
    public void Snoozing_into_the_past_or_beyond_ninety_days_is_refused_at_the_field(int minutes)
    {
        var thread = MessageThread.Direct(7, T0);
        var ex = Assert.Throws<DomainException>(() => thread.Snooze(T0.AddMinutes(minutes), T0));
        Assert.Equal(nameof(MessageThread.SnoozedUntil), ex.Field);
    }

    [Fact]
    public void Downline_messages_never_count_as_unanswered()
    {
        var thread = MessageThread.Downline(8, 3, T0, null);
        thread.OnMessage(MessageAuthorKind.Partner, T0.AddMinutes(1));
        Assert.Null(thread.AwaitingReplySince);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("  ", null)]
    [InlineData("12", "••••")]
    [InlineData("GB29 NWBK 6016 1331 9268 19", "•••• 6819")]
    public void A_beneficiary_is_masked_to_its_last_four_characters(string? beneficiary, string? masked) =>
        Assert.Equal(masked, Partner.Mask(beneficiary));
}
