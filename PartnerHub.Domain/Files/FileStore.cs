using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace PartnerHub.Domain.Files;

/// <summary>
/// Where uploaded files live, outside wwwroot: <c>Files:Root</c> (the earlier name <c>Storage:Root</c> is still read when
/// <c>Files:Root</c> is unset), default <c>App_Data/files</c>. A relative <see cref="Root"/> is under the content root. With several
/// nodes it is a folder every node mounts (README, "Run a cluster"): files are written under a random name to a <c>.part</c> file and
/// renamed into place, so nodes never collide, and every download still goes through the app's authorisation and audit.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Files";
    /// <summary>The section's earlier name.</summary>
    public const string EarlierSection = "Storage";
    public const string DefaultRoot = "App_Data/files";
    public string Root { get; set; } = DefaultRoot;

    /// <summary><c>Files:Root</c>, else <c>Storage:Root</c>, else <see cref="DefaultRoot"/>.</summary>
    public static StorageOptions From(Microsoft.Extensions.Configuration.IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var root = config[Section + ":Root"] is { Length: > 0 } files ? files
            : config[EarlierSection + ":Root"] is { Length: > 0 } storage ? storage
            : DefaultRoot;
        return new StorageOptions { Root = root };
    }

    /// <summary>The root as an absolute path (relative roots are under <paramref name="contentRoot"/>).</summary>
    public string RootUnder(string contentRoot) =>
        Path.GetFullPath(Path.Combine(contentRoot, string.IsNullOrWhiteSpace(Root) ? DefaultRoot : Root));
}

/// <summary>A file the store accepted, before a feature names it.</summary>
/// <param name="FileName">The user's file name reduced to a safe display name (<see cref="FileStore.DisplayName"/>).</param>
/// <param name="Kind">The kind detected from the extension <b>and</b> the first bytes; its content type is the one to serve.</param>
/// <param name="StoragePath">Relative to the store's root, made of a random GUID only.</param>
/// <param name="Head">The first <see cref="FilePolicy.HeadBytes"/> bytes (for image dimensions).</param>
public sealed record SavedFile(string FileName, FileKind Kind, long SizeBytes, string StoragePath, string Sha256, byte[] Head);

/// <summary>
/// Verified files on disk under one root folder. A file is accepted only when its extension is in the policy's allow-list
/// <b>and</b> its first bytes match that kind; at most the policy's limit is read; the bytes go to a <c>.part</c> file that is
/// moved into place only when every check passed, so a refusal leaves nothing behind. The stored name is a random GUID, so
/// the user's file name never reaches the file system. Message attachments and creatives are two policies over this store.
/// </summary>
public sealed partial class FileStore
{
    public FileStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    /// <summary>Reads at most the policy's limit, checks the kind by extension and content, and stores the bytes under a new random name.</summary>
    /// <exception cref="DomainException">At the policy's field: too large, empty, or not an allowed kind.</exception>
    public async Task<SavedFile> SaveAsync(Stream content, string fileName, FilePolicy policy, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(policy);
        var name = policy.DisplayName(fileName);
        var kind = policy.KindOf(name);
        if (content.CanSeek && content.Length - content.Position > policy.MaxBytes) throw policy.TooLarge(name);

        var id = Guid.NewGuid().ToString("N");
        var storagePath = id[..2] + "/" + id;
        var finalPath = FullPath(storagePath);
        Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
        var partPath = finalPath + ".part";
        try
        {
            long size = 0;
            var head = new byte[policy.HeadBytes];
            var headLength = 0;
            var buffer = new byte[81920];
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var output = new FileStream(partPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > policy.MaxBytes) throw policy.TooLarge(name);
                    if (headLength < head.Length)
                    {
                        var n = Math.Min(head.Length - headLength, read);
                        buffer.AsSpan(0, n).CopyTo(head.AsSpan(headLength));
                        headLength += n;
                    }
                    if (kind.TextOnly && buffer.AsSpan(0, read).Contains((byte)0)) throw policy.WrongType(name);
                    sha.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
            if (size == 0) throw new DomainException($"{name} is empty.", policy.Field);
            if (!kind.Matches(head.AsSpan(0, headLength)))
                throw new DomainException($"{name} is not a real {kind.Name}; {policy.Verb} {policy.AllowedList}.", policy.Field);
            File.Move(partPath, finalPath);
            return new SavedFile(name, kind, size, storagePath, Convert.ToHexStringLower(sha.GetHashAndReset()), head[..headLength]);
        }
        finally
        {
            File.Delete(partPath); // no-op once moved; removes the half-written file on any refusal or failure
        }
    }

    /// <summary>Opens a stored file for reading. Callers check that the user may see what it belongs to first.</summary>
    /// <exception cref="FileNotFoundException">Nothing is stored under that path.</exception>
    public Stream OpenRead(string storagePath) =>
        new FileStream(FullPath(storagePath), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);

