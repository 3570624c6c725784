using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Integrations;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Data.Configurations;

// Filters are written with [brackets]: both SQL Server and SQLite accept them.

internal sealed class ApiIntegrationConfiguration : IEntityTypeConfiguration<ApiIntegration>
{
    public void Configure(EntityTypeBuilder<ApiIntegration> e)
    {
        e.Property(i => i.Name).HasMaxLength(100);
        e.Property(i => i.KeyPrefix).HasMaxLength(16);
        e.Property(i => i.KeyHash).HasMaxLength(64);
        e.HasIndex(i => i.KeyHash).IsUnique();
    }
}

internal sealed class TriggerRuleConfiguration : IEntityTypeConfiguration<TriggerRule>
{
    public void Configure(EntityTypeBuilder<TriggerRule> e)
    {
        e.Property(r => r.Name).HasMaxLength(120);
        e.Property(r => r.EventType).HasMaxLength(64);
        e.Property(r => r.TitleTemplate).HasMaxLength(200);
        e.Property(r => r.BodyTemplate).HasMaxLength(4000);
        e.Property(r => r.Conditions).HasJsonConversion();
        e.Property(r => r.Recipients).HasJsonConversion();
        e.Property(r => r.Version).IsConcurrencyToken();
        e.HasIndex(r => new { r.EventType, r.Enabled });
    }
}

internal sealed class RuleRunConfiguration : IEntityTypeConfiguration<RuleRun>
{
    public void Configure(EntityTypeBuilder<RuleRun> e)
    {
        e.Property(r => r.RecipientKey).HasMaxLength(460);
        e.Property(r => r.Reason).HasMaxLength(2000);
        e.HasIndex(r => new { r.RuleId, r.At });
        e.HasIndex(r => new { r.RuleId, r.EventId, r.RecipientKey });
        e.HasOne<TriggerRule>().WithMany().HasForeignKey(r => r.RuleId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<DomainEvent>().WithMany().HasForeignKey(r => r.EventId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> e)
    {
        e.Property(n => n.RecipientKey).HasMaxLength(460);
        e.Property(n => n.RecipientUserId).HasMaxLength(450);
        e.Property(n => n.Title).HasMaxLength(200);
        e.Property(n => n.Body).HasMaxLength(8000);
        e.Property(n => n.Link).HasMaxLength(400);
        e.Property(n => n.EmailLastError).HasMaxLength(2000);
        e.Property(n => n.EmailSubject).HasMaxLength(300);
        e.Property(n => n.EmailMessageId).HasMaxLength(250);
        e.HasIndex(n => n.EmailMessageId);
        // Exactly once: a (rule, event, recipient) triple can be delivered only one time.
        e.HasIndex(n => new { n.RuleId, n.EventId, n.RecipientKey }).IsUnique().HasFilter("[RuleId] IS NOT NULL")
            .HasDatabaseName("UX_Notifications_RuleEventRecipient");
        e.HasIndex(n => new { n.RecipientKey, n.DeliverAt });
        e.HasIndex(n => new { n.RecipientKey, n.ThreadId, n.EmailState });
        e.HasIndex(n => new { n.AboutPartnerId, n.CreatedAt });
        e.HasIndex(n => new { n.EmailState, n.EmailNextAttemptAt });
        // The partner's timeline lists its emails by their last attempt.
        e.HasIndex(n => new { n.RecipientKey, n.EmailLastAttemptAt });
        e.HasOne<TriggerRule>().WithMany().HasForeignKey(n => n.RuleId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class EmailedMessageConfiguration : IEntityTypeConfiguration<EmailedMessage>
{
    public void Configure(EntityTypeBuilder<EmailedMessage> e)
    {
        e.HasKey(x => new { x.MessageId, x.NotificationId });
        e.HasIndex(x => x.NotificationId);
        e.HasOne<Notification>().WithMany().HasForeignKey(x => x.NotificationId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Messaging.Message>().WithMany().HasForeignKey(x => x.MessageId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> e)
    {
        e.HasKey(p => new { p.UserId, p.Category, p.Channel });
        e.Property(p => p.UserId).HasMaxLength(450);
        e.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
