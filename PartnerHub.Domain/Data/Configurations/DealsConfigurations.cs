using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Partners;

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
