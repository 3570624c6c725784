using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using PartnerHub.Domain;
using PartnerHub.Domain.Messaging;

namespace PartnerHub.Tests.Integration;

/// <summary>AttachmentStore on a temp folder: what it accepts, what it refuses, and that a refusal leaves nothing on disk.</summary>
public sealed class AttachmentStoreTests : IDisposable
{
    private static readonly byte[] PngBytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    private static readonly byte[] PdfBytes = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n");
    private readonly string _root = Path.Combine(Path.GetTempPath(), "partnerhub-files-" + Guid.NewGuid().ToString("N"));
    private readonly AttachmentStore _store;

    public AttachmentStoreTests() => _store = new AttachmentStore(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    public static TheoryData<string, byte[], string> Accepted => new()
    {
        { "logo.png", PngBytes, "image/png" },
        { "photo.JPG", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46, 0x49, 0x46], "image/jpeg" },
        { "anim.gif", Encoding.ASCII.GetBytes("GIF89a\x01\x00\x01\x00"), "image/gif" },
        { "banner.webp", [.. "RIFF"u8, 36, 0, 0, 0, .. "WEBPVP8 "u8], "image/webp" },
        { "statement.pdf", PdfBytes, "application/pdf" },
        { "payouts.csv", Encoding.UTF8.GetBytes("partner,amount\nAlpha,12.50\n"), "text/csv" },
        { "report.xlsx", [0x50, 0x4B, 0x03, 0x04, 20, 0, 6, 0], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task An_allowed_file_is_stored_under_a_random_name_with_the_type_the_server_detected(string name, byte[] bytes, string type)
    {
        var stored = await _store.SaveAsync(new MemoryStream(bytes), name, "application/x-whatever-the-browser-said", default);

        Assert.Equal(name, stored.FileName);
        Assert.Equal(type, stored.ContentType);
        Assert.Equal(bytes.Length, stored.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
        Assert.DoesNotContain(Path.GetFileNameWithoutExtension(name), stored.StoragePath, StringComparison.OrdinalIgnoreCase);
        Assert.Matches("^[0-9a-f]{2}/[0-9a-f]{32}$", stored.StoragePath);
        await using var read = _store.OpenRead(stored.StoragePath);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task A_file_larger_than_10_MB_is_refused_and_nothing_is_left_on_disk()
    {
        var big = new byte[MessageAttachment.MaxBytes + 1];
        PdfBytes.CopyTo(big, 0);

        var ex = await Assert.ThrowsAsync<DomainException>(() => _store.SaveAsync(new NonSeekable(big), "huge.pdf", "application/pdf", default));

        Assert.Equal("Attachments", ex.Field);
        Assert.Equal("huge.pdf is larger than 10 MB.", ex.Message);
        Assert.Empty(FilesOnDisk());
    }

    [Fact]
    public async Task A_seekable_file_larger_than_10_MB_is_refused_before_reading()
    {
        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            _store.SaveAsync(new MemoryStream(new byte[MessageAttachment.MaxBytes + 1]), "huge.png", "image/png", default));

        Assert.Equal("huge.png is larger than 10 MB.", ex.Message);
    }

    [Fact]
    public async Task A_file_of_exactly_10_MB_is_accepted()
    {
        var bytes = new byte[MessageAttachment.MaxBytes];
        PdfBytes.CopyTo(bytes, 0);

        var stored = await _store.SaveAsync(new NonSeekable(bytes), "max.pdf", "application/pdf", default);

        Assert.Equal(MessageAttachment.MaxBytes, stored.SizeBytes);
    }

    [Theory]
    [InlineData("script.exe")]
    [InlineData("page.html")]
    [InlineData("vector.svg")]
    [InlineData("macro.xlsm")]
    [InlineData("noextension")]
    [InlineData("archive.pdf.exe")]
    public async Task A_file_whose_extension_is_not_allowed_is_refused(string name)
    {
        var ex = await Assert.ThrowsAsync<DomainException>(() => _store.SaveAsync(new MemoryStream(PdfBytes), name, "application/pdf", default));

        Assert.Equal("Attachments", ex.Field);
        Assert.Contains("not an allowed file type", ex.Message, StringComparison.Ordinal);
        Assert.Empty(FilesOnDisk());
    }

    [Theory]
    [InlineData("invoice.pdf")]
    [InlineData("logo.png")]
    [InlineData("photo.jpeg")]
    [InlineData("anim.gif")]
    [InlineData("banner.webp")]
    [InlineData("report.xlsx")]
    public async Task A_file_whose_bytes_do_not_match_its_extension_is_refused(string name)
    {
        var html = Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>");

        var ex = await Assert.ThrowsAsync<DomainException>(() => _store.SaveAsync(new MemoryStream(html), name, "image/png", default));

        Assert.Equal("Attachments", ex.Field);
        Assert.StartsWith(name + " is not a real ", ex.Message, StringComparison.Ordinal);
        Assert.Empty(FilesOnDisk());
    }

    [Fact]
    public async Task A_png_renamed_to_pdf_is_refused()
    {
        var ex = await Assert.ThrowsAsync<DomainException>(() => _store.SaveAsync(new MemoryStream(PngBytes), "fake.pdf", "application/pdf", default));

        Assert.Equal("Attachments", ex.Field);
    }

    [Fact]
    public async Task A_csv_with_a_NUL_byte_is_refused_as_binary()
    {
        var bytes = Encoding.UTF8.GetBytes("a,b\n1,2\n").Concat(new byte[] { 0 }).ToArray();

        var ex = await Assert.ThrowsAsync<DomainException>(() => _store.SaveAsync(new MemoryStream(bytes), "data.csv", "text/csv", default));

        Assert.Equal("Attachments", ex.Field);
        Assert.Empty(FilesOnDisk());
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        var ex = await Assert.ThrowsAsync<DomainException>(() => _store.SaveAsync(new MemoryStream(), "empty.csv", "text/csv", default));

        Assert.Equal("empty.csv is empty.", ex.Message);
        Assert.Empty(FilesOnDisk());
    }

    [Theory]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("..\\..\\Windows\\system.pdf", "system.pdf")]
    [InlineData("/etc/passwd.pdf", "passwd.pdf")]
    [InlineData("C:\\temp\\evil.pdf", "evil.pdf")]
    [InlineData("in\u0000voice\u202E.pdf", "invoice.pdf")]
    public async Task A_path_in_the_file_name_never_reaches_the_file_system(string name, string shown)
    {
        var stored = await _store.SaveAsync(new MemoryStream(PdfBytes), name, "application/pdf", default);

        Assert.Equal(shown, stored.FileName);
        var files = FilesOnDisk();
        var file = Assert.Single(files);
        Assert.StartsWith(Path.GetFullPath(_root) + Path.DirectorySeparatorChar, file, StringComparison.Ordinal);
        Assert.DoesNotContain("passwd", file, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../")]
    [InlineData("...pdf")]
    [InlineData("  .pdf")]
    public async Task A_file_name_with_nothing_left_is_refused(string name)
    {
        var ex = await Assert.ThrowsAsync<DomainException>(() => _store.SaveAsync(new MemoryStream(PdfBytes), name, "application/pdf", default));

        Assert.Equal("Attachments", ex.Field);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("ab/../../x")]
    [InlineData("")]
    public void A_storage_path_the_store_did_not_make_is_refused(string path)
    {
        Assert.Throws<ArgumentException>(() => _store.OpenRead(path));
        Assert.Throws<ArgumentException>(() => _store.Delete(path));
    }

    [Fact]
    public async Task Delete_removes_the_stored_file_and_ignores_a_missing_one()
    {
        var stored = await _store.SaveAsync(new MemoryStream(PdfBytes), "a.pdf", "application/pdf", default);

        _store.Delete(stored.StoragePath);
        _store.Delete(stored.StoragePath);

        Assert.Empty(FilesOnDisk());
        Assert.Throws<FileNotFoundException>(() => _store.OpenRead(stored.StoragePath));
    }

    [Fact]
    public void More_than_five_files_are_refused_before_upload()
    {
        var six = Enumerable.Range(1, 6).Select(i => ($"f{i}.pdf", 100L)).ToList();

        var ex = Assert.Throws<DomainException>(() => AttachmentStore.Validate(six));

        Assert.Equal("Attachments", ex.Field);
        Assert.Contains("at most 5 files", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Five_allowed_files_within_the_limit_pass_validation()
    {
        AttachmentStore.Validate([("a.pdf", 1), ("b.png", 2), ("c.csv", 3), ("d.xlsx", 4), ("e.jpg", MessageAttachment.MaxBytes)]);
    }

    [Theory]
    [InlineData("big.pdf", MessageAttachment.MaxBytes + 1, "big.pdf is larger than 10 MB.")]
    [InlineData("tool.exe", 10, "tool.exe is not an allowed file type; attach images (PNG, JPEG, GIF, WebP), PDF, CSV or XLSX.")]
    [InlineData("zero.pdf", 0, "zero.pdf is empty.")]
    public void Validation_refuses_a_file_too_big_of_a_wrong_type_or_empty(string name, long size, string message)
    {
        var ex = Assert.Throws<DomainException>(() => AttachmentStore.Validate([(name, size)]));

        Assert.Equal("Attachments", ex.Field);
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void The_root_comes_from_Storage_Root_under_the_content_root()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();

        var store = AttachmentStore.FromConfiguration(config, _root);

        Assert.Equal(Path.GetFullPath(Path.Combine(_root, "App_Data/files")), store.Root);
    }

    private List<string> FilesOnDisk() =>
        Directory.Exists(_root) ? Directory.GetFiles(_root, "*", SearchOption.AllDirectories).ToList() : [];

    /// <summary>An upload stream as the browser gives it: no length, read once.</summary>
    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
    }
}
