using PartnerHub.Domain;
using PartnerHub.Domain.Home;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Tests.Integration;

/// <summary>The console home's agenda against a migrated SQLite file (see <see cref="AgendaTestData"/> for the program).</summary>
public sealed class OperatorAgendaTests(AgendaTestData data) : IClassFixture<AgendaTestData>
{
    private readonly OperatorAgenda agenda = new(data.Factory, data.Clock);

    [Fact]
    public async Task A_manager_sees_the_counts_of_their_own_book()
    {
        var view = await agenda.GetAsync(data.MeActor, data.DayStart);

        Assert.False(view.WholeProgram);
        Assert.Equal(2, view.Unanswered!.Count);
        Assert.Equal(1, view.OverdueAcknowledgements.Count);
        Assert.Equal(1, view.PayoutsWaiting.Count);
        Assert.Equal(1, view.FlagsToday.Count);
        Assert.Equal(data.Alpha.Id, Assert.Single(view.OverdueAcknowledgements.Top).PartnerId);
        Assert.Equal(12_345.67m, Assert.Single(view.PayoutsWaiting.Top).Amount);
        Assert.Equal("Click spike from one network", Assert.Single(view.FlagsToday.Top).Reason);
    }

    [Fact]
    public async Task Unanswered_threads_are_mine_longest_waiting_first_and_never_downline()
    {
        var view = await agenda.GetAsync(data.MeActor, data.DayStart);

        Assert.Equal([data.AlphaThreadId, data.BravoThreadId], view.Unanswered!.Top.Select(t => t.ThreadId));
        Assert.DoesNotContain(view.Unanswered.Top, t => t.PartnerId == data.Delta.Id);
        Assert.DoesNotContain(view.Unanswered.Top, t => t.PartnerId == data.Charlie.Id);
    }

    [Fact]
    public async Task Another_manager_sees_only_their_book()
    {
        var view = await agenda.GetAsync(data.OtherActor, data.DayStart);

        Assert.Equal(data.Charlie.Id, Assert.Single(view.Unanswered!.Top).PartnerId);
        Assert.Equal(data.Charlie.Id, Assert.Single(view.OverdueAcknowledgements.Top).PartnerId);
        Assert.Equal(data.Charlie.Id, Assert.Single(view.PayoutsWaiting.Top).PartnerId);
        Assert.Equal(data.Charlie.Id, Assert.Single(view.FlagsToday.Top).PartnerId);
    }

    [Fact]
    public async Task Compliance_sees_the_whole_program_without_the_reply_duty()
    {
        var view = await agenda.GetAsync(data.ComplianceActor, data.DayStart);

        Assert.True(view.WholeProgram);
        Assert.Null(view.Unanswered);
        Assert.Equal(2, view.OverdueAcknowledgements.Count);
        Assert.Equal(2, view.PayoutsWaiting.Count);
        Assert.Equal(2, view.FlagsToday.Count);
    }

    [Fact]
    public async Task Today_starts_at_the_viewers_midnight()
    {
        var view = await agenda.GetAsync(data.ComplianceActor, data.DayStart.AddDays(-1));

        Assert.Equal(3, view.FlagsToday.Count);
    }

    [Fact]
    public async Task Partners_cannot_read_the_agenda()
    {
        var partner = await data.AddActorAsync(Roles.Partner, data.Alpha.Id);

        await Assert.ThrowsAsync<AccessDeniedException>(() => agenda.GetAsync(partner, data.DayStart));
    }
}
