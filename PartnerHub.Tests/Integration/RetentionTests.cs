using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Files;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// The retention purge: it deletes exactly the records past their period (a relationship ended six years ago), leaves alone
/// a relationship ended four years ago, an active partner and a held one, counts in its dry run what it then deletes, audits
/// each batch, and deletes nothing the second time. On SQLite, and on PostgreSQL in the suite's second pass.
/// </summary>
public sealed class RetentionTests : IAsyncLifetime
{
    private SqliteDatabase database = default!;
    private AutomationTestData data = default!;
    private string folder = default!;
    private AttachmentStore attachments = default!;

    public async Task InitializeAsync()
    {
        database = await SqliteDatabase.CreateAsync();
        data = new AutomationTestData(database);
        folder = Directory.CreateTempSubdirectory("partnerhub-retention-").FullName;
        attachments = new AttachmentStore(folder);
    }

    public async Task DisposeAsync()
    {
        await database.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private RetentionService Retention(int batchSize = 200) => new(database.Factory, database.Clock, new FileStore(attachments.Root)) { BatchSize = batchSize };

    private DateTime Now => database.Clock.GetUtcNow().UtcDateTime;

    /// <summary>The rows one partner's records make in each table (what <see cref="RecordsAsync"/> writes).</summary>
    private static readonly Dictionary<string, int> OnePartnersRows = new()
    {
        ["MessageThreads"] = 1, ["Messages"] = 2, ["MessageRevisions"] = 1, ["MessageAttachments"] = 1, ["MessageReceipts"] = 1,
        ["ThreadUnreadMarks"] = 1, ["ReplyAddresses"] = 1, ["InboundMails"] = 1, ["InternalNotes"] = 1, ["NoteMentions"] = 1,
        ["EmailedMessages"] = 1, ["Notifications"] = 2, ["AnnouncementRecipients"] = 1, ["AnnouncementAcknowledgements"] = 1,
    };

    private sealed record Seeded(int PartnerId, string Word, string FilePath);

    /// <summary>A partner whose relationship ended <paramref name="endedYearsAgo"/> (or is active), with one of every record.</summary>
    private async Task<Seeded> RecordsAsync(Actor admin, int announcementId, double? endedYearsAgo, string name)
    {
        var partner = await data.PartnerAsync(name: name);
        var user = await database.AddUserAsync(Roles.Partner, $"{name} user", partner.Id);
        var word = $"w{Guid.NewGuid():N}"[..16];
        var file = await attachments.SaveAsync(new MemoryStream(Encoding.ASCII.GetBytes("%PDF-1.4 statement")), "statement.pdf", "application/pdf");
        await using var db = database.CreateContext();
        if (endedYearsAgo is { } years)
        {
            var tracked = await db.Partners.SingleAsync(p => p.Id == partner.Id);
            tracked.ChangeStatus(PartnerStatus.Terminated, Now.AddDays(-365.25 * years));
        }
        var thread = MessageThread.Direct(partner.Id, Now.AddYears(-7));
        db.MessageThreads.Add(thread);
        await db.SaveChangesAsync();
        var first = new Message(thread.Id, MessageAuthorKind.Partner, user.Id, partner.Id, $"About the {word} payout", Now.AddYears(-7));
        first.AddAttachment(new MessageAttachment(file.FileName, file.ContentType, file.SizeBytes, file.StoragePath, file.Sha256));
        var second = new Message(thread.Id, MessageAuthorKind.Operator, admin.UserId, null, "Answered", Now.AddYears(-7));
        db.Messages.AddRange(first, second);
        await db.SaveChangesAsync();
        second.Edit("Answered, with the figures", admin.UserId, Now.AddYears(-7));
        db.MessageReceipts.Add(new MessageReceipt(first.Id, admin.UserId, true, Now.AddYears(-7)));
        db.ThreadUnreadMarks.Add(new ThreadUnreadMark(thread.Id, admin.UserId, Now.AddYears(-7)));
        db.ReplyAddresses.Add(new ReplyAddress(thread.Id, $"user:{user.Id}", Now.AddYears(-7)));
        db.InboundMails.Add(new InboundMail($"<{Guid.NewGuid():N}@mail.test>", user.Email!, "Re: payout", Now.AddYears(-7), InboundMailOutcome.Accepted, null)
        {
            ThreadId = thread.Id, PartnerId = partner.Id, MessageId = first.Id,
        });
        var note = new InternalNote(partner.Id, admin.UserId, "Asked twice", Now.AddYears(-7), thread.Id);
        note.Mention(admin.UserId);
        db.InternalNotes.Add(note);
        var toPartner = new Notification($"user:{user.Id}", partner.Id, user.Id, NotificationCategory.Messages, "New message", "Answered", null,
            Now.AddYears(-7), Now.AddYears(-7));
        var aboutPartner = new Notification($"user:{admin.UserId}", null, admin.UserId, NotificationCategory.Messages, "Partner wrote", "About the payout", null,
            Now.AddYears(-7), Now.AddYears(-7)) { AboutPartnerId = partner.Id };
        db.Notifications.AddRange(toPartner, aboutPartner);
        db.AnnouncementRecipients.Add(new AnnouncementRecipient(announcementId, partner.Id, Now.AddYears(-7)));
        await db.SaveChangesAsync();
        db.EmailedMessages.Add(new EmailedMessage(toPartner.Id, second.Id));
        db.AnnouncementAcknowledgements.Add(new AnnouncementAcknowledgement(announcementId, partner.Id, 1, user.Id, "127.0.0.1", Now.AddYears(-7)));
        await db.SaveChangesAsync();
        return new Seeded(partner.Id, word, file.StoragePath);
    }

    private async Task<int> AnnouncementAsync(Actor admin)
    {
        await using var db = database.CreateContext();
        var announcement = new Announcement("Terms update", "New terms", AnnouncementCategory.Compliance,
            new AnnouncementAudience { AllActivePartners = true }, admin.UserId, Now.AddYears(-7));
        db.Announcements.Add(announcement);
        await db.SaveChangesAsync();
        return announcement.Id;
    }

    private async Task<Dictionary<string, int>> CountsAsync()
    {
        await using var db = database.CreateContext();
        return new Dictionary<string, int>
        {
            ["MessageThreads"] = await db.MessageThreads.CountAsync(), ["Messages"] = await db.Messages.CountAsync(),
            ["MessageRevisions"] = await db.MessageRevisions.CountAsync(), ["MessageAttachments"] = await db.MessageAttachments.CountAsync(),
            ["MessageReceipts"] = await db.MessageReceipts.CountAsync(), ["ThreadUnreadMarks"] = await db.ThreadUnreadMarks.CountAsync(),
            ["ReplyAddresses"] = await db.ReplyAddresses.CountAsync(), ["InboundMails"] = await db.InboundMails.CountAsync(),
            ["InternalNotes"] = await db.InternalNotes.CountAsync(), ["NoteMentions"] = await db.NoteMentions.CountAsync(),
            ["EmailedMessages"] = await db.EmailedMessages.CountAsync(), ["Notifications"] = await db.Notifications.CountAsync(),
            ["AnnouncementRecipients"] = await db.AnnouncementRecipients.CountAsync(),
            ["AnnouncementAcknowledgements"] = await db.AnnouncementAcknowledgements.CountAsync(),
            ["Announcements"] = await db.Announcements.CountAsync(), ["Partners"] = await db.Partners.CountAsync(),
        };
    }

    private static Dictionary<string, int> RowsOf(RetentionReport report) =>
        report.Kinds.SelectMany(k => k.Tables).GroupBy(t => t.Table).ToDictionary(g => g.Key, g => g.Sum(t => t.Rows));

    private async Task<int> HitsAsync(Actor admin, string word) =>
        (await new MessageSearch(database.Factory, database.SearchSql, database.Clock).SearchAsync(admin, new MessageSearchQuery { Text = word })).Items.Count;

    [Fact]
    public async Task Purge_deletes_exactly_what_is_due_and_the_dry_run_counted_it()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var announcement = await AnnouncementAsync(admin);
        var old = await RecordsAsync(admin, announcement, 6, "Ended six years ago");
        var recent = await RecordsAsync(admin, announcement, 4, "Ended four years ago");
        var active = await RecordsAsync(admin, announcement, null, "Still active");
        var held = await RecordsAsync(admin, announcement, 6, "Ended but held");
        await new LegalHolds(database.Factory, database.Clock).PlaceAsync(admin, held.PartnerId, "Regulator's inquiry REG-2026-7");
        Assert.Equal(1, await HitsAsync(admin, old.Word));
        var before = await CountsAsync();

        var dryRun = await Retention().DryRunAsync(admin);
        Assert.Equal(before, await CountsAsync());
        Assert.All(dryRun.Kinds, k =>
        {
            Assert.Equal(1, k.PartnersDue);
            Assert.Equal([held.PartnerId], k.Held.Select(h => h.Id));
        });

        var purge = await Retention().PurgeAsync(admin);

        var after = await CountsAsync();
        foreach (var (table, count) in before)
            Assert.Equal(count - OnePartnersRows.GetValueOrDefault(table), after[table]);
        Assert.Equal(OnePartnersRows, RowsOf(purge).Where(r => r.Value > 0).ToDictionary());
        Assert.Equal(RowsOf(dryRun), RowsOf(purge));
        Assert.Equal(dryRun.Kinds.Select(k => (k.Kind, k.PartnersDue, k.PartnersHeld)), purge.Kinds.Select(k => (k.Kind, k.PartnersDue, k.PartnersHeld)));

        // The search index followed the deletes; the other partners' messages are still found.
        Assert.Equal(0, await HitsAsync(admin, old.Word));
        Assert.Equal(1, await HitsAsync(admin, recent.Word));
        Assert.Equal(1, await HitsAsync(admin, active.Word));
        Assert.Equal(1, await HitsAsync(admin, held.Word));
        // The attachment's file left the store after the commit; the others' stay.
        Assert.False(File.Exists(Path.Combine(attachments.Root, old.FilePath)));
        Assert.True(File.Exists(Path.Combine(attachments.Root, recent.FilePath)));
        Assert.True(File.Exists(Path.Combine(attachments.Root, held.FilePath)));

        await using var db = database.CreateContext();
        foreach (var keep in new[] { recent, active, held })
        {
            Assert.Equal(1, await db.MessageThreads.CountAsync(t => t.PartnerId == keep.PartnerId));
            Assert.Equal(2, await db.Notifications.CountAsync(n => n.RecipientPartnerId == keep.PartnerId || n.AboutPartnerId == keep.PartnerId));
            Assert.Equal(1, await db.AnnouncementAcknowledgements.CountAsync(a => a.PartnerId == keep.PartnerId));
        }
        Assert.True(await db.Partners.AnyAsync(p => p.Id == old.PartnerId));
    }

