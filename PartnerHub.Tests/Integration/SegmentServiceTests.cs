using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Segments;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>Every segment criterion alone and combined, evaluated in SQLite; saving, auditing and refusing segments.</summary>
public sealed class SegmentServiceTests(SegmentTestData data) : IClassFixture<SegmentTestData>
{
    private readonly SegmentService service = new(data.Factory, data.Clock);

    private async Task AssertMembers(SegmentCriteria criteria, params string[] expected)
    {
        var preview = await service.PreviewAsync(data.Manager, criteria);
        Assert.Equal(expected.Order(), preview.First.Select(m => m.Name).Order());
        Assert.Equal(expected.Length, preview.Count);
        // The same criteria as the sub-query other features use: "is this partner in the segment".
        await using var db = data.CreateContext();
        foreach (var (name, id) in data.Ids)
            Assert.Equal(expected.Contains(name), await SegmentQuery.ContainsAsync(db, criteria, id, data.Today));
    }

    [Fact]
    public Task No_criteria_match_every_partner() =>
        AssertMembers(new SegmentCriteria(), "Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot");

    [Fact]
    public Task Vertical_alone() => AssertMembers(new SegmentCriteria { Verticals = [Vertical.ForexIb] }, "Bravo", "Charlie", "Delta");

    [Fact]
    public Task Several_verticals_are_either() =>
        AssertMembers(new SegmentCriteria { Verticals = [Vertical.PropTradingAffiliate, Vertical.IGamingAffiliate] }, "Alpha", "Echo", "Foxtrot");

    [Fact]
    public Task Status_alone() => AssertMembers(new SegmentCriteria { Statuses = [PartnerStatus.Active] }, "Alpha", "Bravo", "Echo");

    [Fact]
    public Task Country_alone_in_any_case() => AssertMembers(new SegmentCriteria { Countries = ["gb"] }, "Alpha", "Foxtrot");

    [Fact]
    public Task Tier_alone() => AssertMembers(new SegmentCriteria { Tiers = [2, 3] }, "Charlie", "Delta");

    [Fact]
    public Task Deal_id_alone() => AssertMembers(new SegmentCriteria { DealIds = [data.DealIds["Alpha"], data.DealIds["Echo"]] }, "Alpha", "Echo");

    [Fact]
    public Task Deal_type_alone() => AssertMembers(new SegmentCriteria { DealTypes = [DealType.LotBased] }, "Bravo", "Charlie");

    [Fact]
    public Task Manager_alone() => AssertMembers(new SegmentCriteria { ManagerIds = [data.ManagerOne.Id] }, "Alpha", "Charlie", "Foxtrot");

    [Fact]
    public Task Kyc_alone() => AssertMembers(new SegmentCriteria { KycStatuses = [KycStatus.Verified, KycStatus.NotStarted] }, "Alpha", "Charlie", "Delta");

    [Fact]
    public Task Tag_alone_in_any_case() => AssertMembers(new SegmentCriteria { Tags = [" VIP "] }, "Alpha", "Bravo");

    [Fact]
    public Task Ftd_threshold_counts_only_the_window_and_includes_the_minimum() =>
        AssertMembers(new SegmentCriteria { Thresholds = [new PerformanceThreshold(PerformanceMetric.Ftds, 30, 5)] }, "Alpha", "Foxtrot");

    [Fact]
    public Task Lots_threshold_sums_the_window() =>
        AssertMembers(new SegmentCriteria { Thresholds = [new PerformanceThreshold(PerformanceMetric.Lots, 30, 100)] }, "Bravo");

    [Fact]
    public Task A_shorter_window_leaves_older_days_out() =>
        AssertMembers(new SegmentCriteria { Thresholds = [new PerformanceThreshold(PerformanceMetric.Lots, 7, 100)] }, "Bravo");

    [Fact]
    public Task A_longer_window_takes_older_days_in() =>
        AssertMembers(new SegmentCriteria { Thresholds = [new PerformanceThreshold(PerformanceMetric.Ftds, 60, 10)] }, "Alpha", "Echo");

