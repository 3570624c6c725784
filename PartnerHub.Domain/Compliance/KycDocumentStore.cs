using PartnerHub.Domain.Files;

namespace PartnerHub.Domain.Compliance;

/// <summary>
/// KYC documents: the verified <see cref="FileStore"/> in the <c>kyc</c> folder under <c>Files:Root</c>, accepting PDF, PNG
/// and JPEG up to <see cref="MaxBytes"/>, checked by extension and by the file's first bytes. A refused file leaves nothing behind.
/// </summary>
public sealed class KycDocumentStore
{
    public const string Folder = "kyc";
    public const string Field = "Document";
    public const long MaxBytes = 10 * 1024 * 1024;

    public static readonly FilePolicy Policy = new(Field, MaxBytes,
        new Dictionary<string, FileKind>(StringComparer.OrdinalIgnoreCase)
        {
            [".pdf"] = FileKind.Pdf, [".png"] = FileKind.Png, [".jpg"] = FileKind.Jpeg, [".jpeg"] = FileKind.Jpeg,
        },
        "PDF, PNG or JPEG", Verb: "upload", NoNameMessage: "The document needs a file name.");

    private readonly FileStore files;

    public KycDocumentStore(string root) => files = new FileStore(root);

    /// <summary>The store in <c>{Files:Root}/kyc</c> (relative roots are under <paramref name="contentRoot"/>).</summary>
    public static KycDocumentStore For(StorageOptions options, string contentRoot) =>
        new(Path.Combine(options.RootUnder(contentRoot), Folder));

    public string Root => files.Root;

    /// <summary>Reads at most <see cref="MaxBytes"/>, checks the kind, stores the bytes under a new random name.</summary>
    /// <exception cref="DomainException">Field "Document": too large, empty, or not a real PDF, PNG or JPEG.</exception>
    public Task<SavedFile> SaveAsync(Stream content, string fileName, CancellationToken ct = default) =>
        files.SaveAsync(content, fileName, Policy, ct);

    /// <exception cref="FileNotFoundException">Nothing is stored under that path.</exception>
    public Stream OpenRead(string storagePath) => files.OpenRead(storagePath);

    public bool Exists(string storagePath) => files.Exists(storagePath);

    public void Delete(string storagePath) => files.Delete(storagePath);
}
