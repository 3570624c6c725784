using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Performance;

namespace PartnerHub.Domain.Data.Configurations;

internal sealed class DealConfiguration : IEntityTypeConfiguration<Deal>
{
    public void Configure(EntityTypeBuilder<Deal> e)
    {
        e.Property(d => d.Name).HasMaxLength(120);
        e.Property(d => d.Version).IsConcurrencyToken();
        e.HasIndex(d => d.PartnerId);
        e.HasIndex(d => d.ParentDealId);
        e.HasOne<Partner>().WithMany().HasForeignKey(d => d.PartnerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(d => d.ParentDeal).WithMany().HasForeignKey(d => d.ParentDealId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(d => d.Versions).WithOne(v => v.Deal).HasForeignKey(v => v.DealId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(d => d.Versions).UsePropertyAccessMode(PropertyAccessMode.Field);
        e.Ignore(d => d.Current);
    }
}

internal sealed class DealVersionConfiguration : IEntityTypeConfiguration<DealVersion>
{
    public void Configure(EntityTypeBuilder<DealVersion> e)
    {
        e.HasIndex(v => new { v.DealId, v.Number }).IsUnique();
        e.Property(v => v.Currency).HasMaxLength(3);
        e.Property(v => v.Notes).HasMaxLength(2000);
        e.Property(v => v.CpaAmount).HasPrecision(18, 2);
        e.Ignore(v => v.Terms);
        e.Ignore(v => v.IsSuperseded);
        e.HasMany(v => v.LotRates).WithOne().HasForeignKey(r => r.DealVersionId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(v => v.LotRates).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class DealLotRateConfiguration : IEntityTypeConfiguration<DealLotRate>
{
    public void Configure(EntityTypeBuilder<DealLotRate> e) =>
        e.HasIndex(r => new { r.DealVersionId, r.InstrumentClass }).IsUnique();
}

internal sealed class DailyPerformanceConfiguration : IEntityTypeConfiguration<DailyPerformance>
{
    public void Configure(EntityTypeBuilder<DailyPerformance> e)
    {
        e.HasKey(p => new { p.PartnerId, p.Date });
        e.HasIndex(p => p.Date);
        e.HasOne<Partner>().WithMany().HasForeignKey(p => p.PartnerId).OnDelete(DeleteBehavior.Cascade);
        foreach (var money in new[] { nameof(DailyPerformance.Deposits), nameof(DailyPerformance.NetGamingRevenue), nameof(DailyPerformance.Volume), nameof(DailyPerformance.NetDeposits) })
            e.Property(money).HasPrecision(18, 2);
        e.Property(p => p.Lots).HasPrecision(18, 2);
    }
}

internal sealed class CommissionLineConfiguration : IEntityTypeConfiguration<CommissionLine>
{
    public void Configure(EntityTypeBuilder<CommissionLine> e)
    {
        e.HasIndex(l => new { l.PartnerId, l.PeriodStart });
        e.HasIndex(l => new { l.PartnerId, l.Status });
        e.HasIndex(l => l.PayoutId);
        e.Property(l => l.Amount).HasPrecision(18, 2);
        e.Property(l => l.GrossAmount).HasPrecision(18, 2);
        e.Property(l => l.ShareAmount).HasPrecision(18, 2);
        e.Property(l => l.BaseAmount).HasPrecision(18, 2);
        e.Property(l => l.Currency).HasMaxLength(3);
        e.Property(l => l.RejectionReason).HasMaxLength(500);
        e.Property(l => l.Version).IsConcurrencyToken();
        e.HasOne<Partner>().WithMany().HasForeignKey(l => l.PartnerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Partner>().WithMany().HasForeignKey(l => l.SharePartnerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(l => l.DealVersion).WithMany().HasForeignKey(l => l.DealVersionId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(l => l.Payout).WithMany().HasForeignKey(l => l.PayoutId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(l => l.LotItems).WithOne().HasForeignKey(i => i.CommissionLineId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(l => l.LotItems).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CommissionLotItemConfiguration : IEntityTypeConfiguration<CommissionLotItem>
{
    public void Configure(EntityTypeBuilder<CommissionLotItem> e)
    {
        e.Property(i => i.SpreadCondition).HasMaxLength(200);
        e.Property(i => i.Amount).HasPrecision(18, 2);
        e.Property(i => i.Lots).HasPrecision(18, 2);
    }
}

internal sealed class PayoutItemConfiguration : IEntityTypeConfiguration<PayoutItem>
{
    public void Configure(EntityTypeBuilder<PayoutItem> e)
    {
        e.HasKey(i => new { i.PayoutId, i.CommissionLineId });
        e.HasIndex(i => i.CommissionLineId);
        e.Property(i => i.Amount).HasPrecision(18, 2);
        e.HasOne(i => i.Line).WithMany().HasForeignKey(i => i.CommissionLineId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PayoutConfiguration : IEntityTypeConfiguration<Payout>
{
    public void Configure(EntityTypeBuilder<Payout> e)
    {
        e.HasIndex(p => new { p.PartnerId, p.RequestedAt });
        e.HasIndex(p => p.Status);
        e.Property(p => p.Amount).HasPrecision(18, 2);
        e.Property(p => p.Currency).HasMaxLength(3);
        e.Property(p => p.Reference).HasMaxLength(100);
        e.Property(p => p.FailureReason).HasMaxLength(500);
        e.Property(p => p.Version).IsConcurrencyToken();
        e.HasOne<Partner>().WithMany().HasForeignKey(p => p.PartnerId).OnDelete(DeleteBehavior.Restrict);
        e.Ignore(p => p.Lines);
        e.HasMany(p => p.Items).WithOne().HasForeignKey(i => i.PayoutId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(p => p.Items).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
