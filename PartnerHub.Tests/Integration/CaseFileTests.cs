using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.CaseFiles;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// The case file of a seeded dispute on a migrated SQLite file and a real attachment folder: a partner's question about its payout
/// (with the payout's frozen figures, a reply with an attachment, a retracted message, read receipts), an acknowledged compliance
/// announcement and the deal version in force. The ZIP holds each of them, its manifest's hashes verify, the PDF's text (pdftotext)
/// shows the snapshot figures; managers and partners are refused; a record's case file holds that record only.
/// </summary>
public sealed class CaseFileTests(CaseFileTests.Dispute data) : IClassFixture<CaseFileTests.Dispute>
{
    public sealed class Dispute : SqliteDatabase, IAsyncLifetime
    {
        public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3];
        public string Root { get; } = Path.Combine(Path.GetTempPath(), $"ph-casefile-{Guid.NewGuid():N}");
        public Actor Compliance { get; private set; } = null!;
        public Actor Admin { get; private set; } = null!;
        public Actor Manager { get; private set; } = null!;
        public Actor PartnerUser { get; private set; } = null!;
        public int PartnerId { get; private set; }
        public long PayoutId { get; private set; }
        public int DealVersionId { get; private set; }
        public int AnnouncementId { get; private set; }
        public long ThreadId { get; private set; }
        public AttachmentStore Store => new(Root);

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Admin = await AddActorAsync(Roles.Admin);
            Manager = await AddActorAsync(Roles.Manager);
            Compliance = await AddActorAsync(Roles.Compliance);
            var seed = new CommissionTestData(this, 1717);
            var partner = await seed.PartnerAsync(Vertical.IGamingAffiliate);
            PartnerId = partner.Id;
            PartnerUser = await AddActorAsync(Roles.Partner, PartnerId);
            var version = await seed.DealVersionAsync(PartnerId, DealType.Cpa, new DealTerms(411.25m, null, null, "USD", [], "Dispute terms"));
            DealVersionId = version.Id;
            var line = await seed.AddAsync(CommissionTestData.Cpa(PartnerId, version.Id, new DateOnly(2026, 2, 1), 3, 411.25m, seed.Now), CommissionStatus.Approved);
            PayoutId = (await seed.PayoutAsync(PartnerId, [line.Id])).Id;

            // The dispute: the partner asks about its payout (its figures frozen on the message), the manager answers with a file,
            // writes a message and retracts it, and the partner reads the answers.
            ThreadId = await new RecordConversations(Factory, Clock)
                .DiscussAsync(PartnerUser, PartnerId, LinkedRecordType.Payout, PayoutId.ToString(System.Globalization.CultureInfo.InvariantCulture), "Where is my payout?");
            var messaging = new MessagingService(Factory, Clock, Store);
            Clock.Advance(TimeSpan.FromMinutes(10));
            await messaging.SendAsync(Manager, ThreadId, "Here is the remittance advice.",
                [new UploadedFile("remittance.png", Png.Length, "image/png", _ => new MemoryStream(Png))]);
            var wrong = await messaging.SendAsync(Manager, ThreadId, "Sent to the wrong partner, sorry.");
            await messaging.RetractAsync(Manager, wrong);
            Clock.Advance(TimeSpan.FromMinutes(10));
            await new ReceiptService(Factory, Clock).MarkReadAsync(PartnerUser, ThreadId, null, 50);

            // The payout moves on after the question: the case file shows the frozen figures next to today's.
            await using (var db = CreateContext())
            {
                var payout = await db.Payouts.SingleAsync(p => p.Id == PayoutId);
                payout.StartProcessing(Clock.GetUtcNow().UtcDateTime);
                await db.SaveChangesAsync();
            }

