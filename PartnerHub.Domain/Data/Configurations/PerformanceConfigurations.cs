using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Performance;

namespace PartnerHub.Domain.Data.Configurations;

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
