using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;

namespace PartnerHub.Domain.Data.Configurations;

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
