using System.Text;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>The compliance report's figures, drill-down and CSV; reminders and escalation driven by a fake clock.</summary>
public sealed class ComplianceReportTests(SegmentTestData data) : IClassFixture<SegmentTestData>
{
    private readonly AnnouncementService announcements = new(data.Factory, data.Clock);
    private readonly PartnerAnnouncements portal = new(data.Factory, data.Clock);
    private readonly ComplianceReportService report = new(data.Factory, data.Clock);
    private readonly ReminderService reminders = new(data.Factory, TestNotifications.Writer());

    private DateTime Now => data.Clock.GetUtcNow().UtcDateTime;

    /// <summary>To Alpha, Bravo, Charlie and Delta (active, active, suspended, applied), due in two days.</summary>
    private async Task<int> SendAsync(string title, TimeSpan? due = null) =>
        (await announcements.SendAsync(data.Compliance, new AnnouncementDraft
        {
            Title = title, Body = "Read and confirm.", Category = AnnouncementCategory.Compliance,
            Audience = new AnnouncementAudience { PartnerIds = [data.Ids["Alpha"], data.Ids["Bravo"], data.Ids["Charlie"], data.Ids["Delta"]] },
            RequiresAcknowledgement = true, AcknowledgementDueAt = Now + (due ?? TimeSpan.FromDays(2)),
        })).Id;

    private Task<Actor> PartnerAsync(string name) => data.AddActorAsync(Roles.Partner, data.Ids[name]);

    [Fact]
    public async Task Figures_count_and_percent_delivered_read_acknowledged_and_outstanding()
    {
        var id = await SendAsync("Figures");
        await portal.AcknowledgeAsync(await PartnerAsync("Alpha"), id, 1);
        await portal.OpenAsync(await PartnerAsync("Bravo"), id);

        var f = await report.FiguresAsync(data.Compliance, id);

        Assert.Equal((4, 4, 2, 1, 3, 0), (f.Recipients, f.Delivered, f.Read, f.Acknowledged, f.Outstanding, f.Overdue));
        Assert.Equal((100.0, 50.0, 25.0, 75.0), (f.DeliveredPercent, f.ReadPercent, f.AcknowledgedPercent, f.OutstandingPercent));
        Assert.Contains(await report.SummariesAsync(data.Manager), s => s.AnnouncementId == id && s.Acknowledged == 1);
    }

    [Fact]
    public async Task Drill_down_pages_and_filters_the_partners()
    {
        var id = await SendAsync("Drill-down");
        await portal.AcknowledgeAsync(await PartnerAsync("Charlie"), id, 1);

        var first = await report.RecipientsAsync(data.Compliance, id, RecipientFilter.All, 0, 3);
        var second = await report.RecipientsAsync(data.Compliance, id, RecipientFilter.All, 3, 3);
        var outstanding = await report.RecipientsAsync(data.Compliance, id, RecipientFilter.Outstanding, 0, 50);
        var acknowledged = await report.RecipientsAsync(data.Compliance, id, RecipientFilter.Acknowledged, 0, 50);

        Assert.Equal(4, first.Total);
        Assert.Equal(["Alpha", "Bravo", "Charlie"], first.Items.Select(r => r.PartnerName));
        Assert.Equal(["Delta"], second.Items.Select(r => r.PartnerName));
        Assert.Equal(["Alpha", "Bravo", "Delta"], outstanding.Items.Select(r => r.PartnerName));
        var charlie = Assert.Single(acknowledged.Items);
        Assert.Equal(("Acknowledged", "127.0.0.1", 1), (charlie.State, charlie.IpAddress, charlie.AcknowledgedVersion));
        Assert.Equal("Manager One", charlie.ManagerName);
        Assert.NotNull(charlie.AcknowledgedBy);
    }

