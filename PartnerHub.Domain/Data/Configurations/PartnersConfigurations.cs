using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Data.Configurations;

internal sealed class PartnerConfiguration : IEntityTypeConfiguration<Partner>
{
    public void Configure(EntityTypeBuilder<Partner> e)
    {
        e.HasIndex(p => p.Email).IsUnique();
        e.HasIndex(p => p.Name);
        e.HasIndex(p => new { p.Vertical, p.Status });
        e.HasIndex(p => p.Country);
        e.HasIndex(p => p.ManagerId);
        e.HasIndex(p => p.Tier);
        e.Property(p => p.Name).HasMaxLength(200);
        e.Property(p => p.Company).HasMaxLength(200);
        e.Property(p => p.Email).HasMaxLength(254);
        e.Property(p => p.Country).HasMaxLength(2);
        e.Property(p => p.TimeZone).HasMaxLength(64);
        e.Property(p => p.Language).HasMaxLength(10);
        e.Property(p => p.Phone).HasMaxLength(40);
        e.Property(p => p.PayoutBeneficiary).HasMaxLength(100);
        e.Property(p => p.Currency).HasMaxLength(3);
        e.Property(p => p.PayoutThreshold).HasPrecision(18, 2);
        e.Property(p => p.Version).IsConcurrencyToken();
        e.HasOne(p => p.Parent).WithMany().HasForeignKey(p => p.ParentId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.ManagerId).OnDelete(DeleteBehavior.SetNull);
        e.HasMany(p => p.Tags).WithOne().HasForeignKey(t => t.PartnerId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(p => p.Assignments).WithOne().HasForeignKey(a => a.PartnerId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(p => p.Tags).UsePropertyAccessMode(PropertyAccessMode.Field);
        e.Navigation(p => p.Assignments).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class PartnerTagConfiguration : IEntityTypeConfiguration<PartnerTag>
{
    public void Configure(EntityTypeBuilder<PartnerTag> e)
    {
        e.HasKey(t => new { t.PartnerId, t.Tag });
        e.Property(t => t.Tag).HasMaxLength(40);
        e.HasIndex(t => t.Tag);
    }
}

internal sealed class ManagerAssignmentConfiguration : IEntityTypeConfiguration<ManagerAssignment>
{
    public void Configure(EntityTypeBuilder<ManagerAssignment> e)
    {
        e.HasIndex(a => new { a.PartnerId, a.AssignedAt });
        e.HasOne<ApplicationUser>().WithMany().HasForeignKey(a => a.ManagerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PartnerHierarchyConfiguration : IEntityTypeConfiguration<PartnerHierarchy>
{
    public void Configure(EntityTypeBuilder<PartnerHierarchy> e)
    {
        e.HasKey(h => new { h.AncestorId, h.DescendantId });
        e.HasIndex(h => new { h.DescendantId, h.Depth });
        e.HasOne(h => h.Ancestor).WithMany().HasForeignKey(h => h.AncestorId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(h => h.Descendant).WithMany().HasForeignKey(h => h.DescendantId).OnDelete(DeleteBehavior.Restrict);
    }
}
