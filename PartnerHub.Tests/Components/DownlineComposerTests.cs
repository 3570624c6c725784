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

    private IRenderedComponent<DownlineComposer> RenderComposer()
    {
        Services.GetRequiredService<MessageNotifier>().Subscribe([MessageChange.PartnerTopic(data.MasterId)], e =>
        {
            published.Enqueue(e);
            return Task.CompletedTask;
        });
        RenderPopovers();
        return Render<DownlineComposer>();
    }

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
    public async Task Sending_to_all_creates_one_message_per_sub_IB_and_publishes_per_thread()
    {
        SignInAs(data.MasterUser, Roles.Partner);
        var cut = RenderComposer();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid='downline-composer']")));
        Assert.Contains("Message to your downline", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Recipients", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("All 2 sub-IBs", cut.Markup, StringComparison.Ordinal);

        var text = $"New **rebate** tiers from Monday {Guid.NewGuid():N}";
        cut.Find("textarea").Input(text);
        SendButton(cut).Click();

        // The service tells each downline thread after its commit (off the render loop, so polled rather than awaited on a render).
        await Poll.UntilAsync(() => published.Count(e => e.Kind == MessageChangeKind.Sent) == 2);
        await using var db = data.CreateContext();
        var sent = await db.Messages.AsNoTracking().Where(m => m.Body == text)
            .Join(db.MessageThreads, m => m.ThreadId, t => t.Id, (m, t) => new { t.Id, t.PartnerId, t.Kind, t.CounterpartPartnerId, m.BroadcastId })
            .ToListAsync();
        Assert.Equal(data.SubIds.Order(), sent.Select(s => s.PartnerId).Order());
        Assert.All(sent, s => Assert.Equal(ThreadKind.Downline, s.Kind));
        Assert.All(sent, s => Assert.Equal(data.MasterId, s.CounterpartPartnerId));
        Assert.Single(sent.Select(s => s.BroadcastId).Distinct());
        Assert.Equal(sent.Select(s => s.Id).Order(), published.Where(e => e.Kind == MessageChangeKind.Sent).Select(e => e.ThreadId).Order());
        Assert.Equal("", cut.Find("textarea").GetAttribute("value") ?? "");
        Assert.Contains(Services.GetRequiredService<MudBlazor.ISnackbar>().ShownSnackbars, s => s.Message == "Sent to 2 sub-IBs");
    }

    [Fact]
    public void Sending_an_empty_message_shows_the_error_at_the_field()
    {
        SignInAs(data.MasterUser, Roles.Partner);
        var cut = RenderComposer();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid='downline-composer']")));

        SendButton(cut).Click();

        cut.WaitForAssertion(() => Assert.Contains("Write a message first.", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(published);
    }
}
