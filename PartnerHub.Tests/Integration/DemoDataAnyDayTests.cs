using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Commissions;
using PartnerHub.Web.Demo;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// The demo data is laid out relative to the day the app starts, and the browser journeys rely on some of it (a failed
/// and a processing payout and a calculated commission line of the demo partner, a sub-IB of another master, the
/// Forex-only creative). Seeded on awkward days (year end late at night, a leap day just after midnight, the night the
/// clocks change), what the journeys rely on is there every time.
/// </summary>
public sealed class DemoDataAnyDayTests
{
    public static TheoryData<string> AwkwardDays => new()
    {
        "2026-12-31T23:50:00Z",
        "2028-02-29T00:05:00Z",
        "2027-03-28T01:30:00Z",
    };

    [Theory]
    [MemberData(nameof(AwkwardDays))]
    public async Task What_the_browser_journeys_rely_on_is_seeded_whatever_the_day(string startedAt)
    {
        await using var database = await SqliteDatabase.CreateAsync();
        database.Clock.Set(DateTimeOffset.Parse(startedAt, System.Globalization.CultureInfo.InvariantCulture));
        await DemoDataTests.SeedAsync(database);

        await using var db = database.CreateContext();
        var partner = await db.Partners.SingleAsync(p => p.Email == DemoAccounts.Partner);
        var master = await db.Partners.SingleAsync(p => p.Email == DemoAccounts.MasterIb);
        var sub = await db.Partners.SingleAsync(p => p.Email == DemoAccounts.SubIb);

        // ConversationJourney: a failed payout to talk about; Partner360Journey: a processing payout and a calculated line.
        Assert.True(await db.Payouts.AnyAsync(p => p.PartnerId == partner.Id && p.Status == PayoutStatus.Failed), "a failed payout of the demo partner");
        Assert.True(await db.Payouts.AnyAsync(p => p.PartnerId == partner.Id && p.Status == PayoutStatus.Processing), "a processing payout of the demo partner");
        Assert.True(await db.CommissionLines.AnyAsync(l => l.PartnerId == partner.Id && l.Status == CommissionStatus.Calculated), "a calculated line of the demo partner");
        // AnnouncementJourney: the demo partner is in the UK segment with others.
        Assert.Equal("GB", partner.Country);
        Assert.True(await db.Partners.CountAsync(p => p.Country == "GB") > 1);
        // DownlineJourney: the sub-IB sits under the master, and a leaf sub-IB of another master exists.
        Assert.Equal(master.Id, sub.ParentId);
        Assert.True(await db.Partners.AnyAsync(p => p.Vertical == Vertical.ForexIb && p.Tier == 2 && p.ParentId != null && p.ParentId != master.Id
            && !db.PartnerHierarchy.Any(h => h.AncestorId == p.Id && h.Depth == 1)), "a leaf sub-IB of another master");
        // CreativeJourney: the Forex-only banner the affiliate may not download, and the iGaming banner in the library.
        Assert.True(await db.Creatives.AnyAsync(c => c.Name == "Northgate - Trade gold with tight spreads 300x250"));
        Assert.True(await db.Creatives.AnyAsync(c => c.Name == "LuckyRiver - Welcome 100 free spins 300x250"));
    }
}
