using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>The partner's side: only its own announcements, read marks, and acknowledgements once per version.</summary>
public sealed class AnnouncementPortalTests(SegmentTestData data) : IClassFixture<SegmentTestData>
{
    private readonly AnnouncementService announcements = new(data.Factory, data.Clock);
    private readonly PartnerAnnouncements portal = new(data.Factory, data.Clock);

    private DateTime Now => data.Clock.GetUtcNow().UtcDateTime;

    private async Task<int> SendAsync(bool ack, params string[] to) =>
        (await announcements.SendAsync(data.Compliance, new AnnouncementDraft
        {
            Title = $"Notice {Guid.NewGuid():N}"[..15], Body = "Read me.", Category = AnnouncementCategory.Compliance,
            Audience = new AnnouncementAudience { PartnerIds = to.Select(n => data.Ids[n]).ToList() },
            RequiresAcknowledgement = ack, AcknowledgementDueAt = ack ? Now.AddDays(5) : null,
        })).Id;

    [Fact]
    public async Task A_partner_lists_only_announcements_sent_to_it()
    {
        var toAlpha = await SendAsync(false, "Alpha");
        var toBravo = await SendAsync(false, "Bravo");
        var alpha = await data.AddActorAsync(Roles.Partner, data.Ids["Alpha"]);

        var list = await portal.ListAsync(alpha);

        Assert.Contains(list, r => r.Id == toAlpha);
        Assert.DoesNotContain(list, r => r.Id == toBravo);
        await Assert.ThrowsAsync<NotFoundException>(() => portal.OpenAsync(alpha, toBravo));
    }

