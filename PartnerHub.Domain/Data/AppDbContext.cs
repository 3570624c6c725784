using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Performance;
using PartnerHub.Domain.Segments;
using PartnerHub.Domain.Integrations;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Data;

/// <summary>
/// The one model. Each provider has a subclass (<see cref="SqliteAppDbContext"/>,
/// <see cref="SqlServerAppDbContext"/>, <see cref="PostgreSqlAppDbContext"/>) that owns its migrations; services depend on this type
/// through <c>IDbContextFactory&lt;AppDbContext&gt;</c> and create one context per operation.
/// </summary>
public class AppDbContext(DbContextOptions options) : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    /// <summary>The data-protection key ring every node shares (cookies, antiforgery tokens); see the README's "Run a cluster".</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Partner> Partners => Set<Partner>();
    public DbSet<PartnerTag> PartnerTags => Set<PartnerTag>();
    public DbSet<ManagerAssignment> ManagerAssignments => Set<ManagerAssignment>();
    public DbSet<PartnerHierarchy> PartnerHierarchy => Set<PartnerHierarchy>();
    public DbSet<Deal> Deals => Set<Deal>();
    public DbSet<DealVersion> DealVersions => Set<DealVersion>();
    public DbSet<DealLotRate> DealLotRates => Set<DealLotRate>();
    public DbSet<DealTermsProposal> DealTermsProposals => Set<DealTermsProposal>();
    public DbSet<DailyPerformance> DailyPerformance => Set<DailyPerformance>();
    public DbSet<CommissionLine> CommissionLines => Set<CommissionLine>();
    public DbSet<CommissionLotItem> CommissionLotItems => Set<CommissionLotItem>();
    public DbSet<Payout> Payouts => Set<Payout>();
    public DbSet<PayoutItem> PayoutItems => Set<PayoutItem>();
    public DbSet<Creative> Creatives => Set<Creative>();
    public DbSet<CreativeVisibility> CreativeVisibility => Set<CreativeVisibility>();
    public DbSet<CreativeDownload> CreativeDownloads => Set<CreativeDownload>();
    public DbSet<TrafficQualityFlag> TrafficQualityFlags => Set<TrafficQualityFlag>();
    public DbSet<KycRequirement> KycRequirements => Set<KycRequirement>();
    public DbSet<Milestone> Milestones => Set<Milestone>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<AuditChainLink> AuditChain => Set<AuditChainLink>();
    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();
    public DbSet<AuditRedaction> AuditRedactions => Set<AuditRedaction>();
    public DbSet<PartnerHub.Domain.Compliance.LegalHold> LegalHolds => Set<PartnerHub.Domain.Compliance.LegalHold>();
    public DbSet<RetentionRule> RetentionRules => Set<RetentionRule>();
    public DbSet<PartnerErasure> PartnerErasures => Set<PartnerErasure>();
    public DbSet<DomainEvent> DomainEvents => Set<DomainEvent>();
    public DbSet<ApiIntegration> ApiIntegrations => Set<ApiIntegration>();
    public DbSet<MessageThread> MessageThreads => Set<MessageThread>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<MessageRevision> MessageRevisions => Set<MessageRevision>();
    public DbSet<MessageAttachment> MessageAttachments => Set<MessageAttachment>();
    public DbSet<MessageReceipt> MessageReceipts => Set<MessageReceipt>();
    public DbSet<InternalNote> InternalNotes => Set<InternalNote>();
    public DbSet<NoteMention> NoteMentions => Set<NoteMention>();
    public DbSet<SavedReply> SavedReplies => Set<SavedReply>();
    public DbSet<ThreadUnreadMark> ThreadUnreadMarks => Set<ThreadUnreadMark>();
    public DbSet<ReplyAddress> ReplyAddresses => Set<ReplyAddress>();
    public DbSet<InboundMail> InboundMails => Set<InboundMail>();
    public DbSet<Segment> Segments => Set<Segment>();
    public DbSet<Announcement> Announcements => Set<Announcement>();
    public DbSet<AnnouncementVersion> AnnouncementVersions => Set<AnnouncementVersion>();
    public DbSet<AnnouncementRecipient> AnnouncementRecipients => Set<AnnouncementRecipient>();
    public DbSet<AnnouncementAcknowledgement> AnnouncementAcknowledgements => Set<AnnouncementAcknowledgement>();
    public DbSet<AnnouncementCreative> AnnouncementCreatives => Set<AnnouncementCreative>();
    public DbSet<TriggerRule> TriggerRules => Set<TriggerRule>();
    public DbSet<RuleRun> RuleRuns => Set<RuleRun>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();
    public DbSet<EmailedMessage> EmailedMessages => Set<EmailedMessage>();

    /// <summary>The Identity schema (v3: with passkeys). The host configures the same value in AddIdentityCore.</summary>
    public static readonly Version IdentitySchema = IdentitySchemaVersions.Version3;

    /// <summary>
    /// Identity reads its schema version from IdentityOptions in the application's services. Contexts made
    /// without the app's services (design time, tests, tools) get the same options from here, so every
    /// context builds the same model as the running app and the migrations stay current for all of them.
    /// </summary>
    private static readonly IServiceProvider IdentityModelServices = new ServiceCollection()
        .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchema)
        .BuildServiceProvider();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        if (optionsBuilder.Options.FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?.ApplicationServiceProvider is null)
            optionsBuilder.UseApplicationServiceProvider(IdentityModelServices);
        base.OnConfiguring(optionsBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // Every timestamp is UTC; SQLite gives back Unspecified, so mark it on the way out.
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<decimal>().HavePrecision(18, 4);
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly, t => t.Namespace == typeof(AppDbContext).Namespace + ".Configurations");
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardImmutableRows();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardImmutableRows();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// The audit log is append-only and a superseded deal version never changes, whatever code asks. (An erasure redacts personal
    /// data in audit entries set-based, after recording each redaction; see <c>Privacy.ErasureService</c>.)
    /// </summary>
    private void GuardImmutableRows()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Modified or EntityState.Deleted)) continue;
            switch (entry.Entity)
            {
                case AuditEntry or AuditChainLink or AuditChainHead or AuditRedaction:
                    throw new InvalidOperationException("The audit log and its chain are append-only.");
                case DealVersion when entry.OriginalValues[nameof(DealVersion.SupersededAt)] is not null:
                    throw new DomainException("A superseded deal version cannot change.");
                case DealLotRate:
                    throw new DomainException("A deal version's rates cannot change; create a new version.");
                case AnnouncementVersion or MessageRevision:
                    throw new InvalidOperationException("Versions and revisions are append-only.");
            }
        }
    }

    private sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>SQLite flavour: decimals are stored as REAL so sums, comparisons and ordering run in the database.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        base.ConfigureConventions(builder);
        builder.Properties<decimal>().HaveConversion<double>();
        builder.Properties<decimal?>().HaveConversion<double>();
    }
}

