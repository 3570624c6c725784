using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Compliance;

/// <summary>One KYC requirement as the partner and its operators see it.</summary>
public sealed record KycItem(
    long Id, KycDocumentType DocumentType, KycRequirementStatus Status, DateTime RequestedAt, DateTime DueAt, DateTime? SubmittedAt,
    string? DocumentFileName, long? DocumentSizeBytes, bool IsOverdue)
{
    /// <summary>Whether the partner can upload a document for it now (requested, or rejected and asked again).</summary>
    public bool CanSubmit => Status is KycRequirementStatus.Requested or KycRequirementStatus.Rejected;
}

/// <summary>A stored KYC document to send; the caller disposes <see cref="Content"/>.</summary>
public sealed record KycDocumentFile(string FileName, string ContentType, Stream Content);

/// <summary>
/// KYC documents: the partner's requirements, the partner's upload (the file checked and stored in the
/// <see cref="KycDocumentStore"/>, then the requirement submitted with its hash and an audit row in one transaction), and the
/// download, for operators and the owning partner only.
/// </summary>
public sealed class KycService(IDbContextFactory<AppDbContext> factory, KycDocumentStore store, TimeProvider clock)
{
    public async Task<IReadOnlyList<KycItem>> ListAsync(Actor actor, int partnerId, CancellationToken ct = default)
    {
        actor.RequireCanRead(partnerId);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.KycRequirements.AsNoTracking().Where(k => k.PartnerId == partnerId).ToListAsync(ct);
        return rows.OrderBy(k => k.Status is KycRequirementStatus.Approved).ThenBy(k => k.DueAt).ThenBy(k => k.Id)
            .Select(k => new KycItem(k.Id, k.DocumentType, k.Status, k.RequestedAt, k.DueAt, k.SubmittedAt, k.DocumentFileName,
                k.DocumentSizeBytes, k.IsOverdue(now)))
            .ToList();
    }

    /// <summary>
    /// The partner uploads the document a requirement asks for. Nothing is stored when the requirement is not the partner's
    /// own or cannot be submitted; a stored file whose submission then fails is removed.
    /// </summary>
    /// <exception cref="DomainException">Field "Document": not a PDF, PNG or JPEG, empty, or over 10 MB; or the requirement is not open.</exception>
    public async Task SubmitAsync(Actor actor, long requirementId, Stream content, string fileName, CancellationToken ct = default)
    {
        if (!actor.IsPartner || actor.PartnerId is not { } partnerId) throw new AccessDeniedException("Only the partner uploads its KYC documents.");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        await PortalBlock.RequireOpenAsync(db, actor, now, ct);
        var requirement = await db.KycRequirements.SingleOrDefaultAsync(k => k.Id == requirementId && k.PartnerId == partnerId, ct)
            ?? throw new NotFoundException("KYC requirement not found.");
        if (requirement.Status is not (KycRequirementStatus.Requested or KycRequirementStatus.Rejected))
            throw new DomainException("This document has already been sent.", KycDocumentStore.Field);

        var saved = await store.SaveAsync(content, fileName, ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            requirement.SubmitDocument(saved.FileName, saved.Kind.ContentType, saved.SizeBytes, saved.StoragePath, saved.Sha256, now);
            var partner = await db.Partners.SingleAsync(p => p.Id == partnerId, ct);
            if (partner.KycStatus is KycStatus.NotStarted or KycStatus.Rejected or KycStatus.Expired) partner.SetKycStatus(KycStatus.Pending);
            db.Audit(actor, now, "kyc.document.submitted", nameof(KycRequirement), requirement.Id, partnerId,
                new { document = requirement.DocumentType, saved.FileName, saved.SizeBytes, sha256 = saved.Sha256 });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch
        {
            store.Delete(saved.StoragePath);
            throw;
        }
    }

    /// <summary>The document of a requirement, for an operator or the partner it belongs to; the download is audited.</summary>
    public async Task<KycDocumentFile> OpenDocumentAsync(Actor actor, long requirementId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var requirement = await db.KycRequirements.AsNoTracking().SingleOrDefaultAsync(k => k.Id == requirementId, ct)
            ?? throw new NotFoundException("KYC document not found.");
        // A partner asking for another partner's document learns nothing more than "not found".
        if (!actor.IsOperator && !(actor.IsPartner && actor.PartnerId == requirement.PartnerId)) throw new NotFoundException("KYC document not found.");
        await PortalBlock.RequireOpenAsync(db, actor, now, ct);
        if (requirement.DocumentStoragePath is not { } path || requirement.DocumentFileName is not { } name)
            throw new NotFoundException("No document has been uploaded for this requirement.");
        Stream content;
        try
        {
            content = store.OpenRead(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new NotFoundException("The file is no longer stored.");
        }
        db.Audit(actor, now, "kyc.document.downloaded", nameof(KycRequirement), requirement.Id, requirement.PartnerId,
            new { fileName = name, sha256 = requirement.DocumentSha256 });
        await db.SaveChangesAsync(ct);
        return new KycDocumentFile(name, requirement.DocumentContentType ?? "application/octet-stream", content);
    }
}
