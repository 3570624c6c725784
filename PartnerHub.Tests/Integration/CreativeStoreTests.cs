using System.Text;
using PartnerHub.Domain;
using PartnerHub.Domain.Creatives;

namespace PartnerHub.Tests.Integration;

/// <summary>CreativeStore on a temp folder: the allow-list, magic bytes, the size limit, image dimensions, and that a refusal leaves nothing on disk.</summary>
public sealed class CreativeStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "partnerhub-creatives-" + Guid.NewGuid().ToString("N"));
    private readonly string _assets = Path.Combine(Path.GetTempPath(), "partnerhub-assets-" + Guid.NewGuid().ToString("N"));
    private readonly CreativeStore _store;

    public CreativeStoreTests() => _store = new CreativeStore(_root, _assets);

    public void Dispose()
    {
        foreach (var dir in new[] { _root, _assets })
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    private string[] FilesOnDisk() => Directory.Exists(_root) ? Directory.GetFiles(_root, "*", SearchOption.AllDirectories) : [];

    public static TheoryData<string, byte[], string, int?, int?> Accepted => new()
    {
        { "banner-300x250.png", CreativeTestFiles.Png(300, 250), "image/png", 300, 250 },
        { "leaderboard.JPG", CreativeTestFiles.Jpeg(728, 90), "image/jpeg", 728, 90 },
        { "skyscraper.gif", CreativeTestFiles.Gif(160, 600), "image/gif", 160, 600 },
        { "social.webp", CreativeTestFiles.WebpExtended(1080, 1080), "image/webp", 1080, 1080 },
        { "brand-guidelines.pdf", CreativeTestFiles.Pdf, "application/pdf", null, null },
        { "landing-page.zip", CreativeTestFiles.Zip(), "application/zip", null, null },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task An_allowed_file_is_stored_with_the_detected_type_and_image_size(string name, byte[] bytes, string type, int? width, int? height)
    {
        var stored = await _store.SaveAsync(new CreativeTestFiles.NonSeekable(bytes), name);

        Assert.Equal(name, stored.FileName);
        Assert.Equal(type, stored.ContentType);
        Assert.Equal(bytes.Length, stored.SizeBytes);
        Assert.Equal(width, stored.Width);
        Assert.Equal(height, stored.Height);
        Assert.Matches("^[0-9a-f]{2}/[0-9a-f]{32}$", stored.StoragePath);
        Assert.StartsWith(Path.Combine(_root, stored.StoragePath[..2]), FilesOnDisk().Single(), StringComparison.Ordinal);
        await using var read = _store.OpenRead(stored.StoragePath);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Theory]
    [InlineData("banner.svg")]
    [InlineData("landing.html")]
    [InlineData("setup.exe")]
    [InlineData("copy.docx")]
    [InlineData("no-extension")]
    public async Task A_file_of_a_type_outside_the_allow_list_is_refused_by_name(string name)
    {
        var ex = await Assert.ThrowsAsync<DomainException>(() => _store.SaveAsync(new MemoryStream(CreativeTestFiles.Png(4, 4)), name));

        Assert.Equal("File", ex.Field);
        Assert.Contains("not an allowed file type", ex.Message, StringComparison.Ordinal);
        Assert.Empty(FilesOnDisk());
    }

    [Theory]
    [InlineData("banner.png", "MZ\u0090\0 this is really an executable")]
    [InlineData("banner.jpg", "<svg onload=alert(1)>")]
    [InlineData("offer.pdf", "PK\u0003\u0004 a zip pretending")]
    [InlineData("landing.zip", "%PDF-1.4 a pdf pretending")]
    public async Task A_file_whose_bytes_do_not_match_its_extension_is_refused_and_nothing_is_left(string name, string content)
    {
        var ex = await Assert.ThrowsAsync<DomainException>(() => _store.SaveAsync(new CreativeTestFiles.NonSeekable(Encoding.Latin1.GetBytes(content)), name));

        Assert.Equal("File", ex.Field);
        Assert.Contains("is not a real", ex.Message, StringComparison.Ordinal);
        Assert.Empty(FilesOnDisk());
    }

    [Fact]
    public async Task A_file_over_20_MB_is_refused_while_reading_and_the_partial_file_is_removed()
    {
        var big = new byte[CreativeStore.MaxBytes + 1];
        CreativeTestFiles.Pdf.CopyTo(big, 0);

        var ex = await Assert.ThrowsAsync<DomainException>(() => _store.SaveAsync(new CreativeTestFiles.NonSeekable(big), "huge.pdf"));

        Assert.Equal("File", ex.Field);
        Assert.Contains("larger than 20 MB", ex.Message, StringComparison.Ordinal);
        Assert.Empty(FilesOnDisk());
    }

    [Fact]
    public async Task A_file_of_exactly_20_MB_is_accepted()
    {
        var max = new byte[CreativeStore.MaxBytes];
        CreativeTestFiles.Pdf.CopyTo(max, 0);

        var stored = await _store.SaveAsync(new CreativeTestFiles.NonSeekable(max), "deck.pdf");

        Assert.Equal(CreativeStore.MaxBytes, stored.SizeBytes);
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        var ex = await Assert.ThrowsAsync<DomainException>(() => _store.SaveAsync(new MemoryStream(), "empty.png"));

        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
        Assert.Empty(FilesOnDisk());
    }

    [Fact]
    public void The_picker_check_refuses_size_and_type_before_any_byte_is_sent()
    {
        Assert.Equal("File", Assert.Throws<DomainException>(() => CreativeStore.Validate("banner.png", CreativeStore.MaxBytes + 1)).Field);
        Assert.Equal("File", Assert.Throws<DomainException>(() => CreativeStore.Validate("banner.svg", 100)).Field);
        Assert.Equal("File", Assert.Throws<DomainException>(() => CreativeStore.Validate("banner.png", 0)).Field);
        CreativeStore.Validate("banner.png", CreativeStore.MaxBytes);
    }

    [Fact]
    public async Task The_users_file_name_never_reaches_the_file_system()
    {
        var stored = await _store.SaveAsync(new MemoryStream(CreativeTestFiles.Pdf), "../../etc/\u202Epasswd.pdf");

        Assert.Equal("passwd.pdf", stored.FileName);
        Assert.DoesNotContain("passwd", FilesOnDisk().Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("/etc/passwd")]
    [InlineData("/assets/creatives/../../secret.svg")]
    [InlineData("/assets/creatives/banner.png")]
    public void Paths_the_store_did_not_make_are_refused(string path)
    {
        Assert.Throws<ArgumentException>(() => _store.OpenRead(path));
    }

    [Fact]
    public async Task Demo_artwork_is_read_from_the_assets_folder()
    {
        Directory.CreateDirectory(Path.Combine(_assets, "creatives"));
        await File.WriteAllTextAsync(Path.Combine(_assets, "creatives", "demo-banner-300x250.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");

        await using var read = _store.OpenRead("/assets/creatives/demo-banner-300x250.svg");
        using var reader = new StreamReader(read);

        Assert.StartsWith("<svg", await reader.ReadToEndAsync(), StringComparison.Ordinal);
        _store.Delete("/assets/creatives/demo-banner-300x250.svg");
        Assert.True(File.Exists(Path.Combine(_assets, "creatives", "demo-banner-300x250.svg")));
    }
}
