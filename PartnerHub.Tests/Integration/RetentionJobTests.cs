using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Files;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Web.Features.Compliance;

namespace PartnerHub.Tests.Integration;

/// <summary>The daily retention job: it purges as the system only while <c>Retention:AutomaticPurge</c> is on.</summary>
public sealed class RetentionJobTests : IAsyncLifetime
{
    private SqliteDatabase database = default!;

    public async Task InitializeAsync() => database = await SqliteDatabase.CreateAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    private async Task<int> EndedPartnerWithLedgerRowAsync()
    {
        var partner = await new AutomationTestData(database).PartnerAsync();
        var now = database.Clock.GetUtcNow().UtcDateTime;
        await using var db = database.CreateContext();
        (await db.Partners.SingleAsync(p => p.Id == partner.Id)).ChangeStatus(PartnerStatus.Terminated, now.AddYears(-6));
        var announcement = new Announcement("Terms", "New terms", AnnouncementCategory.Compliance, new AnnouncementAudience { AllActivePartners = true }, "a", now.AddYears(-7));
        db.Announcements.Add(announcement);
        await db.SaveChangesAsync();
        db.AnnouncementRecipients.Add(new AnnouncementRecipient(announcement.Id, partner.Id, now.AddYears(-7)));
        await db.SaveChangesAsync();
        return partner.Id;
    }

    private RetentionJob Job(bool automatic)
    {
        var options = new ServiceCollection().Configure<RetentionOptions>(o => o.AutomaticPurge = automatic).BuildServiceProvider()
            .GetRequiredService<IOptionsMonitor<RetentionOptions>>();
        return new RetentionJob(new RetentionService(database.Factory, database.Clock, new FileStore(Path.GetTempPath())), options,
            NullLogger<RetentionJob>.Instance);
    }

    [Fact]
    public async Task The_job_purges_nothing_while_automatic_purging_is_off_and_purges_as_the_system_when_on()
    {
        var partnerId = await EndedPartnerWithLedgerRowAsync();

        await Job(automatic: false).Execute(null!, CancellationToken.None);
        await using (var db = database.CreateContext())
            Assert.Equal(1, await db.AnnouncementRecipients.CountAsync(r => r.PartnerId == partnerId));

        await Job(automatic: true).Execute(null!, CancellationToken.None);
        await using (var db = database.CreateContext())
        {
            Assert.Equal(0, await db.AnnouncementRecipients.CountAsync(r => r.PartnerId == partnerId));
            var entry = await db.AuditLog.SingleAsync(a => a.Action == "retention.purged");
            Assert.Equal(Actor.System.UserId, entry.UserId);
        }
    }

    [Fact]
    public void The_daily_run_is_the_next_occurrence_of_the_hour()
    {
        var hour = TimeSpan.FromHours(3);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 3, 0, 0, TimeSpan.Zero), ComplianceModule.NextDailyRun(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero), hour));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 3, 0, 0, TimeSpan.Zero), ComplianceModule.NextDailyRun(new DateTimeOffset(2026, 3, 1, 2, 59, 0, TimeSpan.Zero), hour));
    }
}
