using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerHub.Domain.Integrations;
using PartnerHub.Domain.Outbox;

namespace PartnerHub.Domain.Data.Configurations;

// Filters are written with [brackets]: both SQL Server and SQLite accept them.

internal sealed class DomainEventConfiguration : IEntityTypeConfiguration<DomainEvent>
{
    public void Configure(EntityTypeBuilder<DomainEvent> e)
    {
        e.Property(d => d.Type).HasMaxLength(64);
        e.Property(d => d.RecordType).HasMaxLength(64);
        e.Property(d => d.RecordId).HasMaxLength(64);
        e.Property(d => d.Payload).HasMaxLength(16_000);
        e.Property(d => d.ActorUserId).HasMaxLength(450);
        e.Property(d => d.IdempotencyKey).HasMaxLength(200);
        e.Property(d => d.RequestHash).HasMaxLength(64).IsFixedLength(false);
        e.Property(d => d.LastError).HasMaxLength(2000);
        e.Property(d => d.LockedBy).HasMaxLength(100);
        e.HasIndex(d => new { d.ProcessedAt, d.Id }).HasFilter("[ProcessedAt] IS NULL").HasDatabaseName("IX_DomainEvents_Pending");
        e.HasIndex(d => new { d.PartnerId, d.OccurredAt });
        e.HasIndex(d => new { d.IntegrationId, d.IdempotencyKey }).IsUnique().HasFilter("[IdempotencyKey] IS NOT NULL");
        e.HasOne<ApiIntegration>().WithMany().HasForeignKey(d => d.IntegrationId).OnDelete(DeleteBehavior.Restrict);
    }
}
