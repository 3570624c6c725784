using System.Collections.Concurrent;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Messaging;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Components;

/// <summary>The master IB's downline composer against a real SQLite database, with the real singleton notifier.</summary>
public sealed class DownlineComposerTests : MudTestContext, IClassFixture<DownlineComposerTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public ApplicationUser MasterUser { get; private set; } = default!;
        public ApplicationUser LoneUser { get; private set; } = default!;
        public int MasterId { get; private set; }
        public IReadOnlyList<int> SubIds { get; private set; } = [];
        public int SuspendedId { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var admin = await AddActorAsync(Roles.Admin);
            var partners = new PartnerService(Factory, Clock);
            Task<int> Create(string name, int? parent) => partners.CreateAsync(admin, new NewPartner
            {
                Name = name,
                Email = $"{name.Replace(' ', '.').ToLowerInvariant()}@downline.test",
                Vertical = Vertical.ForexIb,
                Country = "AE",
                ParentId = parent,
            });
            MasterId = await Create("Karim Haddad", null);
            SubIds = [await Create("Lina Rahman", MasterId), await Create("Omar Said", MasterId)];
            SuspendedId = await Create("Sami Suspended", MasterId);
            await using (var db = CreateContext())
            {
                var rows = await db.Partners.Where(p => SubIds.Contains(p.Id) || p.Id == SuspendedId).ToListAsync();
                foreach (var p in rows) p.ChangeStatus(PartnerStatus.Active, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
                rows.Single(p => p.Id == SuspendedId).ChangeStatus(PartnerStatus.Suspended, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
                await db.SaveChangesAsync();
            }
            var lone = await Create("Lone Wolf", null);
            MasterUser = await AddUserAsync(Roles.Partner, "Karim Haddad", MasterId);
            LoneUser = await AddUserAsync(Roles.Partner, "Lone Wolf", lone);
        }
    }

    private readonly Data data;
    private readonly ConcurrentQueue<MessageChange> published = new();

    public DownlineComposerTests(Data data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock);
        Services.AddLogging();
        Services.AddScoped<MessagingService>();
        Services.AddScoped<ThreadQueries>();
        Services.AddSingleton<MessageNotifier>();
        Services.AddSingleton<IMessageSignal>(sp => sp.GetRequiredService<MessageNotifier>());
    }

    private IRenderedComponent<MudBlazor.MudDialogProvider> dialogs = default!;

    private IRenderedComponent<DownlineComposer> RenderComposer()
    {
        Services.GetRequiredService<MessageNotifier>().Subscribe([MessageChange.PartnerTopic(data.MasterId)], e =>
        {
            published.Enqueue(e);
            return Task.CompletedTask;
        });
        RenderPopovers();
        dialogs = Render<MudBlazor.MudDialogProvider>();
        return Render<DownlineComposer>();
    }

    private static AngleSharp.Dom.IElement Box(IRenderedComponent<DownlineComposer> cut, string name) =>
        cut.FindAll("[data-testid='downline-recipients'] label").Single(l => l.TextContent.Contains(name, StringComparison.Ordinal)).QuerySelector("input")!;

    private static IReadOnlyList<string> Checked(IRenderedComponent<DownlineComposer> cut) =>
        cut.FindAll("[data-testid='downline-recipients'] label").Where(l => l.QuerySelector("input")!.HasAttribute("checked") || l.QuerySelector("input")!.GetAttribute("aria-checked") == "true")
            .Select(l => l.TextContent.Trim()).ToList();

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<DownlineComposer> cut, string text) =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == text);

    private AngleSharp.Dom.IElement DialogButton(string text) => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == text);

    private async Task<List<int>> ReceiversOf(string text)
    {
        await using var db = data.CreateContext();
        return await db.Messages.AsNoTracking().Where(m => m.Body == text)
            .Join(db.MessageThreads, m => m.ThreadId, t => t.Id, (m, t) => t.PartnerId).ToListAsync();
    }

    /// <summary>The composer and its recipients have rendered (they load after the first render; on a server engine later).</summary>
    private static void WaitUntilLoaded(IRenderedComponent<DownlineComposer> cut) => cut.WaitForAssertion(() =>
    {
        Assert.Single(cut.FindAll("[data-testid='downline-composer']"));
        Assert.NotEmpty(cut.FindAll("[data-testid='downline-recipients'] label"));
    });

    private static AngleSharp.Dom.IElement SendButton(IRenderedComponent<DownlineComposer> cut) =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Send to downline");

    [Fact]
    public void Is_hidden_for_a_partner_without_sub_IBs()
    {
        SignInAs(data.LoneUser, Roles.Partner);

        var cut = RenderComposer();

        Assert.Empty(cut.FindAll("[data-testid='downline-composer']"));
        Assert.Empty(cut.FindAll("textarea"));
    }

    [Fact]
    public void Recipients_start_empty_and_a_suspended_sub_IB_is_never_offered()
    {
        SignInAs(data.MasterUser, Roles.Partner);
        var cut = RenderComposer();
        WaitUntilLoaded(cut);

        Assert.Equal(2, cut.FindAll("[data-testid='downline-recipients'] input").Count);
        Assert.Empty(Checked(cut));
        Assert.DoesNotContain("Sami Suspended", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Recipients (0 of 2 chosen)", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Clicking_a_name_selects_it_and_select_all_active_and_select_none_do_what_they_say()
    {
        SignInAs(data.MasterUser, Roles.Partner);
        var cut = RenderComposer();
        WaitUntilLoaded(cut);

        Box(cut, "Omar Said").Change(true);
        cut.WaitForAssertion(() => Assert.Equal(["Omar Said"], Checked(cut)));
        Assert.Contains("Recipients (1 of 2 chosen)", cut.Markup, StringComparison.Ordinal);

        Button(cut, "Select all active").Click();
        cut.WaitForAssertion(() => Assert.Equal(["Lina Rahman", "Omar Said"], Checked(cut)));

        Button(cut, "Select none").Click();
        cut.WaitForAssertion(() => Assert.Empty(Checked(cut)));
    }

    [Fact]
    public async Task Sending_to_one_chosen_sub_IB_asks_first_listing_it_and_only_that_sub_IB_gets_the_message()
    {
        SignInAs(data.MasterUser, Roles.Partner);
        var cut = RenderComposer();
        WaitUntilLoaded(cut);
        var text = $"Just for you, Lina {Guid.NewGuid():N}";
        cut.Find("textarea").Input(text);
        Box(cut, "Lina Rahman").Change(true);

        var sending = Button(cut, "Send to downline").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[aria-label='Recipients'] li")));
        Assert.Equal(["Lina Rahman"], dialogs.FindAll("[aria-label='Recipients'] li").Select(li => li.TextContent.Trim()));
        Assert.Empty(await ReceiversOf(text));
        await DialogButton("Send to 1 sub-IB").ClickAsync(new());
        await sending.WaitAsync(TimeSpan.FromSeconds(10));

        await Poll.UntilAsync(() => published.Any(e => e.Kind == MessageChangeKind.Sent));
        Assert.Equal([data.SubIds[0]], await ReceiversOf(text));
        Assert.Contains(Services.GetRequiredService<MudBlazor.ISnackbar>().ShownSnackbars, s => s.Message == "Sent to 1 sub-IB");
        cut.WaitForAssertion(() => Assert.Empty(Checked(cut)));
    }

    [Fact]
    public async Task Cancelling_the_confirmation_sends_nothing()
    {
        SignInAs(data.MasterUser, Roles.Partner);
        var cut = RenderComposer();
        WaitUntilLoaded(cut);
        var text = $"Not yet {Guid.NewGuid():N}";
        cut.Find("textarea").Input(text);
        Button(cut, "Select all active").Click();

        var sending = Button(cut, "Send to downline").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Equal(2, dialogs.FindAll("[aria-label='Recipients'] li").Count));
        await DialogButton("Cancel").ClickAsync(new());
        await sending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(await ReceiversOf(text));
        Assert.Empty(published);
        Assert.Equal(2, Checked(cut).Count);
    }

    [Fact]
    public void Sending_with_nobody_chosen_says_so_at_the_recipients()
    {
        SignInAs(data.MasterUser, Roles.Partner);
        var cut = RenderComposer();
        WaitUntilLoaded(cut);
        cut.InvokeAsync(() => cut.Find("textarea").Input("Hello downline"));

        cut.InvokeAsync(() => SendButton(cut).Click());

        cut.WaitForAssertion(() => Assert.Contains("Choose at least one sub-IB.", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(dialogs.FindAll("[aria-label='Recipients']"));
        Assert.Empty(published);
    }

    [Fact]
    public void Sending_an_empty_message_shows_the_error_at_the_field()
    {
        SignInAs(data.MasterUser, Roles.Partner);
        var cut = RenderComposer();
        WaitUntilLoaded(cut);

        cut.InvokeAsync(() => SendButton(cut).Click());

        cut.WaitForAssertion(() => Assert.Contains("Write a message first.", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(published);
    }
}
