using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Notifications;

/// <summary>A milestone the scanner awards: reached when the partner's all-time total of a metric is at least <see cref="Minimum"/>.</summary>
public sealed record MilestoneDefinition(string Code, string Title, Vertical Vertical, MilestoneMetric Metric, decimal Minimum);

public enum MilestoneMetric { Ftds = 1, Lots = 2, FundedAccounts = 3 }

/// <summary>
/// The scheduled scanners: each finds, with set-based queries, the partners a condition newly holds for, and appends
/// the outbox events (the dispatcher turns them into notifications). Each is safe to run again at any time: what it
/// found before is not found twice. Jobs call them; tests call them directly with a fake clock.
/// </summary>
public sealed class AutomationScanners(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    /// <summary>A requirement due within this many days is "due soon" and reminded once.</summary>
    public static readonly TimeSpan KycDueSoon = TimeSpan.FromDays(7);
    /// <summary>An overdue requirement is reminded again after this long.</summary>
    public static readonly TimeSpan KycOverdueRepeat = TimeSpan.FromDays(7);
    /// <summary>At most this many rows per scan and kind; the next run continues.</summary>
    public const int MaxPerScan = 5000;

    public static readonly IReadOnlyList<MilestoneDefinition> Milestones =
    [
        new(MilestoneCodes.FirstFtd, "First FTD", Vertical.IGamingAffiliate, MilestoneMetric.Ftds, 1),
        new(MilestoneCodes.Ftds100, "100 FTDs", Vertical.IGamingAffiliate, MilestoneMetric.Ftds, 100),
        new(MilestoneCodes.Ftds1000, "1,000 FTDs", Vertical.IGamingAffiliate, MilestoneMetric.Ftds, 1000),
        new(MilestoneCodes.FirstLot, "First lot traded", Vertical.ForexIb, MilestoneMetric.Lots, 1),
        new(MilestoneCodes.Lots1000, "1,000 lots traded", Vertical.ForexIb, MilestoneMetric.Lots, 1000),
        new(MilestoneCodes.FirstFundedAccount, "First funded account", Vertical.PropTradingAffiliate, MilestoneMetric.FundedAccounts, 1),
        new("funded-accounts-50", "50 funded accounts", Vertical.PropTradingAffiliate, MilestoneMetric.FundedAccounts, 50),
    ];

    /// <summary>
    /// Partners whose approved, unpaid commission balance is at or above their payout threshold and who have not been told
    /// since their last payout request: one <see cref="EventTypes.PayoutThresholdReached"/> per crossing (approving lines
    /// records it at once; this catches crossings made otherwise: a lowered threshold, a failed payout's lines released).
    /// </summary>
    public async Task<int> ScanPayoutThresholdsAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var balances = db.CommissionLines
            .Where(l => l.Status == CommissionStatus.Approved && l.PayoutId == null)
            .GroupBy(l => l.PartnerId)
            .Select(g => new { PartnerId = g.Key, Balance = g.Sum(l => l.Amount) });
        var crossed = await (
                from b in balances
                join p in db.Partners on b.PartnerId equals p.Id
                where p.PayoutThreshold > 0 && b.Balance >= p.PayoutThreshold
                let lastRequest = db.Payouts.Where(x => x.PartnerId == p.Id).Max(x => (DateTime?)x.RequestedAt)
                where !db.DomainEvents.Any(e => e.Type == EventTypes.PayoutThresholdReached && e.PartnerId == p.Id
                                                && (lastRequest == null || e.OccurredAt >= lastRequest))
                orderby p.Id
                select new { p.Id, b.Balance, p.PayoutThreshold, p.Currency })
            .Take(MaxPerScan).ToListAsync(ct);
        foreach (var c in crossed)
            db.RecordEvent(Actor.System, now, EventTypes.PayoutThresholdReached, c.Id, "Partner", c.Id, new
            {
                balance = CommissionService.Money2(c.Balance), threshold = c.PayoutThreshold, currency = c.Currency, source = "scanner",
            });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return crossed.Count;
    }

    /// <summary>
    /// Outstanding KYC requirements (requested or rejected) due within <see cref="KycDueSoon"/> or overdue: one reminder when
    /// due soon, one when it becomes overdue, then one every <see cref="KycOverdueRepeat"/>. <see cref="KycRequirement.LastReminderAt"/>
    /// guards the repeats.
    /// </summary>
    public async Task<int> ScanKycDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var soon = now + KycDueSoon;
        var repeatBefore = now - KycOverdueRepeat;
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var due = await db.KycRequirements
            .Where(k => (k.Status == KycRequirementStatus.Requested || k.Status == KycRequirementStatus.Rejected) && k.DueAt <= soon)
            .Where(k => k.LastReminderAt == null
                        || (k.DueAt < now && k.LastReminderAt <= k.DueAt)          // became overdue since the last reminder
                        || (k.DueAt < now && k.LastReminderAt < repeatBefore))   // overdue, reminded a while ago
            .OrderBy(k => k.DueAt).Take(MaxPerScan).ToListAsync(ct);
        foreach (var k in due)
        {
            var overdue = k.DueAt < now;
            db.RecordEvent(Actor.System, now, EventTypes.KycRequired, k.PartnerId, nameof(KycRequirement), k.Id, new
            {
                requirementId = k.Id, document = k.DocumentType.Display(), due = k.DueAt, state = overdue ? "overdue" : "due soon",
            });
            k.LastReminderAt = now;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return due.Count;
    }

    /// <summary>
    /// Milestones newly reached (all-time totals from daily performance): a <see cref="Milestone"/> row, unique per partner
    /// and code, and a <see cref="EventTypes.MilestoneAchieved"/> event, in one transaction.
    /// </summary>
    public async Task<int> ScanMilestonesAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var added = new List<Milestone>();
        foreach (var m in Milestones)
        {
            var totals = db.DailyPerformance.GroupBy(d => d.PartnerId).Select(g => new
            {
                PartnerId = g.Key,
                Total = m.Metric == MilestoneMetric.Ftds ? g.Sum(d => (decimal)d.Ftds)
                    : m.Metric == MilestoneMetric.Lots ? g.Sum(d => d.Lots)
                    : g.Sum(d => (decimal)d.FundedAccounts),
            });
            var code = m.Code;
            var min = m.Minimum;
            var vertical = m.Vertical;
            var reached = await (
                    from t in totals
                    join p in db.Partners on t.PartnerId equals p.Id
                    where p.Vertical == vertical && t.Total >= min && !db.Milestones.Any(x => x.PartnerId == p.Id && x.Code == code)
                    orderby p.Id
                    select new { p.Id, t.Total })
                .Take(MaxPerScan).ToListAsync(ct);
            foreach (var r in reached)
            {
                var milestone = new Milestone(r.Id, m.Code, m.Title, r.Total, now);
                db.Milestones.Add(milestone);
                added.Add(milestone);
            }
        }
        await db.SaveChangesAsync(ct);
        foreach (var m in added)
            db.RecordEvent(Actor.System, now, EventTypes.MilestoneAchieved, m.PartnerId, nameof(Milestone), m.Id, new
            {
                milestoneId = m.Id, code = m.Code, title = m.Title, value = m.Value,
            });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return added.Count;
    }

}
