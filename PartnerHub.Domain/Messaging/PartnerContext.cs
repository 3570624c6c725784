using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;

namespace PartnerHub.Domain.Messaging;

/// <summary>The partner's last payout, as the context rail shows it.</summary>
public sealed record LastPayoutFact(long Id, DateTime RequestedAt, decimal Amount, string Currency, PayoutStatus Status);

/// <summary>The partner's current deal version (the newest deal's version nothing superseded).</summary>
public sealed record CurrentDealFact(int DealId, string DealName, int VersionId, int Number, DateOnly EffectiveFrom);

/// <summary>
/// A partner's key facts beside a conversation: who it is (status, tier, manager, KYC), what it is owed (approved unpaid
/// balance against its payout threshold, last payout, open commission lines), its current deal version and the
/// announcements still awaiting its acknowledgement.
/// </summary>
public sealed record PartnerContext(
    int PartnerId, string Name, PartnerStatus Status, int Tier, string? ManagerName, KycStatus KycStatus,
    decimal Balance, decimal PayoutThreshold, string Currency, LastPayoutFact? LastPayout, int OpenCommissionLines,
    CurrentDealFact? CurrentDeal, int OpenAcknowledgements)
{
    public bool AtThreshold => Balance > 0 && Balance >= PayoutThreshold;
}

/// <summary>
/// Reads <see cref="PartnerContext"/> in a handful of queries. Operators only. It lives with Messaging, the conversation it
/// sits beside, which already reads the partner, its payouts, commissions, deals and announcements.
/// </summary>
public sealed class PartnerContextQuery(IDbContextFactory<AppDbContext> factory)
{
    public async Task<PartnerContext?> GetAsync(Actor actor, int partnerId, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        var partner = await (from p in db.Partners.AsNoTracking()
                             where p.Id == partnerId
                             join m in db.Users on p.ManagerId equals m.Id into ms
                             from m in ms.DefaultIfEmpty()
                             select new { p.Name, p.Status, p.Tier, Manager = m != null ? m.DisplayName : null, p.KycStatus, p.PayoutThreshold, p.Currency })
            .SingleOrDefaultAsync(ct);
        if (partner is null) return null;

        var lines = await db.CommissionLines.AsNoTracking()
            .Where(l => l.PartnerId == partnerId && l.PayoutId == null && (l.Status == CommissionStatus.Calculated || l.Status == CommissionStatus.Approved))
            .GroupBy(l => l.Status)
            .Select(g => new { Status = g.Key, Count = g.Count(), Sum = g.Sum(l => (decimal?)l.Amount) ?? 0m })
            .ToListAsync(ct);
        var balance = CommissionService.Money2(lines.Where(l => l.Status == CommissionStatus.Approved).Sum(l => l.Sum));

        var lastPayout = await db.Payouts.AsNoTracking().Where(p => p.PartnerId == partnerId)
            .OrderByDescending(p => p.RequestedAt).ThenByDescending(p => p.Id)
            .Select(p => new LastPayoutFact(p.Id, p.RequestedAt, p.Amount, p.Currency, p.Status)).FirstOrDefaultAsync(ct);

        var deal = await db.DealVersions.AsNoTracking()
            .Where(v => v.SupersededAt == null && v.Deal!.PartnerId == partnerId)
            .OrderByDescending(v => v.Deal!.CreatedAt).ThenByDescending(v => v.Id)
            .Select(v => new CurrentDealFact(v.Deal!.Id, v.Deal.Name, v.Id, v.Number, v.EffectiveFrom)).FirstOrDefaultAsync(ct);

        var acks = await (from r in db.AnnouncementRecipients.AsNoTracking()
                          where r.PartnerId == partnerId
                          join a in db.Announcements on r.AnnouncementId equals a.Id
                          where a.RequiresAcknowledgement && a.Status == AnnouncementStatus.Sent
                                && (r.AcknowledgedVersion == null || r.AcknowledgedVersion < a.AcknowledgementVersion)
                          select r.AnnouncementId).CountAsync(ct);

        return new PartnerContext(partnerId, partner.Name, partner.Status, partner.Tier, partner.Manager, partner.KycStatus,
            balance, partner.PayoutThreshold, partner.Currency, lastPayout, lines.Sum(l => l.Count), deal, acks);
    }
}
