using Microsoft.Extensions.Configuration;
using PartnerHub.Domain.Files;

namespace PartnerHub.Domain.Messaging;

/// <summary>A file the store accepted: what to put on <see cref="MessageAttachment"/>.</summary>
/// <param name="FileName">The user's file name, reduced to a safe display name (no folders, no control characters).</param>
/// <param name="ContentType">Decided by the server from the detected type, never the browser's claim.</param>
/// <param name="StoragePath">Relative to the store's root, made of a random GUID only.</param>
public sealed record StoredFile(string FileName, string ContentType, long SizeBytes, string StoragePath, string Sha256);

/// <summary>
/// Message attachments: the verified <see cref="FileStore"/> under <c>Files:Root</c> (default <c>App_Data/files</c> under the
/// content root) with the attachments' allow-list: PNG, JPEG, GIF, WebP, PDF, CSV and XLSX, at most
/// <see cref="MessageAttachment.MaxBytes"/> each. A refused file leaves nothing behind; a file saved for a message that then
/// fails to send is removed with <see cref="Delete"/>.
/// </summary>
public sealed class AttachmentStore
{
    public const string DefaultRoot = "App_Data/files";
    public const string Field = "Attachments";

    private static readonly FilePolicy Policy = new(Field, MessageAttachment.MaxBytes,
        new Dictionary<string, FileKind>(StringComparer.OrdinalIgnoreCase)
        {
            [".png"] = FileKind.Png, [".jpg"] = FileKind.Jpeg, [".jpeg"] = FileKind.Jpeg, [".gif"] = FileKind.Gif, [".webp"] = FileKind.Webp,
            [".pdf"] = FileKind.Pdf, [".csv"] = FileKind.Csv, [".xlsx"] = FileKind.Xlsx,
        },
        "images (PNG, JPEG, GIF, WebP), PDF, CSV or XLSX", Verb: "attach", NoNameMessage: "A file needs a name.");

    private readonly FileStore _files;

    public AttachmentStore(string root) => _files = new FileStore(root);

    /// <summary>The store for <see cref="StorageOptions.Root"/> (relative roots are under <paramref name="contentRoot"/>).</summary>
    public static AttachmentStore For(StorageOptions options, string contentRoot) => new(options.RootUnder(contentRoot));

    /// <summary>The store for <c>Files:Root</c> (or <c>Files:Root</c>) of <paramref name="config"/>.</summary>
    public static AttachmentStore FromConfiguration(IConfiguration config, string contentRoot) =>
        For(StorageOptions.From(config), contentRoot);

    public string Root => _files.Root;

    /// <summary>
    /// The checks that need no bytes, for the composer before anything is uploaded: at most
    /// <see cref="MessageAttachment.MaxPerMessage"/> files, each non-empty, within the size limit and of an allowed extension.
    /// </summary>
    public static void Validate(IReadOnlyList<(string FileName, long Size)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count > MessageAttachment.MaxPerMessage)
            throw new DomainException($"Attach at most {MessageAttachment.MaxPerMessage} files to a message.", Field);
        foreach (var (fileName, size) in files) Policy.Validate(fileName, size);
    }

    /// <summary>
    /// Reads at most <see cref="MessageAttachment.MaxBytes"/> from <paramref name="content"/>, checks the type by
    /// extension and content, and stores the bytes under a new random name. <paramref name="declaredContentType"/>
    /// (the browser's claim) is never trusted: the stored type comes from the detected kind.
    /// </summary>
    /// <exception cref="DomainException">Field "Attachments": too large, empty, or not an allowed type.</exception>
    public async Task<StoredFile> SaveAsync(Stream content, string fileName, string declaredContentType, CancellationToken ct = default)
    {
        _ = declaredContentType; // deliberately ignored, see above
        var saved = await _files.SaveAsync(content, fileName, Policy, ct);
        return new StoredFile(saved.FileName, saved.Kind.ContentType, saved.SizeBytes, saved.StoragePath, saved.Sha256);
    }

    /// <summary>Opens a stored file for reading. Callers check that the user can see the message first.</summary>
    /// <exception cref="FileNotFoundException">Nothing is stored under that path.</exception>
    public Stream OpenRead(string storagePath) => _files.OpenRead(storagePath);

    /// <summary>Removes a stored file (for cleanup when a message fails to send). Missing files are ignored.</summary>
    public void Delete(string storagePath) => _files.Delete(storagePath);

    /// <summary>The user's file name as shown on the message (see <see cref="FilePolicy.DisplayName"/>).</summary>
    public static string DisplayName(string? fileName) => Policy.DisplayName(fileName);
}
