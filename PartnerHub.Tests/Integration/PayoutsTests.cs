using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;
using PartnerHub.Tests.Domain;

namespace PartnerHub.Tests.Integration;

/// <summary>Payouts with their lines on SQLite: claiming, paying, failing and never paying a line twice.</summary>
public class PayoutsTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    private static readonly Bogus.Faker<Partner> Partners = Fakes.Partners(9001);

    private DateTime Now => database.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Saved_payout_claims_its_lines()
    {
        var (partnerId, lineIds) = await ApprovedLinesAsync(3);

        var payoutId = await RequestPayoutAsync(partnerId, lineIds);

        await using var db = database.CreateContext();
        var lines = await db.CommissionLines.AsNoTracking().Where(l => lineIds.Contains(l.Id)).ToListAsync();
        Assert.All(lines, l => Assert.Equal(payoutId, l.PayoutId));
        var payout = await db.Payouts.AsNoTracking().SingleAsync(p => p.Id == payoutId);
        Assert.Equal(lines.Sum(l => l.Amount), payout.Amount);
        Assert.Equal(PayoutStatus.Requested, payout.Status);
    }

    [Fact]
    public async Task Paying_a_stored_payout_marks_its_lines_paid()
    {
        var (partnerId, lineIds) = await ApprovedLinesAsync(2);
        var payoutId = await RequestPayoutAsync(partnerId, lineIds);

        await using (var db = database.CreateContext())
        {
            var payout = await db.Payouts.Include(p => p.Items).ThenInclude(i => i.Line).SingleAsync(p => p.Id == payoutId);
            payout.StartProcessing(Now);
            payout.MarkPaid("WIRE-2026-0301", Now.AddHours(1));
            await db.SaveChangesAsync();
        }

        await using var check = database.CreateContext();
        Assert.Equal(PayoutStatus.Paid, (await check.Payouts.AsNoTracking().SingleAsync(p => p.Id == payoutId)).Status);
        Assert.All(await check.CommissionLines.AsNoTracking().Where(l => lineIds.Contains(l.Id)).ToListAsync(), l =>
        {
            Assert.Equal(CommissionStatus.Paid, l.Status);
            Assert.Equal(payoutId, l.PayoutId);
        });
    }

    [Fact]
    public async Task Failed_payout_releases_its_lines_in_the_database()
    {
        var (partnerId, lineIds) = await ApprovedLinesAsync(2);
        var payoutId = await RequestPayoutAsync(partnerId, lineIds);

        await using (var db = database.CreateContext())
        {
            var payout = await db.Payouts.Include(p => p.Items).ThenInclude(i => i.Line).SingleAsync(p => p.Id == payoutId);
            payout.StartProcessing(Now);
            payout.MarkFailed("Beneficiary account closed", Now.AddHours(1));
            await db.SaveChangesAsync();
        }

        await using var check = database.CreateContext();
        var failed = await check.Payouts.AsNoTracking().Include(p => p.Items).SingleAsync(p => p.Id == payoutId);
        Assert.Equal(PayoutStatus.Failed, failed.Status);
        // The failed payout still records what it contained.
        Assert.Equal(lineIds.Order(), failed.Items.Select(i => i.CommissionLineId).Order());
        Assert.All(await check.CommissionLines.AsNoTracking().Where(l => lineIds.Contains(l.Id)).ToListAsync(), l =>
        {
            Assert.Null(l.PayoutId);
            Assert.Equal(CommissionStatus.Approved, l.Status);
        });
    }

    [Fact]
    public async Task A_line_already_in_a_payout_cannot_be_paid_by_a_second_payout()
    {
        var (partnerId, lineIds) = await ApprovedLinesAsync(2);
        var firstPayout = await RequestPayoutAsync(partnerId, lineIds);

        // The same steps a payout service takes, for a line that already belongs to a payout.
        // One of them must refuse: otherwise the partner is paid twice for the same commission.
        await Assert.ThrowsAsync<DomainException>(() => RequestPayoutAsync(partnerId, lineIds.Take(1).ToList()));

        await using var check = database.CreateContext();
        Assert.All(await check.CommissionLines.AsNoTracking().Where(l => lineIds.Contains(l.Id)).ToListAsync(),
            l => Assert.Equal(firstPayout, l.PayoutId));
        Assert.Single(await check.Payouts.AsNoTracking().Where(p => p.PartnerId == partnerId).ToListAsync());
    }

    /// <summary>Payout.ForLines and save: the lines are attached by the payout itself.</summary>
    private async Task<long> RequestPayoutAsync(int partnerId, IReadOnlyCollection<long> lineIds)
    {
        await using var db = database.CreateContext();
        var lines = await db.CommissionLines.Where(l => lineIds.Contains(l.Id)).ToListAsync();
        var payout = Payout.ForLines(partnerId, lines, "USD", PayoutMethod.BankWire, Now);
        db.Payouts.Add(payout);
        await db.SaveChangesAsync();
        return payout.Id;
    }

    private async Task<(int PartnerId, List<long> LineIds)> ApprovedLinesAsync(int count)
    {
        await using var db = database.CreateContext();
        var partner = Partners.Generate();
        db.Partners.Add(partner);
        await db.SaveChangesAsync();
        var deal = new Deal(partner.Id, "CPA deal", DealType.Cpa, Now);
        var version = deal.AddVersion(Fakes.TermsFor(DealType.Cpa), new DateOnly(2026, 1, 1), "manager-1", Now);
        db.Deals.Add(deal);
        await db.SaveChangesAsync();

        var lines = Fakes.CommissionLines(partner.Id, partner.Id).Generate(count)
            .Select(l => new CommissionLine(partner.Id, version.Id, l.PeriodStart, l.PeriodEnd, l.Basis, decimal.Round(l.Amount, 2), "USD", Now))
            .ToList();
        foreach (var line in lines) line.Approve("manager-1", Now);
        db.CommissionLines.AddRange(lines);
        await db.SaveChangesAsync();
        return (partner.Id, lines.Select(l => l.Id).ToList());
    }
}
