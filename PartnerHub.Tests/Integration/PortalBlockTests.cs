using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// "Block the portal when overdue" on the server: while a partner owes an overdue acknowledgement of a blocking announcement,
/// the services behind the portal refuse them (messages, attachments, creatives, payout requests), naming the announcement;
/// operators and other partners are not affected, and acknowledging opens everything again.
/// </summary>
public sealed class PortalBlockTests(SegmentTestData data) : IClassFixture<SegmentTestData>, IDisposable
{
    private readonly string files = Directory.CreateTempSubdirectory("partnerhub-block-").FullName;
    private readonly AnnouncementService announcements = new(data.Factory, data.Clock);
    private readonly PartnerAnnouncements portal = new(data.Factory, data.Clock);
    private readonly MessagingService messaging = new(data.Factory, data.Clock);
    private readonly PayoutService payouts = new(data.Factory, data.Clock);
    private CreativeService Creatives => new(data.Factory, new CreativeStore(files), data.Clock, TestNotifications.Writer());

    private DateTime Now => data.Clock.GetUtcNow().UtcDateTime;

    public void Dispose()
    {
        data.Clock.Set(SqliteDatabase.Start);
        Directory.Delete(files, recursive: true);
    }

    private async Task<(int Id, string Title)> SendAsync(string partner, bool blocks)
    {
        var title = $"Terms {Guid.NewGuid():N}"[..14];
        var sent = await announcements.SendAsync(data.Compliance, new AnnouncementDraft
        {
            Title = title, Body = "New terms.", Category = AnnouncementCategory.Compliance,
            Audience = new AnnouncementAudience { PartnerIds = [data.Ids[partner]] },
            RequiresAcknowledgement = true, AcknowledgementDueAt = Now.AddDays(1), BlocksPortalWhenOverdue = blocks,
        });
        return (sent.Id, title);
    }

    private async Task<long> DownloadedBytesAsync(Actor actor, int creativeId)
    {
        var file = await Creatives.OpenDownloadAsync(actor, creativeId);
        await using var content = file.Content;
        return content.Length;
    }

    [Fact]
    public async Task An_overdue_blocking_acknowledgement_closes_messages_creatives_and_payouts_until_it_is_acknowledged()
    {
        var creativeId = await Creatives.CreateAsync(data.Admin, new NewCreative { Name = "Block banner", Type = CreativeType.Banner },
            new CreativeUpload(new MemoryStream(CreativeTestFiles.Png(300, 250, 1, 2, 3)), "block-300x250.png"));
        await Creatives.PublishAsync(data.Admin, creativeId, announce: false);
        var alpha = await data.AddActorAsync(Roles.Partner, data.Ids["Alpha"]);
        var thread = await messaging.GetOrCreateDirectThreadAsync(alpha, data.Ids["Alpha"]);
        var (id, title) = await SendAsync("Alpha", blocks: true);

        // Before the due date: owed but not overdue, so nothing is closed.
        await messaging.SendAsync(alpha, thread, "Before the due date.");
        data.Clock.Advance(TimeSpan.FromDays(2));

        var refusals = new Dictionary<string, Func<Task>>
        {
            ["send"] = () => messaging.SendAsync(alpha, thread, "After the due date."),
            ["read thread"] = () => messaging.GetThreadAsync(alpha, thread, null, 20),
            ["record thread"] = () => messaging.StartRecordThreadAsync(alpha, data.Ids["Alpha"], LinkedRecordType.Creative, creativeId.ToString(), "About this banner"),
            ["creative list"] = () => Creatives.ListForPartnerAsync(alpha),
            ["creative download"] = () => Creatives.OpenDownloadAsync(alpha, creativeId),
            ["creative preview"] = () => Creatives.OpenPreviewAsync(alpha, creativeId),
            ["payout request"] = () => payouts.RequestPayoutAsync(alpha),
        };
        foreach (var (what, call) in refusals)
        {
            var ex = await Assert.ThrowsAsync<AccessDeniedException>(call);
            Assert.True(ex.Message == PortalBlock.Message(title), $"{what}: {ex.Message}");
        }
        Assert.True((await portal.PendingAsync(alpha)).Single(p => p.Id == id).Blocks);

        // Operators and other partners are not affected.
        Assert.NotEmpty((await messaging.GetThreadAsync(data.Manager, thread, null, 20)).Messages);
        var bravo = await data.AddActorAsync(Roles.Partner, data.Ids["Bravo"]);
        Assert.True(await DownloadedBytesAsync(bravo, creativeId) > 0);

        await portal.AcknowledgeAsync(alpha, id, 1);

        await messaging.SendAsync(alpha, thread, "After acknowledging.");
        Assert.True(await DownloadedBytesAsync(alpha, creativeId) > 0);
        var payout = await Assert.ThrowsAsync<DomainException>(() => payouts.RequestPayoutAsync(alpha));
        Assert.Equal("You have no approved commission waiting to be paid.", payout.Message);
        await using var db = data.CreateContext();
        Assert.Equal(["Before the due date.", "After acknowledging."],
            await db.Messages.Where(m => m.ThreadId == thread).OrderBy(m => m.Id).Select(m => m.Body).ToListAsync());
    }

    [Fact]
    public async Task An_overdue_acknowledgement_that_does_not_block_closes_nothing()
    {
        var echo = await data.AddActorAsync(Roles.Partner, data.Ids["Echo"]);
        var thread = await messaging.GetOrCreateDirectThreadAsync(echo, data.Ids["Echo"]);
        var (id, _) = await SendAsync("Echo", blocks: false);
        data.Clock.Advance(TimeSpan.FromDays(2));

        await messaging.SendAsync(echo, thread, "Overdue but not blocked.");

        var pending = (await portal.PendingAsync(echo)).Single(p => p.Id == id);
        Assert.True(pending.IsOverdue);
        Assert.False(pending.Blocks);
    }

    [Theory]
    [InlineData(-1, true, true)]
    [InlineData(1, true, false)]
    [InlineData(-1, false, false)]
    public void The_portal_is_blocked_only_past_the_due_date_of_a_blocking_announcement(int dueInHours, bool blocksWhenOverdue, bool expected)
    {
        var now = SqliteDatabase.Start.UtcDateTime;
        Assert.Equal(expected, PortalBlock.Blocks(now.AddHours(dueInHours), blocksWhenOverdue, now));
    }
}
