using System.Text;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using MimeKit.Utils;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Tests.Integration;

/// <summary>One dovecot for the tests of <see cref="ReplyByEmailTests"/>; each test empties the INBOX by polling it.</summary>
public sealed class DovecotFixture : IAsyncLifetime
{
    public DovecotServer Server { get; private set; } = default!;
    public async Task InitializeAsync() => Server = await DovecotServer.StartAsync();
    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// Replies by email, end to end over real servers: SQLite, the in-process SMTP server for the notification email, and Debian's
/// dovecot as the mailbox the inbound job reads over IMAP. A partner's reply lands once in the right thread from the right person
/// with Channel Email; every refusal writes nothing to the thread and an audited record; a bounce marks the email bounced.
/// </summary>
public sealed class ReplyByEmailTests(DovecotFixture dovecot) : IClassFixture<DovecotFixture>, IAsyncLifetime
{
    private const string ReplyDomain = "reply.partnerhub.test";
    private SqliteDatabase database = default!;
    private AutomationTestData data = default!;
    private FakeSmtpServer smtp = default!;
    private InboundMailOptions inbound = default!;
    private readonly string root = Path.Combine(Path.GetTempPath(), $"partnerhub-inbound-files-{Guid.NewGuid():N}");
    private Actor manager = default!;
    private Partner partner = default!;
    private Actor partnerLogin = default!;

    private DovecotServer Imap => dovecot.Server;

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
        inbound = Imap.Options(ReplyDomain);
        inbound.ProcessedFolder = $"Processed-{Guid.NewGuid():N}"[..18]; // this test's own, so its counts are its own
        await using (var db = database.CreateContext()) await DefaultRules.EnsureAsync(db, data.Now);
        manager = SqliteDatabase.ActorFor(await database.AddUserAsync(Roles.Manager, "Maya Levi"), Roles.Manager);
        partner = await data.PartnerAsync(managerId: manager.UserId, name: "Oliver Grant");
        partnerLogin = SqliteDatabase.ActorFor(await database.AddUserAsync(Roles.Partner, "Oliver Grant", partner.Id), Roles.Partner);
        await Processor().PollAsync(); // whatever an earlier test left (refused here: its tokens are not in this database)
    }

