using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Domain.Data.Configurations;

internal sealed class CreativeConfiguration : IEntityTypeConfiguration<Creative>
{
    public void Configure(EntityTypeBuilder<Creative> e)
    {
        e.Property(c => c.Name).HasMaxLength(160);
        e.Property(c => c.FileName).HasMaxLength(255);
        e.Property(c => c.ContentType).HasMaxLength(100);
        e.Property(c => c.StoragePath).HasMaxLength(400);
        e.Property(c => c.LandingUrl).HasMaxLength(400);
        e.Property(c => c.Description).HasMaxLength(2000);
        e.Property(c => c.Version).IsConcurrencyToken();
        e.HasIndex(c => c.Status);
        e.HasMany(c => c.Visibility).WithOne().HasForeignKey(v => v.CreativeId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(c => c.Visibility).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CreativeVisibilityConfiguration : IEntityTypeConfiguration<CreativeVisibility>
{
    public void Configure(EntityTypeBuilder<CreativeVisibility> e)
    {
        e.HasKey(v => new { v.CreativeId, v.SegmentId });
        e.HasOne<Segment>().WithMany().HasForeignKey(v => v.SegmentId).OnDelete(DeleteBehavior.Restrict); // deleting a segment never widens a creative's audience
    }
}

internal sealed class CreativeDownloadConfiguration : IEntityTypeConfiguration<CreativeDownload>
{
    public void Configure(EntityTypeBuilder<CreativeDownload> e)
    {
        e.HasIndex(d => new { d.CreativeId, d.PartnerId });
        e.HasIndex(d => d.PartnerId);
        e.HasOne<Creative>().WithMany().HasForeignKey(d => d.CreativeId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Partner>().WithMany().HasForeignKey(d => d.PartnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

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

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("AuditLog");
        e.Property(a => a.UserId).HasMaxLength(450);
        e.Property(a => a.UserName).HasMaxLength(256);
        e.Property(a => a.IpAddress).HasMaxLength(64);
        e.Property(a => a.Action).HasMaxLength(64);
        e.Property(a => a.EntityType).HasMaxLength(64);
        e.Property(a => a.EntityId).HasMaxLength(64);
        e.HasIndex(a => a.At);
        e.HasIndex(a => new { a.PartnerId, a.At });
        e.HasIndex(a => new { a.EntityType, a.EntityId });
    }
}