            AnnouncementId = (await new AnnouncementService(Factory, Clock).SendAsync(Compliance, new AnnouncementDraft
            {
                Title = "Marketing code of conduct", Body = "Read and confirm.", Category = AnnouncementCategory.Compliance,
                Audience = new AnnouncementAudience { PartnerIds = [PartnerId] },
                RequiresAcknowledgement = true, AcknowledgementDueAt = Clock.GetUtcNow().UtcDateTime.AddDays(7),
            })).Id;
            Clock.Advance(TimeSpan.FromMinutes(5));
            await new PartnerAnnouncements(Factory, Clock).AcknowledgeAsync(PartnerUser, AnnouncementId, 1);
        }

        public new async Task DisposeAsync()
        {
            await base.DisposeAsync();
            if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
        }
    }

    private CaseFileService Service => new(data.Factory, data.Clock, data.Store);

    private CaseFileRequest Last90Days(CaseFileRecord? record = null)
    {
        var (from, to) = CaseFileRequest.DefaultRange(data.Clock.GetUtcNow().UtcDateTime);
        return new CaseFileRequest(data.PartnerId, from, to, CaseFileIncludes.All, record);
    }

    private static Dictionary<string, byte[]> Unzip(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var s = e.Open();
            using var copy = new MemoryStream();
            s.CopyTo(copy);
            return copy.ToArray();
        });
    }

    private static async Task<string> PdfTextAsync(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"case-file-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-layout", path, "-"])
                { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
            return text;
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_case_file_of_a_dispute_holds_the_thread_snapshot_announcement_and_deal_and_its_manifest_verifies()
    {
        using var output = new MemoryStream();
        var result = await Service.WriteAsync(data.Compliance, Last90Days(), output);
        var files = Unzip(output.ToArray());

        // Every file the manifest lists is there with its hash, and the bundle hash is the defined hash of those lines.
        using var manifest = JsonDocument.Parse(files["manifest.json"]);
        var listed = manifest.RootElement.GetProperty("files").EnumerateArray()
            .Select(f => (Path: f.GetProperty("path").GetString()!, Sha: f.GetProperty("sha256").GetString()!)).ToList();
        Assert.Equal(files.Keys.Where(k => k != "manifest.json").Order(StringComparer.Ordinal), listed.Select(f => f.Path));
        foreach (var (path, sha) in listed) Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(files[path])), sha);
        var lines = string.Concat(listed.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => $"{f.Path}  {f.Sha}\n"));
        var bundle = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines)));
        Assert.Equal(bundle, manifest.RootElement.GetProperty("bundleSha256").GetString());
        Assert.Equal(bundle, result.BundleSha256);
        Assert.Equal(data.Compliance.UserId, manifest.RootElement.GetProperty("generatedBy").GetProperty("userId").GetString());
        Assert.True(manifest.RootElement.GetProperty("auditChain").TryGetProperty("headHash", out _));
        Assert.Equal(data.PartnerId, manifest.RootElement.GetProperty("filters").GetProperty("partnerId").GetInt32());

        // The JSON: the payout thread with its snapshot, the retracted message kept, the receipt, the announcement acknowledged with
        // its IP, the deal version in force, and the attachment copied out of the store with its hash verified.
        using var json = JsonDocument.Parse(files["case-file.json"]);
        var root = json.RootElement;
        var thread = root.GetProperty("conversations").EnumerateArray().Single(t => t.GetProperty("id").GetInt64() == data.ThreadId);
        var messages = thread.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(3, messages.Count);
        Assert.Equal("Sent to the wrong partner, sorry.", messages[2].GetProperty("body").GetString());
        Assert.Equal(JsonValueKind.Object, messages[2].GetProperty("retractedAt").ValueKind);
        Assert.NotEmpty(messages[1].GetProperty("readBy").EnumerateArray());
        var snapshot = Assert.Single(root.GetProperty("snapshots").EnumerateArray());
        Assert.Equal("Payout", snapshot.GetProperty("recordType").GetString());
        var status = snapshot.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "status");
        Assert.Equal(("Requested", "Processing", true), (status.GetProperty("atTheTime").GetString(), status.GetProperty("now").GetString(),
            status.GetProperty("changed").GetBoolean()));
        var announcement = Assert.Single(root.GetProperty("announcements").EnumerateArray());
        Assert.Equal(data.AnnouncementId, announcement.GetProperty("id").GetInt32());
        var ack = Assert.Single(announcement.GetProperty("acknowledgements").EnumerateArray());
        Assert.Equal((1, "127.0.0.1"), (ack.GetProperty("version").GetInt32(), ack.GetProperty("ipAddress").GetString()));
        Assert.Contains(root.GetProperty("dealVersions").EnumerateArray(), v => v.GetProperty("id").GetInt32() == data.DealVersionId);
        Assert.Contains(root.GetProperty("payouts").EnumerateArray(), p => p.GetProperty("id").GetInt64() == data.PayoutId);
        var attachment = Assert.Single(root.GetProperty("attachments").EnumerateArray());
        Assert.True(attachment.GetProperty("verified").GetBoolean());
        Assert.Equal(Dispute.Png, files[attachment.GetProperty("path").GetString()!]);
        Assert.Contains("Where is my payout?", Encoding.UTF8.GetString(files["csv/messages.csv"]), StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", Encoding.UTF8.GetString(files["csv/announcements.csv"]), StringComparison.Ordinal);

        // The PDF reads as a report: the frozen payout figures next to today's, the announcement and its acknowledgement, the deal.
        var text = await PdfTextAsync(files["case-file.pdf"]);
        Assert.Contains("amount: at the time 1233.75", text, StringComparison.Ordinal);
        Assert.Contains("status: at the time Requested · now Processing [CHANGED]", text, StringComparison.Ordinal);
        Assert.Contains("Where is my payout?", text, StringComparison.Ordinal);
        Assert.Contains("RETRACTED", text, StringComparison.Ordinal);
        Assert.Contains("Marketing code of conduct", text, StringComparison.Ordinal);
        Assert.Contains("from IP 127.0.0.1", text, StringComparison.Ordinal);
        Assert.Contains("CPA 411.25 USD", text, StringComparison.Ordinal);

        // Generating is audited with the filters and the bundle hash.
        await using var db = data.CreateContext();
        var entry = await db.AuditLog.OrderByDescending(a => a.Id).FirstAsync(a => a.Action == "casefile.generated");
        Assert.Equal((data.Compliance.UserId, data.PartnerId), (entry.UserId, entry.PartnerId));
        Assert.Contains(bundle, entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Managers_and_partners_cannot_generate_a_case_file_and_nothing_is_audited()
    {
        await using var db = data.CreateContext();
        var before = await db.AuditLog.CountAsync(a => a.Action == "casefile.generated");
        foreach (var actor in new[] { data.Manager, data.PartnerUser })
        {
            using var output = new MemoryStream();
            await Assert.ThrowsAsync<AccessDeniedException>(() => Service.WriteAsync(actor, Last90Days(), output));
            await Assert.ThrowsAsync<AccessDeniedException>(() => Service.CollectAsync(actor, Last90Days()));
            await Assert.ThrowsAsync<AccessDeniedException>(() =>
                Service.ForRecordAsync(actor, CaseFileRecordType.Payout, data.PayoutId, new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 2)));
            Assert.Equal(0, output.Length);
        }
        Assert.Equal(before, await db.AuditLog.CountAsync(a => a.Action == "casefile.generated"));
    }

    [Fact]
    public async Task An_admin_may_generate_one()
    {
        var all = await Service.CollectAsync(data.Admin, Last90Days());
        Assert.Equal(data.PartnerId, all.Partner.Id);
        Assert.NotEmpty(all.Audit);
    }

    [Fact]
    public async Task A_data_subject_export_keeps_the_partners_own_audit_entries_only_and_says_what_it_is()
    {
        var review = await Service.CollectAsync(data.Compliance, Last90Days());
        var own = await Service.CollectAsync(data.Compliance, Last90Days() with { DataSubject = true });

        // The operators' entries (the manager's messages and retraction, compliance's announcement) are the operators' data.
        Assert.Contains(review.Audit, a => a.User == data.Manager.Name);
        Assert.NotEmpty(own.Audit);
        Assert.All(own.Audit, a => Assert.Equal(data.PartnerUser.Name, a.User));
        Assert.Equal(review.Audit.Count(a => a.User == data.PartnerUser.Name), own.Audit.Count);
        // Everything else about the partner is theirs to see: the same conversations, announcements and money.
        Assert.Equal(review.Conversations.Count, own.Conversations.Count);
        Assert.Equal(review.Announcements.Count, own.Announcements.Count);
        Assert.Equal(review.Payouts.Count, own.Payouts.Count);
        Assert.Equal(CaseFileFilters.DataSubjectAccess, own.Filters.Purpose);
        Assert.Equal(CaseFileFilters.Review, review.Filters.Purpose);

        using var output = new MemoryStream();
        var result = await Service.WriteAsync(data.Compliance, Last90Days() with { DataSubject = true }, output);
        Assert.StartsWith("data-subject-export-partner-", result.FileName, StringComparison.Ordinal);
        var text = await PdfTextAsync(Unzip(output.ToArray())["case-file.pdf"]);
        Assert.Contains("Your data (access request)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_case_file_of_a_payout_holds_its_thread_lines_and_deal_but_not_the_announcement()
    {
        var range = Last90Days();
        var request = await Service.ForRecordAsync(data.Compliance, CaseFileRecordType.Payout, data.PayoutId, range.From, range.To);
        var d = await Service.CollectAsync(data.Compliance, request);

        Assert.Equal(data.PartnerId, request.PartnerId);
        Assert.Equal([data.ThreadId], d.Conversations.Select(t => t.Id));
        Assert.Equal([data.PayoutId], d.Payouts.Select(p => p.Id));
        Assert.Single(d.CommissionLines);
        Assert.Equal([data.DealVersionId], d.DealVersions.Select(v => v.Id));
        Assert.Empty(d.Announcements);
        Assert.All(d.Audit, a => Assert.Contains(a.EntityType, new[] { "Payout", "CommissionLine", "Message", "MessageThread" }));
        Assert.Contains(d.Audit, a => a.Action == "message.retracted");
    }

    [Fact]
    public async Task The_case_file_of_an_announcement_holds_that_announcement_for_the_partner_only()
    {
        var range = Last90Days();
        await Assert.ThrowsAsync<DomainException>(() =>
            Service.ForRecordAsync(data.Compliance, CaseFileRecordType.Announcement, data.AnnouncementId, range.From, range.To));
        var request = await Service.ForRecordAsync(data.Compliance, CaseFileRecordType.Announcement, data.AnnouncementId, range.From, range.To,
            partnerId: data.PartnerId);
        var d = await Service.CollectAsync(data.Compliance, request);

        Assert.Equal([data.AnnouncementId], d.Announcements.Select(a => a.Id));
        Assert.Empty(d.Conversations);
        Assert.Empty(d.Payouts);
        Assert.Empty(d.DealVersions);
        Assert.All(d.Audit, a => Assert.Equal("Announcement", a.EntityType));
        Assert.Contains(d.Audit, a => a.Action == "announcement.sent");
        Assert.Contains(d.Audit, a => a.Action == "announcement.acknowledged");
    }

    [Fact]
    public async Task A_request_naming_a_record_of_another_partner_is_refused()
    {
        var range = Last90Days();
        var mismatched = range with { PartnerId = data.PartnerId + 1000 };
        await Assert.ThrowsAsync<NotFoundException>(() => Service.CollectAsync(data.Compliance, mismatched with { Record = new(CaseFileRecordType.Payout, data.PayoutId) }));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.CollectAsync(data.Compliance, range with { Record = new(CaseFileRecordType.Payout, 987_654) }));
    }

    [Fact]
    public async Task A_managers_request_waits_for_compliance_who_approves_it_once()
    {
        var range = Last90Days();
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.RequestAsync(data.PartnerUser, data.PartnerId, range.From, range.To, "Dispute"));
        await Assert.ThrowsAsync<DomainException>(() => Service.RequestAsync(data.Manager, data.PartnerId, range.From, range.To, " "));
        var first = await Service.RequestAsync(data.Manager, data.PartnerId, range.From, range.To, "The partner disputes payout fees");
        var second = await Service.RequestAsync(data.Manager, data.PartnerId, range.From, range.To, "Regulator's question");
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.PendingRequestsAsync(data.Manager));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.DecideAsync(data.Manager, first, true));

        var pending = await Service.PendingRequestsAsync(data.Compliance);
        Assert.Equal([first, second], pending.Where(r => r.Id == first || r.Id == second).Select(r => r.Id));
        var row = pending.Single(r => r.Id == first);
        Assert.Equal((data.PartnerId, range.From, range.To, "The partner disputes payout fees"), (row.PartnerId, row.From, row.To, row.Reason));

        var approved = await Service.DecideAsync(data.Compliance, first, approve: true);
        Assert.Equal(new CaseFileRequest(data.PartnerId, range.From, range.To), approved);
        Assert.Null(await Service.DecideAsync(data.Compliance, second, approve: false));
        await Assert.ThrowsAsync<DomainException>(() => Service.DecideAsync(data.Compliance, first, approve: true));
        Assert.DoesNotContain(await Service.PendingRequestsAsync(data.Compliance), r => r.Id == first || r.Id == second);
        await using var db = data.CreateContext();
        Assert.Equal(["casefile.approved", "casefile.declined"], await db.AuditLog.Where(a => a.EntityType == "CaseFileRequest"
            && (a.EntityId == first.ToString() || a.EntityId == second.ToString())).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task A_range_before_the_dispute_holds_no_conversation()
    {
        var d = await Service.CollectAsync(data.Compliance,
            new CaseFileRequest(data.PartnerId, new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 31), CaseFileIncludes.Conversations | CaseFileIncludes.Audit));
        Assert.Empty(d.Conversations);
        Assert.Empty(d.Audit);
        Assert.Empty(d.Announcements); // not included
        await Assert.ThrowsAsync<DomainException>(() => Service.CollectAsync(data.Compliance,
            new CaseFileRequest(data.PartnerId, new DateOnly(2025, 2, 1), new DateOnly(2025, 1, 1))));
    }
}