    [Fact]
    public async Task The_csv_lists_every_recipient_with_its_timestamps()
    {
        var id = await SendAsync("CSV");
        var alpha = await PartnerAsync("Alpha");
        data.Clock.Advance(TimeSpan.FromMinutes(30));
        await portal.AcknowledgeAsync(alpha, id, 1);
        data.Clock.Set(SqliteDatabase.Start);

        using var stream = new MemoryStream();
        await report.WriteCsvAsync(data.Compliance, id, stream);
        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Equal(string.Join(",", ComplianceReportService.CsvHeader), lines[0]);
        Assert.Equal(5, lines.Length);
        var alphaLine = lines.Single(l => l.Contains(",Alpha,", StringComparison.Ordinal)).Split(',');
        Assert.Equal("Acknowledged", alphaLine[5]);
        Assert.Equal("2026-03-02T09:00:00+00:00", alphaLine[6]);
        Assert.Equal("2026-03-02T09:30:00+00:00", alphaLine[8]);
        Assert.Equal("1", alphaLine[9]);
        Assert.Equal("127.0.0.1", alphaLine[11]);
        Assert.Equal(3, lines.Count(l => l.Contains(",Outstanding,", StringComparison.Ordinal)));
        await using var db = data.CreateContext();
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "compliance.exported" && a.EntityId == id.ToString()));
    }

    [Fact]
    public async Task The_csv_export_is_audited_before_its_first_byte_so_a_dropped_download_is_still_on_record()
    {
        var id = await SendAsync("CSV audited first");
        await using var stream = new FailingStream();

        await Assert.ThrowsAsync<IOException>(() => report.WriteCsvAsync(data.Compliance, id, stream));

        await using var db = data.CreateContext();
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "compliance.exported" && a.EntityId == id.ToString()));
    }

    [Fact]
    public async Task When_the_export_cannot_be_audited_nothing_is_sent()
    {
        var id = await SendAsync("CSV not audited");
        await using (var db = data.CreateContext())
            await db.Database.ExecuteSqlRawAsync(SqliteDatabase.IsPostgreSql
                ? """
                  CREATE FUNCTION refuse_export() RETURNS trigger LANGUAGE plpgsql AS $$
                  BEGIN IF NEW."Action" = 'compliance.exported' THEN RAISE EXCEPTION 'audit unavailable'; END IF; RETURN NEW; END $$;
                  CREATE TRIGGER refuse_export BEFORE INSERT ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION refuse_export();
                  """
                : "CREATE TRIGGER refuse_export BEFORE INSERT ON AuditLog WHEN NEW.Action = 'compliance.exported' BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END;");
        try
        {
            using var stream = new MemoryStream();

            await Assert.ThrowsAsync<DbUpdateException>(() => report.WriteCsvAsync(data.Compliance, id, stream));

            Assert.Equal(0, stream.Length);
        }
        finally
        {
            await using var db = data.CreateContext();
            await db.Database.ExecuteSqlRawAsync(SqliteDatabase.IsPostgreSql
                ? "DROP TRIGGER refuse_export ON \"AuditLog\"; DROP FUNCTION refuse_export();"
                : "DROP TRIGGER refuse_export;");
        }
    }

    /// <summary>A response whose client went away: every write fails.</summary>
    private sealed class FailingStream : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("The client disconnected.");
        public override void Write(ReadOnlySpan<byte> buffer) => throw new IOException("The client disconnected.");
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromException(new IOException("The client disconnected."));
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(new IOException("The client disconnected."));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("Smith, Jones & Co", "\"Smith, Jones & Co\"")]
    [InlineData("Plain", "Plain")]
    public void Csv_cells_are_quoted_and_formulas_defused(string value, string expected) =>
        Assert.Equal(expected, ComplianceReportService.Csv(value));

    [Fact]
    public async Task Reminders_go_to_outstanding_recipients_at_most_once_per_interval()
    {
        var id = await SendAsync("Reminders", TimeSpan.FromDays(5));
        await portal.AcknowledgeAsync(await PartnerAsync("Alpha"), id, 1);
        var start = Now;

        var tooSoon = await reminders.SendRemindersAsync(start.AddHours(23), TimeSpan.FromHours(24));
        var firstRound = await reminders.SendRemindersAsync(start.AddHours(24), TimeSpan.FromHours(24));
        var sameDay = await reminders.SendRemindersAsync(start.AddHours(30), TimeSpan.FromHours(24));
        var nextDay = await reminders.SendRemindersAsync(start.AddHours(48), TimeSpan.FromHours(24));

        Assert.Equal(0, tooSoon);
        Assert.True(firstRound >= 3);
        Assert.Equal(0, sameDay);
        Assert.True(nextDay >= 3);
        await using var db = data.CreateContext();
        var rows = await db.AnnouncementRecipients.Where(r => r.AnnouncementId == id).ToDictionaryAsync(r => r.PartnerId);
        Assert.Equal(0, rows[data.Ids["Alpha"]].RemindersSent);
        Assert.Equal(2, rows[data.Ids["Bravo"]].RemindersSent);
        Assert.Equal(start.AddHours(48), rows[data.Ids["Bravo"]].LastRemindedAt);
        var link = $"/portal/announcements/{id}";
        var notes = await db.Notifications.Where(n => n.Link == link).ToListAsync();
        Assert.Equal(6, notes.Count);
        Assert.All(notes, n => Assert.Equal(NotificationCategory.Compliance, n.Category));
        Assert.Equal(2, notes.Count(n => n.RecipientKey == Notification.PartnerKey(data.Ids["Delta"])));
        Assert.DoesNotContain(notes, n => n.RecipientKey == Notification.PartnerKey(data.Ids["Alpha"]));
    }

    [Fact]
    public async Task Overdue_recipients_are_escalated_to_their_manager_once()
    {
        var id = await SendAsync("Escalation", TimeSpan.FromHours(6));
        await portal.AcknowledgeAsync(await PartnerAsync("Bravo"), id, 1);
        var start = Now;

        var beforeDue = await reminders.EscalateOverdueAsync(start.AddHours(5));
        var afterDue = await reminders.EscalateOverdueAsync(start.AddHours(7));
        var again = await reminders.EscalateOverdueAsync(start.AddHours(30));

        // Alpha and Charlie (manager One) are overdue; Bravo acknowledged; Delta has no manager.
        Assert.Equal((0, 2, 0), (beforeDue, afterDue, again));
        await using var db = data.CreateContext();
        var notes = await db.Notifications.Where(n => n.Link == $"/console/compliance/{id}").ToListAsync();
        var note = Assert.Single(notes);
        Assert.Equal(Notification.UserKey(data.ManagerOne.Id), note.RecipientKey);
        Assert.Contains("Alpha", note.Body, StringComparison.Ordinal);
        Assert.Contains("Charlie", note.Body, StringComparison.Ordinal);
        Assert.True(note.Critical);
        var rows = await db.AnnouncementRecipients.Where(r => r.AnnouncementId == id).ToDictionaryAsync(r => r.PartnerId);
        Assert.Equal(start.AddHours(7), rows[data.Ids["Alpha"]].EscalatedAt);
        Assert.Null(rows[data.Ids["Bravo"]].EscalatedAt);
        Assert.Null(rows[data.Ids["Delta"]].EscalatedAt);
        var figures = await report.FiguresAsync(data.Compliance, id);
        Assert.Equal(0, figures.Overdue); // the report's "now" is the fixture clock, still before the due time
    }

    [Fact]
    public async Task Partners_cannot_read_the_report()
    {
        var id = await SendAsync("Private");
        var alpha = await PartnerAsync("Alpha");

        await Assert.ThrowsAsync<AccessDeniedException>(() => report.FiguresAsync(alpha, id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => report.WriteCsvAsync(alpha, id, Stream.Null));
    }
}
