using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Segments;

namespace PartnerHub.Tests.Integration;

/// <summary>Every criterion at once translates to one SQL statement on SQLite (no client evaluation).</summary>
public sealed class SegmentQueryTranslationTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    [Fact]
    public async Task All_criteria_together_run_as_one_query()
    {
        await using var db = database.CreateContext();
        var criteria = new SegmentCriteria
        {
            Verticals = [Vertical.ForexIb], Statuses = [PartnerStatus.Active], Countries = ["GB"], Tiers = [2],
            DealIds = [1], DealTypes = [DealType.LotBased], ManagerIds = ["m"], KycStatuses = [KycStatus.Verified],
            Tags = ["VIP"], DownlineOfPartnerId = 1,
            Thresholds = [new PerformanceThreshold(PerformanceMetric.Ftds, 30, 5), new PerformanceThreshold(PerformanceMetric.Lots, 31, 100)],
        };
        var query = SegmentQuery.PartnerIds(db, criteria, new DateOnly(2026, 3, 2));
        var sql = query.ToQueryString();
        Assert.Contains("SUM", sql, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await query.CountAsync());
    }
}
