using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Messaging;

namespace PartnerHub.Tests.Components;

/// <summary>The chat bubbles' sides and names, the context rail beside a thread, and the internal notes panel with its mention picker.</summary>
public sealed class ConversationPanelsTests : MudTestContext, IClassFixture<ConversationPanelsTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public ApplicationUser Manager { get; private set; } = default!;
        public ApplicationUser Manager2 { get; private set; } = default!;
        public ApplicationUser PartnerUser { get; private set; } = default!;
        public int PartnerId { get; private set; }
        public string PartnerName { get; private set; } = "";
        public long ThreadId { get; private set; }
        public RecordingSignal Signal { get; } = new();

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Manager = await AddUserAsync(Roles.Manager, "Maya Levi");
            Manager2 = await AddUserAsync(Roles.Manager, "Tom Becker");
            var commissions = new CommissionTestData(this, 41);
            var partner = await commissions.PartnerAsync(Vertical.ForexIb, threshold: 250m);
            PartnerId = partner.Id;
            PartnerName = partner.Name;
            PartnerUser = await AddUserAsync(Roles.Partner, "Oliver Grant", PartnerId);
            await commissions.DealVersionAsync(PartnerId, DealType.Cpa);
            await using var db = CreateContext();
            db.Payouts.Add(new Payout(PartnerId, 1250m, "USD", PayoutMethod.BankWire, new DateTime(2026, 2, 12, 9, 0, 0, DateTimeKind.Utc)));
            await db.SaveChangesAsync();
            ThreadId = await new MessagingService(Factory, Clock).GetOrCreateDirectThreadAsync(ActorFor(Manager, Roles.Manager), PartnerId);
        }
    }

    private readonly Data data;

    public ConversationPanelsTests(Data data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock);
        Services.AddLogging();
        Services.AddScoped<MessagingService>();
        Services.AddScoped<PartnerContextQuery>();
        Services.AddScoped(_ => new NoteService(data.Factory, data.Clock, TestNotifications.Writer(signal: data.Signal)));
    }

    private MessageView Message(MessageAuthorKind kind, string author, bool mine = false) =>
        new(1, kind, author, mine, "Hello", data.Clock.GetUtcNow().UtcDateTime, false, null, false, null, null, null, null, null, [], null, [], null);

    private IRenderedComponent<MessageItem> RenderMessage(MessageView m, bool portal, bool downline = false) =>
        Render<MessageItem>(p => p.Add(x => x.Message, m).Add(x => x.PartnerId, data.PartnerId).Add(x => x.PortalView, portal).Add(x => x.Downline, downline));

    [Theory]
    [InlineData(MessageAuthorKind.Operator, false, false, "ours")]
    [InlineData(MessageAuthorKind.Partner, false, false, "theirs")]
    [InlineData(MessageAuthorKind.Partner, true, false, "ours")]
    [InlineData(MessageAuthorKind.Operator, true, false, "theirs")]
    [InlineData(MessageAuthorKind.Partner, true, true, "theirs")]
    [InlineData(MessageAuthorKind.System, false, false, "system")]
    [InlineData(MessageAuthorKind.System, true, false, "system")]
    public void The_viewers_side_is_on_the_right_and_the_other_party_on_the_left(MessageAuthorKind kind, bool portal, bool downline, string side)
    {
        SignInAs(data.Manager, Roles.Manager);

        var cut = RenderMessage(Message(kind, "Someone"), portal, downline);

        var article = cut.Find("article.ph-message");
        Assert.Equal(side, article.GetAttribute("data-side"));
        Assert.Contains($"ph-message-{side}", article.ClassList);
    }

    [Fact]
    public void The_viewers_own_message_on_a_downline_thread_is_on_the_right_and_named()
    {
        SignInAs(data.PartnerUser, Roles.Partner);

        var cut = RenderMessage(Message(MessageAuthorKind.Partner, "Karim Haddad", mine: true), portal: true, downline: true);

        Assert.Equal("ours", cut.Find("article").GetAttribute("data-side"));
        Assert.Equal("Karim Haddad", cut.Find(".ph-message-author").TextContent.Trim());
        Assert.Equal("From Karim Haddad", cut.Find("article").GetAttribute("aria-label"));
    }

    [Fact]
    public void The_context_rail_shows_the_partners_facts_each_linking_to_its_tab()
    {
        SignInAs(data.Manager, Roles.Manager);

        var cut = Render<ContextRail>(p => p.Add(x => x.PartnerId, data.PartnerId));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".ph-fact")));
        var facts = cut.FindAll(".ph-fact").ToDictionary(f => f.QuerySelector("dt")!.TextContent.Trim(), f => f.QuerySelector("dd")!);
        Assert.Equal(["Status", "Tier", "Manager", "Balance", "Last payout", "Open commission lines", "Current deal", "Open acknowledgements", "KYC"],
            facts.Keys);
        Assert.Contains("0.00 USD of 250.00 USD", facts["Balance"].TextContent, StringComparison.Ordinal);
        Assert.Contains("Below the payout threshold", facts["Balance"].TextContent, StringComparison.Ordinal);
        Assert.Contains("1,250.00 USD", facts["Last payout"].TextContent, StringComparison.Ordinal);
        Assert.Contains("version 1", facts["Current deal"].TextContent, StringComparison.Ordinal);
        Assert.Equal("None", facts["Open acknowledgements"].TextContent.Trim());
        Assert.Equal($"/console/partners/{data.PartnerId}?tab=payouts", facts["Last payout"].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal($"/console/partners/{data.PartnerId}?tab=commissions", facts["Open commission lines"].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal($"/console/partners/{data.PartnerId}?tab=deals", facts["Current deal"].QuerySelector("a")!.GetAttribute("href"));
        Assert.All(facts.Values, dd => Assert.NotNull(dd.QuerySelector("a")));
    }

    [Fact]
    public void A_partner_gets_no_context_rail()
    {
        SignInAs(data.PartnerUser, Roles.Partner);

        var cut = Render<ContextRail>(p => p.Add(x => x.PartnerId, data.PartnerId));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[role=alert]")));
        Assert.Empty(cut.FindAll(".ph-fact"));
    }

    [Fact]
    public async Task The_mention_picker_offers_the_other_operators_and_a_note_notifies_the_one_mentioned()
    {
        SignInAs(data.Manager, Roles.Manager);
        var popovers = RenderPopovers();
        var cut = Render<NotesPanel>(p => p.Add(x => x.PartnerId, data.PartnerId).Add(x => x.ThreadId, data.ThreadId));
        cut.WaitForAssertion(() => Assert.Contains("No notes yet.", cut.Markup, StringComparison.Ordinal));

        var picker = cut.FindComponent<MudSelect<string>>();
        Assert.Equal("Mention", picker.Instance.Label);
        await cut.InvokeAsync(() => picker.Instance.OpenMenu());
        popovers.WaitForAssertion(() => Assert.Contains("Tom Becker", popovers.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain("Maya Levi", popovers.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Oliver Grant", popovers.Markup, StringComparison.Ordinal);
        await cut.InvokeAsync(() => picker.Instance.CloseMenu());

        await cut.InvokeAsync(() => picker.Instance.SelectedValuesChanged.InvokeAsync([data.Manager2.Id]));
        cut.Find("textarea").Input("Check the **chargebacks** before answering");
        await cut.InvokeAsync(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Add note").Click());

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("article.ph-note")));
        var note = cut.Find("article.ph-note");
        Assert.Equal("Note by Maya Levi", note.GetAttribute("aria-label"));
        Assert.Equal("chargebacks", note.QuerySelector(".ph-note-body strong")?.TextContent);
        Assert.Contains("@Tom Becker", note.TextContent, StringComparison.Ordinal);
        await using var db = data.CreateContext();
        var sent = await db.Notifications.Where(n => n.Link == $"/console/messages/{data.ThreadId}").ToListAsync();
        Assert.Equal([Notification.UserKey(data.Manager2.Id)], sent.Select(n => n.RecipientKey));
        Assert.Contains(Notification.UserKey(data.Manager2.Id), data.Signal.Keys);
    }

    [Fact]
    public async Task An_empty_note_is_refused_at_the_field()
    {
        SignInAs(data.Manager, Roles.Manager);
        var cut = Render<NotesPanel>(p => p.Add(x => x.PartnerId, data.PartnerId).Add(x => x.ThreadId, data.ThreadId));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("button")));

        await cut.InvokeAsync(() => cut.FindAll("button").Single(b => b.TextContent.Trim() == "Add note").Click());

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".mud-input-error")));
    }
}
