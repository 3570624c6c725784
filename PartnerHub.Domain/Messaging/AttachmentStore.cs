using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace PartnerHub.Domain.Messaging;

/// <summary>A file the store accepted: what to put on <see cref="MessageAttachment"/>.</summary>
/// <param name="FileName">The user's file name, reduced to a safe display name (no folders, no control characters).</param>
/// <param name="ContentType">Decided by the server from the detected type, never the browser's claim.</param>
/// <param name="StoragePath">Relative to the store's root, made of a random GUID only.</param>
public sealed record StoredFile(string FileName, string ContentType, long SizeBytes, string StoragePath, string Sha256);

/// <summary>
/// Message attachments on disk, outside wwwroot, under one root folder (the app's <c>Storage:Root</c>,
/// default <c>App_Data/files</c> under the content root). A file is accepted only when its extension is
/// allow-listed (PNG, JPEG, GIF, WebP, PDF, CSV, XLSX) <b>and</b> its first bytes match that type; at most
/// <see cref="MessageAttachment.MaxBytes"/> are read. The stored name is a random GUID, so the user's file
/// name never reaches the file system. A refused file leaves nothing behind; a file saved for a message that
/// then fails to send is removed with <see cref="Delete"/>.
/// </summary>
public sealed partial class AttachmentStore
{
    public const string DefaultRoot = "App_Data/files";
    public const string Field = "Attachments";
    private const string AllowedList = "images (PNG, JPEG, GIF, WebP), PDF, CSV or XLSX";

    private sealed record FileKind(string Name, string ContentType, Func<ReadOnlyMemory<byte>, bool> Matches);

