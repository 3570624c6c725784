using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// Message sends and uploads are limited per user inside the service (a circuit has no HTTP request for the rate-limiting
/// middleware): over the limit the send is refused at the composer's field, saying when to try again, and nothing is written.
/// </summary>
public sealed class UsageLimitTests(UsageLimitTests.Data data) : IClassFixture<UsageLimitTests.Data>, IDisposable
{
    public sealed class Data : SqliteDatabase
    {
        public Dictionary<string, int> Ids { get; } = [];
        public Dictionary<string, Actor> Partners { get; } = [];

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var admin = await AddActorAsync(Roles.Admin);
            var service = new PartnerService(Factory, Clock);
            foreach (var name in new[] { "Sender", "Operated", "Uploader" })
            {
                Ids[name] = await service.CreateAsync(admin, new NewPartner { Name = name, Email = $"{name}@limits.test", Vertical = Vertical.ForexIb, Country = "CY" });
                Partners[name] = await AddActorAsync(Roles.Partner, Ids[name]);
            }
        }
    }

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3];
    private readonly string root = Path.Combine(Path.GetTempPath(), $"ph-limits-{Guid.NewGuid():N}");
    private readonly UsageLimiter limiter = new(new RateLimitOptions { PartnerMessagesPerMinute = 10, OperatorMessagesPerMinute = 20, UploadsPerMinute = 1 });

    private MessagingService Service() => new(data.Factory, data.Clock, new AttachmentStore(root), limiter);

    public void Dispose()
    {
        limiter.Dispose();
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    private async Task<int> MessagesInAsync(long threadId)
    {
        await using var db = data.CreateContext();
        return await db.Messages.CountAsync(m => m.ThreadId == threadId);
    }

    [Fact]
    public async Task The_eleventh_partner_message_in_a_minute_is_refused_at_the_message_field_saying_when_to_retry()
    {
        var partner = data.Partners["Sender"];
        var service = Service();
        var thread = await service.GetOrCreateDirectThreadAsync(partner, data.Ids["Sender"]);
        for (var i = 1; i <= 10; i++) await service.SendAsync(partner, thread, $"Message {i}");

        var refused = await Assert.ThrowsAsync<DomainException>(() => service.SendAsync(partner, thread, "Message 11"));

        Assert.Equal(nameof(Message.Body), refused.Field);
        Assert.Matches(@"^You are sending messages faster than allowed\. Try again in (\d+ seconds?|1 minute)\.$", refused.Message);
        Assert.Equal(10, await MessagesInAsync(thread));
    }

    [Fact]
    public async Task An_operator_has_a_higher_limit_of_their_own()
    {
        var manager = await data.AddActorAsync(Roles.Manager);
        var service = Service();
        var thread = await service.GetOrCreateDirectThreadAsync(manager, data.Ids["Operated"]);
        for (var i = 1; i <= 20; i++) await service.SendAsync(manager, thread, $"Operator message {i}");

        var refused = await Assert.ThrowsAsync<DomainException>(() => service.SendAsync(manager, thread, "One too many"));

        Assert.Equal(nameof(Message.Body), refused.Field);
        Assert.Equal(20, await MessagesInAsync(thread));
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_refused_at_the_attachments_field_and_stores_nothing()
    {
        var partner = data.Partners["Uploader"];
        var service = Service();
        var thread = await service.GetOrCreateDirectThreadAsync(partner, data.Ids["Uploader"]);
        UploadedFile File() => new("banner.png", Png.Length, "image/png", _ => new MemoryStream(Png));
        await service.SendAsync(partner, thread, "First banner", [File()]);

        var refused = await Assert.ThrowsAsync<DomainException>(() => service.SendAsync(partner, thread, "Second banner", [File()]));

        Assert.Equal("Attachments", refused.Field);
        Assert.StartsWith("You are uploading files faster than allowed. Try again in ", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, await MessagesInAsync(thread));
        Assert.Single(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories));
    }
}

/// <summary>A creative file upload counts against the uploader's limit and is refused at the file field.</summary>
public sealed class CreativeUploadLimitTests(SqliteDatabase data) : IClassFixture<SqliteDatabase>, IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"ph-creative-limits-{Guid.NewGuid():N}");
    private readonly UsageLimiter limiter = new(new RateLimitOptions { UploadsPerMinute = 1 });

    public void Dispose()
    {
        limiter.Dispose();
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task The_second_creative_upload_in_a_minute_is_refused_at_the_file_field()
    {
        var manager = await data.AddActorAsync(Roles.Manager);
        var service = new PartnerHub.Domain.Creatives.CreativeService(data.Factory, new PartnerHub.Domain.Creatives.CreativeStore(root), data.Clock, TestNotifications.Writer(), limiter);
        PartnerHub.Domain.Creatives.CreativeUpload Png() => new(new MemoryStream(CreativeTestFiles.Png(300, 250)), "banner-300x250.png");
        await service.CreateAsync(manager, new PartnerHub.Domain.Creatives.NewCreative { Name = "First banner" }, Png());

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            service.CreateAsync(manager, new PartnerHub.Domain.Creatives.NewCreative { Name = "Second banner" }, Png()));

        Assert.Equal(PartnerHub.Domain.Creatives.CreativeStore.Field, refused.Field);
        Assert.StartsWith("You are uploading files faster than allowed. Try again in ", refused.Message, StringComparison.Ordinal);
        await using var db = data.CreateContext();
        Assert.Equal(["First banner"], await db.Creatives.Select(c => c.Name).ToListAsync());
    }
}
