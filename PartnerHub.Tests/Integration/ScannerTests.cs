using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Performance;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Tests.Integration;

/// <summary>The scheduled scanners without Quartz: payout thresholds, KYC due dates, milestones; each finds a thing once.</summary>
public sealed class ScannerTests : IAsyncLifetime
{
    private SqliteDatabase database = default!;
    private CommissionTestData commissions = default!;
    private AutomationScanners scanners = default!;

    public async Task InitializeAsync()
    {
        database = await SqliteDatabase.CreateAsync();
        commissions = new CommissionTestData(database, 6060);
        scanners = new AutomationScanners(database.Factory, database.Clock);
    }

    public Task DisposeAsync() => database.DisposeAsync();

    private async Task<List<DomainEvent>> EventsAsync(string type, int partnerId)
    {
        await using var db = database.CreateContext();
        return await db.DomainEvents.AsNoTracking().Where(e => e.Type == type && e.PartnerId == partnerId).OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task A_balance_at_or_over_the_threshold_is_reported_once_per_crossing()
    {
        var above = await commissions.PartnerAsync(Vertical.IGamingAffiliate, threshold: 500m);
        var below = await commissions.PartnerAsync(Vertical.IGamingAffiliate, threshold: 500m);
        var version = await commissions.DealVersionAsync(above.Id, DealType.Cpa);
        var belowVersion = await commissions.DealVersionAsync(below.Id, DealType.Cpa);
        var month = new DateOnly(2026, 1, 1);
        var lines = new List<CommissionLine>
        {
            await commissions.AddAsync(CommissionTestData.Cpa(above.Id, version.Id, month, 2, 200m, commissions.Now), CommissionStatus.Approved),
            await commissions.AddAsync(CommissionTestData.Cpa(above.Id, version.Id, month.AddMonths(-1), 1, 150m, commissions.Now), CommissionStatus.Approved),
        };
        await commissions.AddAsync(CommissionTestData.Cpa(above.Id, version.Id, month.AddMonths(-2), 5, 100m, commissions.Now)); // calculated: not counted
        await commissions.AddAsync(CommissionTestData.Cpa(below.Id, belowVersion.Id, month, 1, 499m, commissions.Now), CommissionStatus.Approved);

        Assert.Equal(1, await scanners.ScanPayoutThresholdsAsync());
        Assert.Equal(0, await scanners.ScanPayoutThresholdsAsync());

        var e = Assert.Single(await EventsAsync(EventTypes.PayoutThresholdReached, above.Id));
        using (var payload = JsonDocument.Parse(e.Payload))
        {
            Assert.Equal(550m, payload.RootElement.GetProperty("balance").GetDecimal());
            Assert.Equal(500m, payload.RootElement.GetProperty("threshold").GetDecimal());
        }
        Assert.Empty(await EventsAsync(EventTypes.PayoutThresholdReached, below.Id));

        // The partner asks for the payout (balance 0), it fails and the lines come back: a new crossing.
        database.Clock.Advance(TimeSpan.FromHours(6));
        await commissions.PayoutAsync(above.Id, lines.Select(l => l.Id), PayoutStatus.Failed);
        Assert.Equal(1, await scanners.ScanPayoutThresholdsAsync());
        Assert.Equal(0, await scanners.ScanPayoutThresholdsAsync());
        Assert.Equal(2, (await EventsAsync(EventTypes.PayoutThresholdReached, above.Id)).Count);
    }

    [Fact]
    public async Task A_kyc_requirement_is_reminded_when_due_soon_when_overdue_and_weekly_after_that()
    {
        var partner = await commissions.PartnerAsync(Vertical.ForexIb);
        var other = await commissions.PartnerAsync(Vertical.ForexIb);
        var now = commissions.Now;
        await using (var db = database.CreateContext())
        {
            db.KycRequirements.Add(new KycRequirement(partner.Id, KycDocumentType.ProofOfAddress, now.AddDays(-10), now.AddDays(3), null));
            db.KycRequirements.Add(new KycRequirement(other.Id, KycDocumentType.TaxForm, now.AddDays(-1), now.AddDays(30), null)); // not due yet
            var submitted = new KycRequirement(other.Id, KycDocumentType.ProofOfIdentity, now.AddDays(-20), now.AddDays(-1), null);
            submitted.Submit(now.AddDays(-2));
            db.KycRequirements.Add(submitted); // submitted: nothing to remind
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, await scanners.ScanKycDueAsync());
        Assert.Equal(0, await scanners.ScanKycDueAsync());
        database.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await scanners.ScanKycDueAsync());
        database.Clock.Advance(TimeSpan.FromDays(2)); // now overdue
        Assert.Equal(1, await scanners.ScanKycDueAsync());
        Assert.Equal(0, await scanners.ScanKycDueAsync());
        database.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(1, await scanners.ScanKycDueAsync());

        var states = (await EventsAsync(EventTypes.KycRequired, partner.Id)).Select(e =>
        {
            using var doc = JsonDocument.Parse(e.Payload);
            return (doc.RootElement.GetProperty("state").GetString(), doc.RootElement.GetProperty("document").GetString());
        }).ToList();
        Assert.Equal([("due soon", "proof of address"), ("overdue", "proof of address"), ("overdue", "proof of address")], states);
        Assert.Empty(await EventsAsync(EventTypes.KycRequired, other.Id));
    }

    [Fact]
    public async Task Milestones_are_awarded_once_per_partner_and_code_with_an_event_each()
    {
        var casino = await commissions.PartnerAsync(Vertical.IGamingAffiliate);
        var broker = await commissions.PartnerAsync(Vertical.ForexIb);
        var day = new DateOnly(2026, 2, 1);
        await using (var db = database.CreateContext())
        {
            for (var i = 0; i < 3; i++)
            {
                db.DailyPerformance.Add(new DailyPerformance(casino.Id, day.AddDays(i)) { Ftds = 40 });
                db.DailyPerformance.Add(new DailyPerformance(broker.Id, day.AddDays(i)) { Lots = 0.4m });
            }
            await db.SaveChangesAsync();
        }

        Assert.Equal(3, await scanners.ScanMilestonesAsync()); // casino: first FTD and 100 FTDs; broker: first lot (1.2 lots)
        Assert.Equal(0, await scanners.ScanMilestonesAsync());

        await using var check = database.CreateContext();
        var codes = await check.Milestones.AsNoTracking().OrderBy(m => m.PartnerId).ThenBy(m => m.Code).Select(m => new { m.PartnerId, m.Code, m.Value }).ToListAsync();
        Assert.Equal(
            [(casino.Id, MilestoneCodes.FirstFtd, 120m), (casino.Id, MilestoneCodes.Ftds100, 120m), (broker.Id, MilestoneCodes.FirstLot, 1.2m)],
            codes.Select(c => (c.PartnerId, c.Code, c.Value)).OrderBy(c => c.PartnerId).ThenBy(c => c.Code).ToList());
        var events = await EventsAsync(EventTypes.MilestoneAchieved, casino.Id);
        Assert.Equal(["100 FTDs", "First FTD"], events.Select(e =>
        {
            using var doc = JsonDocument.Parse(e.Payload);
            return doc.RootElement.GetProperty("title").GetString()!;
        }).Order());
    }
}
