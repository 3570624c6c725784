using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Performance;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// Six partners that differ in every segment criterion (a migrated SQLite database of their own):
/// <code>
/// Alpha    iGaming GB Active     KYC Verified   vip,seo   manager One  tier 1  CPA deal        6 FTDs in the last 30 days
/// Bravo    Forex   DE Active     KYC Pending    vip       manager Two  tier 1  lot-based deal  150 lots in the last 30 days (master of Charlie)
/// Charlie  Forex   DE Suspended  KYC Verified   telegram  manager One  tier 2  lot-based deal  50 lots (master of Delta)
/// Delta    Forex   AE Applied    KYC NotStarted  -        no manager   tier 3  no deal         nothing
/// Echo     Prop    BR Active     KYC Rejected    -        manager Two  tier 1  RevShare deal   10 FTDs, but 40 days ago
/// Foxtrot  iGaming GB Terminated KYC Expired    seo       manager One  tier 1  hybrid deal     exactly 5 FTDs in the last 30 days
/// </code>
/// </summary>
public class SegmentTestData : SqliteDatabase
{
    public Actor Admin { get; private set; } = default!;
    public Actor Manager { get; private set; } = default!;
    public Actor Compliance { get; private set; } = default!;
    public ApplicationUser ManagerOne { get; private set; } = default!;
    public ApplicationUser ManagerTwo { get; private set; } = default!;
    public Dictionary<string, int> Ids { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, int> DealIds { get; } = new(StringComparer.Ordinal);
    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Admin = await AddActorAsync(Roles.Admin);
        Manager = await AddActorAsync(Roles.Manager);
        Compliance = await AddActorAsync(Roles.Compliance);
        ManagerOne = await AddUserAsync(Roles.Manager, "Manager One");
        ManagerTwo = await AddUserAsync(Roles.Manager, "Manager Two");
        var partners = new PartnerService(Factory, Clock);

        async Task Create(string name, Vertical vertical, string country, string? managerId, string? parent, params string[] tags) =>
            Ids[name] = await partners.CreateAsync(Admin, new NewPartner
            {
                Name = name, Email = $"{name.ToLowerInvariant()}@segments.test", Vertical = vertical, Country = country, ManagerId = managerId,
                ParentId = parent is null ? null : Ids[parent], Tags = tags,
            });

        await Create("Alpha", Vertical.IGamingAffiliate, "GB", ManagerOne.Id, null, "vip", "seo");
        await Create("Bravo", Vertical.ForexIb, "DE", ManagerTwo.Id, null, "vip");
        await Create("Charlie", Vertical.ForexIb, "DE", ManagerOne.Id, "Bravo", "telegram");
        await Create("Delta", Vertical.ForexIb, "AE", null, "Charlie");
        await Create("Echo", Vertical.PropTradingAffiliate, "BR", ManagerTwo.Id, null);
        await Create("Foxtrot", Vertical.IGamingAffiliate, "GB", ManagerOne.Id, null, "seo");

        await using var db = CreateContext();
        var all = await db.Partners.ToDictionaryAsync(p => p.Name);
        void Set(string name, KycStatus kyc, params PartnerStatus[] path)
        {
            foreach (var status in path) all[name].ChangeStatus(status, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            all[name].SetKycStatus(kyc);
        }
        Set("Alpha", KycStatus.Verified, PartnerStatus.Active);
        Set("Bravo", KycStatus.Pending, PartnerStatus.Active);
        Set("Charlie", KycStatus.Verified, PartnerStatus.Active, PartnerStatus.Suspended);
        Set("Delta", KycStatus.NotStarted);
        Set("Echo", KycStatus.Rejected, PartnerStatus.Active);
        Set("Foxtrot", KycStatus.Expired, PartnerStatus.Active, PartnerStatus.Terminated);

        var now = Clock.GetUtcNow().UtcDateTime;
        foreach (var (name, type) in new[] { ("Alpha", DealType.Cpa), ("Bravo", DealType.LotBased), ("Charlie", DealType.LotBased), ("Echo", DealType.RevShare), ("Foxtrot", DealType.Hybrid) })
        {
            var deal = new Deal(Ids[name], $"{name} {type} deal", type, now);
            db.Deals.Add(deal);
            await db.SaveChangesAsync();
            DealIds[name] = deal.Id;
        }

        DailyPerformance Day(string name, int daysAgo) => new(Ids[name], Today.AddDays(-daysAgo));
        db.DailyPerformance.AddRange(
            new DailyPerformance(Ids["Alpha"], Today.AddDays(-1)) { Ftds = 4, Clicks = 900 },
            Set2(Day("Alpha", 20), ftds: 2),
            Set2(Day("Alpha", 45), ftds: 30), // outside a 30-day window
            Day("Bravo", 3).WithLots(100), Day("Bravo", 29).WithLots(50),
            Day("Charlie", 2).WithLots(50),
            Set2(Day("Echo", 40), ftds: 10),
            Set2(Day("Foxtrot", 0), ftds: 5));
        await db.SaveChangesAsync();

        static DailyPerformance Set2(DailyPerformance d, int ftds)
        {
            d.Ftds = ftds;
            return d;
        }
    }
}

internal static class DailyPerformanceTestExtensions
{
    public static DailyPerformance WithLots(this DailyPerformance d, decimal lots)
    {
        d.Lots = lots;
        d.Volume = lots * 100_000m;
        return d;
    }
}