    /// <summary>
    /// Places a legal hold when the purge opens its first batch's transaction, after the partners due were listed (on the
    /// batch's own connection and transaction: SQLite's transactions take the write lock at once).
    /// </summary>
    private sealed class HoldOnFirstBatch(int partnerId, DateTime at) : Microsoft.EntityFrameworkCore.Diagnostics.DbTransactionInterceptor
    {
        private int placed;

        public override async ValueTask<System.Data.Common.DbTransaction> TransactionStartedAsync(System.Data.Common.DbConnection connection,
            Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData eventData, System.Data.Common.DbTransaction result, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref placed, 1) == 0)
            {
                await using var insert = connection.CreateCommand();
                insert.Transaction = result;
                insert.CommandText = """
                    INSERT INTO "LegalHolds" ("PartnerId", "Reason", "PlacedById", "PlacedByName", "PlacedAt") VALUES (@p, 'Subpoena served during the purge', 'hold-admin', 'Hold Admin', @at)
                    """;
                var p = insert.CreateParameter();
                p.ParameterName = "@p";
                p.Value = partnerId;
                insert.Parameters.Add(p);
                var when = insert.CreateParameter();
                when.ParameterName = "@at";
                when.Value = at;
                insert.Parameters.Add(when);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            return result;
        }
    }

    [Fact]
    public async Task A_hold_placed_after_the_partners_were_listed_still_protects_the_partner_and_its_files()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var announcement = await AnnouncementAsync(admin);
        var due = await RecordsAsync(admin, announcement, 6, "Due and purged");
        var late = await RecordsAsync(admin, announcement, 6, "Held at the last moment");
        var before = await CountsAsync();

        // The hold commits with the first batch (which still purges the other partner).
        var retention = new RetentionService(database.FactoryWith(new HoldOnFirstBatch(late.PartnerId, Now)), database.Clock,
            new FileStore(attachments.Root));
        var purge = await retention.PurgeAsync(admin);

        Assert.All(purge.Kinds, k => Assert.Equal(1, k.PartnersDue));
        var after = await CountsAsync();
        foreach (var (table, count) in before)
            Assert.Equal(count - OnePartnersRows.GetValueOrDefault(table), after[table]);
        Assert.False(File.Exists(Path.Combine(attachments.Root, due.FilePath)));
        Assert.True(File.Exists(Path.Combine(attachments.Root, late.FilePath)));
        await using var db = database.CreateContext();
        Assert.True(await LegalHolds.IsHeldAsync(db, late.PartnerId));
        Assert.Equal(1, await db.MessageThreads.CountAsync(t => t.PartnerId == late.PartnerId));
        var first = await db.AuditLog.Where(a => a.Action == "retention.purged").OrderBy(a => a.Id).FirstAsync();
        Assert.Equal([due.PartnerId], JsonDocument.Parse(first.Details!).RootElement.GetProperty("partnerIds").EnumerateArray().Select(i => i.GetInt32()));
    }

    [Fact]
    public async Task Each_batch_is_audited_and_a_second_purge_deletes_nothing()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var announcement = await AnnouncementAsync(admin);
        var first = await RecordsAsync(admin, announcement, 6, "First ended");
        var second = await RecordsAsync(admin, announcement, 7, "Second ended");

        var purge = await Retention(batchSize: 1).PurgeAsync(admin);
        Assert.All(purge.Kinds, k => Assert.Equal(2, k.PartnersDue));

        await using (var db = database.CreateContext())
        {
            var entries = await db.AuditLog.Where(a => a.Action == "retention.purged").OrderBy(a => a.Id).ToListAsync();
            Assert.Equal(6, entries.Count);
            var batches = entries.Select(e => JsonDocument.Parse(e.Details!).RootElement).Select(d =>
                (Kind: d.GetProperty("kind").GetString(), Partners: d.GetProperty("partnerIds").EnumerateArray().Select(i => i.GetInt32()).ToList(),
                 Messages: d.GetProperty("rows").TryGetProperty("Messages", out var m) ? m.GetInt32() : 0)).ToList();
            Assert.Equal(["Conversations", "Conversations", "AnnouncementLedger", "AnnouncementLedger", "Notifications", "Notifications"],
                batches.Select(b => b.Kind));
            Assert.Equal(new[] { first.PartnerId, second.PartnerId }, batches.Take(2).Select(b => Assert.Single(b.Partners)));
            Assert.Equal([2, 2], batches.Take(2).Select(b => b.Messages));
            Assert.All(entries, e => Assert.Equal(admin.UserId, e.UserId));
        }

        var before = await CountsAsync();
        var again = await Retention().PurgeAsync(Actor.System);
        Assert.Equal(0, again.TotalRows);
        Assert.True(again.NothingDue);
        Assert.Equal(before, await CountsAsync());
        Assert.True((await Retention().DryRunAsync(admin)).NothingDue);
        await using (var db = database.CreateContext())
            Assert.Equal(6, await db.AuditLog.CountAsync(a => a.Action == "retention.purged"));
    }

    [Fact]
    public async Task The_policys_periods_decide_what_is_due()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var announcement = await AnnouncementAsync(admin);
        var ended = await RecordsAsync(admin, announcement, 6, "Ended six years ago");
        await Retention().SavePolicyAsync(admin, new Dictionary<RetentionKind, int>
        {
            [RetentionKind.Conversations] = 10, [RetentionKind.AnnouncementLedger] = 5, [RetentionKind.Notifications] = 8, [RetentionKind.AuditLog] = 10,
        });

        var purge = await Retention().PurgeAsync(admin);

        Assert.Equal([0, 1, 0], purge.Kinds.Select(k => k.PartnersDue));
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.MessageThreads.CountAsync(t => t.PartnerId == ended.PartnerId));
        Assert.Equal(0, await db.AnnouncementRecipients.CountAsync(r => r.PartnerId == ended.PartnerId));
        Assert.Equal(2, await db.Notifications.CountAsync(n => n.RecipientPartnerId == ended.PartnerId || n.AboutPartnerId == ended.PartnerId));
    }

    [Fact]
    public async Task Admins_save_the_policy_audited_with_before_and_after_compliance_only_views()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var compliance = await database.AddActorAsync(Roles.Compliance);
        var defaults = await Retention().PolicyAsync(compliance);
        Assert.Equal([5, 5, 5, 7], defaults.Select(p => p.Years));
        Assert.All(defaults, p => Assert.True(p.IsDefault));

        var wanted = new Dictionary<RetentionKind, int>
        {
            [RetentionKind.Conversations] = 6, [RetentionKind.AnnouncementLedger] = 5, [RetentionKind.Notifications] = 2, [RetentionKind.AuditLog] = 8,
        };
        await Assert.ThrowsAsync<AccessDeniedException>(() => Retention().SavePolicyAsync(compliance, wanted));
        await Retention().SavePolicyAsync(admin, wanted);

        var saved = await Retention().PolicyAsync(compliance);
        Assert.Equal([6, 5, 2, 8], saved.Select(p => p.Years));
        Assert.All(saved, p => Assert.Equal(admin.Name, p.UpdatedByName));
        await using var db = database.CreateContext();
        var entry = await db.AuditLog.SingleAsync(a => a.Action == "retention.policy");
        var details = JsonDocument.Parse(entry.Details!).RootElement;
        Assert.Equal(5, details.GetProperty("before").GetProperty("Conversations").GetInt32());
        Assert.Equal(6, details.GetProperty("after").GetProperty("Conversations").GetInt32());
        Assert.Equal(7, details.GetProperty("before").GetProperty("AuditLog").GetInt32());
    }

    [Fact]
    public async Task A_policy_breaking_a_rule_is_refused_at_its_field_and_changes_nothing()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var tooShort = await Assert.ThrowsAsync<DomainException>(() => Retention().SavePolicyAsync(admin, new Dictionary<RetentionKind, int>
        {
            [RetentionKind.Conversations] = 3, [RetentionKind.AnnouncementLedger] = 5, [RetentionKind.Notifications] = 5, [RetentionKind.AuditLog] = 7,
        }));
        Assert.Equal(nameof(RetentionKind.Conversations), tooShort.Field);
        Assert.Contains("MiFID II", tooShort.Message, StringComparison.Ordinal);
        var auditShort = await Assert.ThrowsAsync<DomainException>(() => Retention().SavePolicyAsync(admin, new Dictionary<RetentionKind, int>
        {
            [RetentionKind.Conversations] = 9, [RetentionKind.AnnouncementLedger] = 5, [RetentionKind.Notifications] = 5, [RetentionKind.AuditLog] = 7,
        }));
        Assert.Equal(nameof(RetentionKind.AuditLog), auditShort.Field);
        Assert.Contains("9 years", auditShort.Message, StringComparison.Ordinal);

        await using var db = database.CreateContext();
        Assert.Equal(0, await db.RetentionRules.CountAsync());
        Assert.Equal(0, await db.AuditLog.CountAsync(a => a.Action == "retention.policy"));
    }

    [Fact]
    public async Task Managers_and_partners_are_refused_compliance_may_only_dry_run()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var announcement = await AnnouncementAsync(admin);
        var ended = await RecordsAsync(admin, announcement, 6, "Ended six years ago");
        var manager = await database.AddActorAsync(Roles.Manager);
        var partner = await database.AddActorAsync(Roles.Partner, ended.PartnerId);
        var compliance = await database.AddActorAsync(Roles.Compliance);

        foreach (var refused in new[] { manager, partner })
        {
            await Assert.ThrowsAsync<AccessDeniedException>(() => Retention().PolicyAsync(refused));
            await Assert.ThrowsAsync<AccessDeniedException>(() => Retention().DryRunAsync(refused));
            await Assert.ThrowsAsync<AccessDeniedException>(() => Retention().PurgeAsync(refused));
        }
        await Assert.ThrowsAsync<AccessDeniedException>(() => Retention().PurgeAsync(compliance));
        Assert.False((await Retention().DryRunAsync(compliance)).NothingDue);

        await using var db = database.CreateContext();
        Assert.Equal(1, await db.MessageThreads.CountAsync(t => t.PartnerId == ended.PartnerId));
        Assert.Equal(0, await db.AuditLog.CountAsync(a => a.Action == "retention.purged"));
    }
}
