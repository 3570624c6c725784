using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Payouts;

namespace PartnerHub.Domain.CaseFiles;

/// <summary>
/// The case file of a partner for a dispute or a regulator's review: every conversation, announcement, notification, deal version,
/// commission line, payout and audit entry of the partner in a date range (or about one record), as a ZIP with a readable PDF, the
/// same data as JSON (<see cref="CaseFileData"/>, documented in docs/case-file-schema.md) and CSV, the attachments out of the verified
/// store, and <c>manifest.json</c> with the SHA-256 of every file, of the whole bundle and the audit chain's head.
/// Compliance and Admin only; reads are set-based (a query per kind of row, never per message); every case file is audited with its
/// filters and bundle hash.
/// </summary>
public sealed class CaseFileService(IDbContextFactory<AppDbContext> factory, TimeProvider clock, AttachmentStore? attachments = null)
{
    public const string ManifestSchema = "partnerhub.case-file-manifest/1";
    public const string BundleHashDefinition =
        "SHA-256 (lower-case hex) of the UTF-8 text made of one line \"<path>  <sha256>\\n\" (two spaces) per file listed in 'files', " +
        "sorted by path (ordinal); manifest.json itself is not listed.";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Refuses anyone but Compliance and Admin (managers may only ask for one).</summary>
    public static void RequireReviewer(Actor actor) => actor.RequireReviewer("generate case files");

