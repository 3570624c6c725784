using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PartnerHub.Domain;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Segments;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>Sending freezes the audience in the ledger, set-based and crash-safe; drafts, schedules, revisions and bad input.</summary>
public sealed class AnnouncementServiceTests(SegmentTestData data) : IClassFixture<SegmentTestData>
{
    private readonly AnnouncementService service = new(data.Factory, data.Clock);

    private static AnnouncementDraft Draft(AnnouncementAudience audience, string title = "Spring update", bool ack = false, DateTime? due = null) => new()
    {
        Title = title, Body = "Please **read** this.", Category = AnnouncementCategory.Compliance, Audience = audience,
        RequiresAcknowledgement = ack, AcknowledgementDueAt = due,
    };

    private DateTime Now => data.Clock.GetUtcNow().UtcDateTime;

    private async Task<List<int>> LedgerAsync(int id)
    {
        await using var db = data.CreateContext();
        return await db.AnnouncementRecipients.Where(r => r.AnnouncementId == id).OrderBy(r => r.PartnerId).Select(r => r.PartnerId).ToListAsync();
    }

    private List<int> IdsOf(params string[] names) => names.Select(n => data.Ids[n]).Order().ToList();

    [Fact]
    public async Task Sending_to_a_segment_freezes_its_members_in_the_ledger()
    {
        var segment = await new SegmentService(data.Factory, data.Clock).CreateAsync(data.Manager, "Forex for freezing", null,
            new SegmentCriteria { Verticals = [Vertical.ForexIb] });

        var progress = await service.SendAsync(data.Compliance, Draft(new AnnouncementAudience { SegmentIds = [segment] }));

        Assert.Equal(AnnouncementStatus.Sent, progress.Status);
        Assert.Equal(3, progress.RecipientCount);
        Assert.Equal(IdsOf("Bravo", "Charlie", "Delta"), await LedgerAsync(progress.Id));
        await using var db = data.CreateContext();
        var rows = await db.AnnouncementRecipients.Where(r => r.AnnouncementId == progress.Id).ToListAsync();
        Assert.All(rows, r => Assert.Equal(Now, r.DeliveredAt));
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "announcement.sent" && a.EntityId == progress.Id.ToString()));
        Assert.True(await db.DomainEvents.AnyAsync(e => e.Type == AnnouncementEvents.Sent && e.RecordId == progress.Id.ToString()));
    }

    [Fact]
    public async Task A_partner_who_joins_the_segment_later_is_not_in_the_ledger()
    {
        var segments = new SegmentService(data.Factory, data.Clock);
        var segment = await segments.CreateAsync(data.Manager, "Tagged latecomer", null, new SegmentCriteria { Tags = ["latecomer"] });
        await using (var db = data.CreateContext())
        {
            var bravo = await db.Partners.Include(p => p.Tags).SingleAsync(p => p.Id == data.Ids["Bravo"]);
            bravo.SetTags([.. bravo.Tags.Select(t => t.Tag), "latecomer"]);
            await db.SaveChangesAsync();
        }
        var sent = await service.SendAsync(data.Manager, Draft(new AnnouncementAudience { SegmentIds = [segment] }));

        await using (var db = data.CreateContext())
        {
            var echo = await db.Partners.Include(p => p.Tags).SingleAsync(p => p.Id == data.Ids["Echo"]);
            echo.SetTags(["latecomer"]);
            await db.SaveChangesAsync();
        }

        Assert.Equal(2, await segments.CountAsync(data.Manager, new SegmentCriteria { Tags = ["latecomer"] }));
        Assert.Equal(IdsOf("Bravo"), await LedgerAsync(sent.Id));
        var echoActor = await data.AddActorAsync(Roles.Partner, data.Ids["Echo"]);
        Assert.DoesNotContain(await new PartnerAnnouncements(data.Factory, data.Clock).ListAsync(echoActor), r => r.Id == sent.Id);
    }

    [Fact]
    public async Task The_audience_is_the_union_of_its_parts_without_duplicates_or_terminated_partners()
    {
        var segment = await new SegmentService(data.Factory, data.Clock).CreateAsync(data.Manager, "GB for union", null,
            new SegmentCriteria { Countries = ["GB"] });
        var audience = new AnnouncementAudience
        {
            SegmentIds = [segment], PartnerIds = [data.Ids["Alpha"], data.Ids["Delta"]], Tiers = [2],
        };

        var sent = await service.SendAsync(data.Manager, Draft(audience));

        // GB = Alpha (+ Foxtrot, terminated); explicit Alpha and Delta; tier 2 = Charlie.
        Assert.Equal(IdsOf("Alpha", "Charlie", "Delta"), await LedgerAsync(sent.Id));
        Assert.Equal(3, sent.RecipientCount);
    }

    [Fact]
    public async Task All_active_partners_means_status_active()
    {
        var sent = await service.SendAsync(data.Admin, Draft(new AnnouncementAudience { AllActivePartners = true }));

        Assert.Equal(IdsOf("Alpha", "Bravo", "Echo"), await LedgerAsync(sent.Id));
    }

    [Fact]
    public async Task The_ledger_write_is_one_insert_select_statement()
    {
        var statements = new List<string>();
        var factory = new InterceptedFactory(data.ConnectionString, new RecordingInterceptor(statements));
        var sent = await new AnnouncementService(factory, data.Clock).SendAsync(data.Manager, Draft(new AnnouncementAudience { AllActivePartners = true }));

        var inserts = statements.Where(s => s.Contains("INSERT INTO \"AnnouncementRecipients\"", StringComparison.Ordinal)).ToList();
        Assert.Single(inserts);
        Assert.Contains("SELECT", inserts[0], StringComparison.Ordinal);
        Assert.Equal(3, sent.RecipientCount);
    }

    [Fact]
    public async Task A_send_interrupted_during_the_ledger_write_leaves_no_partial_ledger_and_resumes_once()
    {
        var crashing = new InterceptedFactory(data.ConnectionString, new CrashAfterLedgerInterceptor());
        var crashingService = new AnnouncementService(crashing, data.Clock);
        var id = await crashingService.ComposeAsync(data.Compliance, null, null, Draft(new AnnouncementAudience { AllActivePartners = true }),
            ComposeAction.SendNow);

        await Assert.ThrowsAsync<IOException>(() => crashingService.CompleteSendAsync(data.Compliance, id));

        Assert.Empty(await LedgerAsync(id));
        Assert.Equal(AnnouncementStatus.Sending, (await service.ProgressAsync(data.Admin, id)).Status);

        var resumed = await service.ResumeInterruptedAsync();
        var again = await service.CompleteSendAsync(Actor.System, id);

        Assert.True(resumed >= 1);
        Assert.Equal(AnnouncementStatus.Sent, again.Status);
        Assert.Equal(3, again.RecipientCount);
        Assert.Equal(IdsOf("Alpha", "Bravo", "Echo"), await LedgerAsync(id));
        await using var db = data.CreateContext();
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "announcement.sent" && a.EntityId == id.ToString()));
    }

    [Fact]
    public async Task A_scheduled_announcement_is_sent_when_due_and_not_before()
    {
        var at = Now.AddHours(2);
        var id = await service.ComposeAsync(data.Manager, null, null, Draft(new AnnouncementAudience { Tiers = [1] }), ComposeAction.Schedule, at);

        Assert.Equal(0, await service.SendDueAsync(Now.AddHours(1)));
        Assert.Equal(AnnouncementStatus.Scheduled, (await service.ProgressAsync(data.Manager, id)).Status);
        Assert.True(await service.SendDueAsync(at) >= 1);

        var progress = await service.ProgressAsync(data.Manager, id);
        Assert.Equal(AnnouncementStatus.Sent, progress.Status);
        // Tier 1 and not terminated: Alpha, Bravo, Echo.
        Assert.Equal(IdsOf("Alpha", "Bravo", "Echo"), await LedgerAsync(id));
        Assert.Equal(0, await service.SendDueAsync(at.AddHours(1)));
    }

    [Fact]
    public async Task An_empty_audience_is_refused_at_the_audience_and_nothing_is_written()
    {
        var before = (await service.ListAsync(data.Admin)).Count;

        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            service.ComposeAsync(data.Manager, null, null, Draft(new AnnouncementAudience()), ComposeAction.SendNow));

        Assert.Equal("Audience", ex.Field);
        Assert.Equal(before, (await service.ListAsync(data.Admin)).Count);
    }

    [Fact]
    public async Task An_audience_that_matches_nobody_is_refused_at_send()
    {
        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            service.ComposeAsync(data.Manager, null, null, Draft(new AnnouncementAudience { Tiers = [9] }), ComposeAction.SendNow));

        Assert.Equal("Audience", ex.Field);
        Assert.Contains("matches no partner", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schedule_in_the_past_is_refused_at_the_schedule_and_nothing_is_written()
    {
        var before = (await service.ListAsync(data.Admin)).Count;

        var ex = await Assert.ThrowsAsync<DomainException>(() => service.ComposeAsync(data.Manager, null, null,
            Draft(new AnnouncementAudience { AllActivePartners = true }), ComposeAction.Schedule, Now.AddMinutes(-5)));

        Assert.Equal("ScheduledAt", ex.Field);
        Assert.Equal(before, (await service.ListAsync(data.Admin)).Count);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_at_the_body_and_nothing_is_written()
    {
        var before = (await service.ListAsync(data.Admin)).Count;
        var draft = Draft(new AnnouncementAudience { AllActivePartners = true }) with { Body = new string('x', Announcement.MaxBodyLength + 1) };

        var ex = await Assert.ThrowsAsync<DomainException>(() => service.ComposeAsync(data.Manager, null, null, draft, ComposeAction.SaveDraft));

        Assert.Equal("Body", ex.Field);
        Assert.Equal(before, (await service.ListAsync(data.Admin)).Count);
    }

    [Fact]
    public async Task A_due_date_in_the_past_is_refused_at_the_due_date()
    {
        var ex = await Assert.ThrowsAsync<DomainException>(() => service.ComposeAsync(data.Manager, null, null,
            Draft(new AnnouncementAudience { AllActivePartners = true }, ack: true, due: Now.AddDays(-1)), ComposeAction.SaveDraft));

        Assert.Equal("AcknowledgementDueAt", ex.Field);
    }

    [Fact]
    public async Task Editing_a_draft_keeps_one_announcement_and_the_latest_text()
    {
        var id = await service.ComposeAsync(data.Manager, null, null, Draft(new AnnouncementAudience { AllActivePartners = true }), ComposeAction.SaveDraft);
        var detail = await service.GetAsync(data.Manager, id);

        await service.ComposeAsync(data.Manager, id, detail.Version,
            Draft(new AnnouncementAudience { Tiers = [2] }, "Spring update (final)", ack: true, due: Now.AddDays(3)), ComposeAction.SaveDraft);

        var after = await service.GetAsync(data.Manager, id);
        Assert.Equal(AnnouncementStatus.Draft, after.Status);
        Assert.Equal("Spring update (final)", after.Draft.Title);
        Assert.Equal([2], after.Draft.Audience.Tiers);
        Assert.True(after.Draft.RequiresAcknowledgement);
        Assert.Equal(after.CurrentVersion, after.AcknowledgementVersion);
        await Assert.ThrowsAsync<DomainException>(() => service.ComposeAsync(data.Manager, id, detail.Version,
            Draft(new AnnouncementAudience { Tiers = [1] }), ComposeAction.SaveDraft));
    }

    [Fact]
    public async Task Revising_a_sent_item_with_a_material_change_asks_everyone_to_acknowledge_again()
    {
        var partners = new PartnerAnnouncements(data.Factory, data.Clock);
        var alpha = await data.AddActorAsync(Roles.Partner, data.Ids["Alpha"]);
        var sent = await service.SendAsync(data.Compliance, Draft(new AnnouncementAudience { PartnerIds = [data.Ids["Alpha"], data.Ids["Bravo"]] },
            "Code of conduct", ack: true, due: Now.AddDays(7)));
        await partners.AcknowledgeAsync(alpha, sent.Id, 1);
        Assert.DoesNotContain(await partners.PendingAsync(alpha), p => p.Id == sent.Id);

        var detail = await service.GetAsync(data.Compliance, sent.Id);
        await service.ReviseAsync(data.Compliance, sent.Id, detail.Version, "Code of conduct", "Rule 5 added.", materialChange: true);

        var pending = Assert.Single(await partners.PendingAsync(alpha), p => p.Id == sent.Id);
        Assert.Equal(2, pending.Version);
        Assert.Equal("Rule 5 added.", pending.Body);
        await partners.AcknowledgeAsync(alpha, sent.Id, 2);
        await using var db = data.CreateContext();
        var acks = await db.AnnouncementAcknowledgements.Where(a => a.AnnouncementId == sent.Id).OrderBy(a => a.VersionNumber).ToListAsync();
        Assert.Equal([1, 2], acks.Select(a => a.VersionNumber));
        Assert.Equal(2, await db.AnnouncementVersions.CountAsync(v => v.AnnouncementId == sent.Id));
        Assert.Equal(IdsOf("Alpha", "Bravo"), await LedgerAsync(sent.Id));
    }

    [Fact]
    public async Task A_non_material_revision_keeps_acknowledgements()
    {
        var partners = new PartnerAnnouncements(data.Factory, data.Clock);
        var bravo = await data.AddActorAsync(Roles.Partner, data.Ids["Bravo"]);
        var sent = await service.SendAsync(data.Compliance, Draft(new AnnouncementAudience { PartnerIds = [data.Ids["Bravo"]] },
            "Typos", ack: true, due: Now.AddDays(7)));
        await partners.AcknowledgeAsync(bravo, sent.Id, 1);

        var detail = await service.GetAsync(data.Compliance, sent.Id);
        await service.ReviseAsync(data.Compliance, sent.Id, detail.Version, "Typos", "Fewer typos.", materialChange: false);

        Assert.DoesNotContain(await partners.PendingAsync(bravo), p => p.Id == sent.Id);
        var view = await partners.OpenAsync(bravo, sent.Id);
        Assert.Equal("Fewer typos.", view.Body);
        Assert.Equal(2, view.Version);
        Assert.False(view.NeedsAcknowledgement);
    }

    [Fact]
    public async Task A_material_revision_after_the_due_date_needs_a_new_due_date()
    {
        var sent = await service.SendAsync(data.Compliance, Draft(new AnnouncementAudience { PartnerIds = [data.Ids["Echo"]] },
            "Late", ack: true, due: Now.AddHours(1)));
        data.Clock.Advance(TimeSpan.FromHours(2));
        try
        {
            var detail = await service.GetAsync(data.Compliance, sent.Id);
            var ex = await Assert.ThrowsAsync<DomainException>(() =>
                service.ReviseAsync(data.Compliance, sent.Id, detail.Version, "Late", "Changed.", materialChange: true));
            Assert.Equal("AcknowledgementDueAt", ex.Field);
            Assert.Equal(1, (await service.GetAsync(data.Compliance, sent.Id)).CurrentVersion);

            await service.ReviseAsync(data.Compliance, sent.Id, detail.Version, "Late", "Changed.", materialChange: true, Now.AddDays(2));
            var after = await service.GetAsync(data.Compliance, sent.Id);
            Assert.Equal(2, after.AcknowledgementVersion);
            Assert.Equal(Now.AddDays(2), after.Draft.AcknowledgementDueAt);
        }
        finally
        {
            data.Clock.Set(SqliteDatabase.Start);
        }
    }

    [Fact]
    public async Task Partners_cannot_send_announcements()
    {
        var partner = await data.AddActorAsync(Roles.Partner, data.Ids["Alpha"]);

        await Assert.ThrowsAsync<AccessDeniedException>(() => service.SendAsync(partner, Draft(new AnnouncementAudience { AllActivePartners = true })));
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.ListAsync(partner));
    }

    private sealed class InterceptedFactory(string connectionString, IInterceptor interceptor) : IDbContextFactory<AppDbContext>
    {
        private readonly IDbContextFactory<AppDbContext> inner = TestEngine.ContextFactory(connectionString, interceptor);

        public AppDbContext CreateDbContext() => inner.CreateDbContext();
    }

    /// <summary>The process "dies" right after the ledger rows are written, before the status change and the commit.</summary>
    private sealed class CrashAfterLedgerInterceptor : DbCommandInterceptor
    {
        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
            CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("INSERT INTO \"AnnouncementRecipients\"", StringComparison.Ordinal) && result > 0)
                throw new IOException("Simulated crash after writing the ledger.");
            return ValueTask.FromResult(result);
        }
    }

    private sealed class RecordingInterceptor(List<string> statements) : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            statements.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            statements.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }
}
