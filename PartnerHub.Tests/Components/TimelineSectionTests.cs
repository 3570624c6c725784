using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Tests.Domain;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Partners;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Components;

/// <summary>The timeline section against a real SQLite database: a page at a time, filters, and what the partner sees.</summary>
public sealed class TimelineSectionTests : MudTestContext, IClassFixture<TimelineSectionTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public const int Events = 30;
        public Partner Partner { get; private set; } = default!;
        public ApplicationUser Manager { get; private set; } = default!;
        public ApplicationUser PartnerUser { get; private set; } = default!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Manager = await AddUserAsync(Roles.Manager, "Maya Manager");
            await using var db = CreateContext();
            Partner = Fakes.Partners(7070).Generate();
            db.Partners.Add(Partner);
            await db.SaveChangesAsync();
            PartnerUser = await AddUserAsync(Roles.Partner, "Pat Partner", Partner.Id);

            var start = Start.UtcDateTime.AddDays(-Events);
            for (var i = 0; i < Events; i++)
                db.DomainEvents.Add(new DomainEvent(EventTypes.CommissionApproved, Partner.Id, "CommissionLine", $"{i}",
                    $$"""{"amount":{{100 + i}},"currency":"USD"}""", start.AddDays(i), Manager.Id));
            db.InternalNotes.Add(new InternalNote(Partner.Id, Manager.Id, "Prefers calls on Tuesdays.", start.AddDays(Events - 0.5)));
            var thread = MessageThread.Direct(Partner.Id, start);
            db.MessageThreads.Add(thread);
            await db.SaveChangesAsync();
            db.Messages.Add(new Message(thread.Id, MessageAuthorKind.Operator, Manager.Id, null, "Your **statement** is ready.", start.AddDays(Events - 0.25)));
            await db.SaveChangesAsync();
        }
    }

    private readonly Data data;

    public TimelineSectionTests(Data data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock);
        Services.AddScoped<TimelineService>();
    }


    private IRenderedComponent<TimelineSection> RenderSection(bool portal = false) =>
        Render<TimelineSection>(p => p.Add(s => s.PartnerId, data.Partner.Id).Add(s => s.PortalView, portal));

    private static IReadOnlyList<AngleSharp.Dom.IElement> Items(IRenderedComponent<TimelineSection> cut) => cut.FindAll(".ph-timeline-item");

    private static AngleSharp.Dom.IElement? LoadMore(IRenderedComponent<TimelineSection> cut) =>
        cut.FindAll("button").FirstOrDefault(b => b.TextContent.Contains("Load more", StringComparison.Ordinal));

    [Fact]
    public void Shows_the_newest_page_with_icons_titles_and_links_and_load_more_appends_the_next_page()
    {
        SignInAs(data.Manager, Roles.Manager);

        var cut = RenderSection();

        cut.WaitForAssertion(() => Assert.Equal(TimelineSection.PageSize, Items(cut).Count));
        var first = Items(cut)[0];
        Assert.Equal("Message", first.GetAttribute("data-kind"));
        Assert.Contains("Maya Manager: Your statement is ready.", first.TextContent, StringComparison.Ordinal);
        Assert.Contains("Internal note by Maya Manager", Items(cut)[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Commission approved: 129.00 USD", Items(cut)[2].TextContent, StringComparison.Ordinal);
        Assert.Equal($"/console/partners/{data.Partner.Id}?tab=commissions", Items(cut)[2].QuerySelector("a")!.GetAttribute("href"));
        Assert.NotEmpty(cut.FindAll(".mud-timeline-item svg"));

        LoadMore(cut)!.Click();

        cut.WaitForAssertion(() => Assert.Equal(Data.Events + 2, Items(cut).Count));
        Assert.Contains("Commission approved: 100.00 USD", Items(cut)[^1].TextContent, StringComparison.Ordinal);
        Assert.Null(LoadMore(cut));
    }

    [Fact]
    public void Operators_get_a_chip_for_every_kind_including_notes()
    {
        SignInAs(data.Manager, Roles.Manager);

        var cut = RenderSection();

        cut.WaitForAssertion(() => Assert.NotEmpty(Items(cut)));
        var chips = cut.FindAll("[role='group'] .mud-chip").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["Record events", "Internal notes", "Messages", "Announcements", "Notifications", "Emails"], chips);
        Assert.NotNull(cut.Find("label:contains('Search the timeline')"));
    }

    [Fact]
    public void Choosing_a_kind_chip_shows_only_that_kind()
    {
        SignInAs(data.Manager, Roles.Manager);
        var cut = RenderSection();
        cut.WaitForAssertion(() => Assert.Equal(TimelineSection.PageSize, Items(cut).Count));

        cut.FindAll("[role='group'] .mud-chip").First(c => c.TextContent.Contains("Messages", StringComparison.Ordinal)).Click();

        cut.WaitForAssertion(() => Assert.Single(Items(cut)));
        Assert.Equal("Message", Items(cut)[0].GetAttribute("data-kind"));
        Assert.Null(LoadMore(cut));
    }

    [Fact]
    public void Searching_shows_only_matching_items()
    {
        SignInAs(data.Manager, Roles.Manager);
        var cut = RenderSection();
        cut.WaitForAssertion(() => Assert.Equal(TimelineSection.PageSize, Items(cut).Count));

        cut.Find("input[type='text']").Input("tuesdays");

        cut.WaitForAssertion(() => Assert.Single(Items(cut)), TimeSpan.FromSeconds(5));
        Assert.Contains("Prefers calls on Tuesdays.", Items(cut)[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void In_the_portal_the_notes_chip_is_absent_and_no_note_is_shown()
    {
        SignInAs(data.PartnerUser, Roles.Partner);

        var cut = RenderSection(portal: true);

        cut.WaitForAssertion(() => Assert.Equal(TimelineSection.PageSize, Items(cut).Count));
        var chips = cut.FindAll("[role='group'] .mud-chip").Select(c => c.TextContent.Trim()).ToList();
        Assert.DoesNotContain(chips, c => c.Contains("note", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(5, chips.Count);
        Assert.DoesNotContain("Tuesdays", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("/portal/messages", Items(cut)[0].QuerySelector("a")!.GetAttribute("href"));

        LoadMore(cut)!.Click();

        cut.WaitForAssertion(() => Assert.Equal(Data.Events + 1, Items(cut).Count));
        Assert.DoesNotContain(Items(cut), i => i.GetAttribute("data-kind") == "Note");
    }
}
