using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// KYC documents on a migrated SQLite file and a real folder: the partner's upload is stored, hashed, submitted and audited
/// in one step; a refused file leaves nothing; only operators and the owning partner download it.
/// </summary>
public sealed class KycServiceTests(KycServiceTests.Data data) : IClassFixture<KycServiceTests.Data>, IDisposable
{
    public sealed class Data : SqliteDatabase
    {
        public int A { get; private set; }
        public int B { get; private set; }
        public Actor PartnerA { get; private set; } = null!;
        public Actor PartnerB { get; private set; } = null!;
        public Actor Compliance { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var admin = await AddActorAsync(Roles.Admin);
            Compliance = await AddActorAsync(Roles.Compliance);
            var partners = new PartnerService(Factory, Clock);
            A = await partners.CreateAsync(admin, new NewPartner { Name = "Ana", Email = "ana@kyc.test", Vertical = Vertical.IGamingAffiliate, Country = "PT" });
            B = await partners.CreateAsync(admin, new NewPartner { Name = "Ben", Email = "ben@kyc.test", Vertical = Vertical.ForexIb, Country = "DK" });
            PartnerA = await AddActorAsync(Roles.Partner, A);
            PartnerB = await AddActorAsync(Roles.Partner, B);
        }

        public async Task<long> RequireAsync(int partnerId, KycDocumentType type)
        {
            await using var db = CreateContext();
            var now = Clock.GetUtcNow().UtcDateTime;
            var requirement = new KycRequirement(partnerId, type, now, now.AddDays(14), null);
            db.KycRequirements.Add(requirement);
            await db.SaveChangesAsync();
            return requirement.Id;
        }
    }

    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();
    private readonly string root = Path.Combine(Path.GetTempPath(), $"ph-kyc-{Guid.NewGuid():N}");
    private KycService Service => new(data.Factory, new KycDocumentStore(root), data.Clock);

    private int StoredFiles() => Directory.Exists(root) ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Count() : 0;

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task A_partner_uploads_a_PDF_it_is_stored_with_its_hash_submitted_and_audited()
    {
        var id = await data.RequireAsync(data.A, KycDocumentType.ProofOfAddress);

        await Service.SubmitAsync(data.PartnerA, id, new MemoryStream(Pdf), "C:\\scans\\utility bill.pdf");

        await using var db = data.CreateContext();
        var requirement = await db.KycRequirements.AsNoTracking().SingleAsync(k => k.Id == id);
        Assert.Equal(KycRequirementStatus.Submitted, requirement.Status);
        Assert.Equal("utility bill.pdf", requirement.DocumentFileName);
        Assert.Equal("application/pdf", requirement.DocumentContentType);
        Assert.Equal(Pdf.Length, requirement.DocumentSizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), requirement.DocumentSha256);
        Assert.Equal(1, StoredFiles());
        Assert.Equal(KycStatus.Pending, (await db.Partners.AsNoTracking().SingleAsync(p => p.Id == data.A)).KycStatus);
        var entityId = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var audit = await db.AuditLog.AsNoTracking().SingleAsync(a => a.Action == "kyc.document.submitted" && a.EntityId == entityId);
        Assert.Equal(data.A, audit.PartnerId);
        Assert.Contains(requirement.DocumentSha256!, audit.Details, StringComparison.Ordinal);

        var item = Assert.Single(await Service.ListAsync(data.PartnerA, data.A), k => k.Id == id);
        Assert.False(item.CanSubmit);
    }

    [Theory]
    [InlineData("passport.exe")]
    [InlineData("passport.pdf")] // a PDF name on bytes that are not a PDF
    public async Task A_wrong_file_is_refused_at_the_document_field_and_nothing_is_stored(string name)
    {
        var id = await data.RequireAsync(data.A, KycDocumentType.ProofOfIdentity);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Service.SubmitAsync(data.PartnerA, id, new MemoryStream("MZ not a pdf"u8.ToArray()), name));

        Assert.Equal(KycDocumentStore.Field, refusal.Field);
        Assert.Equal(0, StoredFiles());
        await using var db = data.CreateContext();
        var requirement = await db.KycRequirements.AsNoTracking().SingleAsync(k => k.Id == id);
        Assert.Equal(KycRequirementStatus.Requested, requirement.Status);
        Assert.Null(requirement.DocumentStoragePath);
    }

    [Fact]
    public async Task A_file_over_10_MB_is_refused()
    {
        var id = await data.RequireAsync(data.A, KycDocumentType.TaxForm);
        var big = new byte[KycDocumentStore.MaxBytes + 1];
        Pdf.CopyTo(big, 0);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Service.SubmitAsync(data.PartnerA, id, new MemoryStream(big), "form.pdf"));

        Assert.Contains("10 MB", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0, StoredFiles());
    }

    [Fact]
    public async Task A_partner_cannot_submit_for_another_partners_requirement()
    {
        var id = await data.RequireAsync(data.B, KycDocumentType.ProofOfIdentity);

        await Assert.ThrowsAsync<NotFoundException>(() => Service.SubmitAsync(data.PartnerA, id, new MemoryStream(Pdf), "id.pdf"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.SubmitAsync(data.Compliance, id, new MemoryStream(Pdf), "id.pdf"));

        Assert.Equal(0, StoredFiles());
    }

    [Fact]
    public async Task Operators_and_the_owner_download_the_document_and_another_partner_gets_nothing()
    {
        var id = await data.RequireAsync(data.B, KycDocumentType.CompanyRegistration);
        await Service.SubmitAsync(data.PartnerB, id, new MemoryStream(Pdf), "registration.pdf");

        foreach (var actor in new[] { data.Compliance, data.PartnerB })
        {
            var file = await Service.OpenDocumentAsync(actor, id);
            await using var content = file.Content;
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy);
            Assert.Equal(Pdf, copy.ToArray());
            Assert.Equal("application/pdf", file.ContentType);
            Assert.Equal("registration.pdf", file.FileName);
        }
        await Assert.ThrowsAsync<NotFoundException>(() => Service.OpenDocumentAsync(data.PartnerA, id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.ListAsync(data.PartnerA, data.B));

        await using var db = data.CreateContext();
        var entityId = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action == "kyc.document.downloaded" && a.EntityId == entityId));
    }
}
