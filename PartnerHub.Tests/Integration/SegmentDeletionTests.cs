using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Segments;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>A segment something depends on is never deleted: that would widen a creative's audience or change what a rule does.</summary>
public sealed class SegmentDeletionTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    private readonly SegmentService service = new(database.Factory, database.Clock);

    private async Task<(Actor Manager, int SegmentId)> SegmentAsync(string name)
    {
        var manager = await database.AddActorAsync(Roles.Manager);
        var id = await service.CreateAsync(manager, name, null, new SegmentCriteria { Countries = ["GB"] });
        return (manager, id);
    }

    [Fact]
    public async Task A_segment_a_creative_is_shown_to_is_kept_and_the_refusal_names_the_creative()
    {
        var (manager, segmentId) = await SegmentAsync("Creative audience");
        await using (var db = database.CreateContext())
        {
            var creative = new Creative("Spring banner", CreativeType.Banner, null, database.Clock.GetUtcNow().UtcDateTime, manager.UserId);
            creative.SetVisibility([segmentId]);
            db.Creatives.Add(creative);
            await db.SaveChangesAsync();
        }

        var ex = await Assert.ThrowsAsync<DomainException>(() => service.DeleteAsync(manager, segmentId));

        Assert.Contains("\"Spring banner\"", ex.Message, StringComparison.Ordinal);
        await using var check = database.CreateContext();
        Assert.True(await check.Segments.AnyAsync(s => s.Id == segmentId));
        Assert.True(await check.CreativeVisibility.AnyAsync(v => v.SegmentId == segmentId));
    }

    [Fact]
    public async Task The_database_restricts_deleting_a_segment_under_a_creative_so_its_audience_never_widens()
    {
        var (manager, segmentId) = await SegmentAsync("Restricted audience");
        await using (var db = database.CreateContext())
        {
            var creative = new Creative("Autumn banner", CreativeType.Banner, null, database.Clock.GetUtcNow().UtcDateTime, manager.UserId);
            creative.SetVisibility([segmentId]);
            db.Creatives.Add(creative);
            await db.SaveChangesAsync();
        }

        // What a delete racing past the service's check would do.
        await using (var db = database.CreateContext())
        {
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Segments.Where(s => s.Id == segmentId).ExecuteDeleteAsync());
        }

        await using var check = database.CreateContext();
        Assert.True(await check.CreativeVisibility.AnyAsync(v => v.SegmentId == segmentId));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_segment_a_trigger_rule_uses_is_kept_and_the_refusal_names_the_rule(bool asCondition)
    {
        var (manager, segmentId) = await SegmentAsync($"Rule audience {asCondition}");
        var ruleName = $"Payout rule {asCondition}";
        await using (var db = database.CreateContext())
        {
            var rule = new TriggerRule(ruleName, "payout.paid", NotificationCategory.Payouts, "Paid", "Paid", database.Clock.GetUtcNow().UtcDateTime);
            if (asCondition) rule.Conditions = new RuleConditions { SegmentId = segmentId };
            else rule.Recipients = new RuleRecipients { Partner = false, SegmentId = segmentId };
            db.TriggerRules.Add(rule);
            await db.SaveChangesAsync();
        }

        var ex = await Assert.ThrowsAsync<DomainException>(() => service.DeleteAsync(manager, segmentId));

        Assert.Contains($"\"{ruleName}\"", ex.Message, StringComparison.Ordinal);
        await using var check = database.CreateContext();
        Assert.True(await check.Segments.AnyAsync(s => s.Id == segmentId));
    }

    [Fact]
    public async Task A_segment_nothing_uses_is_deleted_and_audited()
    {
        var (manager, segmentId) = await SegmentAsync("Unused audience");

        await service.DeleteAsync(manager, segmentId);

        await using var check = database.CreateContext();
        Assert.False(await check.Segments.AnyAsync(s => s.Id == segmentId));
        Assert.True(await check.AuditLog.AnyAsync(a => a.Action == "segment.deleted" && a.EntityId == segmentId.ToString()));
    }
}
