using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Segments;

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
