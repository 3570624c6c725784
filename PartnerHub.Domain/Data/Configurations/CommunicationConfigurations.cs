using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Automation;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Domain.Data.Configurations;

// Filters are written with [brackets]: both SQL Server and SQLite accept them.

internal sealed class MessageThreadConfiguration : IEntityTypeConfiguration<MessageThread>
{
    public void Configure(EntityTypeBuilder<MessageThread> e)
    {
        e.Property(t => t.Subject).HasMaxLength(200);
        e.Property(t => t.RecordId).HasMaxLength(40);
        e.Property(t => t.AssignedToId).HasMaxLength(450);
        e.Property(t => t.Version).IsConcurrencyToken();
        // One direct thread per partner; one downline thread per (sub-IB, master) pair.
        e.HasIndex(t => new { t.PartnerId, t.Kind }).IsUnique().HasFilter("[Kind] = 1").HasDatabaseName("UX_MessageThreads_Direct");
        e.HasIndex(t => new { t.PartnerId, t.CounterpartPartnerId }).IsUnique().HasFilter("[Kind] = 3").HasDatabaseName("UX_MessageThreads_Downline");
        e.HasIndex(t => new { t.RecordType, t.RecordId });
        e.HasIndex(t => t.LastMessageAt);
        e.HasIndex(t => t.AwaitingReplySince);
        e.HasIndex(t => t.CounterpartPartnerId);
        e.HasOne<Partner>().WithMany().HasForeignKey(t => t.PartnerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Partner>().WithMany().HasForeignKey(t => t.CounterpartPartnerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<ApplicationUser>().WithMany().HasForeignKey(t => t.AssignedToId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> e)
    {
        e.Property(m => m.Body).HasMaxLength(Message.MaxBodyLength);
        e.Property(m => m.AuthorUserId).HasMaxLength(450);
        e.Property(m => m.RecordId).HasMaxLength(40);
        e.Property(m => m.RecordSnapshot).HasMaxLength(4000);
        e.HasIndex(m => new { m.ThreadId, m.SentAt });
        e.HasIndex(m => m.SentAt);
        e.HasIndex(m => m.BroadcastId);
        e.HasOne(m => m.Thread).WithMany().HasForeignKey(m => m.ThreadId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(m => m.Revisions).WithOne().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Restrict);
        e.Navigation(m => m.Revisions).UsePropertyAccessMode(PropertyAccessMode.Field);
        e.Navigation(m => m.Attachments).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class MessageRevisionConfiguration : IEntityTypeConfiguration<MessageRevision>
{
    public void Configure(EntityTypeBuilder<MessageRevision> e) => e.Property(r => r.Body).HasMaxLength(Message.MaxBodyLength);
}

internal sealed class MessageAttachmentConfiguration : IEntityTypeConfiguration<MessageAttachment>
{
    public void Configure(EntityTypeBuilder<MessageAttachment> e)
    {
        e.Property(a => a.FileName).HasMaxLength(255);
        e.Property(a => a.ContentType).HasMaxLength(100);
        e.Property(a => a.StoragePath).HasMaxLength(400);
        e.Property(a => a.Sha256).HasMaxLength(64);
    }
}

internal sealed class MessageReceiptConfiguration : IEntityTypeConfiguration<MessageReceipt>
{
    public void Configure(EntityTypeBuilder<MessageReceipt> e)
    {
        e.HasKey(r => new { r.MessageId, r.UserId });
        e.Property(r => r.UserId).HasMaxLength(450);
        e.HasIndex(r => r.UserId);
        e.HasOne<Message>().WithMany().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InternalNoteConfiguration : IEntityTypeConfiguration<InternalNote>
{
    public void Configure(EntityTypeBuilder<InternalNote> e)
    {
        e.Property(n => n.Body).HasMaxLength(10_000);
        e.Property(n => n.AuthorId).HasMaxLength(450);
        e.HasIndex(n => new { n.PartnerId, n.CreatedAt });
        e.HasOne<Partner>().WithMany().HasForeignKey(n => n.PartnerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<ApplicationUser>().WithMany().HasForeignKey(n => n.AuthorId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(n => n.Mentions).WithOne().HasForeignKey(m => m.NoteId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(n => n.Mentions).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class NoteMentionConfiguration : IEntityTypeConfiguration<NoteMention>
{
    public void Configure(EntityTypeBuilder<NoteMention> e)
    {
        e.HasKey(m => new { m.NoteId, m.UserId });
        e.Property(m => m.UserId).HasMaxLength(450);
        e.HasIndex(m => m.UserId);
    }
}

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

internal sealed class AnnouncementConfiguration : IEntityTypeConfiguration<Announcement>
{
    public void Configure(EntityTypeBuilder<Announcement> e)
    {
        e.Property(a => a.Title).HasMaxLength(200);
        e.Property(a => a.Audience).HasJsonConversion();
        e.Property(a => a.CreatedById).HasMaxLength(450);
        e.Property(a => a.AttachmentFileName).HasMaxLength(255);
        e.Property(a => a.AttachmentContentType).HasMaxLength(100);
        e.Property(a => a.AttachmentStoragePath).HasMaxLength(400);
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
        // Exactly once: a (rule, event, recipient) triple can be delivered only one time.
        e.HasIndex(n => new { n.RuleId, n.EventId, n.RecipientKey }).IsUnique().HasFilter("[RuleId] IS NOT NULL")
            .HasDatabaseName("UX_Notifications_RuleEventRecipient");
        e.HasIndex(n => new { n.RecipientKey, n.DeliverAt });
        e.HasIndex(n => new { n.AboutPartnerId, n.CreatedAt });
        e.HasIndex(n => new { n.EmailState, n.EmailNextAttemptAt });
        e.HasOne<TriggerRule>().WithMany().HasForeignKey(n => n.RuleId).OnDelete(DeleteBehavior.SetNull);
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
