using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Data.Configurations;

// Filters are written with [brackets]: both SQL Server and SQLite accept them.

internal sealed class MessageThreadConfiguration : IEntityTypeConfiguration<MessageThread>
{
    public void Configure(EntityTypeBuilder<MessageThread> e)
    {
        e.Property(t => t.Subject).HasMaxLength(200);
        e.Property(t => t.RecordId).HasMaxLength(40);
        e.Property(t => t.AssignedToId).HasMaxLength(450);
        e.Property(t => t.DoneById).HasMaxLength(450);
        e.Property(t => t.Version).IsConcurrencyToken();
        e.HasIndex(t => t.DoneAt);
        e.HasIndex(t => t.SnoozedUntil);
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
        e.Property(m => m.ChannelNote).HasMaxLength(Message.MaxChannelNoteLength);
        e.HasOne(m => m.Thread).WithMany().HasForeignKey(m => m.ThreadId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(m => m.Revisions).WithOne().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Restrict);
        e.Navigation(m => m.Revisions).UsePropertyAccessMode(PropertyAccessMode.Field);
        e.Navigation(m => m.Attachments).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ReplyAddressConfiguration : IEntityTypeConfiguration<ReplyAddress>
{
    public void Configure(EntityTypeBuilder<ReplyAddress> e)
    {
        e.Property(r => r.Token).HasMaxLength(ReplyAddress.TokenLength);
        e.Property(r => r.RecipientKey).HasMaxLength(460);
        e.HasIndex(r => r.Token).IsUnique();
        e.HasIndex(r => new { r.ThreadId, r.RecipientKey }).IsUnique();
        e.HasOne<MessageThread>().WithMany().HasForeignKey(r => r.ThreadId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InboundMailConfiguration : IEntityTypeConfiguration<InboundMail>
{
    public void Configure(EntityTypeBuilder<InboundMail> e)
    {
        e.Property(m => m.MailMessageId).HasMaxLength(InboundMail.MaxMessageIdLength);
        e.Property(m => m.From).HasMaxLength(320);
        e.Property(m => m.Subject).HasMaxLength(200);
        e.Property(m => m.Reason).HasMaxLength(500);
        // Exactly once: a mail (by its Message-ID) is handled one time, however often it is fetched.
        e.HasIndex(m => m.MailMessageId).IsUnique().HasDatabaseName("UX_InboundMails_MailMessageId");
        e.HasIndex(m => m.ProcessedAt);
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
        e.HasIndex(n => n.ThreadId);
        e.HasOne<MessageThread>().WithMany().HasForeignKey(n => n.ThreadId).OnDelete(DeleteBehavior.Restrict);
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

internal sealed class SavedReplyConfiguration : IEntityTypeConfiguration<SavedReply>
{
    public void Configure(EntityTypeBuilder<SavedReply> e)
    {
        e.Property(r => r.Title).HasMaxLength(SavedReply.MaxTitleLength);
        e.Property(r => r.Body).HasMaxLength(Message.MaxBodyLength);
        e.Property(r => r.OwnerId).HasMaxLength(450);
        e.Property(r => r.CreatedById).HasMaxLength(450);
        e.Property(r => r.Version).IsConcurrencyToken();
        e.HasIndex(r => new { r.OwnerId, r.Title });
        e.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ThreadUnreadMarkConfiguration : IEntityTypeConfiguration<ThreadUnreadMark>
{
    public void Configure(EntityTypeBuilder<ThreadUnreadMark> e)
    {
        e.HasKey(m => new { m.ThreadId, m.UserId });
        e.Property(m => m.UserId).HasMaxLength(450);
        e.HasIndex(m => m.UserId);
        e.HasOne<MessageThread>().WithMany().HasForeignKey(m => m.ThreadId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<ApplicationUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
