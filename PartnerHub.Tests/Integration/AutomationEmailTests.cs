using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// The email channel through MailKit against an SMTP server in the test process: sent when SMTP is configured, retried with
/// backoff when the server fails, given up after the last attempt, and never in the way of the in-app notification.
/// </summary>
public sealed class AutomationEmailTests : IAsyncLifetime
{
    private SqliteDatabase database = default!;
    private AutomationTestData data = default!;
    private FakeSmtpServer smtp = default!;

    public async Task InitializeAsync()
    {
        database = await SqliteDatabase.CreateAsync();
        database.Clock.Set(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        data = new AutomationTestData(database);
        smtp = FakeSmtpServer.Start();
        data.Options.Smtp = new SmtpSettings { Host = "127.0.0.1", Port = smtp.Port, Security = "None", From = "PartnerHub <no-reply@partnerhub.test>" };
    }

    public async Task DisposeAsync()
    {
        await smtp.DisposeAsync();
        await database.DisposeAsync();
    }

    private EmailDelivery Email() => new(database.Factory, database.Clock, data.Options, new MailKitTransport());

    private async Task<(Notification Notification, string PartnerEmail)> DispatchEmailRuleAsync()
    {
        var partner = await data.PartnerAsync(name: "Mail Partner");
        await data.RuleAsync(EventTypes.PayoutProcessed, "Payout sent: {{payout.amount}} {{payout.currency}}", "Your payout of **{{payout.amount}}** is on its way.",
            r => r.Channels = NotificationChannels.InApp | NotificationChannels.Email);
        var e = await data.EventAsync(EventTypes.PayoutProcessed, partner.Id, AutomationTestData.Payout(75m));
        await data.Dispatcher().DispatchAllAsync();
        return (Assert.Single(await data.NotificationsAsync(e.Id)), partner.Email);
    }

    private async Task<Notification> ReloadAsync(long id)
    {
        await using var db = database.CreateContext();
        return await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == id);
    }

    [Fact]
    public async Task An_email_rule_queues_the_email_and_the_sender_delivers_it_over_smtp()
    {
        var (n, email) = await DispatchEmailRuleAsync();
        Assert.Equal(EmailState.Pending, n.EmailState);
        Assert.Equal(n.DeliverAt, n.EmailNextAttemptAt);

        Assert.Equal((1, 0), await Email().SendDueAsync());

        var sent = await ReloadAsync(n.Id);
        Assert.Equal((EmailState.Sent, 1), (sent.EmailState, sent.EmailAttempts));
        var message = Assert.Single(smtp.Messages);
        Assert.Contains($"<{email}>", message.Recipients);
        Assert.Contains("Subject: Payout sent: 75.00 USD", message.Data, StringComparison.Ordinal);
        Assert.Contains("<strong>75.00</strong>", message.Data, StringComparison.Ordinal);
        Assert.Equal((0, 0), await Email().SendDueAsync());
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task A_failing_mail_server_is_retried_with_backoff_then_given_up_while_the_in_app_notification_stands()
    {
        smtp.DeferMail = true;
        var (n, _) = await DispatchEmailRuleAsync();

        Assert.Equal((0, 1), await Email().SendDueAsync());
        var first = await ReloadAsync(n.Id);
        Assert.Equal((EmailState.Deferred, 1), (first.EmailState, first.EmailAttempts));
        Assert.Equal(data.Now.AddMinutes(1), first.EmailNextAttemptAt);
        Assert.Equal("451 4.3.0 Temporary local problem, try again later", first.EmailLastError);
        // Not due yet: nothing is tried.
        Assert.Equal((0, 0), await Email().SendDueAsync());

        var waits = new[] { 1, 5, 30, 120, 720 };
        for (var i = 0; i < waits.Length; i++)
        {
            database.Clock.Advance(TimeSpan.FromMinutes(waits[i]));
            Assert.Equal((0, 1), await Email().SendDueAsync());
        }
        var givenUp = await ReloadAsync(n.Id);
        Assert.Equal((EmailState.GivenUp, data.Options.MaxEmailAttempts, (DateTime?)null), (givenUp.EmailState, givenUp.EmailAttempts, givenUp.EmailNextAttemptAt));
        // The in-app notification was visible all along.
        Assert.Equal(n.CreatedAt, givenUp.DeliverAt);
        Assert.Equal("Payout sent: 75.00 USD", givenUp.Title);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task A_permanent_refusal_is_given_up_at_once_with_the_servers_answer()
    {
        smtp.RejectMail = true;
        var (n, _) = await DispatchEmailRuleAsync();

        Assert.Equal((0, 1), await Email().SendDueAsync());
        var givenUp = await ReloadAsync(n.Id);
        Assert.Equal((EmailState.GivenUp, 1, (DateTime?)null), (givenUp.EmailState, givenUp.EmailAttempts, givenUp.EmailNextAttemptAt));
        Assert.Equal("550 Requested action not taken: mailbox unavailable", givenUp.EmailLastError);
        Assert.Equal(data.Now, givenUp.EmailLastAttemptAt);
        database.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal((0, 0), await Email().SendDueAsync());
    }

    [Fact]
    public async Task An_unreachable_server_counts_as_an_attempt_and_a_later_retry_delivers()
    {
        var port = smtp.Port;
        await smtp.DisposeAsync();
        var (n, _) = await DispatchEmailRuleAsync();

        Assert.Equal((0, 1), await Email().SendDueAsync());
        var deferred = await ReloadAsync(n.Id);
        Assert.Equal((EmailState.Deferred, 1), (deferred.EmailState, deferred.EmailAttempts));
        Assert.False(string.IsNullOrWhiteSpace(deferred.EmailLastError));

        smtp = FakeSmtpServer.Start(port);
        database.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal((1, 0), await Email().SendDueAsync());
        Assert.Equal((EmailState.Sent, 2), ((await ReloadAsync(n.Id)).EmailState, (await ReloadAsync(n.Id)).EmailAttempts));
    }

    [Fact]
    public async Task Without_smtp_settings_no_email_is_queued()
    {
        data.Options.Smtp = new SmtpSettings();
        var (n, _) = await DispatchEmailRuleAsync();
        Assert.Equal(EmailState.NotRequested, n.EmailState);
        Assert.Equal((0, 0), await Email().SendDueAsync());
    }
}
