using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerHub.Domain.Segments;

namespace PartnerHub.Domain.Data.Configurations;

internal sealed class SegmentConfiguration : IEntityTypeConfiguration<Segment>
{
    public void Configure(EntityTypeBuilder<Segment> e)
    {
        e.Property(s => s.Name).HasMaxLength(120);
        e.Property(s => s.Description).HasMaxLength(500);
        e.Property(s => s.Criteria).HasJsonConversion();
        e.Property(s => s.Version).IsConcurrencyToken();
        e.HasIndex(s => s.Name).IsUnique();
    }
}
