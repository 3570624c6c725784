using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Partners;
using PartnerHub.Tests.Domain;

namespace PartnerHub.Tests.Integration;

/// <summary>Commission lines on SQLite: optimistic concurrency and money that survives the REAL columns.</summary>
public class CommissionsTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    private static readonly DateOnly March1 = new(2026, 3, 1);
    private static readonly DateOnly March31 = new(2026, 3, 31);
    private static readonly Bogus.Faker<Partner> Partners = Fakes.Partners(8001);

    private DateTime Now => database.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Approving_the_same_line_in_two_sessions_fails_the_second_save()
    {
        var (partnerId, versionId) = await PartnerWithDealAsync();
        var lineId = await LineAsync(new CommissionLine(partnerId, versionId, March1, March31, CommissionBasis.Cpa, 1_250m, "USD", Now) { Quantity = 5, Rate = 250m });

        await using var first = database.CreateContext();
        await using var second = database.CreateContext();
        var mine = await first.CommissionLines.SingleAsync(l => l.Id == lineId);
        var theirs = await second.CommissionLines.SingleAsync(l => l.Id == lineId);
        mine.Approve("manager-1", Now);
        theirs.Approve("manager-2", Now.AddSeconds(1));

        await first.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var check = database.CreateContext();
        var line = await check.CommissionLines.AsNoTracking().SingleAsync(l => l.Id == lineId);
        Assert.Equal(CommissionStatus.Approved, line.Status);
        Assert.Equal("manager-1", line.ApprovedById);
        Assert.Equal(1, line.Version);
    }

    [Fact]
    public async Task Rejecting_a_line_someone_approved_meanwhile_fails_instead_of_overwriting()
    {
        var (partnerId, versionId) = await PartnerWithDealAsync();
        var lineId = await LineAsync(new CommissionLine(partnerId, versionId, March1, March31, CommissionBasis.RevShare, 480m, "USD", Now));

        await using var first = database.CreateContext();
        await using var second = database.CreateContext();
        var approving = await first.CommissionLines.SingleAsync(l => l.Id == lineId);
        var rejecting = await second.CommissionLines.SingleAsync(l => l.Id == lineId);
        approving.Approve("manager-1", Now);
        rejecting.Reject("manager-2", "Duplicate of line 12", Now);

        await first.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var check = database.CreateContext();
        Assert.Equal(CommissionStatus.Approved, (await check.CommissionLines.AsNoTracking().SingleAsync(l => l.Id == lineId)).Status);
    }

    [Fact]
    public async Task Lot_based_line_round_trips_with_its_breakdown_and_share()
    {
        var (partnerId, versionId) = await PartnerWithDealAsync();
        var subIb = await PartnerAsync();
        var line = CommissionLine.ForLots(partnerId, versionId, March1, March31,
            [new CommissionLotItem(InstrumentClass.FxMajors, 12.5m, 8m, null), new CommissionLotItem(InstrumentClass.Metals, 3m, 5m, "spread <= 2.5")],
            new SubIbShare(ShareDirection.PassedDown, 25m, 28.75m, subIb), "USD", Now);
        var lineId = await LineAsync(line);

        await using var db = database.CreateContext();
        var stored = await db.CommissionLines.Include(l => l.LotItems).AsNoTracking().SingleAsync(l => l.Id == lineId);
        Assert.Equal(115m, stored.GrossAmount);
        Assert.Equal(28.75m, stored.ShareAmount);
        Assert.Equal(86.25m, stored.Amount);
        Assert.Equal(subIb, stored.SharePartnerId);
        Assert.Equal(ShareDirection.PassedDown, stored.ShareDirection);
        Assert.Equal(new[] { (InstrumentClass.FxMajors, 12.5m, 100m), (InstrumentClass.Metals, 3m, 15m) },
            stored.LotItems.OrderBy(i => i.InstrumentClass).Select(i => (i.InstrumentClass, i.Lots, i.Amount)));
    }

    [Fact]
    public async Task Amounts_sum_to_the_cent_in_the_database()
    {
        var (partnerId, versionId) = await PartnerWithDealAsync();
        foreach (var amount in new[] { 0.10m, 0.20m, 1_234.56m, 99.99m })
            await LineAsync(new CommissionLine(partnerId, versionId, March1, March31, CommissionBasis.Cpa, amount, "USD", Now));

        await using var db = database.CreateContext();
        var total = await db.CommissionLines.Where(l => l.PartnerId == partnerId).SumAsync(l => l.Amount);
        var over100 = await db.CommissionLines.CountAsync(l => l.PartnerId == partnerId && l.Amount > 99.99m);

        Assert.Equal(1_334.85m, decimal.Round(total, 2));
        Assert.Equal(1, over100);
    }

    private async Task<int> PartnerAsync()
    {
        await using var db = database.CreateContext();
        var partner = Partners.Generate();
        db.Partners.Add(partner);
        await db.SaveChangesAsync();
        return partner.Id;
    }

    private async Task<(int PartnerId, int VersionId)> PartnerWithDealAsync()
    {
        var partnerId = await PartnerAsync();
        await using var db = database.CreateContext();
        var deal = new Deal(partnerId, "IB lot deal", DealType.LotBased, Now);
        var version = deal.AddVersion(Fakes.TermsFor(DealType.LotBased), March1, "manager-1", Now);
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
        return (partnerId, version.Id);
    }

    private async Task<long> LineAsync(CommissionLine line)
    {
        await using var db = database.CreateContext();
        db.CommissionLines.Add(line);
        await db.SaveChangesAsync();
        return line.Id;
    }
}
