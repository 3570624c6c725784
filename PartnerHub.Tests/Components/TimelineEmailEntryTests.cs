using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Partners;
using PartnerHub.Tests.Domain;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Components.Shared;
using PartnerHub.Web.Features.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Components;

/// <summary>The timeline's email entries: operators see each email's state and the mail server's answer at their viewer's time; the partner sees only what went.</summary>
public sealed class TimelineEmailEntryTests : MudTestContext, IClassFixture<TimelineEmailEntryTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public Partner Partner { get; private set; } = default!;
        public ApplicationUser Manager { get; private set; } = default!;
        public ApplicationUser PartnerUser { get; private set; } = default!;
        public DateTime SentAt { get; private set; }
        public DateTime DeferredAt { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Manager = await AddUserAsync(Roles.Manager, "Maya Manager");
            await using var db = CreateContext();
            Partner = Fakes.Partners(8080).Generate();
            db.Partners.Add(Partner);
            await db.SaveChangesAsync();
            PartnerUser = await AddUserAsync(Roles.Partner, "Pat Partner", Partner.Id);

            SentAt = new DateTime(2026, 3, 2, 10, 42, 0, DateTimeKind.Utc);
            DeferredAt = SentAt.AddHours(2);
            var key = Notification.PartnerKey(Partner.Id);
            var sent = new Notification(key, Partner.Id, null, NotificationCategory.Messages, "New message from Maya", "Hi", "/portal/messages/1",
                SentAt.AddMinutes(-3), SentAt.AddMinutes(-3))
            {
                AboutPartnerId = Partner.Id, EmailState = EmailState.Sent, EmailAttempts = 1, EmailSentAt = SentAt, EmailLastAttemptAt = SentAt,
                EmailSubject = "2 new messages from Maya Manager",
            };
            var deferred = new Notification(key, Partner.Id, null, NotificationCategory.Announcements, "New announcement: Payout calendar", "Calendar",
                "/portal/announcements/4", DeferredAt, DeferredAt)
            {
                AboutPartnerId = Partner.Id, EmailState = EmailState.Deferred, EmailAttempts = 2, EmailLastAttemptAt = DeferredAt,
                EmailNextAttemptAt = DeferredAt.AddMinutes(5), EmailSubject = "New announcement: Payout calendar",
                EmailLastError = "450 4.2.1 Mailbox busy, try again later",
            };
            db.Notifications.AddRange(sent, deferred);
            await db.SaveChangesAsync();
        }
    }

    private readonly Data data;

    public TimelineEmailEntryTests(Data data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock);
        Services.AddScoped<TimelineService>();
    }

    private IRenderedComponent<TimelineSection> RenderEmails(bool portal)
    {
        var cut = Render<TimelineSection>(p => p.Add(s => s.PartnerId, data.Partner.Id).Add(s => s.PortalView, portal));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".ph-timeline-item")));
        cut.FindAll("[role='group'] .mud-chip").Single(c => c.TextContent.Trim() == "Emails").Click();
        cut.WaitForAssertion(() => Assert.All(cut.FindAll(".ph-timeline-item"), i => Assert.Equal("Email", i.GetAttribute("data-kind"))));
        return cut;
    }

    private static List<AngleSharp.Dom.IElement> Items(IRenderedComponent<TimelineSection> cut) =>
        cut.FindAll(".ph-timeline-item[data-kind='Email']").ToList();

    [Fact]
    public void An_operator_sees_each_emails_state_and_answer_at_the_time_in_their_zone()
    {
        SignInAs(data.Manager, Roles.Manager);
        Services.GetRequiredService<ViewerTime>().Use("Europe/Berlin");

        var cut = RenderEmails(portal: false);

        cut.WaitForAssertion(() => Assert.Equal(2, Items(cut).Count));
        var deferred = Items(cut)[0];
        Assert.Contains("Email deferred: New announcement: Payout calendar", deferred.TextContent, StringComparison.Ordinal);
        Assert.Contains("Attempt 2, will be tried again · 450 4.2.1 Mailbox busy, try again later", deferred.TextContent, StringComparison.Ordinal);
        Assert.Equal("Deferred", deferred.QuerySelector("[data-testid='email-state']")!.TextContent.Trim());
        var sent = Items(cut)[1];
        Assert.Contains("Emailed: 2 new messages from Maya Manager", sent.TextContent, StringComparison.Ordinal);
        Assert.Equal("Sent", sent.QuerySelector("[data-testid='email-state']")!.TextContent.Trim());
        // 10:42 UTC is 11:42 in Berlin.
        Assert.Equal("2 Mar 2026 11:42", sent.QuerySelector("time")!.TextContent.Trim());
        Assert.Contains("· Email", sent.QuerySelector(".mud-typography-caption")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_partner_sees_the_email_that_went_without_any_delivery_state()
    {
        SignInAs(data.PartnerUser, Roles.Partner);

        var cut = RenderEmails(portal: true);

        cut.WaitForAssertion(() => Assert.Single(Items(cut)));
        var only = Items(cut)[0];
        Assert.Contains("Emailed: 2 new messages from Maya Manager", only.TextContent, StringComparison.Ordinal);
        Assert.Equal("/portal/messages/1", only.QuerySelector("a")!.GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid='email-state']"));
        Assert.DoesNotContain("Mailbox busy", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Payout calendar", cut.Markup, StringComparison.Ordinal);
    }
}