    public async Task DisposeAsync()
    {
        await smtp.DisposeAsync();
        await database.DisposeAsync();
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    private MessagingService Messaging => new(database.Factory, database.Clock);
    private EmailDelivery Email => new(database.Factory, database.Clock, data.Options, new MailKitTransport(), null, inbound);
    private InboundMailProcessor Processor() => new(database.Factory, database.Clock, inbound, new AttachmentStore(root));

    private List<MimeMessage> Mails() =>
        smtp.Messages.Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data)))).ToList();

    /// <summary>The manager writes; the partner, away, gets the notification email after the delay.</summary>
    private async Task<(long Thread, MimeMessage Email)> ManagerWritesAsync(string text = "Your **October statement** is ready.")
    {
        var thread = await Messaging.GetOrCreateDirectThreadAsync(manager, partner.Id);
        await Messaging.SendAsync(manager, thread, text);
        await data.Dispatcher().DispatchAllAsync();
        database.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal((1, 0), await Email.SendDueAsync());
        return (thread, Mails().Last());
    }

    private static MimeMessage Reply(MimeMessage email, string from, string text, string? to = null)
    {
        var reply = new MimeMessage { MessageId = MimeUtils.GenerateMessageId("client.example"), Subject = "Re: " + email.Subject, InReplyTo = email.MessageId };
        reply.From.Add(MailboxAddress.Parse(from));
        reply.To.Add(MailboxAddress.Parse(to ?? email.ReplyTo.Mailboxes.Single().Address));
        reply.References.Add(email.MessageId!);
        reply.Body = new TextPart("plain") { Text = text };
        return reply;
    }

    private async Task<List<Message>> MessagesAsync(long thread)
    {
        await using var db = database.CreateContext();
        return await db.Messages.AsNoTracking().Include(m => m.Attachments).Where(m => m.ThreadId == thread).OrderBy(m => m.Id).ToListAsync();
    }

    private async Task<InboundMail> InboundAsync(string mailMessageId)
    {
        await using var db = database.CreateContext();
        return await db.InboundMails.AsNoTracking().SingleAsync(m => m.MailMessageId == mailMessageId);
    }

    [Fact]
    public async Task A_notification_email_carries_a_reply_address_and_threads_on_the_earlier_emails()
    {
        var (thread, first) = await ManagerWritesAsync();
        var replyTo = Assert.Single(first.ReplyTo.Mailboxes).Address;
        var token = ReplyAddress.TokenOf(replyTo, ReplyDomain);
        Assert.NotNull(token);
        Assert.Equal(ReplyAddress.TokenLength, token.Length);
        Assert.DoesNotContain(thread.ToString(System.Globalization.CultureInfo.InvariantCulture), token, StringComparison.Ordinal);
        Assert.EndsWith("@" + ReplyDomain, first.MessageId, StringComparison.Ordinal);
        Assert.Empty(first.References);

        database.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, second) = await ManagerWritesAsync("And the November one too.");
        Assert.Equal(replyTo, second.ReplyTo.Mailboxes.Single().Address); // one address per thread and recipient
        Assert.NotEqual(first.MessageId, second.MessageId);
        Assert.Equal([first.MessageId!], second.References.ToList());
        Assert.Equal(first.MessageId, second.InReplyTo);

        await using var db = database.CreateContext();
        var stored = await db.Notifications.Where(n => n.EmailState == EmailState.Sent).OrderBy(n => n.Id).Select(n => n.EmailMessageId).ToListAsync();
        Assert.Equal([first.MessageId, second.MessageId], stored);
    }

    [Fact]
    public async Task A_reply_becomes_one_message_in_its_thread_from_the_partner_by_email_even_when_fetched_twice()
    {
        var (thread, email) = await ManagerWritesAsync();
        var reply = Reply(email, partner.Email, """
            Yes, received, thanks!

            Oliver

            On Mon, 2 Mar 2026 at 12:03, PartnerHub <no-reply@partnerhub.test> wrote:
            > Your October statement is ready.
            > Read and answer in PartnerHub
            """);
        await Imap.AppendAsync(reply);

        var run = await Processor().PollAsync();

        Assert.Equal(new InboundRun(1, 0, 0, 0), run);
        var messages = await MessagesAsync(thread);
        Assert.Equal(2, messages.Count);
        var answer = messages[1];
        Assert.Equal("Yes, received, thanks!\n\nOliver", answer.Body);
        Assert.Equal(MessageChannel.Email, answer.Channel);
        Assert.Equal(partnerLogin.UserId, answer.AuthorUserId);
        Assert.Equal(partner.Id, answer.AuthorPartnerId);
        Assert.Equal(MessageAuthorKind.Partner, answer.AuthorKind);
        Assert.Null(answer.ChannelNote);
        Assert.Equal((0, 0), await Imap.CountAsync("INBOX"));
        Assert.Equal((1, 1), await Imap.CountAsync(inbound.ProcessedFolder));
        await using (var db = database.CreateContext())
        {
            // Exactly like a send in the app: the audit entry and the MessageSent event for the manager.
            Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "message.sent" && a.EntityId == answer.Id.ToString() && a.UserId == partnerLogin.UserId));
            Assert.True(await db.DomainEvents.AnyAsync(e => e.Type == "MessageSent" && e.RecordId == answer.Id.ToString()));
            Assert.Equal(answer.Id, (await InboundAsync(reply.MessageId!)).MessageId);
        }

        // The same mail again (a restart before the move, or a second copy delivered): nothing new.
        await Imap.AppendAsync(reply);
        Assert.Equal(new InboundRun(0, 0, 0, 1), await Processor().PollAsync());
        Assert.Equal(InboundResult.Duplicate, await Processor().HandleAsync(reply));
        Assert.Equal(2, (await MessagesAsync(thread)).Count);
        Assert.Equal((2, 2), await Imap.CountAsync(inbound.ProcessedFolder));
    }

    [Fact]
    public async Task A_reply_without_the_reply_address_is_matched_by_in_reply_to()
    {
        var (thread, email) = await ManagerWritesAsync();
        await Imap.AppendAsync(Reply(email, partner.Email, "Answered from another client.", to: "support@partnerhub.test"));
        Assert.Equal(1, (await Processor().PollAsync()).Accepted);
        Assert.Equal("Answered from another client.", (await MessagesAsync(thread)).Last().Body);
    }

    [Fact]
    public async Task The_manager_answers_a_partner_by_email_from_the_address_on_record()
    {
        var thread = await Messaging.GetOrCreateDirectThreadAsync(partnerLogin, partner.Id);
        await Messaging.SendAsync(partnerLogin, thread, "When is my next payout?");
        await data.Dispatcher().DispatchAllAsync();
        database.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal((1, 0), await Email.SendDueAsync());
        var email = Mails().Last();
        string managerEmail;
        await using (var db = database.CreateContext()) managerEmail = (await db.Users.SingleAsync(u => u.Id == manager.UserId)).Email!;
        Assert.Equal(managerEmail, email.To.Mailboxes.Single().Address);

        await Imap.AppendAsync(Reply(email, managerEmail.ToUpperInvariant(), "On the 15th, as every month."));

        Assert.Equal(1, (await Processor().PollAsync()).Accepted);
        var answer = (await MessagesAsync(thread)).Last();
        Assert.Equal("On the 15th, as every month.", answer.Body);
        Assert.Equal(manager.UserId, answer.AuthorUserId);
        Assert.Equal(MessageAuthorKind.Operator, answer.AuthorKind);
        Assert.Equal(MessageChannel.Email, answer.Channel);
    }

    [Fact]
    public async Task Outlook_history_and_signatures_are_stripped()
    {
        var (thread, email) = await ManagerWritesAsync();
        await Imap.AppendAsync(Reply(email, partner.Email, """
            Confirmed.
            -- 
            Oliver Grant | Grant Media
            -----Original Message-----
            From: PartnerHub <no-reply@partnerhub.test>
            Sent: Monday, March 2, 2026 12:03 PM
            """));
        await Processor().PollAsync();
        Assert.Equal("Confirmed.", (await MessagesAsync(thread)).Last().Body);
    }

    [Fact]
    public async Task Allowed_attachments_are_kept_and_refused_ones_are_named_in_a_note()
    {
        var (thread, email) = await ManagerWritesAsync();
        var reply = Reply(email, partner.Email, "The signed form and a screenshot.");
        var builder = new BodyBuilder { TextBody = "The signed form and a screenshot." };
        builder.Attachments.Add("screenshot.png", CreativeTestFiles.Png(4, 4), new ContentType("image", "png"));
        builder.Attachments.Add("setup.exe", Encoding.ASCII.GetBytes("MZ not allowed"), new ContentType("application", "octet-stream"));
        reply.Body = builder.ToMessageBody();
        await Imap.AppendAsync(reply);

        Assert.Equal(1, (await Processor().PollAsync()).Accepted);

        var answer = (await MessagesAsync(thread)).Last();
        Assert.Equal("screenshot.png", Assert.Single(answer.Attachments).FileName);
        Assert.Equal(MessageChannel.Email, answer.Channel);
        Assert.NotNull(answer.ChannelNote);
        Assert.StartsWith("Not attached: setup.exe", answer.ChannelNote);
        Assert.True(File.Exists(Path.Combine(root, Assert.Single(answer.Attachments).StoragePath)));
    }

    public static TheoryData<string> Refusals => ["unknown token", "stranger", "other partner", "too large", "auto-submitted", "out of office", "precedence bulk"];

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_mail_writes_nothing_to_the_thread_and_is_audited_with_its_reason(string refusal)
    {
        var (thread, email) = await ManagerWritesAsync();
        var other = await data.PartnerAsync(managerId: manager.UserId, name: "Other Partner");
        await database.AddUserAsync(Roles.Partner, "Other Partner", other.Id);
        var reply = refusal switch
        {
            "unknown token" => Reply(email, partner.Email, "Hello?", to: $"reply+{new string('a', ReplyAddress.TokenLength)}@{ReplyDomain}"),
            "stranger" => Reply(email, "someone@elsewhere.example", "I found this email."),
            "other partner" => Reply(email, other.Email, "Writing into someone else's thread."),
            "too large" => Reply(email, partner.Email, new string('x', inbound.MaxBodyBytes + 1)),
            _ => Reply(email, partner.Email, "I am away until Monday."),
        };
        if (refusal == "auto-submitted") reply.Headers.Add(HeaderId.AutoSubmitted, "auto-replied");
        if (refusal == "out of office") reply.Subject = "Out of office: " + email.Subject;
        if (refusal == "precedence bulk") reply.Headers.Add(HeaderId.Precedence, "bulk");
        await Imap.AppendAsync(reply);

        Assert.Equal(new InboundRun(0, 1, 0, 0), await Processor().PollAsync());

        Assert.Single(await MessagesAsync(thread));
        var row = await InboundAsync(reply.MessageId!);
        Assert.Equal(InboundMailOutcome.Refused, row.Outcome);
        Assert.Contains(refusal switch
        {
            "unknown token" => "Unknown reply address",
            "stranger" => "not on record",
            "other partner" => "may not write",
            "too large" => "over the limit",
            _ => "Auto-reply",
        }, row.Reason, StringComparison.Ordinal);
        await using (var db = database.CreateContext())
        {
            var audit = await db.AuditLog.AsNoTracking().SingleAsync(a => a.Action == "inbound-mail.refused" && a.EntityId == reply.MessageId);
            Assert.Contains(row.Reason!.Split(' ')[0], audit.Details, StringComparison.Ordinal);
            Assert.Contains(reply.From.Mailboxes.Single().Address, audit.Details, StringComparison.Ordinal);
        }
        Assert.Equal((0, 0), await Imap.CountAsync("INBOX"));
        // Fetched again, it is not audited a second time.
        Assert.Equal(InboundResult.Duplicate, await Processor().HandleAsync(reply));
    }

    [Fact]
    public async Task A_delivery_status_notification_marks_the_email_bounced_and_the_profile_shows_it()
    {
        var (_, email) = await ManagerWritesAsync();
        var dsn = new MimeMessage { MessageId = MimeUtils.GenerateMessageId("mx.partners.test"), Subject = "Undelivered Mail Returned to Sender" };
        dsn.From.Add(MailboxAddress.Parse("MAILER-DAEMON@mx.partners.test"));
        dsn.To.Add(MailboxAddress.Parse("no-reply@partnerhub.test"));
        var report = new MultipartReport("delivery-status")
        {
            new TextPart("plain") { Text = "This is the mail system. Your message could not be delivered." },
        };
        var status = new MessageDeliveryStatus();
        status.StatusGroups.Add(new HeaderList { { "Reporting-MTA", "dns; mx.partners.test" } });
        status.StatusGroups.Add(new HeaderList { { "Final-Recipient", $"rfc822; {partner.Email}" }, { "Action", "failed" }, { "Status", "5.1.1" } });
        report.Add(status);
        var returned = new MimeMessage { MessageId = email.MessageId!, Subject = email.Subject! };
        returned.From.Add(MailboxAddress.Parse("no-reply@partnerhub.test"));
        report.Add(new TextRfc822Headers { Message = returned });
        dsn.Body = report;
        await Imap.AppendAsync(dsn);

        Assert.Equal(new InboundRun(0, 0, 1, 0), await Processor().PollAsync());

        await using var db = database.CreateContext();
        var n = await db.Notifications.AsNoTracking().SingleAsync(x => x.EmailMessageId == email.MessageId);
        Assert.Equal(EmailState.Bounced, n.EmailState);
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "email.bounced" && a.EntityId == n.Id.ToString()));
        var bounced = Assert.Single(await new EmailBounces(database.Factory).ForPartnerAsync(manager, partner.Id));
        Assert.Equal(email.Subject, bounced.Subject);
        Assert.Equal(data.Now, bounced.BouncedAt);
        await Assert.ThrowsAsync<AccessDeniedException>(() => new EmailBounces(database.Factory).ForPartnerAsync(partnerLogin, partner.Id));
    }
}
