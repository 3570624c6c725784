using Microsoft.EntityFrameworkCore;
using MimeKit;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// Partners who are not in the portal hear of an announcement: its send appends one AnnouncementSent (and, when acknowledgement
/// is required, one AcknowledgementRequested) event naming it; the default rules turn the ledger into a bell notification and an
/// email per recipient, through the same preferences and quiet hours as every rule; emails go to an SMTP server in the test
/// process, and a transient refusal is Deferred with the server's answer, then given up after the last attempt.
/// </summary>
public sealed class AnnouncementNotificationTests : IAsyncLifetime
{
    private SqliteDatabase database = default!;
    private AutomationTestData data = default!;
    private FakeSmtpServer smtp = default!;
    private Actor compliance = default!;
    private Actor manager = default!;
    private Partner oliver = default!;
    private Partner tokyo = default!;
    private Partner third = default!;
    private Actor oliverLogin = default!;

    public async Task InitializeAsync()
    {
        database = await SqliteDatabase.CreateAsync();
        database.Clock.Set(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        data = new AutomationTestData(database);
        smtp = FakeSmtpServer.Start();
        data.Options.Smtp = new SmtpSettings
        {
            Host = "127.0.0.1", Port = smtp.Port, Security = "None", From = "PartnerHub <no-reply@partnerhub.test>", PublicBaseUrl = "https://hub.example.test/",
        };
        await using (var db = database.CreateContext()) await DefaultRules.EnsureAsync(db, data.Now);
        compliance = SqliteDatabase.ActorFor(await database.AddUserAsync(Roles.Compliance, "Clara Compliance"), Roles.Compliance);
        manager = SqliteDatabase.ActorFor(await database.AddUserAsync(Roles.Manager, "Maya Levi"), Roles.Manager);
        oliver = await data.PartnerAsync(name: "Oliver Grant", timeZone: "Europe/London");
        tokyo = await data.PartnerAsync(name: "Kenji Sato", timeZone: "Asia/Tokyo");
        third = await data.PartnerAsync(name: "Third Media");
        oliverLogin = SqliteDatabase.ActorFor(await database.AddUserAsync(Roles.Partner, "Oliver Grant", oliver.Id), Roles.Partner);
    }

    public async Task DisposeAsync()
    {
        await smtp.DisposeAsync();
        await database.DisposeAsync();
    }

    private EmailDelivery Email => new(database.Factory, database.Clock, data.Options, new MailKitTransport());

    private Task<SendProgress> SendAsync(string title, AnnouncementCategory category, bool ack = false, params Partner[] to) =>
        new AnnouncementService(database.Factory, database.Clock).SendAsync(compliance, new AnnouncementDraft
        {
            Title = title, Body = "From **1 May** the RevShare tiers change.\n\n- Tier 1: 25 %\n- Tier 2: 30 %", Category = category,
            Audience = new AnnouncementAudience { PartnerIds = to.Select(p => p.Id).ToList() },
            RequiresAcknowledgement = ack, AcknowledgementDueAt = ack ? new DateTime(2026, 3, 16, 17, 0, 0, DateTimeKind.Utc) : null,
        });

    private async Task<List<Notification>> NotificationsForAsync(Partner p)
    {
        await using var db = database.CreateContext();
        return await db.Notifications.AsNoTracking().Where(n => n.RecipientKey == Notification.PartnerKey(p.Id)).OrderBy(n => n.Id).ToListAsync();
    }

    private List<MimeMessage> Mails() =>
        smtp.Messages.Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data)))).ToList();

    private MimeMessage MailTo(Partner p) => Assert.Single(Mails(), m => m.To.Mailboxes.Single().Address == p.Email);

    [Fact]
    public async Task An_announcement_reaches_every_recipients_bell_and_inbox_from_one_event()
    {
        var sent = await SendAsync("New RevShare tiers", AnnouncementCategory.CommissionChange, ack: false, oliver, tokyo, third);
        await using (var db = database.CreateContext())
        {
            // One event for the whole audience, naming the announcement; no acknowledgement event.
            var e = Assert.Single(await db.DomainEvents.Where(x => x.Type == EventTypes.AnnouncementSent).ToListAsync());
            Assert.Equal(sent.Id.ToString(), e.RecordId);
            Assert.Null(e.PartnerId);
            Assert.False(await db.DomainEvents.AnyAsync(x => x.Type == EventTypes.AcknowledgementRequested));
        }
        await data.Dispatcher().DispatchAllAsync();

        foreach (var p in new[] { oliver, tokyo, third })
        {
            var n = Assert.Single(await NotificationsForAsync(p));
            Assert.Equal("New announcement: New RevShare tiers", n.Title);
            Assert.Equal($"/portal/announcements/{sent.Id}", n.Link);
            Assert.Equal(NotificationCategory.Announcements, n.Category);
            Assert.Equal(p.Id, n.AboutPartnerId);
            Assert.Equal(EmailState.Pending, n.EmailState);
        }

        Assert.Equal((3, 0), await Email.SendDueAsync());
        var mail = MailTo(oliver);
        Assert.Equal("New announcement: New RevShare tiers", mail.Subject);
        Assert.Contains("Hello Oliver Grant,", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("From 1 May the RevShare tiers change.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://hub.example.test/portal/announcements/{sent.Id}", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<strong>1 May</strong>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<li>Tier 2: 30 %</li>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("acknowledge", mail.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Hello Kenji Sato,", MailTo(tokyo).TextBody, StringComparison.Ordinal);
        Assert.Contains("Hello Third Media,", MailTo(third).TextBody, StringComparison.Ordinal);
        Assert.All(await NotificationsForAsync(oliver), n => Assert.Equal((EmailState.Sent, "New announcement: New RevShare tiers"), (n.EmailState, n.EmailSubject)));
        Assert.Equal((0, 0), await Email.SendDueAsync());
    }

    [Fact]
    public async Task An_acknowledgement_required_announcement_is_told_once_and_its_email_asks_by_the_due_date_in_the_partners_zone()
    {
        var sent = await SendAsync("Responsible marketing policy", AnnouncementCategory.Compliance, ack: true, oliver, tokyo);
        await using (var db = database.CreateContext())
        {
            var e = Assert.Single(await db.DomainEvents.Where(x => x.Type == EventTypes.AcknowledgementRequested).ToListAsync());
            Assert.Equal(sent.Id.ToString(), e.RecordId);
            Assert.Single(await db.DomainEvents.Where(x => x.Type == EventTypes.AnnouncementSent).ToListAsync());
        }
        await data.Dispatcher().DispatchAllAsync();

        var n = Assert.Single(await NotificationsForAsync(oliver));
        Assert.Equal("Please acknowledge: Responsible marketing policy", n.Title);
        Assert.Contains("16 March 2026", n.Body, StringComparison.Ordinal);
        Assert.Single(await NotificationsForAsync(tokyo));

        Assert.Equal((2, 0), await Email.SendDueAsync());
        var london = MailTo(oliver);
        Assert.Equal("Please acknowledge: Responsible marketing policy", london.Subject);
        Assert.Contains("needs your acknowledgement by 16 March 2026 17:00 (Europe/London)", london.TextBody, StringComparison.Ordinal);
        Assert.Contains("Read and acknowledge in PartnerHub", london.HtmlBody, StringComparison.Ordinal);
        // The same due time, in Tokyo: the next day at 02:00.
        Assert.Contains("by 17 March 2026 02:00 (Asia/Tokyo)", MailTo(tokyo).TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_material_revision_asks_everyone_to_acknowledge_again_and_a_minor_one_tells_nobody()
    {
        var sent = await SendAsync("Bonus terms", AnnouncementCategory.Compliance, ack: true, oliver);
        await data.Dispatcher().DispatchAllAsync();
        var service = new AnnouncementService(database.Factory, database.Clock);
        int Version() { using var db = database.CreateContext(); return db.Announcements.Single(a => a.Id == sent.Id).Version; }

        await service.ReviseAsync(compliance, sent.Id, Version(), "Bonus terms", "Typo fixed.", materialChange: false);
        await data.Dispatcher().DispatchAllAsync();
        Assert.Single(await NotificationsForAsync(oliver));

        await service.ReviseAsync(compliance, sent.Id, Version(), "Bonus terms (v3)", "Wagering is now **35x**.", materialChange: true);
        await data.Dispatcher().DispatchAllAsync();
        var again = (await NotificationsForAsync(oliver)).Last();
        Assert.Equal(2, (await NotificationsForAsync(oliver)).Count);
        Assert.Equal("Please acknowledge: Bonus terms (v3)", again.Title);

        Assert.Equal((2, 0), await Email.SendDueAsync());
        // The email carries the current text.
        Assert.Contains(Mails(), m => m.Subject == "Please acknowledge: Bonus terms (v3)" && m.TextBody!.Contains("Wagering is now 35x.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_muted_preference_mutes_a_normal_announcement_email_but_not_a_compliance_acknowledgement()
    {
        var preferences = new PreferenceService(database.Factory, database.Clock);
        await preferences.SetAsync(oliverLogin, NotificationCategory.Announcements, NotificationChannels.Email, muted: true);

        await SendAsync("Spring promotion", AnnouncementCategory.Promotion, ack: false, oliver);
        await data.Dispatcher().DispatchAllAsync();
        var promo = Assert.Single(await NotificationsForAsync(oliver));
        Assert.Equal(EmailState.NotRequested, promo.EmailState);

        // Muting the bell too changes nothing for a compliance acknowledgement: bell and email both go.
        await preferences.SetAsync(oliverLogin, NotificationCategory.Announcements, NotificationChannels.InApp, muted: true);
        await SendAsync("AML policy update", AnnouncementCategory.Compliance, ack: true, oliver);
        await data.Dispatcher().DispatchAllAsync();
        var compliant = (await NotificationsForAsync(oliver)).Last();
        Assert.Equal("Please acknowledge: AML policy update", compliant.Title);
        Assert.Equal(EmailState.Pending, compliant.EmailState);

        // A non-compliance acknowledgement is an ordinary announcement: muted like one.
        await SendAsync("New deal template", AnnouncementCategory.CommissionChange, ack: true, oliver);
        await data.Dispatcher().DispatchAllAsync();
        Assert.Equal(2, (await NotificationsForAsync(oliver)).Count);

        Assert.Equal((1, 0), await Email.SendDueAsync());
        Assert.Equal("Please acknowledge: AML policy update", Assert.Single(Mails()).Subject);
    }

    [Fact]
    public async Task Quiet_hours_in_the_recipients_zone_hold_the_bell_and_the_email_until_morning()
    {
        // 12:00 UTC is 21:00 in Tokyo: before quiet hours there. At 14:00 UTC (23:00 in Tokyo) they have begun.
        database.Clock.Set(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
        await SendAsync("Product update", AnnouncementCategory.ProductUpdate, ack: false, oliver, tokyo);
        await data.Dispatcher().DispatchAllAsync();

        var morningInTokyo = new DateTime(2026, 3, 2, 22, 0, 0, DateTimeKind.Utc); // 07:00 on 3 March in Tokyo
        var held = Assert.Single(await NotificationsForAsync(tokyo));
        Assert.Equal((morningInTokyo, morningInTokyo), (held.DeliverAt, held.EmailNextAttemptAt!.Value));
        Assert.Equal(data.Now, Assert.Single(await NotificationsForAsync(oliver)).DeliverAt);

        Assert.Equal((1, 0), await Email.SendDueAsync());
        Assert.Equal(oliver.Email, Assert.Single(Mails()).To.Mailboxes.Single().Address);
        database.Clock.Set(new DateTimeOffset(morningInTokyo));
        Assert.Equal((1, 0), await Email.SendDueAsync());
        Assert.Equal("Hello Kenji Sato,", MailTo(tokyo).TextBody!.Split('\n')[0].Trim());
    }

    [Fact]
    public async Task A_transient_refusal_is_deferred_with_the_servers_answer_retried_then_given_up_and_the_timeline_shows_it()
    {
        smtp.DeferredRecipients[oliver.Email] = true;
        await SendAsync("Payout calendar", AnnouncementCategory.ProductUpdate, ack: false, oliver, third);
        await data.Dispatcher().DispatchAllAsync();

        Assert.Equal((1, 1), await Email.SendDueAsync());
        var deferred = Assert.Single(await NotificationsForAsync(oliver));
        Assert.Equal((EmailState.Deferred, 1), (deferred.EmailState, deferred.EmailAttempts));
        Assert.Equal("450 4.2.1 Mailbox busy, try again later", deferred.EmailLastError);
        Assert.Equal(data.Now + EmailDelivery.BackoffAfter(1), deferred.EmailNextAttemptAt);

        var timeline = new TimelineService(database.Factory, database.Clock);
        var emails = new TimelineFilter { Kinds = [TimelineKind.Email] };
        var item = Assert.Single((await timeline.GetAsync(manager, oliver.Id, emails, null, 10)).Items);
        Assert.Equal(("Email deferred: New announcement: Payout calendar", "Deferred"), (item.Title, item.Type));
        Assert.Contains("450 4.2.1 Mailbox busy", item.Detail, StringComparison.Ordinal);
        Assert.Equal(data.Now, item.At);
        // The partner sees no delivery state: nothing went, so nothing shows.
        Assert.Empty((await timeline.GetAsync(oliverLogin, oliver.Id, emails, null, 10)).Items);

        foreach (var wait in new[] { 1, 5, 30, 120, 720 })
        {
            database.Clock.Advance(TimeSpan.FromMinutes(wait));
            Assert.Equal((0, 1), await Email.SendDueAsync());
        }
        var givenUp = Assert.Single(await NotificationsForAsync(oliver));
        Assert.Equal((EmailState.GivenUp, data.Options.MaxEmailAttempts, (DateTime?)null), (givenUp.EmailState, givenUp.EmailAttempts, givenUp.EmailNextAttemptAt));
        Assert.Equal("450 4.2.1 Mailbox busy, try again later", givenUp.EmailLastError);
        item = Assert.Single((await timeline.GetAsync(manager, oliver.Id, emails, null, 10)).Items);
        Assert.Equal(("Email given up: New announcement: Payout calendar", "Given up"), (item.Title, item.Type));
        Assert.StartsWith("After 6 attempts · 450", item.Detail, StringComparison.Ordinal);

        // The other recipient's email went at once, and its partner sees it on its timeline.
        var thirdLogin = SqliteDatabase.ActorFor(await database.AddUserAsync(Roles.Partner, "Third Media", third.Id), Roles.Partner);
        var mine = Assert.Single((await timeline.GetAsync(thirdLogin, third.Id, emails, null, 10)).Items);
        Assert.Equal(("Emailed: New announcement: Payout calendar", (string?)null, (string?)null), (mine.Title, mine.Detail, mine.Type));
    }
}
