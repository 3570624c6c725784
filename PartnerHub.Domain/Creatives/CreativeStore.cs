using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace PartnerHub.Domain.Creatives;

/// <summary>A creative file the store accepted: what to put on <see cref="Creative.AttachFile"/>.</summary>
/// <param name="FileName">The user's file name, reduced to a safe display name.</param>
/// <param name="ContentType">Decided by the server from the detected type, never the browser's claim.</param>
/// <param name="StoragePath">Relative to the store's root, made of a random GUID only.</param>
/// <param name="Width">Pixels, read from the image header (null for PDF and ZIP, or a header the store could not read).</param>
public sealed record StoredCreativeFile(string FileName, string ContentType, long SizeBytes, string StoragePath, int? Width, int? Height)
{
    public bool IsImage => CreativeStore.IsImage(ContentType);
}

/// <summary>
/// Creative files on disk, outside wwwroot, in the <c>creatives</c> folder under the app's storage root
/// (<c>Storage:Root</c>, default <c>App_Data/files</c>). The same approach as the message attachment store:
/// a file is accepted only when its extension is allow-listed (PNG, JPEG, GIF, WebP, PDF, ZIP for landing-page
/// bundles) <b>and</b> its first bytes match that type; at most <see cref="MaxBytes"/> are read; it is written to a
/// <c>.part</c> file and moved into place only when every check passed, so a refusal leaves nothing behind. Image
/// width and height come from the file's header.
/// <para>
/// The demo data refers to placeholder artwork shipped in <c>demo-assets/creatives</c> (storage paths like
/// <c>/assets/creatives/name.svg</c>, kept for databases seeded before); the store reads those from <see cref="DemoAssetsRoot"/>
/// and never writes there. That folder is not served as static files: artwork reaches people only through the creative
/// endpoint, which checks who may see the creative.
/// </para>
/// </summary>
public sealed partial class CreativeStore
{
    public const long MaxBytes = 20L * 1024 * 1024;
    public const string Field = "File";
    public const string Folder = "creatives";
    /// <summary>The demo artwork's folder next to the app (never under the static <c>/assets</c>).</summary>
    public const string DemoAssetsFolder = "demo-assets";
    /// <summary>For the file picker's <c>accept</c> attribute (the server checks again).</summary>
    public const string AcceptAttribute = ".png,.jpg,.jpeg,.gif,.webp,.pdf,.zip";
    private const string AllowedList = "PNG, JPEG, GIF or WebP images, a PDF, or a ZIP of a landing page";
    private const int HeadBytes = 256 * 1024;

    private sealed record FileKind(string Name, string ContentType, Func<ReadOnlySpan<byte>, bool> Matches);