    [Fact]
    public Task Downline_of_a_master_ib_is_every_level_below_it_but_not_the_master() =>
        AssertMembers(new SegmentCriteria { DownlineOfPartnerId = data.Ids["Bravo"] }, "Charlie", "Delta");

    [Fact]
    public Task Combined_criteria_all_apply() =>
        AssertMembers(new SegmentCriteria { Verticals = [Vertical.ForexIb], Statuses = [PartnerStatus.Active], Tags = ["vip"] }, "Bravo");

    [Fact]
    public Task Downline_combined_with_manager_and_kyc() =>
        AssertMembers(new SegmentCriteria { DownlineOfPartnerId = data.Ids["Bravo"], ManagerIds = [data.ManagerOne.Id], KycStatuses = [KycStatus.Verified] },
            "Charlie");

    [Fact]
    public Task Threshold_combined_with_country_and_status() =>
        AssertMembers(new SegmentCriteria
        {
            Countries = ["GB"], Statuses = [PartnerStatus.Active],
            Thresholds = [new PerformanceThreshold(PerformanceMetric.Ftds, 30, 5)],
        }, "Alpha");

    [Fact]
    public Task Two_thresholds_must_both_be_reached() =>
        AssertMembers(new SegmentCriteria
        {
            Thresholds = [new PerformanceThreshold(PerformanceMetric.Ftds, 30, 5), new PerformanceThreshold(PerformanceMetric.Clicks, 30, 500)],
        }, "Alpha");

    [Fact]
    public Task Every_criterion_at_once() =>
        AssertMembers(new SegmentCriteria
        {
            Verticals = [Vertical.ForexIb], Statuses = [PartnerStatus.Suspended], Countries = ["DE"], Tiers = [2], DealIds = [data.DealIds["Charlie"]],
            DealTypes = [DealType.LotBased], ManagerIds = [data.ManagerOne.Id], KycStatuses = [KycStatus.Verified], Tags = ["telegram"],
            Thresholds = [new PerformanceThreshold(PerformanceMetric.Lots, 30, 50)], DownlineOfPartnerId = data.Ids["Bravo"],
        }, "Charlie");

    [Fact]
    public Task Criteria_nobody_meets_match_nobody() =>
        AssertMembers(new SegmentCriteria { Verticals = [Vertical.PropTradingAffiliate], Countries = ["GB"] });

    [Fact]
    public async Task Count_is_one_query_without_loading_partners()
    {
        await using var db = data.CreateContext();
        var criteria = new SegmentCriteria { Tags = ["vip"], Thresholds = [new PerformanceThreshold(PerformanceMetric.Lots, 30, 100)] };
        var sql = SegmentQuery.PartnerIds(db, criteria, data.Today).ToQueryString();

        Assert.Contains("PartnerTags", sql, StringComparison.Ordinal);
        Assert.Contains("DailyPerformance", sql, StringComparison.Ordinal);
        Assert.Equal(1, await service.CountAsync(data.Compliance, criteria));
    }

