using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerHub.Domain.Auditing;

namespace PartnerHub.Domain.Data.Configurations;

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

internal sealed class AuditChainLinkConfiguration : IEntityTypeConfiguration<AuditChainLink>
{
    public void Configure(EntityTypeBuilder<AuditChainLink> e)
    {
        e.ToTable("AuditChain");
        e.HasKey(l => l.EntryId);
        e.Property(l => l.EntryId).ValueGeneratedNever();
        e.Property(l => l.PreviousHash).HasMaxLength(64).IsUnicode(false);
        e.Property(l => l.Hash).HasMaxLength(64).IsUnicode(false);
    }
}

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> e)
    {
        e.ToTable("AuditChainHeads");
        e.HasIndex(h => h.Day).IsUnique();
        e.Property(h => h.Hash).HasMaxLength(64).IsUnicode(false);
    }
}

internal sealed class AuditRedactionConfiguration : IEntityTypeConfiguration<AuditRedaction>
{
    public void Configure(EntityTypeBuilder<AuditRedaction> e)
    {
        e.ToTable("AuditRedactions");
        e.HasKey(r => r.EntryId);
        e.Property(r => r.EntryId).ValueGeneratedNever();
        e.Property(r => r.ContentSha256).HasMaxLength(64).IsUnicode(false);
        e.HasIndex(r => r.ErasureId);
    }
}
