using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using MimeKit.Utils;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Messaging;

namespace PartnerHub.Tests.Browser;

/// <summary>
/// The portal with real mail on both sides: the in-process SMTP server receives the notification emails, and Debian's dovecot
/// is the mailbox the inbound job polls (every second; message emails after 2 s, the email sender every second).
/// A server of its own, so the shared one keeps sending no email.
/// </summary>
public sealed class MailPortalServer : PortalServer
{
    public const string ReplyDomain = "reply.partnerhub.test";
    public FakeSmtpServer Smtp { get; private set; } = default!;
    public DovecotServer Imap { get; private set; } = default!;

    protected override async Task StartDependenciesAsync()
    {
        Smtp = FakeSmtpServer.Start();
        Imap = await DovecotServer.StartAsync();
    }

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Smtp:Host", "127.0.0.1"), new("Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Smtp:Security", "None"), new("Smtp:From", "PartnerHub <no-reply@partnerhub.test>"), new("Smtp:PublicBaseUrl", "http://127.0.0.1"),
        new("Notifications:MessageEmailDelay", "00:00:02"), new("Jobs:EmailSeconds", "1"),
        new("InboundMail:Host", Imap.Host), new("InboundMail:Port", Imap.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("InboundMail:UserName", DovecotServer.UserName), new("InboundMail:Password", DovecotServer.Password),
        new("InboundMail:Security", "None"), new("InboundMail:ReplyDomain", ReplyDomain), new("InboundMail:PollSeconds", "1"),
        // Its own Quartz scheduler: the shared server's lives in the same process.
        new("Jobs:SchedulerName", "PartnerHub-mail-journey"),
    ];

    protected override async ValueTask StopDependenciesAsync()
    {
        await Imap.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>
/// A partner who is not signed in answers the manager from their mail client; the manager sees it arrive live. In the portal
/// collection (one journey at a time), though on its own server: two browsers and servers at once would only load the machine.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ReplyByEmailJourneyTests(MailPortalServer server) : IClassFixture<MailPortalServer>
{
    [Fact]
    public async Task A_partners_emailed_reply_shows_live_in_the_managers_open_thread_with_its_envelope_mark()
    {
        var login = await server.CreatePartnerLoginAsync("Email Reply Partner");
        long threadId;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var user = await db.Users.SingleAsync(u => u.Email == DemoAccounts.Manager);
            var manager = new Actor(user.Id, user.DisplayName, new HashSet<string> { Roles.Manager }, null, "127.0.0.1");
            threadId = await scope.ServiceProvider.GetRequiredService<MessagingService>().GetOrCreateDirectThreadAsync(manager, login.PartnerId!.Value);
        }

        // The manager writes from the console; the partner is not signed in anywhere.
        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInAsync(DemoAccounts.Manager);
        await page.WaitForURLAsync(new Regex("/console$"));
        await page.GotoAsync($"/console/messages/{threadId}");
        var hub = server.Services.GetRequiredService<MessageNotifier>();
        await Poll.UntilAsync(() => hub.IsFollowed(MessageChange.ThreadTopic(threadId)));
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync("Your **November statement** is ready. Can you confirm the wallet?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Article).Last).ToContainTextAsync("Can you confirm the wallet?");

        // After the delay the notification email reaches the partner's inbox (the test SMTP server).
        MimeMessage? email = null;
        await Poll.UntilAsync(() =>
        {
            email = server.Smtp.Messages.Where(m => m.Recipients.Any(r => r.Contains(login.Email, StringComparison.OrdinalIgnoreCase)))
                .Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data)))).LastOrDefault();
            return email is not null;
        }, 60);
        Assert.Contains("November statement", email!.TextBody, StringComparison.Ordinal);
        var replyTo = Assert.Single(email.ReplyTo.Mailboxes).Address;
        Assert.EndsWith("@" + MailPortalServer.ReplyDomain, replyTo, StringComparison.Ordinal);

        // The partner answers from a mail client: the mail server leaves the reply in the mailbox (IMAP APPEND).
        var reply = new MimeMessage { MessageId = MimeUtils.GenerateMessageId("client.example"), Subject = "Re: " + email.Subject, InReplyTo = email.MessageId };
        reply.From.Add(new MailboxAddress(login.DisplayName, login.Email));
        reply.To.Add(MailboxAddress.Parse(replyTo));
        reply.Body = new TextPart("plain")
        {
            Text = $"Confirmed, the wallet ending 4471 is right.\n\n-- \n{login.DisplayName}\n\nOn {DateTime.UtcNow:ddd, d MMM yyyy}, PartnerHub <no-reply@partnerhub.test> wrote:\n> Your November statement is ready.\n",
        };
        await server.Imap.AppendAsync(reply);

        // The inbound job makes it a message; the manager's open thread shows it without a reload, marked as sent by email.
        var answer = page.GetByRole(AriaRole.Article, new() { Name = $"From {login.DisplayName}" }).Last;
        await Assertions.Expect(answer).ToContainTextAsync("Confirmed, the wallet ending 4471 is right.", new() { Timeout = 60_000 });
        await Assertions.Expect(answer).Not.ToContainTextAsync("November statement is ready");
        var envelope = answer.GetByRole(AriaRole.Img, new() { Name = "Sent by email" });
        await Assertions.Expect(envelope).ToBeVisibleAsync();
        await envelope.HoverAsync();
        await Assertions.Expect(page.Locator(".mud-tooltip").GetByText("Sent by email", new() { Exact = true })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "reply-by-email.png"), FullPage = true });

        Assert.Equal((0, 0), await server.Imap.CountAsync("INBOX"));
        Assert.Equal(1, (await server.Imap.CountAsync("Processed")).Count);
    }
}