    public bool Exists(string storagePath) => File.Exists(FullPath(storagePath));

    /// <summary>Removes a stored file (cleanup when saving what it belongs to fails). Missing files are ignored.</summary>
    public void Delete(string storagePath) => File.Delete(FullPath(storagePath));

    /// <summary>Whether the path has the shape this store gives (two hex digits, a slash, a GUID).</summary>
    public static bool IsStoragePath(string? storagePath) => storagePath is not null && StoragePathPattern().IsMatch(storagePath);

    private string FullPath(string storagePath)
    {
        if (!IsStoragePath(storagePath)) throw new ArgumentException("Not a storage path this store made.", nameof(storagePath));
        var full = Path.GetFullPath(Path.Combine(Root, storagePath));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException("Not a storage path this store made.", nameof(storagePath));
        return full;
    }

    [GeneratedRegex("^[0-9a-f]{2}/[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex StoragePathPattern();
}

/// <summary>A kind of file: its name for messages, the content type to serve, and the signature its first bytes must have.</summary>
/// <param name="TextOnly">Text without a signature (CSV): any NUL byte anywhere refuses it.</param>
public sealed record FileKind(string Name, string ContentType, FileSignature Matches, bool TextOnly = false)
{
    public static readonly FileKind Png = new("PNG image", "image/png", h => h.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]));
    public static readonly FileKind Jpeg = new("JPEG image", "image/jpeg", h => h.StartsWith((byte[])[0xFF, 0xD8, 0xFF]));
    public static readonly FileKind Gif = new("GIF image", "image/gif", h => h.StartsWith("GIF87a"u8) || h.StartsWith("GIF89a"u8));
    public static readonly FileKind Webp = new("WebP image", "image/webp", h => h.Length >= 12 && h.StartsWith("RIFF"u8) && h[8..12].SequenceEqual("WEBP"u8));
    public static readonly FileKind Pdf = new("PDF", "application/pdf", h => h.StartsWith("%PDF-"u8));
    public static readonly FileKind Xlsx = new("XLSX workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", h => h.StartsWith("PK\x03\x04"u8));
    public static readonly FileKind Zip = new("ZIP archive", "application/zip", h => h.StartsWith("PK\x03\x04"u8));
    public static readonly FileKind Csv = new("CSV", "text/csv", _ => true, TextOnly: true);
}

/// <summary>Whether a file's first bytes are those of its kind.</summary>
public delegate bool FileSignature(ReadOnlySpan<byte> head);

/// <summary>
/// What one feature accepts: the allow-list by extension, the size limit, the form field its refusals name and the words they use.
/// </summary>
public sealed record FilePolicy(string Field, long MaxBytes, IReadOnlyDictionary<string, FileKind> ByExtension, string AllowedList,
    string Verb, string NoNameMessage, int HeadBytes = 16)
{
    /// <summary>
    /// The user's file name as shown: the last segment of any path (either slash), without control or format characters (no
    /// right-to-left override tricks) or characters no file system accepts, at most 255 characters with the extension kept.
    /// </summary>
    public string DisplayName(string? fileName)
    {
        var last = (fileName ?? "").Replace('\\', '/').Split('/').LastOrDefault() ?? "";
        var invalid = Path.GetInvalidFileNameChars();
        var clean = new string(last.Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != UnicodeCategory.Format && !invalid.Contains(c)
            && c is not ('<' or '>' or ':' or '"' or '|' or '?' or '*')).ToArray()).Trim().Trim('.');
        if (clean.Length == 0 || Path.GetFileNameWithoutExtension(clean).Trim().Length == 0)
            throw new DomainException(NoNameMessage, Field);
        if (clean.Length > 255)
        {
            var extension = Path.GetExtension(clean);
            clean = clean[..(255 - extension.Length)] + extension;
        }
        return clean;
    }

    /// <summary>The kind a file of this (display) name must be, by its extension; refuses one not on the list.</summary>
    public FileKind KindOf(string displayName) =>
        ByExtension.TryGetValue(Path.GetExtension(displayName), out var kind) ? kind : throw WrongType(displayName);

    /// <summary>The checks that need no bytes: a name, an allowed extension, not empty, within the limit. Returns the display name.</summary>
    public string Validate(string fileName, long size)
    {
        var name = DisplayName(fileName);
        KindOf(name);
        if (size > MaxBytes) throw TooLarge(name);
        if (size <= 0) throw new DomainException($"{name} is empty.", Field);
        return name;
    }

    public DomainException TooLarge(string name) =>
        new($"{name} is larger than {(MaxBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)} MB.", Field);

    public DomainException WrongType(string name) => new($"{name} is not an allowed file type; {Verb} {AllowedList}.", Field);
}
