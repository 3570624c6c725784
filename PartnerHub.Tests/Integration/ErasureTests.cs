using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Privacy;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// A data subject's erasure on a real database (SQLite, or PostgreSQL in CI's second pass): a partner with a payout dispute, an
/// acknowledged announcement, a deal version, notes and attachments is erased; afterwards no text column of any table holds their
/// name, email, company, phone or IP address, the financial records remain, their own files are gone, and the audit chain — whose
/// entries naming them were redacted — still verifies, and catches a redacted entry altered afterwards. A legal hold blocks it.
/// </summary>
public sealed class ErasureTests : IAsyncLifetime
{
    private const string Name = "Zebulon Quintavalle";
    private const string Email = "zebulon.quintavalle@example.net";
    private const string Company = "Quintavalle Media Ltd";
    private const string Phone = "+447700900123";
    private const string PartnerIp = "203.0.113.77";

    private SqliteDatabase database = default!;
    private readonly string root = Path.Combine(Path.GetTempPath(), $"ph-erasure-{Guid.NewGuid():N}");
    private Actor admin = default!, manager = default!, compliance = default!, partnerUser = default!;
    private int partnerId;
    private string partnerFile = "", managerFile = "";

    private AttachmentStore Store => new(root);
    private ErasureService Erasures => new(database.Factory, database.Clock, Store);