    [Fact]
    public async Task Saving_a_segment_is_audited_and_normalised()
    {
        var id = await service.CreateAsync(data.Compliance, "German forex IBs", "For the DE launch",
            new SegmentCriteria { Countries = ["de"], Verticals = [Vertical.ForexIb], Tags = ["VIP", "vip"] });

        var saved = (await service.ListAsync(data.Manager)).Single(s => s.Id == id);
        Assert.Equal(["DE"], saved.Criteria.Countries);
        Assert.Equal(["vip"], saved.Criteria.Tags);
        Assert.Equal("For the DE launch", saved.Description);
        Assert.Equal(1, await service.CountAsync(data.Manager, saved.Criteria));
        await using var db = data.CreateContext();
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "segment.created" && a.EntityId == id.ToString() && a.UserId == data.Compliance.UserId));
    }

    [Fact]
    public async Task Updating_changes_the_criteria_and_refuses_a_stale_copy()
    {
        var id = await service.CreateAsync(data.Manager, "Update me", null, new SegmentCriteria { Countries = ["GB"] });
        var row = (await service.ListAsync(data.Manager)).Single(s => s.Id == id);

        await service.UpdateAsync(data.Manager, id, row.Version, "Updated", "now Brazil", new SegmentCriteria { Countries = ["BR"] });
        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            service.UpdateAsync(data.Admin, id, row.Version, "Stale", null, new SegmentCriteria()));

        Assert.Contains("Someone else changed", ex.Message, StringComparison.Ordinal);
        var after = (await service.ListAsync(data.Manager)).Single(s => s.Id == id);
        Assert.Equal("Updated", after.Name);
        Assert.Equal(["BR"], after.Criteria.Countries);
        await using var db = data.CreateContext();
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "segment.updated" && a.EntityId == id.ToString()));
    }

    [Fact]
    public async Task Deleting_a_segment_in_use_by_a_draft_is_refused_and_otherwise_audited()
    {
        var used = await service.CreateAsync(data.Manager, "In use", null, new SegmentCriteria { Countries = ["GB"] });
        var unused = await service.CreateAsync(data.Manager, "Not in use", null, new SegmentCriteria { Countries = ["GB"] });
        await new AnnouncementService(data.Factory, data.Clock).ComposeAsync(data.Manager, null, null, new AnnouncementDraft
        {
            Title = "Draft", Body = "Body", Category = AnnouncementCategory.Promotion, Audience = new AnnouncementAudience { SegmentIds = [used] },
        }, ComposeAction.SaveDraft);

        var ex = await Assert.ThrowsAsync<DomainException>(() => service.DeleteAsync(data.Manager, used));
        await service.DeleteAsync(data.Compliance, unused);

        Assert.Contains("\"Draft\"", ex.Message, StringComparison.Ordinal);
        var names = (await service.ListAsync(data.Manager)).Select(s => s.Name).ToList();
        Assert.Contains("In use", names);
        Assert.DoesNotContain("Not in use", names);
        await using var db = data.CreateContext();
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "segment.deleted" && a.EntityId == unused.ToString()));
    }

    [Theory]
    [InlineData("", "Name")]
    [InlineData("Alpha segment", "Countries")]
    public async Task Bad_input_names_the_field_and_writes_nothing(string name, string field)
    {
        var criteria = field == "Countries" ? new SegmentCriteria { Countries = ["Germany"] } : new SegmentCriteria();
        var before = (await service.ListAsync(data.Manager)).Count;

        var ex = await Assert.ThrowsAsync<DomainException>(() => service.CreateAsync(data.Manager, name, null, criteria));

        Assert.Equal(field, ex.Field);
        Assert.Equal(before, (await service.ListAsync(data.Manager)).Count);
    }

    [Fact]
    public async Task A_duplicate_name_is_refused_at_the_name()
    {
        await service.CreateAsync(data.Manager, "Twice", null, new SegmentCriteria());

        var ex = await Assert.ThrowsAsync<DomainException>(() => service.CreateAsync(data.Manager, "Twice", null, new SegmentCriteria()));

        Assert.Equal("Name", ex.Field);
    }

    [Fact]
    public async Task A_window_out_of_range_is_refused_at_the_thresholds()
    {
        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            service.PreviewAsync(data.Manager, new SegmentCriteria { Thresholds = [new PerformanceThreshold(PerformanceMetric.Ftds, 0, 1)] }));

        Assert.Equal("Thresholds", ex.Field);
    }

    [Fact]
    public async Task Partners_cannot_see_or_manage_segments()
    {
        var partner = await data.AddActorAsync(Roles.Partner, data.Ids["Alpha"]);

        await Assert.ThrowsAsync<AccessDeniedException>(() => service.ListAsync(partner));
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.PreviewAsync(partner, new SegmentCriteria()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.CreateAsync(partner, "Mine", null, new SegmentCriteria()));
    }

    [Fact]
    public async Task The_editor_finds_master_ibs_only()
    {
        var hits = await service.SearchMastersAsync(data.Manager, "a");
        Assert.Empty(hits); // two characters at least

        var masters = await service.SearchMastersAsync(data.Manager, "segments.test");
        Assert.Equal(["Bravo", "Charlie"], masters.Select(m => m.Name));
    }
}
