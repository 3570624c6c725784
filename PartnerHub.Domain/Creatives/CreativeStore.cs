using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using PartnerHub.Domain.Files;

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
/// Creative files: the verified <see cref="FileStore"/> in the <c>creatives</c> folder under <c>Files:Root</c> (default
/// <c>App_Data/files</c>) with the creatives' allow-list: PNG, JPEG, GIF, WebP, PDF, and ZIP for landing-page bundles, at most
/// <see cref="MaxBytes"/> each. Image width and height come from the file's header.
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

    private static readonly FilePolicy Policy = new(Field, MaxBytes,
        new Dictionary<string, FileKind>(StringComparer.OrdinalIgnoreCase)
        {
            [".png"] = FileKind.Png, [".jpg"] = FileKind.Jpeg, [".jpeg"] = FileKind.Jpeg, [".gif"] = FileKind.Gif, [".webp"] = FileKind.Webp,
            [".pdf"] = FileKind.Pdf, [".zip"] = FileKind.Zip,
        },
        "PNG, JPEG, GIF or WebP images, a PDF, or a ZIP of a landing page", Verb: "upload", NoNameMessage: "The file needs a name.",
        HeadBytes: 256 * 1024);

    private static readonly HashSet<string> ImageTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml",
    };

    private readonly FileStore _files;

    public CreativeStore(string root, string? demoAssetsRoot = null)
    {
        _files = new FileStore(root);
        DemoAssetsRoot = demoAssetsRoot is null ? null : Path.GetFullPath(demoAssetsRoot);
    }

    /// <summary>
    /// The store in <c>{Files:Root}/creatives</c> (relative roots are under <paramref name="contentRoot"/>), reading
    /// demo artwork from the <c>demo-assets</c> folder copied next to the app (or the repository's).
    /// </summary>
    public static CreativeStore For(StorageOptions options, string contentRoot)
    {
        var copied = Path.Combine(AppContext.BaseDirectory, DemoAssetsFolder);
        var assets = Directory.Exists(copied) ? copied : Path.GetFullPath(Path.Combine(contentRoot, "..", DemoAssetsFolder));
        return new CreativeStore(Path.Combine(options.RootUnder(contentRoot), Folder), assets);
    }

    /// <summary>The store for <c>Files:Root</c> (or <c>Files:Root</c>) of <paramref name="config"/>.</summary>
    public static CreativeStore FromConfiguration(IConfiguration config, string contentRoot) =>
        For(StorageOptions.From(config), contentRoot);

    public string Root => _files.Root;
    public string? DemoAssetsRoot { get; }

    /// <summary>Types the portal may show inline as a preview.</summary>
    public static bool IsImage(string? contentType) => contentType is not null && ImageTypes.Contains(contentType);

    /// <summary>The type a file of this name must be (by its extension), or a <see cref="DomainException"/> on field "File".</summary>
    public static string ContentTypeFor(string fileName) => Policy.KindOf(Policy.DisplayName(fileName)).ContentType;

    /// <summary>The checks that need no bytes, for the upload dialog as soon as a file is picked.</summary>
    /// <exception cref="DomainException">Field "File".</exception>
    public static void Validate(string fileName, long size) => Policy.Validate(fileName, size);

    /// <summary>
    /// Reads at most <see cref="MaxBytes"/> from <paramref name="content"/>, checks the type by extension and content,
    /// and stores the bytes under a new random name.
    /// </summary>
    /// <exception cref="DomainException">Field "File": too large, empty, or not an allowed type.</exception>
    public async Task<StoredCreativeFile> SaveAsync(Stream content, string fileName, CancellationToken ct = default)
    {
        var saved = await _files.SaveAsync(content, fileName, Policy, ct);
        var (width, height) = ImageHeader.Dimensions(saved.Kind, saved.Head);
        return new StoredCreativeFile(saved.FileName, saved.Kind.ContentType, saved.SizeBytes, saved.StoragePath, width, height);
    }

    /// <summary>Opens a stored file (or shipped demo artwork). Callers check that the user may see the creative first.</summary>
    /// <exception cref="FileNotFoundException">Nothing is stored under that path.</exception>
    public Stream OpenRead(string storagePath) => FileStore.IsStoragePath(storagePath)
        ? _files.OpenRead(storagePath)
        : new FileStream(DemoAssetPath(storagePath), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);

    public bool Exists(string storagePath) =>
        FileStore.IsStoragePath(storagePath) ? _files.Exists(storagePath) : File.Exists(DemoAssetPath(storagePath));

    /// <summary>Removes an uploaded file (cleanup when saving the creative fails). Demo artwork and missing files are left alone.</summary>
    public void Delete(string storagePath)
    {
        if (FileStore.IsStoragePath(storagePath)) _files.Delete(storagePath);
    }

    /// <summary>The last segment of the user's file name without control, format or reserved characters, at most 255 characters.</summary>
    public static string DisplayName(string? fileName) => Policy.DisplayName(fileName);

    private string DemoAssetPath(string storagePath)
    {
        ArgumentNullException.ThrowIfNull(storagePath);
        if (DemoAssetsRoot is null || DemoAssetPattern().Match(storagePath) is not { Success: true } demo)
            throw new ArgumentException("Not a storage path this store made.", nameof(storagePath));
        var full = Path.GetFullPath(Path.Combine(DemoAssetsRoot, Folder, demo.Groups["file"].Value));
        if (!full.StartsWith(DemoAssetsRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException("Not a storage path this store made.", nameof(storagePath));
        return full;
    }

    [GeneratedRegex("^/assets/creatives/(?<file>[a-z0-9-]+\\.svg)$", RegexOptions.CultureInvariant)]
    private static partial Regex DemoAssetPattern();
}
