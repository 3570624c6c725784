using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Partners;
using PartnerHub.Tests.Domain;

namespace PartnerHub.Tests.Integration;

/// <summary>Deal versions on SQLite: adding one supersedes the stored current version; a superseded one never changes.</summary>
public class DealsTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    private static readonly DateOnly Jan1 = new(2026, 1, 1);
    private static readonly Bogus.Faker<Partner> Partners = Fakes.Partners(7001);

    [Fact]
    public async Task Adding_a_version_to_a_stored_deal_supersedes_its_current_version()
    {
        var dealId = await DealAsync(versions: 1);
        var later = database.Clock.GetUtcNow().UtcDateTime.AddDays(10);

        await using (var db = database.CreateContext())
        {
            var deal = await db.Deals.Include(d => d.Versions).ThenInclude(v => v.LotRates).SingleAsync(d => d.Id == dealId);
            deal.AddVersion(Fakes.TermsFor(DealType.LotBased, 99), Jan1.AddMonths(3), "manager-1", later);
            await db.SaveChangesAsync();
        }

        await using var check = database.CreateContext();
        var versions = await check.DealVersions.Include(v => v.LotRates).Where(v => v.DealId == dealId).OrderBy(v => v.Number).ToListAsync();
        Assert.Equal(new[] { 1, 2 }, versions.Select(v => v.Number));
        Assert.Equal(later, versions[0].SupersededAt);
        Assert.Null(versions[1].SupersededAt);
        Assert.Equal(Fakes.TermsFor(DealType.LotBased, 99).LotRates.OrderBy(r => r.InstrumentClass), versions[1].Terms.LotRates.OrderBy(r => r.InstrumentClass));
    }

    [Fact]
    public async Task Modifying_a_superseded_version_is_refused_on_save()
    {
        var dealId = await DealAsync(versions: 2);

        await using (var db = database.CreateContext())
        {
            var v1 = await db.DealVersions.SingleAsync(v => v.DealId == dealId && v.Number == 1);
            Assert.True(v1.IsSuperseded);
            db.Entry(v1).Property(nameof(DealVersion.Notes)).CurrentValue = "x";

            await Assert.ThrowsAsync<DomainException>(() => db.SaveChangesAsync());
        }

        await using var check = database.CreateContext();
        Assert.NotEqual("x", (await check.DealVersions.SingleAsync(v => v.DealId == dealId && v.Number == 1)).Notes);
    }

    [Fact]
    public async Task Deleting_a_superseded_version_is_refused_on_save()
    {
        var dealId = await DealAsync(versions: 2);

        await using var db = database.CreateContext();
        db.DealVersions.Remove(await db.DealVersions.SingleAsync(v => v.DealId == dealId && v.Number == 1));

        await Assert.ThrowsAsync<DomainException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Changing_a_stored_lot_rate_is_refused_on_save()
    {
        var dealId = await DealAsync(versions: 1);

        await using (var db = database.CreateContext())
        {
            var rate = await db.DealLotRates.FirstAsync(r => db.DealVersions.Any(v => v.Id == r.DealVersionId && v.DealId == dealId));
            db.Entry(rate).Property(nameof(DealLotRate.RatePerLot)).CurrentValue = rate.RatePerLot + 1m;

            await Assert.ThrowsAsync<DomainException>(() => db.SaveChangesAsync());
        }
    }

    [Fact]
    public async Task Lot_rates_keep_their_decimals_on_SQLite()
    {
        var dealId = await DealAsync(versions: 0);
        var terms = new DealTerms(null, null, 25m, "USD",
            [new LotRateTerm(InstrumentClass.FxMajors, 8.35m, 1.2m), new LotRateTerm(InstrumentClass.Metals, 12.1m)]);

        await using (var db = database.CreateContext())
        {
            var deal = await db.Deals.Include(d => d.Versions).SingleAsync(d => d.Id == dealId);
            deal.AddVersion(terms, Jan1, "manager-1", database.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }

        await using var check = database.CreateContext();
        var version = await check.DealVersions.Include(v => v.LotRates).SingleAsync(v => v.DealId == dealId);
        Assert.Equal(terms.LotRates, version.Terms.LotRates.OrderBy(r => r.InstrumentClass));
        Assert.Equal(25m, version.SubIbSharePercent);
    }

    private async Task<int> DealAsync(int versions)
    {
        await using var db = database.CreateContext();
        var partner = Partners.Generate();
        db.Partners.Add(partner);
        await db.SaveChangesAsync();

        var now = database.Clock.GetUtcNow().UtcDateTime;
        var deal = new Deal(partner.Id, "Forex IB standard", DealType.LotBased, now);
        for (var i = 0; i < versions; i++)
            deal.AddVersion(Fakes.TermsFor(DealType.LotBased, i), Jan1.AddMonths(i), "manager-1", now.AddDays(i));
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
        return deal.Id;
    }
}
