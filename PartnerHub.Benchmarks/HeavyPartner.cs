using Bogus;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Performance;
using PartnerHub.Domain.Outbox;

namespace PartnerHub.Benchmarks;

/// <summary>
/// The worst case: one Forex master IB with 3 years of daily stats, 20,000 lot-based commission
/// lines (3 instrument classes each), 10,000 messages, 2,000 record events and 20 sub-IBs with 3 years of stats.
/// </summary>
public static class HeavyPartner
{
    public static async Task<int> CreateAsync(IDbContextFactory<AppDbContext> factory, string managerId, DateTime now)
    {
        var faker = new Faker { Random = new Randomizer(7) };
        var today = DateOnly.FromDateTime(now);
        await using var db = await factory.CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;

        var master = new Partner("Heavy Benchmark Capital", "heavy@bench.partnerhub.test", Vertical.ForexIb, "CY", now.AddYears(-3));
        master.ChangeStatus(PartnerStatus.Active, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        master.AssignManager(managerId, null, now.AddYears(-3));
        db.Partners.Add(master);
        var subs = Enumerable.Range(1, 20).Select(i =>
        {
            var s = new Partner($"Heavy Sub {i:D2}", $"heavy-sub{i}@bench.partnerhub.test", Vertical.ForexIb, "CY", now.AddYears(-3));
            s.ChangeStatus(PartnerStatus.Active, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            s.SetParent(master);
            return s;
        }).ToList();
        db.Partners.AddRange(subs);
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
        db.PartnerHierarchy.Add(new PartnerHierarchy(master.Id, master.Id, 0));
        foreach (var s in subs)
        {
            db.PartnerHierarchy.Add(new PartnerHierarchy(s.Id, s.Id, 0));
            db.PartnerHierarchy.Add(new PartnerHierarchy(master.Id, s.Id, 1));
        }

        foreach (var p in subs.Prepend(master))
            for (var d = today.AddDays(-3 * 365); d <= today; d = d.AddDays(1))
                db.DailyPerformance.Add(new DailyPerformance(p.Id, d)
                {
                    Lots = Math.Round(faker.Random.Decimal(0, 80), 2), Volume = faker.Random.Decimal(0, 5_000_000),
                    NetDeposits = faker.Random.Decimal(-5_000, 20_000), ActiveTraders = faker.Random.Int(0, 60),
                });

        var deal = new Deal(master.Id, "Heavy master agreement", DealType.LotBased, now.AddYears(-3));
        DealVersion? version = null;
        for (var v = 0; v < 5; v++)
            version = deal.AddVersion(new DealTerms(null, null, 30, "USD",
                [new(InstrumentClass.FxMajors, 8 + v, 1.5m), new(InstrumentClass.Metals, 10 + v, 3m), new(InstrumentClass.Indices, 4)]),
                today.AddDays(-3 * 365 + v * 200), null, now.AddYears(-3).AddDays(v * 200));
        db.Deals.Add(deal);
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        for (var batch = 0; batch < 4; batch++)
        {
            for (var i = 0; i < 5_000; i++)
            {
                var start = today.AddDays(-(batch * 5_000 + i) / 18);
                var line = CommissionLine.ForLots(master.Id, version!.Id, start, start,
                    [
                        new CommissionLotItem(InstrumentClass.FxMajors, Math.Round(faker.Random.Decimal(1, 40), 2), 12, "spread <= 1.5 pips"),
                        new CommissionLotItem(InstrumentClass.Metals, Math.Round(faker.Random.Decimal(0, 10), 2), 14, "spread <= 3.0 pips"),
                        new CommissionLotItem(InstrumentClass.Indices, Math.Round(faker.Random.Decimal(0, 5), 2), 4, null),
                    ], null, "USD", now.AddDays(-(batch * 5_000 + i) / 18.0));
                if (i % 3 == 0) line.Approve(managerId, now);
                db.CommissionLines.Add(line);
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        var direct = MessageThread.Direct(master.Id, now.AddYears(-3));
        db.MessageThreads.Add(direct);
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
        for (var i = 0; i < 10_000; i++)
        {
            var partnerSide = i % 2 == 0;
            db.Messages.Add(new Message(direct.Id, partnerSide ? MessageAuthorKind.Partner : MessageAuthorKind.Operator,
                partnerSide ? null : managerId, partnerSide ? master.Id : null, faker.Lorem.Sentences(2), now.AddMinutes(-i * 150)));
        }
        for (var i = 0; i < 2_000; i++)
            db.DomainEvents.Add(new DomainEvent(EventTypes.CommissionApproved, master.Id, "CommissionLine", i.ToString(),
                "{\"amount\":100,\"currency\":\"USD\"}", now.AddHours(-i * 13)) { ProcessedAt = now });
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
        return master.Id;
    }
}