    [Fact]
    public async Task Opening_marks_read_once_and_lowers_the_unread_count()
    {
        var id = await SendAsync(false, "Echo");
        var echo = await data.AddActorAsync(Roles.Partner, data.Ids["Echo"]);
        var unread = await portal.UnreadCountAsync(echo);

        var first = await portal.OpenAsync(echo, id);
        data.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await portal.OpenAsync(echo, id);
        data.Clock.Set(SqliteDatabase.Start);

        Assert.Equal(first.ReadAt, second.ReadAt);
        Assert.Equal(unread - 1, await portal.UnreadCountAsync(echo));
        await using var db = data.CreateContext();
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "announcement.read" && a.EntityId == id.ToString()));
    }

    [Fact]
    public async Task Acknowledging_records_who_from_where_and_which_version()
    {
        var id = await SendAsync(true, "Alpha", "Bravo");
        var alpha = await data.AddActorAsync(Roles.Partner, data.Ids["Alpha"]);
        Assert.Contains(await portal.PendingAsync(alpha), p => p.Id == id);

        await portal.AcknowledgeAsync(alpha, id, 1);

        await using var db = data.CreateContext();
        var ack = await db.AnnouncementAcknowledgements.SingleAsync(a => a.AnnouncementId == id);
        Assert.Equal((data.Ids["Alpha"], 1, alpha.UserId, "127.0.0.1", Now), (ack.PartnerId, ack.VersionNumber, ack.UserId, ack.IpAddress, ack.At));
        var row = await db.AnnouncementRecipients.SingleAsync(r => r.AnnouncementId == id && r.PartnerId == data.Ids["Alpha"]);
        Assert.Equal(Now, row.AcknowledgedAt);
        Assert.Equal(1, row.AcknowledgedVersion);
        Assert.NotNull(row.ReadAt);
        Assert.DoesNotContain(await portal.PendingAsync(alpha), p => p.Id == id);
        Assert.True(await db.DomainEvents.AnyAsync(e => e.Type == AnnouncementEvents.Acknowledged && e.RecordId == id.ToString() && e.PartnerId == data.Ids["Alpha"]));
    }

    [Fact]
    public async Task A_second_acknowledgement_of_the_same_version_is_refused_and_writes_nothing()
    {
        var id = await SendAsync(true, "Bravo");
        var bravo = await data.AddActorAsync(Roles.Partner, data.Ids["Bravo"]);
        var colleague = await data.AddActorAsync(Roles.Partner, data.Ids["Bravo"]);
        await portal.AcknowledgeAsync(bravo, id, 1);
        await using var before = data.CreateContext();
        var audit = await before.AuditLog.CountAsync();

        var again = await Assert.ThrowsAsync<DomainException>(() => portal.AcknowledgeAsync(bravo, id, 1));
        var fromAnotherLogin = await Assert.ThrowsAsync<DomainException>(() => portal.AcknowledgeAsync(colleague, id, 1));

        Assert.Contains("already acknowledged version 1", again.Message, StringComparison.Ordinal);
        Assert.Equal(again.Message, fromAnotherLogin.Message);
        await using var db = data.CreateContext();
        Assert.Equal(1, await db.AnnouncementAcknowledgements.CountAsync(a => a.AnnouncementId == id));
        Assert.Equal(audit, await db.AuditLog.CountAsync());
    }

    [Fact]
    public async Task Acknowledging_someone_elses_announcement_is_refused_and_writes_nothing()
    {
        var id = await SendAsync(true, "Alpha");
        var echo = await data.AddActorAsync(Roles.Partner, data.Ids["Echo"]);

        var ex = await Assert.ThrowsAsync<NotFoundException>(() => portal.AcknowledgeAsync(echo, id, 1));

        Assert.Equal("This announcement was not sent to you.", ex.Message);
        await using var db = data.CreateContext();
        Assert.False(await db.AnnouncementAcknowledgements.AnyAsync(a => a.AnnouncementId == id));
        Assert.False(await db.AnnouncementRecipients.AnyAsync(r => r.AnnouncementId == id && r.PartnerId == data.Ids["Echo"]));
    }

    [Fact]
    public async Task Acknowledging_an_item_that_asks_for_none_is_refused()
    {
        var id = await SendAsync(false, "Alpha");
        var alpha = await data.AddActorAsync(Roles.Partner, data.Ids["Alpha"]);

        await Assert.ThrowsAsync<DomainException>(() => portal.AcknowledgeAsync(alpha, id, 1));

        await using var db = data.CreateContext();
        Assert.False(await db.AnnouncementAcknowledgements.AnyAsync(a => a.AnnouncementId == id));
    }

    [Fact]
    public async Task An_overdue_blocking_item_blocks_until_acknowledged()
    {
        var id = (await announcements.SendAsync(data.Compliance, new AnnouncementDraft
        {
            Title = "Blocking notice", Body = "Read me now.", Category = AnnouncementCategory.Compliance,
            Audience = new AnnouncementAudience { PartnerIds = [data.Ids["Echo"]] },
            RequiresAcknowledgement = true, AcknowledgementDueAt = Now.AddHours(1), BlocksPortalWhenOverdue = true,
        })).Id;
        var echo = await data.AddActorAsync(Roles.Partner, data.Ids["Echo"]);
        Assert.False(Assert.Single(await portal.PendingAsync(echo), p => p.Id == id).Blocks);

        data.Clock.Advance(TimeSpan.FromHours(2));
        try
        {
            var pending = Assert.Single(await portal.PendingAsync(echo), p => p.Id == id);
            Assert.True(pending.IsOverdue);
            Assert.True(pending.Blocks);

            await portal.AcknowledgeAsync(echo, id, 1);
            Assert.DoesNotContain(await portal.PendingAsync(echo), p => p.Id == id);
        }
        finally
        {
            data.Clock.Set(SqliteDatabase.Start);
        }
    }

    [Fact]
    public async Task Operators_have_no_partner_inbox()
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => portal.ListAsync(data.Admin));
        await Assert.ThrowsAsync<AccessDeniedException>(() => portal.AcknowledgeAsync(data.Compliance, 1, 1));
    }

    [Fact]
    public async Task An_acknowledgement_of_a_version_revised_since_it_was_shown_is_refused_and_nothing_is_written()
    {
        var id = await SendAsync(true, "Alpha");
        var alpha = await data.AddActorAsync(Roles.Partner, data.Ids["Alpha"]);
        var shown = await portal.OpenAsync(alpha, id);
        var detail = await announcements.GetAsync(data.Compliance, id);
        await announcements.ReviseAsync(data.Compliance, id, detail.Version, detail.Draft.Title, "Read me, revised.", materialChange: false);

        var ex = await Assert.ThrowsAsync<DomainException>(() => portal.AcknowledgeAsync(alpha, id, shown.Version));

        Assert.Equal(PartnerAnnouncements.StaleVersionField, ex.Field);
        Assert.Contains("revised after you opened it", ex.Message, StringComparison.Ordinal);
        await using (var db = data.CreateContext())
        {
            Assert.False(await db.AnnouncementAcknowledgements.AnyAsync(a => a.AnnouncementId == id));
            Assert.Null((await db.AnnouncementRecipients.SingleAsync(r => r.AnnouncementId == id)).AcknowledgedVersion);
            Assert.False(await db.AuditLog.AnyAsync(a => a.Action == "announcement.acknowledged" && a.EntityId == id.ToString()));
        }

        var current = await portal.OpenAsync(alpha, id);
        Assert.Equal("Read me, revised.", current.Body);
        await portal.AcknowledgeAsync(alpha, id, current.Version);
        await using var after = data.CreateContext();
        var ack = await after.AnnouncementAcknowledgements.SingleAsync(a => a.AnnouncementId == id);
        Assert.Equal(1, ack.VersionNumber); // a non-material revision keeps the version to acknowledge
        Assert.Equal(2, current.Version);
        Assert.Contains("\"displayedVersion\":2", (await after.AuditLog.SingleAsync(a => a.Action == "announcement.acknowledged" && a.EntityId == id.ToString())).Details ?? "",
            StringComparison.Ordinal);
    }
}