    /// <summary>
    /// The request for the case file of a record: its partner (for an announcement, <paramref name="partnerId"/>, who must have received
    /// it), narrowed to that record.
    /// </summary>
    public async Task<CaseFileRequest> ForRecordAsync(Actor actor, CaseFileRecordType type, long id, DateOnly from, DateOnly to,
        CaseFileIncludes includes = CaseFileIncludes.All, int? partnerId = null, CancellationToken ct = default)
    {
        RequireReviewer(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        if (type == CaseFileRecordType.Announcement && partnerId is null)
            throw new DomainException("Choose the partner whose record of this announcement you need.", "PartnerId");
        var owner = await OwnerAsync(db, type, id, partnerId, ct);
        if (owner is null || (partnerId is not null && partnerId != owner)) throw new NotFoundException("No such record for this partner.");
        var request = new CaseFileRequest(owner.Value, from, to, includes, new CaseFileRecord(type, id));
        request.Validate();
        return request;
    }

    /// <summary>The partner a record belongs to (for an announcement: <paramref name="partnerId"/> when it received it), or null.</summary>
    private static async Task<int?> OwnerAsync(AppDbContext db, CaseFileRecordType type, long id, int? partnerId, CancellationToken ct) => type switch
    {
        CaseFileRecordType.Payout => await db.Payouts.Where(p => p.Id == id).Select(p => (int?)p.PartnerId).SingleOrDefaultAsync(ct),
        CaseFileRecordType.CommissionLine => await db.CommissionLines.Where(l => l.Id == id).Select(l => (int?)l.PartnerId).SingleOrDefaultAsync(ct),
        CaseFileRecordType.DealVersion => await (from v in db.DealVersions join d in db.Deals on v.DealId equals d.Id
                                                 where v.Id == id select (int?)d.PartnerId).SingleOrDefaultAsync(ct),
        CaseFileRecordType.Announcement when partnerId is { } p => await db.AnnouncementRecipients
            .Where(r => r.AnnouncementId == id && r.PartnerId == p).Select(r => (int?)r.PartnerId).SingleOrDefaultAsync(ct),
        _ => null,
    };

    /// <summary>A request narrowed to a record names that record's partner (a mismatch is reported as not found).</summary>
    private static async Task RequireRecordOfPartnerAsync(AppDbContext db, CaseFileRequest request, CancellationToken ct)
    {
        if (request.Record is not { } r) return;
        if (await OwnerAsync(db, r.Type, r.Id, request.PartnerId, ct) != request.PartnerId) throw new NotFoundException("No such record for this partner.");
    }

    /// <summary>Reads everything the case file holds (without writing anything): for the bundle and for tests.</summary>
    public async Task<CaseFileData> CollectAsync(Actor actor, CaseFileRequest request, CancellationToken ct = default)
    {
        RequireReviewer(actor);
        request.Validate();
        await using var db = await factory.CreateDbContextAsync(ct);
        await RequireRecordOfPartnerAsync(db, request, ct);
        return await new CaseFileReader(db, request, Now()).ReadAsync(ct);
    }

    /// <summary>
    /// Writes the case file as a ZIP to <paramref name="output"/> and audits it (<c>casefile.generated</c> with the filters and the bundle
    /// hash). The audit entry is committed after the last byte: a caller that keeps the bundle for download releases it only when this
    /// returns.
    /// </summary>
    public async Task<CaseFileResult> WriteAsync(Actor actor, CaseFileRequest request, Stream output, IProgress<CaseFileProgress>? progress = null,
        CancellationToken ct = default)
    {
        RequireReviewer(actor);
        request.Validate();
        var now = Now();
        progress?.Report(new CaseFileProgress("Reading the records", 5));
        CaseFileData data;
        IReadOnlyDictionary<long, string> storagePaths;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            await RequireRecordOfPartnerAsync(db, request, ct);
            var reader = new CaseFileReader(db, request, now);
            data = await reader.ReadAsync(ct);
            storagePaths = reader.StoragePaths;
        }
        var chain = new AuditChain(factory, clock);
        var status = await chain.StatusAsync(actor, ct);
        progress?.Report(new CaseFileProgress("Checking the audit chain", 25));
        var verification = await chain.VerifyAllAsync(ct);

        var files = new List<CaseFileEntry>();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            if (request.Has(CaseFileIncludes.Attachments) && data.Attachments.Count > 0)
            {
                progress?.Report(new CaseFileProgress("Copying the attachments", 35));
                var copied = new List<CaseFileAttachment>(data.Attachments.Count);
                foreach (var a in data.Attachments) copied.Add(await CopyAttachmentAsync(zip, a, storagePaths.GetValueOrDefault(a.Id), files, ct));
                data = data with { Attachments = copied };
            }
            progress?.Report(new CaseFileProgress("Writing JSON and CSV", 50));
            Add(zip, files, "case-file.json", JsonSerializer.SerializeToUtf8Bytes(data, Json));
            foreach (var (path, bytes) in CaseFileCsv.Files(data, request)) Add(zip, files, path, bytes);
            progress?.Report(new CaseFileProgress("Writing the PDF report", 65));
            var head = new CaseFileChainHead(status.HeadEntryId, status.HeadHash, status.Entries, status.Sealed, verification.Intact, verification.Problem);
            Add(zip, files, "case-file.pdf", CaseFilePdf.Render(data, head, actor.Name));
            progress?.Report(new CaseFileProgress("Writing the manifest", 95));
            var bundle = BundleHash(files);
            var manifest = new
            {
                schema = ManifestSchema,
                caseFileSchema = CaseFileData.SchemaId,
                generatedAt = now,
                generatedBy = new { actor.UserId, actor.Name, roles = actor.Roles.Order(StringComparer.Ordinal).ToArray(), actor.IpAddress },
                filters = data.Filters,
                auditChain = new
                {
                    headEntryId = status.HeadEntryId, headHash = status.HeadHash, entries = status.Entries, sealedEntries = status.Sealed,
                    verified = new { verification.Intact, verification.EntriesChecked, verification.BrokenAtEntryId, verification.Problem },
                },
                files = files.OrderBy(f => f.Path, StringComparer.Ordinal),
                bundleSha256 = bundle,
                bundleSha256Definition = BundleHashDefinition,
            };
            var entry = zip.CreateEntry("manifest.json", CompressionLevel.Optimal);
            await using (var s = entry.Open()) await s.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(manifest, Json), ct);
        }

        var bundleHash = BundleHash(files);
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            db.Audit(actor, now, "casefile.generated", "Partner", request.PartnerId, request.PartnerId,
                new { filters = data.Filters, bundleSha256 = bundleHash, files = files.Count + 1, auditChainHead = status.HeadHash });
            await db.SaveChangesAsync(ct);
        }
        progress?.Report(new CaseFileProgress("Done", 100));
        var fileName = FormattableString.Invariant($"{(request.DataSubject ? "data-subject-export" : "case-file")}-partner-{request.PartnerId}-{request.From:yyyyMMdd}-{request.To:yyyyMMdd}")
            + (request.Record is { } r ? FormattableString.Invariant($"-{r.Type.ToString().ToLowerInvariant()}-{r.Id}") : "") + ".zip";
        return new CaseFileResult(fileName, bundleHash, request.PartnerId, files, output.CanSeek ? output.Position : -1);
    }

    /// <summary>Audits the download of a generated case file (the endpoint that serves it calls this first).</summary>
    public async Task RecordDownloadAsync(Actor actor, int partnerId, string fileName, string bundleSha256, CancellationToken ct = default)
    {
        RequireReviewer(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Audit(actor, Now(), "casefile.downloaded", "Partner", partnerId, partnerId, new { fileName, bundleSha256 });
        await db.SaveChangesAsync(ct);
    }

    public const int MaxReasonLength = 500;

    /// <summary>
    /// A manager asks for a partner's case file (Compliance decides). The request is an audit entry (<c>casefile.requested</c>, with
    /// the range and the reason), so asking is evidence too; its id is the request's.
    /// </summary>
    public async Task<long> RequestAsync(Actor actor, int partnerId, DateOnly from, DateOnly to, string? reason, CancellationToken ct = default)
    {
        if (!actor.IsManager && !actor.IsAdmin) throw new AccessDeniedException("Only managers ask for case files; compliance makes them.");
        new CaseFileRequest(partnerId, from, to).Validate();
        var why = Guard.Required(reason, "Reason", MaxReasonLength);
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await db.Partners.AnyAsync(p => p.Id == partnerId, ct)) throw new NotFoundException("Partner not found.");
        var entry = db.Audit(actor, Now(), "casefile.requested", "Partner", partnerId, partnerId, new CaseFileAsk(from, to, why));
        await db.SaveChangesAsync(ct);
        return entry.Id;
    }

    /// <summary>The requests no one has approved or declined yet, oldest first (Compliance and Admin).</summary>
    public async Task<IReadOnlyList<CaseFileRequestRow>> PendingRequestsAsync(Actor actor, CancellationToken ct = default)
    {
        RequireReviewer(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await (from r in db.AuditLog.AsNoTracking()
                          where r.Action == "casefile.requested"
                          where !db.AuditLog.Any(d => d.EntityType == DecisionEntity && d.EntityId == r.Id.ToString())
                          join p in db.Partners on r.PartnerId equals p.Id
                          orderby r.Id
                          select new { r.Id, r.PartnerId, p.Name, r.UserName, r.At, r.Details }).Take(200).ToListAsync(ct);
        return rows.Select(r =>
        {
            var ask = JsonSerializer.Deserialize<CaseFileAsk>(r.Details ?? "{}", AuditTrail.Json)!;
            return new CaseFileRequestRow(r.Id, r.PartnerId!.Value, r.Name, ask.From, ask.To, r.UserName ?? "", r.At, ask.Reason);
        }).ToList();
    }

    /// <summary>
    /// Approves or declines a pending request (audited <c>casefile.approved</c> / <c>casefile.declined</c>); an approval returns the
    /// request to generate, as the approver.
    /// </summary>
    public async Task<CaseFileRequest?> DecideAsync(Actor actor, long requestId, bool approve, CancellationToken ct = default)
    {
        RequireReviewer(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        var key = requestId.ToString(CultureInfo.InvariantCulture);
        var asked = await db.AuditLog.AsNoTracking().SingleOrDefaultAsync(r => r.Id == requestId && r.Action == "casefile.requested", ct)
            ?? throw new NotFoundException("No such case file request.");
        if (await db.AuditLog.AnyAsync(d => d.EntityType == DecisionEntity && d.EntityId == key, ct))
            throw new DomainException("This request has already been decided.");
        var ask = JsonSerializer.Deserialize<CaseFileAsk>(asked.Details ?? "{}", AuditTrail.Json)!;
        db.Audit(actor, Now(), approve ? "casefile.approved" : "casefile.declined", DecisionEntity, requestId, asked.PartnerId,
            new { requestedBy = asked.UserName, ask.From, ask.To });
        await db.SaveChangesAsync(ct);
        return approve ? new CaseFileRequest(asked.PartnerId!.Value, ask.From, ask.To) : null;
    }

    private const string DecisionEntity = "CaseFileRequest";

    private sealed record CaseFileAsk(DateOnly From, DateOnly To, string Reason);

    /// <summary>See <see cref="BundleHashDefinition"/>.</summary>
    public static string BundleHash(IEnumerable<CaseFileEntry> files)
    {
        var text = new StringBuilder();
        foreach (var f in files.OrderBy(f => f.Path, StringComparer.Ordinal)) text.Append(f.Path).Append("  ").Append(f.Sha256).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Add(ZipArchive zip, List<CaseFileEntry> files, string path, byte[] bytes)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        using (var s = entry.Open()) s.Write(bytes);
        files.Add(new CaseFileEntry(path, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.LongLength));
    }

    private async Task<CaseFileAttachment> CopyAttachmentAsync(ZipArchive zip, CaseFileAttachment a, string? storagePath, List<CaseFileEntry> files,
        CancellationToken ct)
    {
        if (attachments is null || storagePath is null) return a;
        Stream source;
        try
        {
            source = attachments.OpenRead(storagePath);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return a;
        }
        var path = FormattableString.Invariant($"attachments/{a.Id}-{SafeName(a.FileName)}");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long bytes = 0;
        await using (source)
        {
            var entry = zip.CreateEntry(path, CompressionLevel.Fastest);
            await using var target = entry.Open();
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), ct);
                bytes += read;
            }
        }
        var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
        files.Add(new CaseFileEntry(path, sha, bytes));
        return a with { Path = path, Verified = string.Equals(sha, a.Sha256, StringComparison.OrdinalIgnoreCase) };
    }

    private static string SafeName(string name)
    {
        var chars = name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray();
        var s = new string(chars).Trim('.');
        return s.Length == 0 ? "file" : s.Length > 80 ? s[^80..] : s;
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}

/// <summary>The audit chain's state when the case file was made, as the PDF shows it.</summary>
public sealed record CaseFileChainHead(long? HeadEntryId, string? HeadHash, long Entries, long Sealed, bool Intact, string? Problem);
