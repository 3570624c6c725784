using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Domain.Data.Configurations;

internal sealed class AnnouncementConfiguration : IEntityTypeConfiguration<Announcement>
{
    public void Configure(EntityTypeBuilder<Announcement> e)
    {
        e.Property(a => a.Title).HasMaxLength(200);
        e.Property(a => a.Audience).HasJsonConversion();
        e.Property(a => a.CreatedById).HasMaxLength(450);
        e.Property(a => a.Version).IsConcurrencyToken();
        e.HasIndex(a => new { a.Status, a.ScheduledAt });
        e.HasMany(a => a.Versions).WithOne().HasForeignKey(v => v.AnnouncementId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(a => a.Versions).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class AnnouncementVersionConfiguration : IEntityTypeConfiguration<AnnouncementVersion>
{
    public void Configure(EntityTypeBuilder<AnnouncementVersion> e)
    {
        e.Property(v => v.Title).HasMaxLength(200);
        e.Property(v => v.Body).HasMaxLength(Announcement.MaxBodyLength);
        e.Property(v => v.CreatedById).HasMaxLength(450);
        e.HasIndex(v => new { v.AnnouncementId, v.Number }).IsUnique();
    }
}

internal sealed class AnnouncementRecipientConfiguration : IEntityTypeConfiguration<AnnouncementRecipient>
{
    public void Configure(EntityTypeBuilder<AnnouncementRecipient> e)
    {
        // The primary key is what makes an interrupted send safe to repeat: no duplicate delivery.
        e.HasKey(r => new { r.AnnouncementId, r.PartnerId });
        e.HasIndex(r => new { r.PartnerId, r.DeliveredAt });
        e.HasOne<Announcement>().WithMany().HasForeignKey(r => r.AnnouncementId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Partner>().WithMany().HasForeignKey(r => r.PartnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AnnouncementAcknowledgementConfiguration : IEntityTypeConfiguration<AnnouncementAcknowledgement>
{
    public void Configure(EntityTypeBuilder<AnnouncementAcknowledgement> e)
    {
        e.Property(a => a.UserId).HasMaxLength(450);
        e.Property(a => a.IpAddress).HasMaxLength(64);
        e.HasIndex(a => new { a.AnnouncementId, a.PartnerId, a.VersionNumber }).IsUnique();
        e.HasOne<AnnouncementRecipient>().WithMany().HasForeignKey(a => new { a.AnnouncementId, a.PartnerId }).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AnnouncementCreativeConfiguration : IEntityTypeConfiguration<AnnouncementCreative>
{
    public void Configure(EntityTypeBuilder<AnnouncementCreative> e)
    {
        e.HasKey(a => new { a.AnnouncementId, a.CreativeId });
        e.HasOne<Announcement>().WithMany().HasForeignKey(a => a.AnnouncementId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Creative>().WithMany().HasForeignKey(a => a.CreativeId).OnDelete(DeleteBehavior.Cascade);
    }
}