    public async Task InitializeAsync()
    {
        database = await SqliteDatabase.CreateAsync();
        admin = await database.AddActorAsync(Roles.Admin);
        manager = await database.AddActorAsync(Roles.Manager);
        compliance = await database.AddActorAsync(Roles.Compliance);
        partnerId = await new PartnerService(database.Factory, database.Clock).CreateAsync(admin, new NewPartner
        {
            Name = Name, Company = Company, Email = Email, Vertical = Vertical.ForexIb, Country = "GB", ManagerId = manager.UserId,
        });
        await using (var db = database.CreateContext())
        {
            var partner = await db.Partners.SingleAsync(p => p.Id == partnerId);
            partner.SetContact(Phone);
            partner.SetBeneficiary("GB33BUKB20201555555555");
            await db.SaveChangesAsync();
        }
        var user = await database.AddUserAsync(Roles.Partner, Name, partnerId);
        await using (var db = database.CreateContext())
        {
            var row = await db.Users.SingleAsync(u => u.Id == user.Id);
            row.Email = row.UserName = Email;
            row.NormalizedEmail = row.NormalizedUserName = Email.ToUpperInvariant();
            row.PhoneNumber = Phone;
            await db.SaveChangesAsync();
        }
        partnerUser = SqliteDatabase.ActorFor(user, Roles.Partner) with { IpAddress = PartnerIp };

        // Money: a deal version, an approved line and its payout.
        var seed = new CommissionTestData(database, 4242);
        var version = await seed.DealVersionAsync(partnerId, DealType.Cpa, new DealTerms(300m, null, null, "USD", [], "Erasure terms"));
        var line = await seed.AddAsync(CommissionTestData.Cpa(partnerId, version.Id, new DateOnly(2026, 2, 1), 2, 300m, seed.Now), CommissionStatus.Approved);
        var payoutId = (await seed.PayoutAsync(partnerId, [line.Id])).Id;

        // The dispute: the partner writes (with their phone and a file named after them), the manager answers by name with a file,
        // and keeps an internal note naming them.
        var threadId = await new RecordConversations(database.Factory, database.Clock).DiscussAsync(partnerUser, partnerId, LinkedRecordType.Payout,
            payoutId.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Where is my payout? Call me on {Phone}. {Name}");
        var messaging = new MessagingService(database.Factory, database.Clock, Store);
        await messaging.SendAsync(partnerUser, threadId, "My ID, as asked.",
            [new UploadedFile("zebulon-quintavalle-passport.png", CaseFileTests.Dispute.Png.Length, "image/png", _ => new MemoryStream(CaseFileTests.Dispute.Png))]);
        database.Clock.Advance(TimeSpan.FromMinutes(5));
        await messaging.SendAsync(manager, threadId, $"Hello {Name}, here is the remittance advice.",
            [new UploadedFile("remittance.png", CaseFileTests.Dispute.Png.Length, "image/png", _ => new MemoryStream(CaseFileTests.Dispute.Png))]);
        await new NoteService(database.Factory, database.Clock).AddNoteAsync(manager, partnerId, $"{Name} ({Email}) sounded upset on the phone.", []);
        await new ReceiptService(database.Factory, database.Clock).MarkReadAsync(partnerUser, threadId, null, 50);

        var announcementId = (await new AnnouncementService(database.Factory, database.Clock).SendAsync(compliance, new AnnouncementDraft
        {
            Title = "Marketing code of conduct", Body = "Read and confirm.", Category = AnnouncementCategory.Compliance,
            Audience = new AnnouncementAudience { PartnerIds = [partnerId] },
            RequiresAcknowledgement = true, AcknowledgementDueAt = database.Clock.GetUtcNow().UtcDateTime.AddDays(7),
        })).Id;
        await new PartnerAnnouncements(database.Factory, database.Clock).AcknowledgeAsync(partnerUser, announcementId, 1);

        await using (var db = database.CreateContext())
        {
            var files = await db.MessageAttachments.OrderBy(a => a.Id).Select(a => a.StoragePath).ToListAsync();
            (partnerFile, managerFile) = (files[0], files[1]);
            var partner = await db.Partners.SingleAsync(p => p.Id == partnerId);
            partner.ChangeStatus(PartnerStatus.Active, database.Clock.GetUtcNow().UtcDateTime);
            partner.ChangeStatus(PartnerStatus.Terminated, database.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }
        // Everything so far is sealed on the chain before the erasure.
        database.Clock.Advance(AuditChain.SettleTime + TimeSpan.FromSeconds(1));
        await new AuditChain(database.Factory, database.Clock).SealAsync();
    }

    public async Task DisposeAsync()
    {
        await database.DisposeAsync();
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task After_erasure_no_text_column_of_any_table_holds_the_person_while_the_financial_records_remain()
    {
        var before = await CountsAsync();
        Assert.NotEmpty(await FindAsync(Name, Email, Company, Phone, PartnerIp)); // the scan sees them before

        var outcome = await Erasures.EraseAsync(compliance, partnerId, $"GDPR request GDPR-2026-031 from {Name}");

        var found = await FindAsync(Name, Email, Company, Phone, PartnerIp, "GB33BUKB20201555555555", "zebulon-quintavalle-passport");
        Assert.True(found.Count == 0, "Still there: " + string.Join("; ", found));
        Assert.Equal(before, await CountsAsync());

        // Their file is gone, the manager's stays; their account cannot sign in.
        Assert.False(File.Exists(Path.Combine(root, partnerFile)));
        Assert.True(File.Exists(Path.Combine(root, managerFile)));
        await using (var db = database.CreateContext())
        {
            var user = await db.Users.SingleAsync(u => u.PartnerId == partnerId);
            Assert.Null(user.PasswordHash);
            Assert.Equal(DateTimeOffset.MaxValue, user.LockoutEnd);
            var partner = await db.Partners.SingleAsync(p => p.Id == partnerId);
            Assert.Equal(Partner.ErasedName(partnerId), partner.Name);
            Assert.NotNull(partner.ErasedAt);
            var ack = await db.AnnouncementAcknowledgements.SingleAsync(a => a.PartnerId == partnerId);
            Assert.Null(ack.IpAddress);
            Assert.Equal(1, ack.VersionNumber);
            Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == ErasureService.AuditAction && a.PartnerId == partnerId));
        }

        // The operator is told what was kept and why.
        Assert.Contains(outcome.Kept, p => p.What == "Commission lines" && p.Count == 1 && p.Why.Contains("AMLD4", StringComparison.Ordinal));
        Assert.Contains(outcome.Kept, p => p.What == "Payouts" && p.Count == 1);
        Assert.Contains(outcome.Erased, p => p.What.StartsWith("Attachments", StringComparison.Ordinal) && p.Count == 1);
        var shown = await Erasures.FindAsync(compliance, partnerId);
        Assert.NotNull(shown);
        Assert.Equal(outcome.Kept.Count, shown.Outcome.Kept.Count);

        // The chain still verifies: the redacted entries match their recorded redactions.
        database.Clock.Advance(AuditChain.SettleTime + TimeSpan.FromSeconds(1));
        var chain = new AuditChain(database.Factory, database.Clock);
        await chain.SealAsync();
        var verdict = await chain.VerifyAllAsync();
        Assert.True(verdict.Intact, verdict.Problem);
        Assert.True(verdict.Redacted > 0);
        Assert.Equal(0, verdict.Unsealed);
    }

    [Fact]
    public async Task A_redacted_entry_altered_afterwards_breaks_the_chain()
    {
        await Erasures.EraseAsync(admin, partnerId, "GDPR request GDPR-2026-032");
        long redactedId;
        await using (var db = database.CreateContext())
        {
            redactedId = await db.AuditRedactions.MinAsync(r => r.EntryId);
            // The database itself refuses a change to a redacted entry's action, and to any entry without a redaction.
            await Assert.ThrowsAnyAsync<DbException>(() =>
                db.AuditLog.Where(e => e.Id == redactedId).ExecuteUpdateAsync(s => s.SetProperty(e => e.Action, "partner.forged")));
            var plain = await db.AuditLog.Where(e => !db.AuditRedactions.Any(r => r.EntryId == e.Id)).MinAsync(e => e.Id);
            await Assert.ThrowsAnyAsync<DbException>(() =>
                db.AuditLog.Where(e => e.Id == plain).ExecuteUpdateAsync(s => s.SetProperty(e => e.Details, "{}")));

            await AuditTampering.DisableAppendOnlyAsync(db);
            await db.AuditLog.Where(e => e.Id == redactedId).ExecuteUpdateAsync(s => s.SetProperty(e => e.Details, "{\"forged\":true}"));
        }
        var verdict = await new AuditChain(database.Factory, database.Clock).VerifyAllAsync();
        Assert.False(verdict.Intact);
        Assert.Equal(redactedId, verdict.BrokenAtEntryId);
        Assert.Contains("redacted by erasure", verdict.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_legal_hold_an_active_relationship_or_a_manager_cannot_erase_and_nothing_changes()
    {
        await new LegalHolds(database.Factory, database.Clock).PlaceAsync(compliance, partnerId, "Payout dispute DSP-2026-200 open");
        var held = await Assert.ThrowsAsync<DomainException>(() => Erasures.EraseAsync(compliance, partnerId, "GDPR request GDPR-2026-033"));
        Assert.Contains("legal hold", held.Message, StringComparison.Ordinal);
        Assert.Equal(held.Message, await Erasures.BlockerAsync(compliance, partnerId));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Erasures.EraseAsync(manager, partnerId, "GDPR request GDPR-2026-033"));
        var shortReason = await Assert.ThrowsAsync<DomainException>(() => Erasures.EraseAsync(compliance, partnerId, "gdpr"));
        Assert.Equal("Reason", shortReason.Field);

        await using (var db = database.CreateContext())
        {
            Assert.Equal(Name, (await db.Partners.SingleAsync(p => p.Id == partnerId)).Name);
            Assert.Equal(0, await db.PartnerErasures.CountAsync());
            Assert.Equal(0, await db.AuditRedactions.CountAsync());
        }
        Assert.NotEmpty(await FindAsync(Name));

        var other = await new PartnerService(database.Factory, database.Clock).CreateAsync(admin, new NewPartner
        {
            Name = "Still Active Partner", Email = "active.partner@example.net", Vertical = Vertical.ForexIb, Country = "GB",
        });
        var active = await Assert.ThrowsAsync<DomainException>(() => Erasures.EraseAsync(admin, other, "GDPR request GDPR-2026-034"));
        Assert.Contains("Terminated", active.Message, StringComparison.Ordinal);
    }

    /// <summary>Row counts of the records an erasure must keep.</summary>
    private async Task<(int Lines, int Payouts, int Versions, int Acks, int Recipients, int Threads)> CountsAsync()
    {
        await using var db = database.CreateContext();
        return (await db.CommissionLines.CountAsync(l => l.PartnerId == partnerId), await db.Payouts.CountAsync(p => p.PartnerId == partnerId),
            await db.DealVersions.CountAsync(v => db.Deals.Any(d => d.Id == v.DealId && d.PartnerId == partnerId)),
            await db.AnnouncementAcknowledgements.CountAsync(a => a.PartnerId == partnerId),
            await db.AnnouncementRecipients.CountAsync(r => r.PartnerId == partnerId), await db.MessageThreads.CountAsync(t => t.PartnerId == partnerId));
    }

    /// <summary>
    /// Every text column of every table in the model, read whole and searched in memory ignoring case: "table.column #n: value" for
    /// each hit. (Owned JSON columns — an Identity passkey's data — are not read; the person's passkeys are deleted.)
    /// </summary>
    private async Task<List<string>> FindAsync(params string[] needles)
    {
        var hits = new List<string>();
        await using var db = database.CreateContext();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        foreach (var type in db.Model.GetEntityTypes().Where(t => !t.IsOwned() && t.GetTableName() is not null))
        {
            var table = type.GetTableName()!;
            var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, type.GetSchema());
            foreach (var column in type.GetProperties().Where(p => p.ClrType == typeof(string)).Select(p => p.GetColumnName(store)).OfType<string>().Distinct())
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT \"{column}\" FROM \"{table}\" WHERE \"{column}\" IS NOT NULL";
                await using var reader = await command.ExecuteReaderAsync();
                var row = 0;
                while (await reader.ReadAsync())
                {
                    row++;
                    var value = reader.GetString(0);
                    foreach (var needle in needles.Where(n => value.Contains(n, StringComparison.OrdinalIgnoreCase)))
                        hits.Add($"{table}.{column} #{row} has \"{needle}\": {value[..Math.Min(value.Length, 200)]}");
                }
            }
        }
        return hits;
    }
}
