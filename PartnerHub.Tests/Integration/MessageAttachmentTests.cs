using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// Attachments through MessagingService on a migrated SQLite file and a real folder: sent with the message in one
/// step, refused files leave neither message nor file, downloads are authorised like the thread and audited.
/// </summary>
public sealed class MessageAttachmentTests(MessageAttachmentTests.Data data) : IClassFixture<MessageAttachmentTests.Data>, IDisposable
{
    public sealed class Data : SqliteDatabase
    {
        public Dictionary<string, int> Ids { get; } = [];
        public Dictionary<string, Actor> Partners { get; } = [];
        public Actor Manager { get; private set; } = null!;
        public Actor Compliance { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var admin = await AddActorAsync(Roles.Admin);
            Manager = await AddActorAsync(Roles.Manager);
            Compliance = await AddActorAsync(Roles.Compliance);
            var service = new PartnerService(Factory, Clock);
            foreach (var name in new[] { "A", "B" })
            {
                Ids[name] = await service.CreateAsync(admin, new NewPartner { Name = name, Email = $"{name}@files.test", Vertical = Vertical.IGamingAffiliate, Country = "GB" });
                Partners[name] = await AddActorAsync(Roles.Partner, Ids[name]);
            }
        }
    }

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3];
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"ph-attachments-{Guid.NewGuid():N}");
    private MessagingService Service => _serviceOrNull ??= new MessagingService(data.Factory, data.Clock, new AttachmentStore(_root));
    private MessagingService? _serviceOrNull;

    private static UploadedFile File(string name, byte[] bytes) => new(name, bytes.Length, "application/octet-stream", _ => new MemoryStream(bytes));

    private int StoredFiles() => Directory.Exists(_root) ? Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Count() : 0;

    [Fact]
    public async Task A_message_with_files_stores_them_and_the_partner_downloads_them_audited()
    {
        var thread = await Service.GetOrCreateDirectThreadAsync(data.Manager, data.Ids["A"]);
        var csv = "date,amount\n2026-03-01,120.50\n"u8.ToArray();
        var id = await Service.SendAsync(data.Manager, thread, "The statement and the banner.", [File("statement.csv", csv), File("C:\\Users\\me\\banner.png", Png)]);

        var view = await Service.GetThreadAsync(data.Partners["A"], thread, null, 10);
        var attachments = view.Messages.Single(m => m.Id == id).Attachments;
        Assert.Equal(["statement.csv", "banner.png"], attachments.Select(a => a.FileName));
        Assert.Equal(["text/csv", "image/png"], attachments.Select(a => a.ContentType));
        Assert.Equal(2, StoredFiles());

        var download = await Service.OpenAttachmentAsync(data.Partners["A"], attachments[0].Id);
        await using (download.Content)
        {
            using var reader = new StreamReader(download.Content);
            Assert.Equal("date,amount\n2026-03-01,120.50\n", await reader.ReadToEndAsync());
        }
        Assert.Equal("text/csv", download.ContentType);
        await using var db = data.CreateContext();
        var audit = await db.AuditLog.SingleAsync(a => a.Action == "attachment.downloaded" && a.EntityId == attachments[0].Id.ToString());
        Assert.Equal(data.Partners["A"].UserId, audit.UserId);
        Assert.Contains("statement.csv", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_partner_cannot_download_by_id()
    {
        var thread = await Service.GetOrCreateDirectThreadAsync(data.Manager, data.Ids["A"]);
        var id = await Service.SendAsync(data.Manager, thread, "Private file.", [File("private.png", Png)]);
        var attachmentId = (await Service.GetThreadAsync(data.Manager, thread, null, 50)).Messages.Single(m => m.Id == id).Attachments[0].Id;

        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.OpenAttachmentAsync(data.Partners["B"], attachmentId));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.OpenAttachmentAsync(data.Partners["B"], attachmentId + 10_000));
        await using var db = data.CreateContext();
        Assert.False(await db.AuditLog.AnyAsync(a => a.Action == "attachment.downloaded" && a.UserId == data.Partners["B"].UserId));
    }

    [Fact]
    public async Task A_retracted_messages_files_are_hidden_from_the_partner_but_not_from_compliance()
    {
        var thread = await Service.GetOrCreateDirectThreadAsync(data.Manager, data.Ids["A"]);
        var id = await Service.SendAsync(data.Manager, thread, "Wrong file, sorry.", [File("wrong.png", Png)]);
        var attachmentId = (await Service.GetThreadAsync(data.Manager, thread, null, 50)).Messages.Single(m => m.Id == id).Attachments[0].Id;
        await Service.RetractAsync(data.Manager, id);

        Assert.Empty((await Service.GetThreadAsync(data.Partners["A"], thread, null, 50)).Messages.Single(m => m.Id == id).Attachments);
        await Assert.ThrowsAsync<NotFoundException>(() => Service.OpenAttachmentAsync(data.Partners["A"], attachmentId));
        var forCompliance = await Service.OpenAttachmentAsync(data.Compliance, attachmentId);
        await forCompliance.Content.DisposeAsync();
        Assert.Equal("wrong.png", forCompliance.FileName);
    }

    [Theory]
    [InlineData("fake.png", "not a png at all", "is not a real PNG image")]
    [InlineData("script.exe", "MZ", "is not an allowed file type")]
    [InlineData("page.html", "<script>alert(1)</script>", "is not an allowed file type")]
    public async Task A_refused_file_sends_nothing_and_stores_nothing(string name, string content, string message)
    {
        var thread = await Service.GetOrCreateDirectThreadAsync(data.Manager, data.Ids["B"]);
        var before = await CountMessagesAsync(thread);

        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            Service.SendAsync(data.Manager, thread, "See the file.", [File("good.png", Png), File(name, System.Text.Encoding.UTF8.GetBytes(content))]));

        Assert.Equal("Attachments", ex.Field);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountMessagesAsync(thread));
        Assert.Equal(0, StoredFiles());
    }

    [Fact]
    public async Task Six_files_or_one_over_10_MB_are_refused_before_anything_is_read()
    {
        var thread = await Service.GetOrCreateDirectThreadAsync(data.Manager, data.Ids["B"]);
        var opened = 0;
        UploadedFile Counting(string name, long size) => new(name, size, "image/png", _ => { opened++; return new MemoryStream(Png); });

        var six = await Assert.ThrowsAsync<DomainException>(() =>
            Service.SendAsync(data.Manager, thread, "Six files.", Enumerable.Range(1, 6).Select(i => Counting($"f{i}.png", Png.Length)).ToList()));
        Assert.Contains("at most 5", six.Message, StringComparison.Ordinal);
        var big = await Assert.ThrowsAsync<DomainException>(() =>
            Service.SendAsync(data.Manager, thread, "Big file.", [Counting("huge.png", MessageAttachment.MaxBytes + 1)]));
        Assert.Contains("10 MB", big.Message, StringComparison.Ordinal);
        Assert.Equal(0, opened);
        Assert.Equal(0, StoredFiles());
    }

    [Fact]
    public async Task Someone_who_may_not_write_is_refused_before_any_file_is_stored()
    {
        var thread = await Service.GetOrCreateDirectThreadAsync(data.Manager, data.Ids["A"]);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.SendAsync(data.Partners["B"], thread, "Hello.", [File("x.png", Png)]));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.SendAsync(data.Compliance, thread, "Hello.", [File("x.png", Png)]));
        Assert.Equal(0, StoredFiles());
    }

    private async Task<int> CountMessagesAsync(long threadId)
    {
        await using var db = data.CreateContext();
        return await db.Messages.CountAsync(m => m.ThreadId == threadId);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
