using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Tests.Domain;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>Notifications on the partner timeline: addressed to the partner, or about it (operators only).</summary>
public sealed class NotificationTimelineTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    [Fact]
    public async Task Notifications_to_and_about_a_partner_appear_on_its_timeline_for_the_right_readers()
    {
        await using var db = database.CreateContext();
        var partner = Fakes.Partners(611).Generate();
        db.Partners.Add(partner);
        await db.SaveChangesAsync();
        var manager = await database.AddUserAsync(Roles.Manager, "Maya Manager");
        var partnerLogin = await database.AddActorAsync(Roles.Partner, partner.Id);
        var now = database.Clock.GetUtcNow().UtcDateTime;
        db.Notifications.AddRange(
            new Notification(Notification.PartnerKey(partner.Id), partner.Id, null, NotificationCategory.Milestones, "You reached 100 FTDs", "Well done", "/portal",
                now.AddHours(-2), now.AddHours(-2)),
            new Notification(Notification.UserKey(manager.Id), null, manager.Id, NotificationCategory.TrafficQuality, "Traffic flag on your partner", "Bot clicks", $"/console/partners/{partner.Id}",
                now.AddHours(-1), now.AddHours(-1)) { AboutPartnerId = partner.Id });
        await db.SaveChangesAsync();
        var timeline = new TimelineService(database.Factory, database.Clock);
        var only = new TimelineFilter { Kinds = [TimelineKind.Notification] };

        var forOperator = await timeline.GetAsync(SqliteDatabase.ActorFor(manager, Roles.Manager), partner.Id, only, null, 20);
        var forPartner = await timeline.GetAsync(partnerLogin, partner.Id, only, null, 20);

        Assert.Equal(["Traffic flag on your partner", "You reached 100 FTDs"], forOperator.Items.Select(i => i.Title));
        Assert.Equal("To Maya Manager · Bot clicks", forOperator.Items[0].Detail);
        Assert.Equal($"/console/partners/{partner.Id}", forOperator.Items[0].Link);
        Assert.Equal(["You reached 100 FTDs"], forPartner.Items.Select(i => i.Title));
    }
}