    private static readonly FileKind Png = new("PNG image", "image/png", h => h.Span.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]));
    private static readonly FileKind Jpeg = new("JPEG image", "image/jpeg", h => h.Span.StartsWith((byte[])[0xFF, 0xD8, 0xFF]));
    private static readonly FileKind Gif = new("GIF image", "image/gif", h => h.Span.StartsWith("GIF87a"u8) || h.Span.StartsWith("GIF89a"u8));
    private static readonly FileKind Webp = new("WebP image", "image/webp", h => h.Length >= 12 && h.Span.StartsWith("RIFF"u8) && h.Span[8..12].SequenceEqual("WEBP"u8));
    private static readonly FileKind Pdf = new("PDF", "application/pdf", h => h.Span.StartsWith("%PDF-"u8));
    private static readonly FileKind Xlsx = new("XLSX workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", h => h.Span.StartsWith("PK\x03\x04"u8));
    // CSV has no signature: it is text, so any NUL byte anywhere refuses it (checked while reading the whole file).
    private static readonly FileKind Csv = new("CSV", "text/csv", _ => true);

    private static readonly Dictionary<string, FileKind> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = Png, [".jpg"] = Jpeg, [".jpeg"] = Jpeg, [".gif"] = Gif, [".webp"] = Webp,
        [".pdf"] = Pdf, [".csv"] = Csv, [".xlsx"] = Xlsx,
    };

    public AttachmentStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The store for <c>Storage:Root</c> (relative paths are under <paramref name="contentRoot"/>).</summary>
    public static AttachmentStore FromConfiguration(IConfiguration config, string contentRoot)
    {
        var configured = config["Storage:Root"];
        return new AttachmentStore(Path.Combine(contentRoot, string.IsNullOrWhiteSpace(configured) ? DefaultRoot : configured));
    }

    public string Root { get; }

    /// <summary>
    /// The checks that need no bytes, for the composer before anything is uploaded: at most
    /// <see cref="MessageAttachment.MaxPerMessage"/> files, each non-empty, within the size limit and of an allowed extension.
    /// </summary>
    public static void Validate(IReadOnlyList<(string FileName, long Size)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count > MessageAttachment.MaxPerMessage)
            throw new DomainException($"Attach at most {MessageAttachment.MaxPerMessage} files to a message.", Field);
        foreach (var (fileName, size) in files)
        {
            var name = DisplayName(fileName);
            KindOf(name);
            if (size > MessageAttachment.MaxBytes) throw TooLarge(name);
            if (size <= 0) throw new DomainException($"{name} is empty.", Field);
        }
    }

    /// <summary>
    /// Reads at most <see cref="MessageAttachment.MaxBytes"/> from <paramref name="content"/>, checks the type by
    /// extension and content, and stores the bytes under a new random name. <paramref name="declaredContentType"/>
    /// (the browser's claim) is never trusted: the stored type comes from the detected kind.
    /// </summary>
    /// <exception cref="DomainException">Field "Attachments": too large, empty, or not an allowed type.</exception>
    public async Task<StoredFile> SaveAsync(Stream content, string fileName, string declaredContentType, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        _ = declaredContentType; // deliberately ignored, see above
        var name = DisplayName(fileName);
        var kind = KindOf(name);
        if (content.CanSeek && content.Length - content.Position > MessageAttachment.MaxBytes) throw TooLarge(name);

        var id = Guid.NewGuid().ToString("N");
        var storagePath = id[..2] + "/" + id;
        var finalPath = FullPath(storagePath);
        Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
        var partPath = finalPath + ".part";
        try
        {
            long size = 0;
            var head = new byte[16];
            var headLength = 0;
            var buffer = new byte[81920];
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var output = new FileStream(partPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > MessageAttachment.MaxBytes) throw TooLarge(name);
                    if (headLength < head.Length)
                    {
                        var n = Math.Min(head.Length - headLength, read);
                        buffer.AsSpan(0, n).CopyTo(head.AsSpan(headLength));
                        headLength += n;
                    }
                    if (kind == Csv && buffer.AsSpan(0, read).Contains((byte)0)) throw WrongType(name);
                    sha.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
            if (size == 0) throw new DomainException($"{name} is empty.", Field);
            if (!kind.Matches(head.AsMemory(0, headLength)))
                throw new DomainException($"{name} is not a real {kind.Name}; attach {AllowedList}.", Field);
            File.Move(partPath, finalPath);
            return new StoredFile(name, kind.ContentType, size, storagePath, Convert.ToHexStringLower(sha.GetHashAndReset()));
        }
        finally
        {
            File.Delete(partPath); // no-op once moved; removes the half-written file on any refusal or failure
        }
    }

    /// <summary>Opens a stored file for reading. Callers check that the user can see the message first.</summary>
    /// <exception cref="FileNotFoundException">Nothing is stored under that path.</exception>
    public Stream OpenRead(string storagePath) =>
        new FileStream(FullPath(storagePath), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);

    /// <summary>Removes a stored file (for cleanup when a message fails to send). Missing files are ignored.</summary>
    public void Delete(string storagePath) => File.Delete(FullPath(storagePath));

    /// <summary>
    /// The user's file name as shown on the message: the last segment of any path (either slash), without control
    /// or format characters (no right-to-left override tricks) or characters no file system accepts, at most 255 characters with the extension kept.
    /// </summary>
    public static string DisplayName(string? fileName)
    {
        var last = (fileName ?? "").Replace('\\', '/').Split('/').LastOrDefault() ?? "";
        var invalid = Path.GetInvalidFileNameChars();
        var clean = new string(last.Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != UnicodeCategory.Format && !invalid.Contains(c) && c is not ('<' or '>' or ':' or '"' or '|' or '?' or '*')).ToArray()).Trim().Trim('.');
        if (clean.Length == 0 || Path.GetFileNameWithoutExtension(clean).Trim().Length == 0)
            throw new DomainException("A file needs a name.", Field);
        if (clean.Length > 255)
        {
            var extension = Path.GetExtension(clean);
            clean = clean[..(255 - extension.Length)] + extension;
        }
        return clean;
    }

    private static FileKind KindOf(string displayName) =>
        ByExtension.TryGetValue(Path.GetExtension(displayName), out var kind) ? kind : throw WrongType(displayName);

    private string FullPath(string storagePath)
    {
        if (string.IsNullOrEmpty(storagePath) || !StoragePathPattern().IsMatch(storagePath))
            throw new ArgumentException("Not a storage path this store made.", nameof(storagePath));
        var full = Path.GetFullPath(Path.Combine(Root, storagePath));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException("Not a storage path this store made.", nameof(storagePath));
        return full;
    }

    private static DomainException TooLarge(string name) =>
        new($"{name} is larger than {(MessageAttachment.MaxBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)} MB.", Field);

    private static DomainException WrongType(string name) =>
        new($"{name} is not an allowed file type; attach {AllowedList}.", Field);

    [GeneratedRegex("^[0-9a-f]{2}/[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex StoragePathPattern();
}