public sealed class SqlServerAppDbContext(DbContextOptions<SqlServerAppDbContext> options) : AppDbContext(options);

/// <summary>
/// PostgreSQL flavour (Npgsql): timestamps are <c>timestamp with time zone</c> (the model's converter hands Npgsql UTC values),
/// and <c>EF.Functions.Like</c> becomes <c>ILIKE</c>, so the search boxes ignore case as they do on SQLite and SQL Server.
/// The search vector, its GIN index and the audit log's triggers are applied after migrating (<see cref="PostgreSql.PostgreSqlSchema"/>).
/// </summary>
public sealed class PostgreSqlAppDbContext(DbContextOptions<PostgreSqlAppDbContext> options) : AppDbContext(options)
{
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        optionsBuilder.AddInterceptors(PostgreSql.CaseInsensitiveLike.Instance);
        base.OnConfiguring(optionsBuilder);
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        // The configurations write filtered indexes' conditions with [brackets] (SQLite and SQL Server read them); PostgreSQL
        // quotes identifiers with double quotes.
        foreach (var index in b.Model.GetEntityTypes().SelectMany(t => t.GetIndexes()))
        {
            if (index.GetFilter() is { } filter)
                index.SetFilter(System.Text.RegularExpressions.Regex.Replace(filter, @"\[(\w+)\]", "\"$1\""));
        }
    }
}
