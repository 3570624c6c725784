using PartnerHub.Domain;
using PartnerHub.Domain.Announcements;

namespace PartnerHub.Tests.Domain;

public class AnnouncementTests
{
    [Fact]
    public void New_announcement_is_a_draft_at_version_one()
    {
        var announcement = Fakes.Announcements(Fakes.SomePartners()).Generate();

        Assert.Equal(AnnouncementStatus.Draft, announcement.Status);
        Assert.Equal(1, announcement.CurrentVersion);
        Assert.Equal(1, announcement.AcknowledgementVersion);
        Assert.Equal(announcement.Versions.Single().Title, announcement.Title);
    }

    [Fact]
    public void Scheduling_in_the_future_for_an_audience_is_accepted()
    {
        var announcement = Fakes.Announcements(Fakes.SomePartners()).Generate();

        announcement.Schedule(Fakes.Now.AddHours(3), Fakes.Now);

        Assert.Equal(AnnouncementStatus.Scheduled, announcement.Status);
        Assert.Equal(Fakes.Now.AddHours(3), announcement.ScheduledAt);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-60 * 24)]
    public void Scheduling_in_the_past_is_refused(int minutesFromNow)
    {
        var announcement = Fakes.Announcements(Fakes.SomePartners()).Generate();

        var ex = Assert.Throws<DomainException>(() => announcement.Schedule(Fakes.Now.AddMinutes(minutesFromNow), Fakes.Now));

        Assert.Equal("ScheduledAt", ex.Field);
        Assert.Equal(AnnouncementStatus.Draft, announcement.Status);
    }

    [Fact]
    public void Scheduling_without_an_audience_is_refused()
    {
        var announcement = Fakes.Announcements(new AnnouncementAudience()).Generate();

        var ex = Assert.Throws<DomainException>(() => announcement.Schedule(Fakes.Now.AddHours(1), Fakes.Now));

        Assert.Equal("Audience", ex.Field);
        Assert.Equal(AnnouncementStatus.Draft, announcement.Status);
    }

    [Fact]
    public void Sending_without_an_audience_is_refused()
    {
        var announcement = Fakes.Announcements(new AnnouncementAudience()).Generate();

        var ex = Assert.Throws<DomainException>(() => announcement.BeginSending(Fakes.Now));

        Assert.Equal("Audience", ex.Field);
    }

    [Fact]
    public void All_active_partners_is_an_audience()
    {
        var announcement = Fakes.Announcements(new AnnouncementAudience { AllActivePartners = true }).Generate();

        announcement.BeginSending(Fakes.Now);
        announcement.CompleteSending(1200, Fakes.Now.AddMinutes(1));

        Assert.Equal(AnnouncementStatus.Sent, announcement.Status);
        Assert.Equal(1200, announcement.RecipientCount);
    }

    [Fact]
    public void Completing_a_send_that_reached_nobody_is_refused()
    {
        var announcement = Fakes.Announcements(Fakes.SomePartners()).Generate();
        announcement.BeginSending(Fakes.Now);

        var ex = Assert.Throws<DomainException>(() => announcement.CompleteSending(0, Fakes.Now));

        Assert.Equal("Audience", ex.Field);
        Assert.Equal(AnnouncementStatus.Sending, announcement.Status);
    }

    [Fact]
    public void Material_change_asks_for_acknowledgement_again_when_acknowledgement_is_required()
    {
        var announcement = Fakes.Announcements(Fakes.SomePartners()).Generate();
        announcement.RequireAcknowledgement(Fakes.Now.AddDays(7), blocksPortal: true, Fakes.Now);

        var v2 = announcement.Revise("New commission schedule", "Rates change on 1 April.", materialChange: true, "manager-1", Fakes.Now.AddHours(1));

        Assert.Equal(2, v2.Number);
        Assert.Equal(2, announcement.CurrentVersion);
        Assert.Equal(2, announcement.AcknowledgementVersion);
        Assert.Equal("New commission schedule", announcement.Title);
    }

    [Fact]
    public void Non_material_change_keeps_the_acknowledged_version()
    {
        var announcement = Fakes.Announcements(Fakes.SomePartners()).Generate();
        announcement.RequireAcknowledgement(Fakes.Now.AddDays(7), blocksPortal: false, Fakes.Now);

        announcement.Revise("Typo fixed", "Same terms, fewer typos.", materialChange: false, "manager-1", Fakes.Now.AddHours(1));

        Assert.Equal(2, announcement.CurrentVersion);
        Assert.Equal(1, announcement.AcknowledgementVersion);
    }

    [Fact]
    public void Material_change_without_required_acknowledgement_keeps_the_acknowledgement_version()
    {
        var announcement = Fakes.Announcements(Fakes.SomePartners()).Generate();

        announcement.Revise("Bigger bonus", "Now 20 %.", materialChange: true, "manager-1", Fakes.Now.AddHours(1));

        Assert.Equal(2, announcement.CurrentVersion);
        Assert.Equal(1, announcement.AcknowledgementVersion);
    }

    [Fact]
    public void Acknowledgement_due_in_the_past_is_refused()
    {
        var announcement = Fakes.Announcements(Fakes.SomePartners()).Generate();

        var ex = Assert.Throws<DomainException>(() => announcement.RequireAcknowledgement(Fakes.Now, true, Fakes.Now));

        Assert.Equal("AcknowledgementDueAt", ex.Field);
        Assert.False(announcement.RequiresAcknowledgement);
    }

    [Fact]
    public void A_cancelled_announcement_cannot_be_revised()
    {
        var announcement = Fakes.Announcements(Fakes.SomePartners()).Generate();
        announcement.Cancel();

        Assert.Throws<DomainException>(() => announcement.Revise("Again", "Body", false, "manager-1", Fakes.Now));

        Assert.Single(announcement.Versions);
    }

    [Fact]
    public void A_sent_announcement_cannot_be_cancelled()
    {
        var announcement = Fakes.Announcements(Fakes.SomePartners()).Generate();
        announcement.BeginSending(Fakes.Now);
        announcement.CompleteSending(3, Fakes.Now);

        Assert.Throws<DomainException>(announcement.Cancel);

        Assert.Equal(AnnouncementStatus.Sent, announcement.Status);
    }

    [Fact]
    public void A_draft_changes_its_audience_and_category_but_a_sent_one_does_not()
    {
        var announcement = Fakes.Announcements(Fakes.SomePartners()).Generate();

        announcement.ChangeDraft(AnnouncementCategory.SeasonalCampaign, new AnnouncementAudience { Tiers = [1, 2] });
        announcement.BeginSending(Fakes.Now);
        announcement.CompleteSending(5, Fakes.Now);
        var ex = Assert.Throws<DomainException>(() => announcement.ChangeDraft(AnnouncementCategory.Promotion, new AnnouncementAudience { AllActivePartners = true }));

        Assert.Contains("revise its text", ex.Message, StringComparison.Ordinal);
        Assert.Equal(AnnouncementCategory.SeasonalCampaign, announcement.Category);
        Assert.Equal([1, 2], announcement.Audience.Tiers);
    }

    [Fact]
    public void Dropping_the_acknowledgement_clears_due_date_and_blocking()
    {
        var announcement = Fakes.Announcements(Fakes.SomePartners()).Generate();
        announcement.RequireAcknowledgement(Fakes.Now.AddDays(2), blocksPortal: true, Fakes.Now);

        announcement.DropAcknowledgement();

        Assert.False(announcement.RequiresAcknowledgement);
        Assert.Null(announcement.AcknowledgementDueAt);
        Assert.False(announcement.BlocksPortalWhenOverdue);
        Assert.False(announcement.IsOverdue(Fakes.Now.AddDays(3)));
    }

    [Fact]
    public void A_scheduled_item_returns_to_draft_without_its_schedule()
    {
        var announcement = Fakes.Announcements(Fakes.SomePartners()).Generate();
        announcement.Schedule(Fakes.Now.AddHours(4), Fakes.Now);

        announcement.ReturnToDraft();

        Assert.Equal(AnnouncementStatus.Draft, announcement.Status);
        Assert.Null(announcement.ScheduledAt);
        Assert.Throws<DomainException>(announcement.ReturnToDraft);
    }

    [Fact]
    public void Overdue_means_acknowledgement_required_and_past_the_due_date()
    {
        var announcement = Fakes.Announcements(Fakes.SomePartners()).Generate();
        announcement.RequireAcknowledgement(Fakes.Now.AddHours(1), blocksPortal: false, Fakes.Now);

        Assert.False(announcement.IsOverdue(Fakes.Now.AddMinutes(59)));
        Assert.True(announcement.IsOverdue(Fakes.Now.AddMinutes(61)));
    }
}
