using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Messaging;
using PartnerHub.Web.Features.Messaging.Inbox;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Components;

/// <summary>
/// The console inbox under live changes: a change in a thread it shows re-renders that row's cells alone (its own database, since
/// the change adds a message).
/// </summary>
public sealed class ConsoleInboxLiveRowTests : MudTestContext, IClassFixture<ConsoleInboxTests.Data>
{
    private readonly ConsoleInboxTests.Data data;

    public ConsoleInboxLiveRowTests(ConsoleInboxTests.Data data)
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
    public async Task A_message_on_a_shown_thread_re_renders_that_row_alone_and_counts_it_unread()
    {
        SignInAs(data.Compliance, Roles.Compliance);
        var cut = RenderInbox();
        var cells = cut.FindComponents<InboxCell>();
        var before = cells.Select(c => c.RenderCount).ToList();

        // A manager answers on their own circuit: the service tells the pages that show the thread.
        var manager = SqliteDatabase.ActorFor(data.Manager, Roles.Manager);
        var text = $"Answered elsewhere {Guid.NewGuid():N}";
        await new MessagingService(data.Factory, data.Clock, signal: Services.GetRequiredService<MessageNotifier>())
            .SendAsync(manager, data.WaitingThreadId, text);

        cut.WaitForAssertion(() => Assert.Contains(text, cut.Markup, StringComparison.Ordinal));
        cut.WaitForAssertion(() => Assert.Contains("New activity", cut.Markup, StringComparison.Ordinal));
        // A page render would hand every cell a new template and re-render them all (bUnit counts a component's renders with
        // its children's, so the cells are what tell): only the changed row's cells rendered again.
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            var was = before[i];
            if (cell.Instance.Row.ThreadId == data.WaitingThreadId) Assert.True(cell.RenderCount > was);
            else Assert.Equal(was, cell.RenderCount);
        }
        var link = cut.Find($"a[data-thread-id='{data.WaitingThreadId}']");
        Assert.Contains("font-weight-bold", link.GetAttribute("class"), StringComparison.Ordinal);
    }
}
