using Bogus;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// Partners, deal versions, commission lines and payouts for the commission and payout tests, made with the
/// entities' own constructors and methods and saved to a test database. Names come from a seeded Bogus faker.
/// </summary>
public sealed class CommissionTestData(SqliteDatabase database, int seed)
{
    private readonly Faker faker = new() { Random = new Randomizer(seed) };
    /// <summary>Shared by every instance: each test class makes a new one per test, and emails must stay unique.</summary>
    private static int partnerNumber;

    public DateTime Now => database.Clock.GetUtcNow().UtcDateTime;

    /// <summary>A partner with its payout terms and its self row in the IB closure table (and the upline's rows when given).</summary>
    public async Task<Partner> PartnerAsync(Vertical vertical, decimal threshold = 100m, int? parentId = null, string currency = "USD")
    {
        await using var db = database.CreateContext();
        var n = Interlocked.Increment(ref partnerNumber);
        var partner = new Partner($"{faker.Name.FullName()} {seed}-{n}", $"p{seed}-{n}@commissions.test", vertical, "GB", Now.AddDays(-400));
        partner.SetPayoutTerms(PayoutMethod.BankWire, currency, threshold);
        db.Partners.Add(partner);
        await db.SaveChangesAsync();
        db.PartnerHierarchy.Add(new PartnerHierarchy(partner.Id, partner.Id, 0));
        if (parentId is { } parent)
        {
            foreach (var link in await db.PartnerHierarchy.AsNoTracking().Where(h => h.DescendantId == parent).ToListAsync())
                db.PartnerHierarchy.Add(new PartnerHierarchy(link.AncestorId, partner.Id, link.Depth + 1));
        }
        await db.SaveChangesAsync();
        return partner;
    }

    /// <summary>A deal with one version for the partner; returns the version.</summary>
    public async Task<DealVersion> DealVersionAsync(int partnerId, DealType type, DealTerms? terms = null)
    {
        await using var db = database.CreateContext();
        var deal = new Deal(partnerId, $"{type} agreement", type, Now.AddDays(-300));
        var version = deal.AddVersion(terms ?? DefaultTerms(type), new DateOnly(2025, 1, 1), null, Now.AddDays(-300));
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
        return version;
    }

    public static DealTerms DefaultTerms(DealType type) => type switch
    {
        DealType.Cpa => new DealTerms(150m, null, null, "USD", []),
        DealType.RevShare => new DealTerms(null, 25m, null, "USD", []),
        DealType.Hybrid => new DealTerms(150m, 25m, null, "USD", []),
        _ => new DealTerms(null, null, 25m, "USD",
            [new LotRateTerm(InstrumentClass.FxMajors, 8m, 2.5m), new LotRateTerm(InstrumentClass.Metals, 5m)]),
    };

    /// <summary>A CPA line for a month: quantity x rate, in the status asked for (Paid goes through a paid payout).</summary>
    public static CommissionLine Cpa(int partnerId, int versionId, DateOnly month, int ftds, decimal rate, DateTime now) =>
        new(partnerId, versionId, month, month.AddMonths(1).AddDays(-1), CommissionBasis.Cpa, ftds * rate, "USD", now) { Quantity = ftds, Rate = rate };

    public static CommissionLine RevShare(int partnerId, int versionId, DateOnly month, decimal baseAmount, decimal percent, DateTime now) =>
        new(partnerId, versionId, month, month.AddMonths(1).AddDays(-1), CommissionBasis.RevShare,
            decimal.Round(baseAmount * percent / 100m, 2), "USD", now) { Rate = percent, BaseAmount = baseAmount };

    public async Task<CommissionLine> AddAsync(CommissionLine line, CommissionStatus status = CommissionStatus.Calculated)
    {
        await using var db = database.CreateContext();
        switch (status)
        {
            case CommissionStatus.Approved or CommissionStatus.Paid:
                line.Approve("seed-approver", Now.AddDays(-1));
                break;
            case CommissionStatus.Rejected:
                line.Reject("seed-approver", "Duplicate FTDs", Now.AddDays(-1));
                break;
        }
        db.CommissionLines.Add(line);
        await db.SaveChangesAsync();
        if (status == CommissionStatus.Paid)
        {
            var payout = Payout.ForLines(line.PartnerId, [line], "USD", PayoutMethod.BankWire, Now.AddHours(-3));
            db.Payouts.Add(payout);
            payout.StartProcessing(Now.AddHours(-2));
            payout.MarkPaid("SEED-PAID", Now.AddHours(-1));
            await db.SaveChangesAsync();
        }
        return line;
    }

    /// <summary>A payout over these (approved, unclaimed) lines, moved to <paramref name="status"/>.</summary>
    public async Task<Payout> PayoutAsync(int partnerId, IEnumerable<long> lineIds, PayoutStatus status = PayoutStatus.Requested)
    {
        await using var db = database.CreateContext();
        var ids = lineIds.ToList();
        var lines = await db.CommissionLines.Where(l => ids.Contains(l.Id)).ToListAsync();
        var payout = Payout.ForLines(partnerId, lines, "USD", PayoutMethod.BankWire, Now.AddHours(-5));
        db.Payouts.Add(payout);
        if (status is PayoutStatus.Processing or PayoutStatus.Paid) payout.StartProcessing(Now.AddHours(-4));
        if (status == PayoutStatus.Paid) payout.MarkPaid("SEED-REF", Now.AddHours(-3));
        if (status == PayoutStatus.Failed) payout.MarkFailed("Bank rejected", Now.AddHours(-3));
        await db.SaveChangesAsync();
        return payout;
    }
}
