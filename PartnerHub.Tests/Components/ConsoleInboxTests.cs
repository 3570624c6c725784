using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Messaging;
using PartnerHub.Web.Features.Messaging.Inbox;
using MudBlazor;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Components;

/// <summary>The console inbox page against a real SQLite database.</summary>
public sealed class ConsoleInboxTests : MudTestContext, IClassFixture<ConsoleInboxTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public ApplicationUser Manager { get; private set; } = default!;
        public ApplicationUser Compliance { get; private set; } = default!;
        public long WaitingThreadId { get; private set; }
        public long FreshThreadId { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var admin = await AddActorAsync(Roles.Admin);
            Manager = await AddUserAsync(Roles.Manager, "Maya Manager");
            Compliance = await AddUserAsync(Roles.Compliance, "Cora Compliance");
            var partners = new PartnerService(Factory, Clock);
            var messaging = new MessagingService(Factory, Clock);

            var waiting = await partners.CreateAsync(admin, new NewPartner
            {
                Name = "Waiting Media", Email = "waiting@inbox.test", Vertical = Vertical.IGamingAffiliate, Country = "MT",
            });
            var waitingUser = await AddUserAsync(Roles.Partner, "Wendy Waiting", waiting);
            WaitingThreadId = await messaging.GetOrCreateDirectThreadAsync(admin, waiting);
            await messaging.SendAsync(ActorFor(waitingUser, Roles.Partner), WaitingThreadId, "Still waiting for an answer");

            Clock.Advance(TimeSpan.FromHours(24));
            var fresh = await partners.CreateAsync(admin, new NewPartner
            {
                Name = "Fresh Traders", Email = "fresh@inbox.test", Vertical = Vertical.ForexIb, Country = "CY",
            });
            var freshUser = await AddUserAsync(Roles.Partner, "Fred Fresh", fresh);
            FreshThreadId = await messaging.GetOrCreateDirectThreadAsync(admin, fresh);
            await messaging.SendAsync(ActorFor(freshUser, Roles.Partner), FreshThreadId, "Quick **question** about [fees](https://x.example)");
            Clock.Advance(TimeSpan.FromHours(2));
        }
    }

    private readonly Data data;

    public ConsoleInboxTests(Data data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock);
        Services.AddLogging();
        Services.AddScoped<InboxQueries>();
        Services.AddSingleton<SharedInboxRows>();
        Services.AddScoped<ThreadTriage>();
        Services.AddScoped<PartnerQueries>();
        Services.AddSingleton<MessageNotifier>();
        Services.AddSingleton<IMessageSignal>(sp => sp.GetRequiredService<MessageNotifier>());
    }

    private IRenderedComponent<ConsoleInbox> RenderInbox()
    {
        RenderPopovers();
        var cut = Render<ConsoleInbox>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("a[data-thread-id]").Count));
        return cut;
    }

    [Fact]
    public void Rows_link_to_each_thread_newest_activity_first()
    {
        SignInAs(data.Compliance, Roles.Compliance);
        var cut = RenderInbox();

        var links = cut.FindAll("a[data-thread-id]");
        Assert.Equal(["Fresh Traders", "Waiting Media"], links.Select(a => a.TextContent.Trim()));
        Assert.Equal($"/console/messages/{data.FreshThreadId}", links[0].GetAttribute("href"));
        Assert.Equal($"/console/messages/{data.WaitingThreadId}", links[1].GetAttribute("href"));
        foreach (var label in new[] { "Unread (mine)", "Unanswered", "Assigned", "Record-linked", "Vertical" })
            Assert.Contains(label, cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Unanswered_chip_shows_the_age_and_warns_beyond_24_hours()
    {
        SignInAs(data.Compliance, Roles.Compliance);
        var cut = RenderInbox();

        var chips = cut.FindAll("[data-testid=unanswered]");
        Assert.Equal(2, chips.Count);
        var fresh = chips.Single(c => c.TextContent.Contains("Unanswered 2 h", StringComparison.Ordinal));
        var waiting = chips.Single(c => c.TextContent.Contains("Unanswered 1 d 2 h", StringComparison.Ordinal));
        Assert.Equal("Unanswered for 1 d 2 h", waiting.GetAttribute("aria-label"));
        Assert.Contains("warning", waiting.ClassName, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", fresh.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_preview_the_latest_message_as_plain_text_with_its_author()
    {
        SignInAs(data.Compliance, Roles.Compliance);
        var cut = RenderInbox();

        var previews = cut.FindAll("[data-testid=preview]").Select(p => p.TextContent.Trim()).ToList();
        Assert.Contains("Fred Fresh: Quick question about fees", previews);
        Assert.Contains("Wendy Waiting: Still waiting for an answer", previews);
        Assert.DoesNotContain("**", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Unknown", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(["2 h ago", "1 d 2 h ago"], cut.FindAll("[data-testid=last-activity]").Select(a => a.TextContent.Trim()));
    }

    [Fact]
    public void A_filter_goes_into_the_address_and_the_address_restores_it()
    {
        SignInAs(data.Manager, Roles.Manager);
        var cut = RenderInbox();
        var navigation = Services.GetRequiredService<NavigationManager>();

        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Done").Click();
        cut.WaitForAssertion(() => Assert.EndsWith("?state=done", navigation.Uri, StringComparison.Ordinal));

        // Opening that address shows the done threads (none yet) with the Done button pressed.
        navigation.NavigateTo(navigation.GetUriWithQueryParameters(new Dictionary<string, object?> { ["state"] = "done", ["unanswered"] = "true" }));
        var done = Render<ConsoleInbox>();
        done.WaitForAssertion(() => Assert.Contains("No conversation matches these filters.", done.Markup, StringComparison.Ordinal));
        Assert.Equal("true", done.FindAll("button").Single(b => b.TextContent.Trim() == "Done").GetAttribute("aria-pressed"));
    }

    [Fact]
    public async Task Marking_a_thread_done_moves_it_out_of_the_open_view()
    {
        SignInAs(data.Manager, Roles.Manager);
        var cut = RenderInbox();
        try
        {
            cut.Find($"button[aria-label='Mark thread {data.FreshThreadId} done']").Click();
            cut.WaitForAssertion(() => Assert.Equal([$"/console/messages/{data.WaitingThreadId}"],
                cut.FindAll("a[data-thread-id]").Select(a => a.GetAttribute("href"))));
        }
        finally
        {
            var triage = new ThreadTriage(data.Factory, data.Clock);
            var manager = SqliteDatabase.ActorFor(data.Manager, Roles.Manager);
            var row = await new InboxQueries(data.Factory, data.Clock).GetAsync(manager, data.FreshThreadId);
            if (row?.DoneAt is not null) await triage.ReopenAsync(manager, data.FreshThreadId, row.Version);
        }
    }

    [Fact]
    public void Triage_buttons_for_a_manager()
    {
        SignInAs(data.Manager, Roles.Manager);
        var managerView = RenderInbox();
        // Both threads have messages the manager has not read: "mark unread" is not offered until they are read.
        Assert.Empty(managerView.FindAll("button[aria-label$=' unread']"));
        Assert.NotNull(managerView.Find($"button[aria-label='Snooze thread {data.WaitingThreadId}']"));
        Assert.NotNull(managerView.Find($"button[aria-label='Mark thread {data.FreshThreadId} done']"));
    }

    [Fact]
    public void Assign_select_shown_for_a_manager()
    {
        SignInAs(data.Manager, Roles.Manager);
        var managerView = RenderInbox();
        Assert.Contains($"Assign thread {data.WaitingThreadId}", managerView.Markup, StringComparison.Ordinal);
        Assert.Contains($"Assign thread {data.FreshThreadId}", managerView.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Assign_select_and_triage_hidden_for_compliance()
    {
        SignInAs(data.Compliance, Roles.Compliance);
        var cut = RenderInbox();
        Assert.DoesNotContain("Assign thread", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=assign-select]"));
        Assert.Empty(cut.FindAll("[data-testid=triage]"));
    }

    [Fact]
    public async Task Reloads_when_a_service_changes_a_thread_it_shows()
    {
        SignInAs(data.Compliance, Roles.Compliance);
        var cut = RenderInbox();
        Assert.DoesNotContain("Maya Manager", cut.Markup, StringComparison.Ordinal);

        var manager = SqliteDatabase.ActorFor(data.Manager, Roles.Manager);
        // Assigned by another operator's circuit: the service tells the inboxes that show the thread.
        await new InboxQueries(data.Factory, data.Clock, Services.GetRequiredService<MessageNotifier>()).AssignAsync(manager, data.WaitingThreadId, data.Manager.Id);

        cut.WaitForAssertion(() => Assert.Contains("Maya Manager", cut.Markup, StringComparison.Ordinal));
        await new InboxQueries(data.Factory, data.Clock).AssignAsync(manager, data.WaitingThreadId, null);
    }
}
