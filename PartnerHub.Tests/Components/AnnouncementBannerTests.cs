using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Identity;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Announcements;
using PartnerHub.Web.Features.Segments;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Components;

/// <summary>The portal shell's acknowledgement banner and blocking screen, against a real SQLite database.</summary>
public sealed class AnnouncementBannerTests : MudTestContext, IClassFixture<SegmentTestData>
{
    private readonly SegmentTestData data;
    private readonly System.Collections.Concurrent.ConcurrentQueue<AnnouncementChange> published = new();

    public AnnouncementBannerTests(SegmentTestData data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock);
        Services.AddLogging();
        Services.AddScoped<PartnerAnnouncements>();
        Services.AddSingleton<AnnouncementNotifier>();
        Services.AddSingleton<IAnnouncementSignal>(sp => sp.GetRequiredService<AnnouncementNotifier>());
        Services.AddScoped<AnnouncementService>();
    }

    private async Task<int> SendAsync(string partner, string title, TimeSpan due, bool blocks = false) =>
        (await new AnnouncementService(data.Factory, data.Clock).SendAsync(data.Compliance, new AnnouncementDraft
        {
            Title = title, Body = "The **new** rules.", Category = AnnouncementCategory.Compliance,
            Audience = new AnnouncementAudience { PartnerIds = [data.Ids[partner]] },
            RequiresAcknowledgement = true, AcknowledgementDueAt = data.Clock.GetUtcNow().UtcDateTime + due, BlocksPortalWhenOverdue = blocks,
        })).Id;

    private async Task<IRenderedComponent<AcknowledgementGate>> RenderGateAsync(string partner)
    {
        var user = await data.AddUserAsync(Roles.Partner, partner, data.Ids[partner]);
        SignInAs(user, Roles.Partner);
        Services.GetRequiredService<AnnouncementNotifier>().Subscribe([AnnouncementChange.ConsoleTopic], e =>
        {
            published.Enqueue(e);
            return Task.CompletedTask;
        });
        RenderPopovers();
        return Render<AcknowledgementGate>(p => p.AddChildContent("<p id='page'>The page</p>"));
    }

    [Fact]
    public async Task An_announcement_sent_while_the_portal_is_open_appears_without_a_reload()
    {
        var cut = await RenderGateAsync("Charlie");
        var notifier = Services.GetRequiredService<AnnouncementNotifier>();
        await Poll.UntilAsync(() => notifier.IsFollowed(AnnouncementChange.PartnerTopic(data.Ids["Charlie"])));
        Assert.Empty(cut.FindAll("[data-testid='ack-banner']"));

        // Sent from the console's service (another circuit): the service tells the ledger's partners who have a page open.
        await new AnnouncementService(data.Factory, data.Clock, Services.GetRequiredService<IAnnouncementSignal>()).SendAsync(data.Compliance,
            new AnnouncementDraft
            {
                Title = "Charlie rules", Body = "Read this.", Category = AnnouncementCategory.Compliance,
                Audience = new AnnouncementAudience { PartnerIds = [data.Ids["Charlie"]] },
                RequiresAcknowledgement = true, AcknowledgementDueAt = data.Clock.GetUtcNow().UtcDateTime + TimeSpan.FromDays(2),
            });

        cut.WaitForAssertion(() => Assert.Contains("Please acknowledge: Charlie rules", cut.Find("[data-testid='ack-banner']").TextContent,
            StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_banner_stays_until_the_partner_acknowledges()
    {
        var id = await SendAsync("Delta", "Delta rules", TimeSpan.FromDays(3));
        var cut = await RenderGateAsync("Delta");

        cut.WaitForAssertion(() => Assert.Contains("Please acknowledge: Delta rules", cut.Find("[data-testid='ack-banner']").TextContent, StringComparison.Ordinal));
        Assert.NotNull(cut.Find("#page"));
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Read it").Click();
        cut.WaitForAssertion(() => Assert.Contains("<strong>new</strong>", cut.Markup, StringComparison.Ordinal));

        cut.FindAll("button").Single(b => b.GetAttribute("aria-label") == "I have read and understood Delta rules").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid='ack-banner']")));
        // The portal service tells the console and the partner's pages (polled: delivery is off the render loop).
        await Poll.UntilAsync(() => published.Any(e => e.AnnouncementId == id && e.Kind == AnnouncementChangeKind.Acknowledged && e.PartnerId == data.Ids["Delta"]));
        await using var db = data.CreateContext();
        Assert.Equal(1, await db.AnnouncementAcknowledgements.CountAsync(a => a.AnnouncementId == id && a.PartnerId == data.Ids["Delta"]));
    }

    [Fact]
    public async Task An_overdue_blocking_item_replaces_the_page_until_acknowledged()
    {
        var id = await SendAsync("Echo", "Echo must read", TimeSpan.FromHours(1), blocks: true);
        data.Clock.Advance(TimeSpan.FromHours(2));
        try
        {
            var cut = await RenderGateAsync("Echo");

            cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='ack-block']")));
            Assert.Empty(cut.FindAll("#page"));
            Assert.Contains("\"Echo must read\" was due", cut.Markup, StringComparison.Ordinal);

            cut.FindAll("button").Single(b => b.TextContent.Trim() == "I have read and understood").Click();

            cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#page")));
            Assert.Empty(cut.FindAll("[data-testid='ack-block']"));
            await using var db = data.CreateContext();
            Assert.True(await db.AnnouncementAcknowledgements.AnyAsync(a => a.AnnouncementId == id));
        }
        finally
        {
            data.Clock.Set(SqliteDatabase.Start);
        }
    }

    [Fact]
    public async Task A_partner_with_nothing_to_acknowledge_sees_only_the_page()
    {
        var cut = await RenderGateAsync("Bravo");

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#page")));
        Assert.Empty(cut.FindAll("[data-testid='ack-banner']"));
        Assert.Empty(cut.FindAll("[data-testid='ack-block']"));
    }

    [Fact]
    public async Task A_revision_between_showing_and_acknowledging_is_refused_with_the_new_text_shown()
    {
        var id = await SendAsync("Alpha", "Alpha rules", TimeSpan.FromDays(3));
        var cut = await RenderGateAsync("Alpha");
        cut.WaitForAssertion(() => Assert.Contains("Please acknowledge: Alpha rules", cut.Markup, StringComparison.Ordinal));
        var service = new AnnouncementService(data.Factory, data.Clock);
        var detail = await service.GetAsync(data.Compliance, id);
        await service.ReviseAsync(data.Compliance, id, detail.Version, "Alpha rules", "The **revised** rules.", materialChange: false);

        cut.FindAll("button").Single(b => b.GetAttribute("aria-label") == "I have read and understood Alpha rules").Click();

        cut.WaitForAssertion(() => Assert.Contains("revised after you opened it", cut.Find("[data-testid='ack-refused']").TextContent, StringComparison.Ordinal));
        Assert.Contains("<strong>revised</strong>", cut.Markup, StringComparison.Ordinal);
        await using var db = data.CreateContext();
        Assert.False(await db.AnnouncementAcknowledgements.AnyAsync(a => a.AnnouncementId == id));
    }
}
