using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;

namespace PartnerHub.Domain.Data.Configurations;

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
