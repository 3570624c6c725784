using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Domain.Data.Configurations;

internal sealed class TrafficQualityFlagConfiguration : IEntityTypeConfiguration<TrafficQualityFlag>
{
    public void Configure(EntityTypeBuilder<TrafficQualityFlag> e)
    {
        e.Property(f => f.Reason).HasMaxLength(500);
        e.Property(f => f.Metric).HasMaxLength(200);
        e.Property(f => f.Resolution).HasMaxLength(500);
        e.HasIndex(f => new { f.PartnerId, f.DetectedAt });
        e.HasOne<Partner>().WithMany().HasForeignKey(f => f.PartnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class KycRequirementConfiguration : IEntityTypeConfiguration<KycRequirement>
{
    public void Configure(EntityTypeBuilder<KycRequirement> e)
    {
        e.HasIndex(k => new { k.PartnerId, k.Status });
        e.HasIndex(k => new { k.Status, k.DueAt });
        e.Property(k => k.DocumentFileName).HasMaxLength(255);
        e.Property(k => k.DocumentContentType).HasMaxLength(100);
        e.Property(k => k.DocumentStoragePath).HasMaxLength(400);
        e.Property(k => k.DocumentSha256).HasMaxLength(64);
        e.HasOne<Partner>().WithMany().HasForeignKey(k => k.PartnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MilestoneConfiguration : IEntityTypeConfiguration<Milestone>
{
    public void Configure(EntityTypeBuilder<Milestone> e)
    {
        e.Property(m => m.Code).HasMaxLength(60);
        e.Property(m => m.Title).HasMaxLength(160);
        e.HasIndex(m => new { m.PartnerId, m.Code }).IsUnique();
        e.HasOne<Partner>().WithMany().HasForeignKey(m => m.PartnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LegalHoldConfiguration : IEntityTypeConfiguration<PartnerHub.Domain.Compliance.LegalHold>
{
    public void Configure(EntityTypeBuilder<PartnerHub.Domain.Compliance.LegalHold> e)
    {
        e.Property(h => h.Reason).HasMaxLength(500);
        e.Property(h => h.ReleaseReason).HasMaxLength(500);
        e.Property(h => h.PlacedById).HasMaxLength(450);
        e.Property(h => h.ReleasedById).HasMaxLength(450);
        e.Property(h => h.PlacedByName).HasMaxLength(256);
        e.Property(h => h.ReleasedByName).HasMaxLength(256);
        e.Ignore(h => h.IsActive);
        e.HasOne<PartnerHub.Domain.Partners.Partner>().WithMany().HasForeignKey(h => h.PartnerId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(h => new { h.PartnerId, h.ReleasedAt });
    }
}

internal sealed class RetentionRuleConfiguration : IEntityTypeConfiguration<RetentionRule>
{
    public void Configure(EntityTypeBuilder<RetentionRule> e)
    {
        e.HasKey(r => r.Kind);
        e.Property(r => r.Kind).ValueGeneratedNever();
        e.Property(r => r.UpdatedByName).HasMaxLength(256);
    }
}

internal sealed class PartnerErasureConfiguration : IEntityTypeConfiguration<PartnerErasure>
{
    public void Configure(EntityTypeBuilder<PartnerErasure> e)
    {
        e.Property(x => x.Reason).HasMaxLength(500);
        e.Property(x => x.ErasedById).HasMaxLength(450);
        e.Property(x => x.ErasedByName).HasMaxLength(256);
        e.HasOne<Partner>().WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.PartnerId);
    }
}
