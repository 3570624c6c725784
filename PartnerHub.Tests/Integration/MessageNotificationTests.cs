using Microsoft.EntityFrameworkCore;
using MimeKit;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// Partners and operators who are not looking hear of a message: the send appends a MessageSent event in its transaction, the
/// default "New message" rule puts it in the recipient's bell at once, and an email goes after the delay only if the thread is
/// still unread, one email for every unread message of the thread (MailKit to an SMTP server in the test process).
/// </summary>
public sealed class MessageNotificationTests : IAsyncLifetime
{
    private SqliteDatabase database = default!;
    private AutomationTestData data = default!;
    private FakeSmtpServer smtp = default!;
    private Actor manager = default!;
    private Actor partnerLogin = default!;
    private Partner partner = default!;

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
        manager = SqliteDatabase.ActorFor(await database.AddUserAsync(Roles.Manager, "Maya Levi"), Roles.Manager);
        partner = await data.PartnerAsync(managerId: manager.UserId, name: "Oliver Grant");
        partnerLogin = SqliteDatabase.ActorFor(await database.AddUserAsync(Roles.Partner, "Oliver Grant", partner.Id), Roles.Partner);
    }

    public async Task DisposeAsync()
    {
        await smtp.DisposeAsync();
        await database.DisposeAsync();
    }

    private MessagingService Messaging => new(database.Factory, database.Clock);
    private EmailDelivery Email => new(database.Factory, database.Clock, data.Options, new MailKitTransport());

    private async Task<List<Notification>> NotificationsForAsync(string key)
    {
        await using var db = database.CreateContext();
        return await db.Notifications.AsNoTracking().Where(n => n.RecipientKey == key).OrderBy(n => n.Id).ToListAsync();
    }

    private List<MimeMessage> Mails() =>
        smtp.Messages.Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data)))).ToList();

    [Fact]
    public async Task An_operators_message_reaches_the_partners_bell_at_once_and_their_email_after_the_delay()
    {
        var thread = await Messaging.GetOrCreateDirectThreadAsync(manager, partner.Id);
        await Messaging.SendAsync(manager, thread, "Your **October statement** is ready.");
        await data.Dispatcher().DispatchAllAsync();

        var n = Assert.Single(await NotificationsForAsync(Notification.PartnerKey(partner.Id)));
        Assert.Equal("New message from Maya Levi", n.Title);
        Assert.Equal($"/portal/messages/{thread}", n.Link);
        Assert.Equal(thread, n.ThreadId);
        Assert.Equal(NotificationCategory.Messages, n.Category);
        Assert.Equal(data.Now, n.DeliverAt);
        Assert.Equal(EmailState.Pending, n.EmailState);
        Assert.Equal(data.Now + data.Options.MessageEmailDelay, n.EmailNextAttemptAt);

        Assert.Equal((0, 0), await Email.SendDueAsync());
        database.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal((1, 0), await Email.SendDueAsync());
        var mail = Assert.Single(Mails());
        Assert.Equal(partner.Email, mail.To.Mailboxes.Single().Address);
        Assert.Equal("New message from Maya Levi", mail.Subject);
        Assert.Contains("October statement", mail.TextBody);
        Assert.Contains($"https://hub.example.test/portal/messages/{thread}", mail.TextBody);
        Assert.Contains("<strong>October statement</strong>", mail.HtmlBody);
        Assert.Equal((0, 0), await Email.SendDueAsync());
    }

    [Fact]
    public async Task The_receipts_and_the_timeline_say_when_an_email_carried_the_message_to_operators_only()
    {
        var thread = await Messaging.GetOrCreateDirectThreadAsync(manager, partner.Id);
        await Messaging.SendAsync(manager, thread, "First point.");
        database.Clock.Advance(TimeSpan.FromSeconds(20));
        await Messaging.SendAsync(manager, thread, "Second point.");
        await data.Dispatcher().DispatchAllAsync();
        database.Clock.Advance(TimeSpan.FromMinutes(3));
        var emailedAt = data.Now;
        Assert.Equal((1, 0), await Email.SendDueAsync());
        // A message written after the email: not carried by it.
        await Messaging.SendAsync(manager, thread, "Third point, after the email.");

        var console = await Messaging.GetThreadAsync(manager, thread, null, 50);
        Assert.Equal([emailedAt, emailedAt, null], console.Messages.Select(m => m.EmailedAt));
        var portal = await Messaging.GetThreadAsync(partnerLogin, thread, null, 50);
        Assert.All(portal.Messages, m => Assert.Null(m.EmailedAt));

        var emails = new TimelineFilter { Kinds = [TimelineKind.Email] };
        var timeline = new TimelineService(database.Factory, database.Clock);
        var item = Assert.Single((await timeline.GetAsync(manager, partner.Id, emails, null, 10)).Items);
        Assert.Equal(("Emailed: 2 new messages from Maya Levi", "Sent", emailedAt), (item.Title, item.Type, item.At));
        var seenByPartner = Assert.Single((await timeline.GetAsync(partnerLogin, partner.Id, emails, null, 10)).Items);
        Assert.Equal(("Emailed: 2 new messages from Maya Levi", (string?)null), (seenByPartner.Title, seenByPartner.Type));
    }

    [Fact]
    public async Task A_message_read_in_the_portal_before_the_delay_sends_no_email()
    {
        var thread = await Messaging.GetOrCreateDirectThreadAsync(manager, partner.Id);
        await Messaging.SendAsync(manager, thread, "Quick one: can you confirm your wallet?");
        await data.Dispatcher().DispatchAllAsync();
        database.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await new ReceiptService(database.Factory, database.Clock).MarkReadAsync(partnerLogin, thread, null, 50));

        database.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal((0, 0), await Email.SendDueAsync());
        Assert.Empty(smtp.Messages);
        Assert.Equal(EmailState.NotNeeded, Assert.Single(await NotificationsForAsync(Notification.PartnerKey(partner.Id))).EmailState);
    }

    [Fact]
    public async Task Ten_messages_in_a_minute_make_one_email_that_carries_all_ten()
    {
        var thread = await Messaging.GetOrCreateDirectThreadAsync(manager, partner.Id);
        for (var i = 1; i <= 10; i++)
        {
            await Messaging.SendAsync(manager, thread, $"Point {i} of the new deal.");
            database.Clock.Advance(TimeSpan.FromSeconds(6));
        }
        await data.Dispatcher().DispatchAllAsync();
        Assert.Equal(10, (await NotificationsForAsync(Notification.PartnerKey(partner.Id))).Count);

        database.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal((1, 0), await Email.SendDueAsync());
        var mail = Assert.Single(Mails());
        Assert.Equal("10 new messages from Maya Levi", mail.Subject);
        for (var i = 1; i <= 10; i++) Assert.Contains($"Point {i} of the new deal.", mail.TextBody);
        var states = (await NotificationsForAsync(Notification.PartnerKey(partner.Id))).Select(n => n.EmailState).ToList();
        Assert.Equal(1, states.Count(s => s == EmailState.Sent));
        Assert.Equal(9, states.Count(s => s == EmailState.NotNeeded));

        // A later message gets its own email, carrying only what the first one did not.
        database.Clock.Advance(TimeSpan.FromSeconds(30));
        await Messaging.SendAsync(manager, thread, "One more thing: the new rate starts Monday.");
        await data.Dispatcher().DispatchAllAsync();
        database.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal((1, 0), await Email.SendDueAsync());
        var second = Mails().Last();
        Assert.Equal("New message from Maya Levi", second.Subject);
        Assert.DoesNotContain("Point 1 of", second.TextBody);
    }

    [Fact]
    public async Task A_partners_message_goes_to_the_assignee_else_the_account_manager_else_every_manager()
    {
        var thread = await Messaging.GetOrCreateDirectThreadAsync(partnerLogin, partner.Id);
        await Messaging.SendAsync(partnerLogin, thread, "When is my next payout?");
        await data.Dispatcher().DispatchAllAsync();
        var toManager = Assert.Single(await NotificationsForAsync(Notification.UserKey(manager.UserId)));
        Assert.Equal($"/console/messages/{thread}", toManager.Link);
        Assert.Equal("New message from Oliver Grant", toManager.Title);
        Assert.Empty(await NotificationsForAsync(Notification.PartnerKey(partner.Id)));

        var other = SqliteDatabase.ActorFor(await database.AddUserAsync(Roles.Manager, "Sam Lee"), Roles.Manager);
        await using (var db = database.CreateContext())
        {
            var t = await db.MessageThreads.SingleAsync(x => x.Id == thread);
            t.AssignTo(other.UserId);
            await db.SaveChangesAsync();
        }
        await Messaging.SendAsync(partnerLogin, thread, "Also: can I change my wallet?");
        await data.Dispatcher().DispatchAllAsync();
        Assert.Single(await NotificationsForAsync(Notification.UserKey(other.UserId)));
        Assert.Single(await NotificationsForAsync(Notification.UserKey(manager.UserId)));

        var orphan = await data.PartnerAsync(name: "No Manager Ltd");
        var orphanLogin = SqliteDatabase.ActorFor(await database.AddUserAsync(Roles.Partner, "No Manager Ltd", orphan.Id), Roles.Partner);
        var orphanThread = await Messaging.GetOrCreateDirectThreadAsync(orphanLogin, orphan.Id);
        await Messaging.SendAsync(orphanLogin, orphanThread, "Hello, is anyone there?");
        await data.Dispatcher().DispatchAllAsync();
        Assert.Equal(2, (await NotificationsForAsync(Notification.UserKey(other.UserId))).Count);
        Assert.Equal(2, (await NotificationsForAsync(Notification.UserKey(manager.UserId))).Count);
    }

    [Fact]
    public async Task Quiet_hours_hold_the_bell_and_the_email_until_morning_in_the_partners_zone()
    {
        database.Clock.Set(new DateTimeOffset(2026, 3, 2, 23, 0, 0, TimeSpan.Zero));
        var thread = await Messaging.GetOrCreateDirectThreadAsync(manager, partner.Id);
        await Messaging.SendAsync(manager, thread, "Late note about tomorrow's payout run.");
        await data.Dispatcher().DispatchAllAsync();
        var n = Assert.Single(await NotificationsForAsync(Notification.PartnerKey(partner.Id)));
        var morning = new DateTime(2026, 3, 3, 7, 0, 0, DateTimeKind.Utc);
        Assert.Equal(morning, n.DeliverAt);
        Assert.Equal(morning + data.Options.MessageEmailDelay, n.EmailNextAttemptAt);
        database.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal((0, 0), await Email.SendDueAsync());
    }

    [Fact]
    public async Task A_partner_who_muted_message_emails_still_gets_the_bell_but_no_email()
    {
        await new PreferenceService(database.Factory, database.Clock).SetAsync(partnerLogin, NotificationCategory.Messages, NotificationChannels.Email, muted: true);
        var thread = await Messaging.GetOrCreateDirectThreadAsync(manager, partner.Id);
        await Messaging.SendAsync(manager, thread, "Your deal was renewed.");
        await data.Dispatcher().DispatchAllAsync();
        var n = Assert.Single(await NotificationsForAsync(Notification.PartnerKey(partner.Id)));
        Assert.Equal(EmailState.NotRequested, n.EmailState);
    }
}
