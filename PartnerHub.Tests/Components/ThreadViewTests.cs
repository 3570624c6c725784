using System.Collections.Concurrent;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Messaging;
using ThreadView = PartnerHub.Web.Features.Messaging.ThreadView;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Components;

/// <summary>The thread view and composer against a real SQLite database, with the real singleton notifier.</summary>
public sealed class ThreadViewTests : MudTestContext, IClassFixture<ThreadViewTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public ApplicationUser Manager { get; private set; } = default!;
        public ApplicationUser Compliance { get; private set; } = default!;
        public ApplicationUser PartnerUser { get; private set; } = default!;
        public int PartnerId { get; private set; }
        public long DirectThreadId { get; private set; }
        public long PayoutThreadId { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var admin = await AddActorAsync(Roles.Admin);
            Manager = await AddUserAsync(Roles.Manager, "Maya Manager");
            Compliance = await AddUserAsync(Roles.Compliance, "Cora Compliance");
            PartnerId = await new PartnerService(Factory, Clock).CreateAsync(admin, new NewPartner
            {
                Name = "Oliver Grant Media",
                Email = "oliver@threadview.test",
                Vertical = Vertical.IGamingAffiliate,
                Country = "MT",
            });
            PartnerUser = await AddUserAsync(Roles.Partner, "Oliver Grant", PartnerId);

            var messaging = new MessagingService(Factory, Clock);
            DirectThreadId = await messaging.GetOrCreateDirectThreadAsync(admin, PartnerId);
            await messaging.SendAsync(ActorFor(Manager, Roles.Manager), DirectThreadId,
                "**Welcome** aboard <script>alert('xss')</script> [click](javascript:alert(1))");
            Clock.Advance(TimeSpan.FromMinutes(3));
            await Factory.OpenThreadAsync(Clock, ActorFor(PartnerUser, Roles.Partner), DirectThreadId, null, 30);
            await messaging.SendAsync(ActorFor(PartnerUser, Roles.Partner), DirectThreadId, "Thanks, *glad* to be here");

            await using var db = CreateContext();
            var payout = new PartnerHub.Domain.Payouts.Payout(PartnerId, 2450.5m, "USD", PayoutMethod.BankWire, Clock.GetUtcNow().UtcDateTime);
            db.Payouts.Add(payout);
            await db.SaveChangesAsync();
            PayoutThreadId = await messaging.StartRecordThreadAsync(ActorFor(Manager, Roles.Manager), PartnerId,
                LinkedRecordType.Payout, payout.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "About this payout");
        }
    }

    private readonly Data data;
    private readonly ConcurrentQueue<MessageChange> published = new();

    public ThreadViewTests(Data data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock);
        Services.AddLogging();
        Services.AddScoped<MessagingService>();
        Services.AddScoped<ReceiptService>();
        Services.AddScoped<InboxQueries>();
        Services.AddScoped<SavedReplies>();
        Services.AddSingleton<MessageNotifier>();
        Services.AddSingleton<IMessageSignal>(sp => sp.GetRequiredService<MessageNotifier>());
    }

    private MessageNotifier Notifier => Services.GetRequiredService<MessageNotifier>();

    private IRenderedComponent<ThreadView> RenderThread(bool portal = false)
    {
        Notifier.Subscribe([MessageChange.ThreadTopic(data.DirectThreadId)], e =>
        {
            published.Enqueue(e);
            return Task.CompletedTask;
        });
        var cut = Render<ThreadView>(p => p.Add(t => t.ThreadId, data.DirectThreadId).Add(t => t.PortalView, portal));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("article.ph-message")));
        return cut;
    }

    private static AngleSharp.Dom.IElement? SendButton(IRenderedComponent<ThreadView> cut) =>
        cut.FindAll("button").SingleOrDefault(b => b.TextContent.Trim() == "Send");

    [Fact]
    public void Renders_the_messages_with_Markdown_formatted_and_a_script_payload_inert()
    {
        SignInAs(data.Manager, Roles.Manager);

        var cut = RenderThread();

        var welcome = cut.FindAll("article.ph-message").First(m => m.TextContent.Contains("Welcome", StringComparison.Ordinal));
        Assert.Equal("Welcome", welcome.QuerySelector(".ph-message-body strong")?.TextContent);
        Assert.Contains("Maya Manager", welcome.TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("script"));
        Assert.Contains("<script>alert('xss')</script>", welcome.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(cut.FindAll("a"), a => (a.GetAttribute("href") ?? "").Contains("javascript", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(cut.FindAll(".ph-message-body em"), e => e.TextContent == "glad");
        Assert.NotNull(SendButton(cut));
        Assert.Single(cut.FindAll("textarea"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_author_gets_an_edit_button_only_while_allowed_to_write_in_the_thread(bool canWrite)
    {
        SignInAs(data.Manager, Roles.Manager);
        var mine = new MessageView(1, MessageAuthorKind.Operator, "Maya Manager", IsMine: true, "Hello", data.Clock.GetUtcNow().UtcDateTime,
            false, null, false, null, null, null, null, null, [], null, [], null);

        var cut = Render<MessageItem>(p => p.Add(m => m.Message, mine).Add(m => m.PartnerId, data.PartnerId).Add(m => m.CanWriteThread, canWrite));

        Assert.Equal(canWrite, cut.FindAll("button[aria-label='Edit message']").Count == 1);
    }

    [Theory]
    [InlineData(MessageChannel.Email, true)]
    [InlineData(MessageChannel.Web, false)]
    public void A_reply_by_email_carries_the_envelope_mark_and_the_note_of_refused_files(MessageChannel channel, bool marked)
    {
        SignInAs(data.Manager, Roles.Manager);
        var reply = new MessageView(2, MessageAuthorKind.Partner, "Oliver Grant", IsMine: false, "Confirmed.", data.Clock.GetUtcNow().UtcDateTime,
            false, null, false, null, null, null, null, null, [], null, [], null, Channel: channel, ChannelNote: marked ? "Not attached: setup.exe (not an allowed type)." : null);

        var cut = Render<MessageItem>(p => p.Add(m => m.Message, reply).Add(m => m.PartnerId, data.PartnerId));

        Assert.Equal(marked, cut.FindAll("[aria-label='Sent by email']").Count == 1);
        Assert.Equal(marked, cut.FindAll(".ph-message-channel-note").Any(n => n.TextContent.Contains("setup.exe", StringComparison.Ordinal)));
    }

    [Fact]
    public void Compliance_reads_the_thread_without_a_composer()
    {
        SignInAs(data.Compliance, Roles.Compliance);

        var cut = RenderThread();

        Assert.Contains("Thanks,", cut.Markup, StringComparison.Ordinal);
        Assert.Null(SendButton(cut));
        Assert.Empty(cut.FindAll("textarea"));
        Assert.Contains("You can read this conversation but not write in it.", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sending_shows_the_new_message_and_the_service_publishes_it()
    {
        SignInAs(data.PartnerUser, Roles.Partner);
        var cut = RenderThread(portal: true);

        cut.Find("textarea").Input("Can you check my **April** payout?");
        SendButton(cut)!.Click();

        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("article.ph-message .ph-message-body strong"), s => s.TextContent == "April"));
        Assert.Equal("", cut.Find("textarea").GetAttribute("value") ?? "");
        await Poll.UntilAsync(() => published.Any(e => e.Kind == MessageChangeKind.Sent));
        var sent = Assert.Single(published, e => e.Kind == MessageChangeKind.Sent);
        Assert.Equal(data.DirectThreadId, sent.ThreadId);
        Assert.Equal(data.PartnerId, sent.PartnerId);
        Assert.Equal(data.PartnerUser.Id, sent.ActorUserId);
    }

    [Fact]
    public void Sending_an_empty_message_shows_the_error_at_the_field()
    {
        SignInAs(data.PartnerUser, Roles.Partner);
        var cut = RenderThread(portal: true);

        SendButton(cut)!.Click();

        cut.WaitForAssertion(() => Assert.Contains("Write a message first.", cut.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain(published, e => e.Kind == MessageChangeKind.Sent);
    }

    [Fact]
    public async Task An_event_from_another_user_reloads_the_view_and_marks_the_message_read()
    {
        SignInAs(data.PartnerUser, Roles.Partner);
        var cut = RenderThread(portal: true);
        var manager = SqliteDatabase.ActorFor(data.Manager, Roles.Manager);

        data.Clock.Advance(TimeSpan.FromMinutes(1));
        // Sent outside the partner's circuit (as a job, the API or an email reply would): the service tells the open thread.
        var id = await new MessagingService(data.Factory, data.Clock, signal: Notifier).SendAsync(manager, data.DirectThreadId, "Your payout is *on its way*");

        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll(".ph-message-body em"), e => e.TextContent == "on its way"), TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(() => published.Any(e => e.Kind == MessageChangeKind.Read && e.MessageId == id && e.ActorUserId == data.PartnerUser.Id));
    }

    [Fact]
    public void The_partner_sees_read_by_the_program_team_and_operators_see_who_read()
    {
        SignInAs(data.Manager, Roles.Manager);
        var operatorView = RenderThread();
        // The partner opened the thread while seeding, so the manager's first message was read by Oliver Grant.
        Assert.Contains(operatorView.FindAll("[data-testid='read-receipt']"), r => r.TextContent.StartsWith("Read by Oliver Grant ", StringComparison.Ordinal));
    }

    /// <summary>A new message of the manager's, and a sent email that carried it at <paramref name="emailedAt"/>.</summary>
    private async Task EmailedMessageAsync(string text, DateTime emailedAt)
    {
        var manager = SqliteDatabase.ActorFor(data.Manager, Roles.Manager);
        data.Clock.Advance(TimeSpan.FromMinutes(1));
        var id = await new MessagingService(data.Factory, data.Clock).SendAsync(manager, data.DirectThreadId, text);
        await using var db = data.CreateContext();
        var n = new PartnerHub.Domain.Notifications.Notification(PartnerHub.Domain.Notifications.Notification.PartnerKey(data.PartnerId), data.PartnerId, null,
            PartnerHub.Domain.Notifications.NotificationCategory.Messages, "New message from Maya Manager", "Statement", $"/portal/messages/{data.DirectThreadId}",
            emailedAt.AddMinutes(-3), emailedAt.AddMinutes(-3))
        {
            ThreadId = data.DirectThreadId, EmailState = PartnerHub.Domain.Notifications.EmailState.Sent, EmailSentAt = emailedAt, EmailLastAttemptAt = emailedAt,
        };
        db.Notifications.Add(n);
        await db.SaveChangesAsync();
        db.EmailedMessages.Add(new PartnerHub.Domain.Notifications.EmailedMessage(n.Id, id));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Operators_see_emailed_HH_mm_in_their_zone_on_a_message_an_email_carried()
    {
        await EmailedMessageAsync("Your statement for *May* is ready", new DateTime(2026, 5, 4, 10, 42, 0, DateTimeKind.Utc));
        SignInAs(data.Manager, Roles.Manager);
        Services.GetRequiredService<PartnerHub.Web.Components.Shared.ViewerTime>().Use("Europe/Berlin");

        var cut = RenderThread();

        var message = cut.FindAll("article.ph-message").Single(m => m.TextContent.Contains("for May is ready", StringComparison.Ordinal));
        // 10:42 UTC is 12:42 in Berlin in May.
        Assert.Equal("Emailed 12:42", message.QuerySelector("[data-testid='read-receipt']")?.TextContent.Trim());
    }

    [Fact]
    public async Task The_partner_is_not_shown_when_a_message_was_emailed()
    {
        await EmailedMessageAsync("Your statement for *June* is ready", new DateTime(2026, 6, 4, 10, 42, 0, DateTimeKind.Utc));
        SignInAs(data.PartnerUser, Roles.Partner);

        var cut = RenderThread(portal: true);

        Assert.Contains(cut.FindAll("article.ph-message"), m => m.TextContent.Contains("for June is ready", StringComparison.Ordinal));
        Assert.DoesNotContain("Emailed", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_partner_sees_its_message_read_by_the_program_team()
    {
        await data.Factory.OpenThreadAsync(data.Clock, SqliteDatabase.ActorFor(data.Manager, Roles.Manager), data.DirectThreadId, null, 30);
        SignInAs(data.PartnerUser, Roles.Partner);

        var cut = RenderThread(portal: true);

        var reply = cut.FindAll("article.ph-message").First(m => m.TextContent.Contains("Thanks,", StringComparison.Ordinal));
        Assert.StartsWith("Read by the program team ", reply.QuerySelector("[data-testid='read-receipt']")?.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Maya Manager 1", cut.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_record_linked_message_shows_the_snapshot_card_with_a_link_to_the_record(bool portal)
    {
        if (portal) SignInAs(data.PartnerUser, Roles.Partner);
        else SignInAs(data.Manager, Roles.Manager);

        var cut = Render<ThreadView>(p => p.Add(t => t.ThreadId, data.PayoutThreadId).Add(t => t.PortalView, portal));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid='record-card']")));
        var card = cut.Find("[data-testid='record-card']");
        var figures = card.QuerySelectorAll("dt").Select(d => d.TextContent.Trim()).ToList();
        Assert.Contains("Amount", figures);
        Assert.Contains(card.QuerySelectorAll("dd"), d => d.TextContent.Contains("2450.5", StringComparison.Ordinal));
        var href = card.QuerySelector("a")?.GetAttribute("href");
        Assert.Equal(portal ? "/portal/payouts" : $"/console/partners/{data.PartnerId}?tab=payouts", href);
    }
    [Fact]
    public void The_composer_refuses_a_wrong_file_type_or_a_sixth_file_at_the_field_and_sends_nothing()
    {
        SignInAs(data.Manager, Roles.Manager);
        var cut = RenderThread();
        var before = cut.FindAll("article.ph-message").Count;

        cut.FindComponents<Microsoft.AspNetCore.Components.Forms.InputFile>().Last()
            .UploadFiles(InputFileContent.CreateFromText("MZ", "payout-fix.exe"));
        cut.WaitForAssertion(() => Assert.Contains("payout-fix.exe is not an allowed file type", cut.Find("[data-testid=attachment-error]").TextContent, StringComparison.Ordinal));

        cut.FindComponents<Microsoft.AspNetCore.Components.Forms.InputFile>().Last()
            .UploadFiles(Enumerable.Range(1, 6).Select(i => InputFileContent.CreateFromText("a,b", $"report-{i}.csv")).ToArray());
        cut.WaitForAssertion(() => Assert.Contains("Attach at most 5 files", cut.Find("[data-testid=attachment-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[aria-label='Files to send']"));
        Assert.Equal(before, cut.FindAll("article.ph-message").Count);
    }

    [Fact]
    public void Only_the_author_sees_edit_within_five_minutes_and_an_admin_may_retract_anything()
    {
        SignInAs(data.PartnerUser, Roles.Partner);
        var cut = RenderThread(portal: true);

        var mine = cut.FindAll("article.ph-message").Single(m => m.TextContent.Contains("glad", StringComparison.Ordinal));
        var theirs = cut.FindAll("article.ph-message").First(m => m.TextContent.Contains("Welcome", StringComparison.Ordinal));
        Assert.NotNull(mine.QuerySelector("button[aria-label='Edit message']"));
        Assert.Null(theirs.QuerySelector("button[aria-label='Edit message']"));
        Assert.Null(theirs.QuerySelector("button[aria-label='Retract message']"));
    }
}
