using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>Notification preferences on SQLite: mute per category and channel, compliance never, each user only their own.</summary>
public sealed class PreferenceServiceTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    private PreferenceService Service => new(database.Factory, database.Clock);
    private static int seed = 700;

    private async Task<Actor> PartnerLoginAsync()
    {
        await using var db = database.CreateContext();
        var partner = PartnerHub.Tests.Domain.Fakes.Partners(Interlocked.Increment(ref seed)).Generate();
        db.Partners.Add(partner);
        await db.SaveChangesAsync();
        return await database.AddActorAsync(Roles.Partner, partner.Id);
    }

    [Fact]
    public async Task Nothing_is_muted_until_the_user_says_so_and_compliance_is_the_one_category_that_cannot_be()
    {
        var partner = await PartnerLoginAsync();

        var rows = await Service.GetAsync(partner);

        Assert.Equal(Enum.GetValues<NotificationCategory>(), rows.Select(r => r.Category));
        Assert.All(rows, r => Assert.False(r.InAppMuted || r.EmailMuted));
        Assert.Equal([NotificationCategory.Compliance], rows.Where(r => !r.CanMute).Select(r => r.Category));
    }

    [Fact]
    public async Task A_mute_is_saved_per_channel_audited_and_can_be_undone()
    {
        var partner = await PartnerLoginAsync();

        await Service.SetAsync(partner, NotificationCategory.Milestones, NotificationChannels.Email, muted: true);

        var row = (await Service.GetAsync(partner)).Single(r => r.Category == NotificationCategory.Milestones);
        Assert.True(row.EmailMuted);
        Assert.False(row.InAppMuted);

        await Service.SetAsync(partner, NotificationCategory.Milestones, NotificationChannels.Email, muted: false);
        Assert.False((await Service.GetAsync(partner)).Single(r => r.Category == NotificationCategory.Milestones).EmailMuted);

        await using var db = database.CreateContext();
        var actions = await db.AuditLog.Where(a => a.UserId == partner.UserId).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["notification.muted", "notification.unmuted"], actions);
    }

    [Theory]
    [InlineData(NotificationChannels.InApp)]
    [InlineData(NotificationChannels.Email)]
    public async Task Muting_compliance_is_refused_at_the_category_and_nothing_is_written(NotificationChannels channel)
    {
        var partner = await PartnerLoginAsync();

        var ex = await Assert.ThrowsAsync<DomainException>(() => Service.SetAsync(partner, NotificationCategory.Compliance, channel, muted: true));

        Assert.Equal("Category", ex.Field);
        await using var db = database.CreateContext();
        Assert.False(await db.NotificationPreferences.AnyAsync(p => p.UserId == partner.UserId));
        Assert.False(await db.AuditLog.AnyAsync(a => a.UserId == partner.UserId));
    }

    [Fact]
    public async Task A_users_mutes_are_their_own()
    {
        var first = await PartnerLoginAsync();
        var second = await PartnerLoginAsync();
        var manager = await database.AddActorAsync(Roles.Manager);

        await Service.SetAsync(first, NotificationCategory.Payouts, NotificationChannels.InApp, muted: true);
        await Service.SetAsync(manager, NotificationCategory.TrafficQuality, NotificationChannels.Email, muted: true);

        Assert.All(await Service.GetAsync(second), r => Assert.False(r.InAppMuted || r.EmailMuted));
        Assert.Equal([(NotificationCategory.TrafficQuality, false, true)],
            (await Service.GetAsync(manager)).Where(r => r.InAppMuted || r.EmailMuted).Select(r => (r.Category, r.InAppMuted, r.EmailMuted)));
        await using var db = database.CreateContext();
        Assert.Equal([first.UserId], await PreferenceService.MutedUsers(db, NotificationCategory.Payouts, NotificationChannels.InApp).ToListAsync());
    }

    [Fact]
    public async Task A_combined_or_empty_channel_is_refused()
    {
        var partner = await PartnerLoginAsync();

        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            Service.SetAsync(partner, NotificationCategory.Payouts, NotificationChannels.InApp | NotificationChannels.Email, muted: true));
        Assert.Equal("Channel", ex.Field);
    }
}
