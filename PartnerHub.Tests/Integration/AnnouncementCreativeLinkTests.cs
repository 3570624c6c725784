using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>An announcement can point partners to published creatives; drafts and deprecated assets are refused, nothing written.</summary>
public sealed class AnnouncementCreativeLinkTests(SegmentTestData data) : IClassFixture<SegmentTestData>
{
    private readonly AnnouncementService announcements = new(data.Factory, data.Clock);
    private readonly PartnerAnnouncements portal = new(data.Factory, data.Clock);

    private async Task<int> AddCreativeAsync(string name, bool publish, PartnerHub.Domain.Partners.Vertical? vertical = null)
    {
        await using var db = data.CreateContext();
        var creative = new Creative(name, CreativeType.Copy, vertical, data.Clock.GetUtcNow().UtcDateTime, null);
        if (publish) creative.Publish(data.Clock.GetUtcNow().UtcDateTime);
        db.Creatives.Add(creative);
        await db.SaveChangesAsync();
        return creative.Id;
    }

    private AnnouncementDraft Draft(params int[] creativeIds) => new()
    {
        Title = "Spring campaign", Body = "New **banners** are ready.", Category = AnnouncementCategory.SeasonalCampaign,
        Audience = new AnnouncementAudience { PartnerIds = [data.Ids["Alpha"]] }, CreativeIds = creativeIds,
    };

    [Fact]
    public async Task Linked_published_creatives_are_kept_with_the_draft_and_shown_to_the_partner()
    {
        var banner = await AddCreativeAsync("Spring copy pack", publish: true);
        var id = await announcements.ComposeAsync(data.Compliance, null, null, Draft(banner), ComposeAction.SaveDraft);
        Assert.Equal([banner], (await announcements.GetAsync(data.Compliance, id)).Draft.CreativeIds);
        Assert.Contains(await announcements.CreativeOptionsAsync(data.Compliance), o => o.Id == banner);

        var sent = await announcements.SendAsync(data.Compliance, Draft(banner));
        var alpha = await data.AddActorAsync(Roles.Partner, data.Ids["Alpha"]);
        var view = await portal.OpenAsync(alpha, sent.Id);

        var linked = Assert.Single(view.Creatives);
        Assert.Equal(("Spring copy pack", CreativeType.Copy, false), (linked.Name, linked.Type, linked.Deprecated));
    }

    [Fact]
    public async Task A_linked_creative_the_partner_cannot_see_is_not_listed_to_it()
    {
        var forex = await AddCreativeAsync("Forex spreads banner pack", publish: true, PartnerHub.Domain.Partners.Vertical.ForexIb);
        var everyone = await AddCreativeAsync("Brand guidelines", publish: true);
        var sent = await announcements.SendAsync(data.Compliance, Draft(forex, everyone));
        var alpha = await data.AddActorAsync(Roles.Partner, data.Ids["Alpha"]); // an iGaming affiliate

        var view = await portal.OpenAsync(alpha, sent.Id);

        Assert.Equal(["Brand guidelines"], view.Creatives.Select(c => c.Name));
    }

    [Fact]
    public async Task A_draft_or_missing_creative_is_refused_at_its_field_and_nothing_is_saved()
    {
        var draftCreative = await AddCreativeAsync("Unreviewed banner", publish: false);
        await using var before = data.CreateContext();
        var count = await before.Announcements.CountAsync();

        var ex = await Assert.ThrowsAsync<DomainException>(() => announcements.ComposeAsync(data.Compliance, null, null, Draft(draftCreative), ComposeAction.SaveDraft));
        Assert.Equal(nameof(AnnouncementDraft.CreativeIds), ex.Field);
        await Assert.ThrowsAsync<DomainException>(() => announcements.ComposeAsync(data.Compliance, null, null, Draft(int.MaxValue), ComposeAction.SaveDraft));

        await using var after = data.CreateContext();
        Assert.Equal(count, await after.Announcements.CountAsync());
    }
}