    private static readonly FileKind Png = new("PNG image", "image/png", h => h.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]));
    private static readonly FileKind Jpeg = new("JPEG image", "image/jpeg", h => h.StartsWith((byte[])[0xFF, 0xD8, 0xFF]));
    private static readonly FileKind Gif = new("GIF image", "image/gif", h => h.StartsWith("GIF87a"u8) || h.StartsWith("GIF89a"u8));
    private static readonly FileKind Webp = new("WebP image", "image/webp", h => h.Length >= 12 && h.StartsWith("RIFF"u8) && h[8..12].SequenceEqual("WEBP"u8));
    private static readonly FileKind Pdf = new("PDF", "application/pdf", h => h.StartsWith("%PDF-"u8));
    private static readonly FileKind Zip = new("ZIP archive", "application/zip", h => h.StartsWith("PK\x03\x04"u8));

    private static readonly Dictionary<string, FileKind> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = Png, [".jpg"] = Jpeg, [".jpeg"] = Jpeg, [".gif"] = Gif, [".webp"] = Webp, [".pdf"] = Pdf, [".zip"] = Zip,
    };

    private static readonly HashSet<string> ImageTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml",
    };

    public CreativeStore(string root, string? demoAssetsRoot = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        DemoAssetsRoot = demoAssetsRoot is null ? null : Path.GetFullPath(demoAssetsRoot);
    }

    /// <summary>
    /// The store in <c>{Storage:Root}/creatives</c> (relative roots are under <paramref name="contentRoot"/>), reading
    /// demo artwork from the <c>demo-assets</c> folder copied next to the app (or the repository's).
    /// </summary>
    public static CreativeStore FromConfiguration(IConfiguration config, string contentRoot)
    {
        var configured = config["Storage:Root"];
        var root = Path.Combine(contentRoot, string.IsNullOrWhiteSpace(configured) ? "App_Data/files" : configured, Folder);
        var copied = Path.Combine(AppContext.BaseDirectory, DemoAssetsFolder);
        var assets = Directory.Exists(copied) ? copied : Path.GetFullPath(Path.Combine(contentRoot, "..", DemoAssetsFolder));
        return new CreativeStore(root, assets);
    }

    public string Root { get; }
    public string? DemoAssetsRoot { get; }

    /// <summary>Types the portal may show inline as a preview.</summary>
    public static bool IsImage(string? contentType) => contentType is not null && ImageTypes.Contains(contentType);

    /// <summary>The type a file of this name must be (by its extension), or a <see cref="DomainException"/> on field "File".</summary>
    public static string ContentTypeFor(string fileName) => KindOf(DisplayName(fileName)).ContentType;

    /// <summary>The checks that need no bytes, for the upload dialog as soon as a file is picked.</summary>
    /// <exception cref="DomainException">Field "File".</exception>
    public static void Validate(string fileName, long size)
    {
        var name = DisplayName(fileName);
        KindOf(name);
        if (size > MaxBytes) throw TooLarge(name);
        if (size <= 0) throw new DomainException($"{name} is empty.", Field);
    }

    /// <summary>
    /// Reads at most <see cref="MaxBytes"/> from <paramref name="content"/>, checks the type by extension and content,
    /// and stores the bytes under a new random name.
    /// </summary>
    /// <exception cref="DomainException">Field "File": too large, empty, or not an allowed type.</exception>
    public async Task<StoredCreativeFile> SaveAsync(Stream content, string fileName, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var name = DisplayName(fileName);
        var kind = KindOf(name);
        if (content.CanSeek && content.Length - content.Position > MaxBytes) throw TooLarge(name);

        var id = Guid.NewGuid().ToString("N");
        var storagePath = id[..2] + "/" + id;
        var finalPath = FullPath(storagePath);
        Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
        var partPath = finalPath + ".part";
        try
        {
            long size = 0;
            var head = new byte[HeadBytes];
            var headLength = 0;
            var buffer = new byte[81920];
            await using (var output = new FileStream(partPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > MaxBytes) throw TooLarge(name);
                    if (headLength < head.Length)
                    {
                        var n = Math.Min(head.Length - headLength, read);
                        buffer.AsSpan(0, n).CopyTo(head.AsSpan(headLength));
                        headLength += n;
                    }
                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
            if (size == 0) throw new DomainException($"{name} is empty.", Field);
            var header = head.AsSpan(0, headLength);
            if (!kind.Matches(header))
                throw new DomainException($"{name} is not a real {kind.Name}; upload {AllowedList}.", Field);
            var (width, height) = ImageSize(kind, header);
            File.Move(partPath, finalPath);
            return new StoredCreativeFile(name, kind.ContentType, size, storagePath, width, height);
        }
        finally
        {
            File.Delete(partPath); // no-op once moved; removes the half-written file on any refusal or failure
        }
    }

    /// <summary>Opens a stored file (or shipped demo artwork). Callers check that the user may see the creative first.</summary>
    /// <exception cref="FileNotFoundException">Nothing is stored under that path.</exception>
    public Stream OpenRead(string storagePath) =>
        new FileStream(FullPath(storagePath), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);

    public bool Exists(string storagePath) => File.Exists(FullPath(storagePath));

    /// <summary>Removes an uploaded file (cleanup when saving the creative fails). Demo artwork and missing files are left alone.</summary>
    public void Delete(string storagePath)
    {
        if (StoragePathPattern().IsMatch(storagePath)) File.Delete(FullPath(storagePath));
    }

    /// <summary>The last segment of the user's file name without control, format or reserved characters, at most 255 characters.</summary>
    public static string DisplayName(string? fileName)
    {
        var last = (fileName ?? "").Replace('\\', '/').Split('/').LastOrDefault() ?? "";
        var invalid = Path.GetInvalidFileNameChars();
        var clean = new string(last.Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != UnicodeCategory.Format && !invalid.Contains(c)
            && c is not ('<' or '>' or ':' or '"' or '|' or '?' or '*')).ToArray()).Trim().Trim('.');
        if (clean.Length == 0 || Path.GetFileNameWithoutExtension(clean).Trim().Length == 0)
            throw new DomainException("The file needs a name.", Field);
        if (clean.Length > 255)
        {
            var extension = Path.GetExtension(clean);
            clean = clean[..(255 - extension.Length)] + extension;
        }
        return clean;
    }

    /// <summary>Width and height from an image header; (null, null) for other kinds or an unreadable header.</summary>
    private static (int?, int?) ImageSize(FileKind kind, ReadOnlySpan<byte> h)
    {
        try
        {
            if (kind == Png && h.Length >= 24 && h[12..16].SequenceEqual("IHDR"u8))
                return Positive(BinaryPrimitives.ReadInt32BigEndian(h[16..]), BinaryPrimitives.ReadInt32BigEndian(h[20..]));
            if (kind == Gif && h.Length >= 10)
                return Positive(BinaryPrimitives.ReadUInt16LittleEndian(h[6..]), BinaryPrimitives.ReadUInt16LittleEndian(h[8..]));
            if (kind == Webp && h.Length >= 30)
            {
                var chunk = h[12..16];
                if (chunk.SequenceEqual("VP8 "u8) && h[23] == 0x9D && h[24] == 0x01 && h[25] == 0x2A)
                    return Positive(BinaryPrimitives.ReadUInt16LittleEndian(h[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(h[28..]) & 0x3FFF);
                if (chunk.SequenceEqual("VP8L"u8) && h[20] == 0x2F)
                {
                    var bits = BinaryPrimitives.ReadUInt32LittleEndian(h[21..]);
                    return Positive((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
                }
                if (chunk.SequenceEqual("VP8X"u8))
                    return Positive((h[24] | h[25] << 8 | h[26] << 16) + 1, (h[27] | h[28] << 8 | h[29] << 16) + 1);
            }
            if (kind == Jpeg) return JpegSize(h);
        }
        catch (ArgumentOutOfRangeException)
        {
            // A truncated header: the file is still the right kind, only its size is unknown.
        }
        return (null, null);
    }

    /// <summary>Walks the JPEG markers to the first start-of-frame, which holds height then width.</summary>
    private static (int?, int?) JpegSize(ReadOnlySpan<byte> h)
    {
        var i = 2;
        while (i + 9 < h.Length)
        {
            if (h[i] != 0xFF) return (null, null);
            var marker = h[i + 1];
            if (marker == 0xFF) { i++; continue; }
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7)) { i += 2; continue; }
            var length = BinaryPrimitives.ReadUInt16BigEndian(h[(i + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                return Positive(BinaryPrimitives.ReadUInt16BigEndian(h[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(h[(i + 5)..]));
            if (length < 2) return (null, null);
            i += 2 + length;
        }
        return (null, null);
    }

    private static (int?, int?) Positive(int width, int height) => width > 0 && height > 0 ? (width, height) : (null, null);

    private static FileKind KindOf(string displayName) =>
        ByExtension.TryGetValue(Path.GetExtension(displayName), out var kind) ? kind : throw WrongType(displayName);

    private string FullPath(string storagePath)
    {
        ArgumentNullException.ThrowIfNull(storagePath);
        string root, full;
        if (StoragePathPattern().IsMatch(storagePath))
        {
            root = Root;
            full = Path.GetFullPath(Path.Combine(Root, storagePath));
        }
        else if (DemoAssetsRoot is not null && DemoAssetPattern().Match(storagePath) is { Success: true } demo)
        {
            root = DemoAssetsRoot;
            full = Path.GetFullPath(Path.Combine(DemoAssetsRoot, Folder, demo.Groups["file"].Value));
        }
        else throw new ArgumentException("Not a storage path this store made.", nameof(storagePath));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException("Not a storage path this store made.", nameof(storagePath));
        return full;
    }

    private static DomainException TooLarge(string name) =>
        new($"{name} is larger than {(MaxBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)} MB.", Field);

    private static DomainException WrongType(string name) =>
        new($"{name} is not an allowed file type; upload {AllowedList}.", Field);

    [GeneratedRegex("^[0-9a-f]{2}/[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex StoragePathPattern();

    [GeneratedRegex("^/assets/creatives/(?<file>[a-z0-9-]+\\.svg)$", RegexOptions.CultureInvariant)]
    private static partial Regex DemoAssetPattern();
}
