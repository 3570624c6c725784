using Bogus;
using PartnerHub.Domain;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Tests.Domain;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>The partner timeline on SQLite: one stream from five sources, paged by time, filtered, and never leaking notes to the partner.</summary>
public class TimelineServiceTests(TimelineServiceTests.Data data) : IClassFixture<TimelineServiceTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public Partner Partner { get; private set; } = default!;
        public Partner Other { get; private set; } = default!;
        public Actor Operator { get; private set; } = default!;
        public Actor PartnerLogin { get; private set; } = default!;
        public ApplicationUser Manager { get; private set; } = default!;
        /// <summary>Every item an operator sees on <see cref="Partner"/>'s timeline, as (key, time).</summary>
        public List<(string Key, DateTime At)> Expected { get; } = [];
        /// <summary>The time three items (an event, a note and a message) share.</summary>
        public DateTime Tie { get; private set; }
        public DateTime T0 { get; } = Start.UtcDateTime.AddDays(-30);

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var faker = new Faker { Random = new Randomizer(880) };
            Manager = await AddUserAsync(Roles.Manager, "Maya Manager");
            Operator = ActorFor(Manager, Roles.Manager);
            Tie = T0.AddHours(50);

            await using var db = CreateContext();
            Partner = Fakes.Partners(881).Generate();
            Other = Fakes.Partners(882).Generate();
            db.Partners.AddRange(Partner, Other);
            await db.SaveChangesAsync();
            PartnerLogin = ActorFor(await AddUserAsync(Roles.Partner, "Pat Partner", Partner.Id), Roles.Partner);

            // Record events, one every 7 hours, plus one at the shared time; one on the other partner.
            var events = new List<DomainEvent>();
            for (var i = 0; i < 12; i++)
            {
                var at = T0.AddHours(7 * i + 0.5);
                events.Add(i % 3 == 0
                    ? new DomainEvent(EventTypes.CommissionApproved, Partner.Id, "CommissionLine", $"{i}", $$"""{"amount":{{100 + i}},"currency":"USD"}""", at, Manager.Id)
                    : i % 3 == 1
                        ? new DomainEvent(EventTypes.PayoutProcessed, Partner.Id, "Payout", $"{i}", $$"""{"amount":{{500 + i}},"currency":"USD","reference":"WIRE-{{i}}"}""", at, Manager.Id)
                        : new DomainEvent(EventTypes.KycRequired, Partner.Id, "KycRequirement", $"{i}", """{"document":"Proof of address","due":"2026-04-01T00:00:00Z"}""", at));
            }
            events.Add(new DomainEvent(EventTypes.ManagerReassigned, Partner.Id, "Partner", $"{Partner.Id}", """{"from":"Old Manager","to":"Maya Manager"}""", Tie, Manager.Id));
            db.DomainEvents.AddRange(events);
            db.DomainEvents.Add(new DomainEvent(EventTypes.CommissionApproved, Other.Id, "CommissionLine", "99", """{"amount":1,"currency":"USD"}""", T0.AddHours(3)));

            // Internal notes (operators only).
            var notes = new List<InternalNote>
            {
                new(Partner.Id, Manager.Id, "Called about the payout delay; will follow up.", T0.AddHours(10)),
                new(Partner.Id, Manager.Id, "Confidential: suspected bonus abuse, keep an eye on it.", Tie),
                new(Other.Id, Manager.Id, "Other partner's note.", T0.AddHours(11)),
            };
            db.InternalNotes.AddRange(notes);

            // Messages in a direct thread and a thread about a payout; one retracted.
            var direct = MessageThread.Direct(Partner.Id, T0);
            var aboutPayout = MessageThread.AboutRecord(Partner.Id, LinkedRecordType.Payout, "4", "Payout #4", T0, Manager.Id);
            var otherThread = MessageThread.Direct(Other.Id, T0);
            db.MessageThreads.AddRange(direct, aboutPayout, otherThread);
            await db.SaveChangesAsync();
            var messages = new List<Message>
            {
                new(direct.Id, MessageAuthorKind.Partner, PartnerLogin.UserId, Partner.Id, "Hi, when will my **payout** arrive?\n\nThanks", T0.AddHours(5)),
                new(direct.Id, MessageAuthorKind.Operator, Manager.Id, null, faker.Lorem.Paragraphs(3), T0.AddHours(6)),
                new(aboutPayout.Id, MessageAuthorKind.Operator, Manager.Id, null, "The payout is on its way.", Tie),
                new(direct.Id, MessageAuthorKind.Operator, Manager.Id, null, "Secret draft sent by mistake", T0.AddHours(60)),
            };
            messages[3].Retract(Manager.Id, T0.AddHours(60.05));
            db.Messages.AddRange(messages);
            db.Messages.Add(new Message(otherThread.Id, MessageAuthorKind.Operator, Manager.Id, null, "Other partner's payout message", T0.AddHours(7)));

            // Two announcements received: one read and acknowledged, one unread awaiting acknowledgement.
            var promo = new Announcement("Summer promotion", "Body", AnnouncementCategory.Promotion, new AnnouncementAudience { PartnerIds = [Partner.Id] }, Manager.Id, T0);
            var code = new Announcement("Updated code of conduct", "Body", AnnouncementCategory.Compliance, new AnnouncementAudience { PartnerIds = [Partner.Id] }, Manager.Id, T0);
            code.RequireAcknowledgement(Start.UtcDateTime.AddDays(10), false, T0);
            db.Announcements.AddRange(promo, code);
            await db.SaveChangesAsync();
            db.AnnouncementRecipients.AddRange(
                new AnnouncementRecipient(promo.Id, Partner.Id, T0.AddHours(20)) { ReadAt = T0.AddHours(21) },
                new AnnouncementRecipient(code.Id, Partner.Id, T0.AddHours(40)),
                new AnnouncementRecipient(promo.Id, Other.Id, T0.AddHours(20)));

            // Notifications: to the partner, to its manager about it, and one held back by quiet hours (not delivered yet).
            var toPartner = new Notification(Notification.PartnerKey(Partner.Id), Partner.Id, null, NotificationCategory.Payouts,
                "Your payout was sent", "Reference **WIRE-4**.", "/portal/payouts", T0.AddHours(30), T0.AddHours(30)) { AboutPartnerId = Partner.Id };
            var toManager = new Notification(Notification.UserKey(Manager.Id), null, Manager.Id, NotificationCategory.TrafficQuality,
                "Traffic quality alert", "Bot clicks detected.", $"/console/partners/{Partner.Id}", T0.AddHours(31), T0.AddHours(31)) { AboutPartnerId = Partner.Id };
            var held = new Notification(Notification.PartnerKey(Partner.Id), Partner.Id, null, NotificationCategory.Deals,
                "Deal terms updated", "New terms.", "/portal", T0.AddHours(32), Start.UtcDateTime.AddHours(8)) { AboutPartnerId = Partner.Id };
            // Its email went a minute later: an Email item of its own.
            (toPartner.EmailState, toPartner.EmailSubject, toPartner.EmailSentAt, toPartner.EmailLastAttemptAt, toPartner.EmailAttempts) =
                (EmailState.Sent, "Your payout was sent", T0.AddHours(30).AddMinutes(1), T0.AddHours(30).AddMinutes(1), 1);
            db.Notifications.AddRange(toPartner, toManager, held);
            await db.SaveChangesAsync();

            Expected.AddRange(events.Select(e => ($"e:{e.Id}", e.OccurredAt)));
            Expected.AddRange(notes.Where(n => n.PartnerId == Partner.Id).Select(n => ($"n:{n.Id}", n.CreatedAt)));
            Expected.AddRange(messages.Select(m => ($"m:{m.Id}", m.SentAt)));
            Expected.AddRange([($"a:{promo.Id}", T0.AddHours(20)), ($"a:{code.Id}", T0.AddHours(40))]);
            Expected.AddRange(new[] { toPartner, toManager, held }.Select(n => ($"x:{n.Id}", n.CreatedAt)));
            Expected.Add(($"mail:{toPartner.Id}", T0.AddHours(30).AddMinutes(1)));
        }
    }

    private TimelineService Service => new(data.Factory, data.Clock);

    private static readonly TimelineFilter All = new();

    [Fact]
    public async Task Items_from_every_source_are_merged_into_one_stream_newest_first()
    {
        var page = await Service.GetAsync(data.Operator, data.Partner.Id, All, null, 100);

        Assert.Null(page.NextBefore);
        Assert.Equal(data.Expected.Select(e => e.Key).Order(), page.Items.Select(i => i.Key).Order());
        Assert.Equal(page.Items.Select(i => i.At).OrderDescending(), page.Items.Select(i => i.At));
        Assert.Equal(TimelineService.AllKinds, page.Items.Select(i => i.Kind).Distinct().Order());
        Assert.DoesNotContain(page.Items, i => i.Title.Contains("Other partner", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Items_have_human_titles_details_actors_and_links()
    {
        var items = (await Service.GetAsync(data.Operator, data.Partner.Id, All, null, 100)).Items;

        var paid = items.First(i => i.Type == EventTypes.PayoutProcessed);
        Assert.StartsWith("Payout paid: 5", paid.Title, StringComparison.Ordinal);
        Assert.Contains("Reference WIRE-", paid.Detail, StringComparison.Ordinal);
        Assert.Equal("Maya Manager", paid.ActorName);
        Assert.Equal($"/console/partners/{data.Partner.Id}?tab=payouts", paid.Link);

        var question = items.Single(i => i.Kind == TimelineKind.Message && i.At == data.T0.AddHours(5));
        // Markdown shows as its words, not its syntax.
        Assert.Equal($"{data.Partner.Name}: Hi, when will my payout arrive? Thanks", question.Title);

        var longMessage = items.Single(i => i.Kind == TimelineKind.Message && i.At == data.T0.AddHours(6));
        Assert.True(longMessage.Title.Length <= "Maya Manager: ".Length + TimelineService.TitleLength);
        Assert.EndsWith("…", longMessage.Title, StringComparison.Ordinal);

        var code = items.Single(i => i.Title == "Updated code of conduct");
        Assert.Equal((false, false), (code.Read, code.Acknowledged));
        var promo = items.Single(i => i.Title == "Summer promotion");
        Assert.Equal((true, (bool?)null), (promo.Read, promo.Acknowledged));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task Keyset_paging_returns_every_item_exactly_once_across_pages(int take)
    {
        var seen = new List<TimelineItem>();
        DateTime? before = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await Service.GetAsync(data.Operator, data.Partner.Id, All, before, take);
            Assert.All(page.Items, i => Assert.True(before is null || i.At < before));
            seen.AddRange(page.Items);
            if (page.NextBefore is null) break;
            Assert.NotEmpty(page.Items);
            before = page.NextBefore;
        }

        Assert.Equal(data.Expected.Select(e => e.Key).Order(), seen.Select(i => i.Key).Order());
        Assert.Equal(seen.Select(i => i.At).OrderDescending(), seen.Select(i => i.At));
    }

    [Fact]
    public async Task Items_sharing_the_boundary_time_stay_together_on_one_page()
    {
        // The page boundary falls among the three items at the shared time: all three are on the page.
        var newer = data.Expected.Count(e => e.At > data.Tie);

        var page = await Service.GetAsync(data.Operator, data.Partner.Id, All, null, newer + 1);

        Assert.Equal(3, page.Items.Count(i => i.At == data.Tie));
        Assert.Equal(data.Tie, page.NextBefore);
    }

    [Fact]
    public async Task Take_is_clamped_to_between_1_and_100()
    {
        Assert.Single((await Service.GetAsync(data.Operator, data.Partner.Id, All, null, 0)).Items);
        Assert.Equal(data.Expected.Count, (await Service.GetAsync(data.Operator, data.Partner.Id, All, null, 5000)).Items.Count);
    }

    [Fact]
    public async Task Filtering_by_kind_shows_only_those_kinds()
    {
        var filter = new TimelineFilter { Kinds = [TimelineKind.Message, TimelineKind.Announcement] };

        var items = (await Service.GetAsync(data.Operator, data.Partner.Id, filter, null, 100)).Items;

        Assert.Equal(6, items.Count);
        Assert.All(items, i => Assert.Contains(i.Kind, filter.Kinds));
    }

    [Fact]
    public async Task Filtering_by_text_matches_in_every_source()
    {
        var items = (await Service.GetAsync(data.Operator, data.Partner.Id, new TimelineFilter { Text = " PAYOUT " }, null, 100)).Items;

        Assert.Equal(4, items.Count(i => i.Type == EventTypes.PayoutProcessed));
        Assert.Equal(2, items.Count(i => i.Kind == TimelineKind.Message));
        Assert.Contains(items, i => i.Kind == TimelineKind.Note && i.Detail!.Contains("payout delay", StringComparison.Ordinal));
        Assert.Contains(items, i => i.Kind == TimelineKind.Notification && i.Title == "Your payout was sent");
        Assert.Contains(items, i => i.Kind == TimelineKind.Email && i.Title == "Emailed: Your payout was sent");
        Assert.Equal(9, items.Count);
    }

    [Fact]
    public async Task A_text_with_LIKE_wildcards_matches_them_literally()
    {
        var items = (await Service.GetAsync(data.Operator, data.Partner.Id, new TimelineFilter { Text = "%" }, null, 100)).Items;

        Assert.Empty(items);
    }

    [Fact]
    public async Task A_partner_never_sees_internal_notes_even_when_asking_for_them()
    {
        var asked = await Service.GetAsync(data.PartnerLogin, data.Partner.Id, new TimelineFilter { Kinds = [TimelineKind.Note] }, null, 100);
        var searched = await Service.GetAsync(data.PartnerLogin, data.Partner.Id, new TimelineFilter { Text = "bonus abuse" }, null, 100);
        var everything = await Service.GetAsync(data.PartnerLogin, data.Partner.Id, All, null, 100);

        Assert.Empty(asked.Items);
        Assert.Null(asked.NextBefore);
        Assert.Empty(searched.Items);
        Assert.DoesNotContain(everything.Items, i => i.Kind == TimelineKind.Note);
        Assert.DoesNotContain(everything.Items, i => (i.Title + i.Detail).Contains("bonus abuse", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_partner_sees_its_own_items_but_not_operator_alerts_undelivered_notifications_or_retracted_text()
    {
        var items = (await Service.GetAsync(data.PartnerLogin, data.Partner.Id, All, null, 100)).Items;

        Assert.Equal(["Your payout was sent"], items.Where(i => i.Kind == TimelineKind.Notification).Select(i => i.Title));
        Assert.Contains(items, i => i.Title == "Message retracted");
        Assert.DoesNotContain(items, i => (i.Title + i.Detail).Contains("Secret draft", StringComparison.Ordinal));
        Assert.Empty((await Service.GetAsync(data.PartnerLogin, data.Partner.Id, new TimelineFilter { Text = "secret draft" }, null, 100)).Items);
        Assert.Equal(13, items.Count(i => i.Kind == TimelineKind.RecordEvent));
        Assert.All(items.Where(i => i.Link is not null), i => Assert.StartsWith("/portal", i.Link, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_partner_cannot_read_another_partners_timeline()
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.GetAsync(data.PartnerLogin, data.Other.Id, All, null, 10));
    }
}
