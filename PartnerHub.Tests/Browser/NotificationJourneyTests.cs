using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerHub.Domain.Data;
using PartnerHub.Web.Demo;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Tests.Browser;

/// <summary>Issue 6, the surface: the partner's bell shows the seeded unread count, a notification opens its record, settings mute and refuse compliance.</summary>
[Collection(PortalCollection.Name)]
public sealed class NotificationJourneyTests(PortalServer server)
{
    private static readonly Regex BellName = new(@"^Notifications, (\d+) unread$");

    private static ILocator Bell(IPage page) => page.GetByRole(AriaRole.Button, new() { NameRegex = BellName });

    private static async Task<int> UnreadShownAsync(IPage page)
    {
        var label = await Bell(page).GetAttributeAsync("aria-label") ?? "";
        return int.Parse(BellName.Match(label).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private string Shot(string name) => Path.Combine(PortalServer.ScreenshotFolder, name);

    [Fact]
    public async Task The_partner_sees_the_seeded_unread_count_opens_a_notification_and_the_count_drops()
    {
        // A partner of the journey's own: nobody else's events land in its bell, and "mark all as read" touches nobody else's.
        var login = await server.CreatePartnerLoginAsync("Bell Journey Partner");
        var partnerId = login.PartnerId!.Value;
        var seeded = new (NotificationCategory Category, string Title, string Link)[]
        {
            (NotificationCategory.Announcements, "New announcement: spring terms", "/portal/announcements"),
            (NotificationCategory.Messages, "New message from your manager", "/portal/messages"),
            (NotificationCategory.Payouts, "Payout processed: USD 1,250.00", "/portal/payouts"),
        };
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var at = DateTime.UtcNow.AddHours(-3);
            foreach (var (category, seededTitle, seededLink) in seeded)
            {
                at = at.AddMinutes(20);
                db.Notifications.Add(new Notification(Notification.PartnerKey(partnerId), partnerId, null, category, seededTitle, "Seeded for the journey.", seededLink, at, at));
            }
            await db.SaveChangesAsync();
        }
        // Whatever creating the partner set off (its PartnerCreated event) is delivered before the count is read.
        await server.DrainOutboxAsync();

        int unread;
        string title, link;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = DateTime.UtcNow;
            var mine = db.Notifications.Where(n => n.RecipientKey == Notification.PartnerKey(partnerId) && n.DeliverAt <= now);
            unread = await mine.CountAsync(n => n.ReadAt == null);
            // An unread one among the bell's newest that links to a page the portal has.
            var newest = await mine.OrderByDescending(n => n.DeliverAt).ThenByDescending(n => n.Id).Take(NotificationCenter.BellSize)
                .Select(n => new { n.Title, n.Link, n.ReadAt }).ToListAsync();
            var pick = newest.First(n => n.ReadAt == null && n.Link is "/portal/payouts" or "/portal/messages" or "/portal/announcements");
            (title, link) = (pick.Title, pick.Link!);
        }
        Assert.True(unread >= 2, $"the journey's partner should have unread notifications, has {unread}");

        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInAsync(login.Email, login.Password);
        await page.WaitForURLAsync(new Regex("/portal$"));
        await Assertions.Expect(Bell(page)).ToHaveAttributeAsync("aria-label", $"Notifications, {unread} unread");
        await page.ScreenshotAsync(new() { Path = Shot("journey6-portal-bell.png") });

        await Bell(page).ClickAsync();
        var item = page.GetByRole(AriaRole.Menuitem, new() { Name = "Unread: " + title });
        await Assertions.Expect(item).ToBeVisibleAsync();
        await page.WaitForAnimationsAsync(); // the popover fades in; let it finish before the picture
        await page.ScreenshotAsync(new() { Path = Shot("journey6-bell-open.png") });
        await item.ClickAsync();

        await page.WaitForURLAsync(new Regex(Regex.Escape(link) + "$"));
        await Assertions.Expect(Bell(page)).ToHaveAttributeAsync("aria-label", $"Notifications, {unread - 1} unread");

        // The full list shows the one just opened as read, and the rest still new.
        await page.GetByRole(AriaRole.Link, new() { Name = "Notifications", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/portal/notifications$"));
        var list = page.GetByRole(AriaRole.List, new() { Name = "Notifications" });
        await Assertions.Expect(list.GetByRole(AriaRole.Listitem, new() { Name = title, Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(list.GetByRole(AriaRole.Listitem, new() { NameRegex = new Regex("^Unread: ") })).ToHaveCountAsync(Math.Min(unread - 1, 20));
        await page.ScreenshotAsync(new() { Path = Shot("journey6-portal-list.png"), FullPage = true });

        // Mark all as read: the bell follows without a reload.
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark all as read" }).ClickAsync();
        await Assertions.Expect(Bell(page)).ToHaveAttributeAsync("aria-label", "Notifications, 0 unread");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_partner_mutes_a_category_by_email_and_cannot_mute_compliance()
    {
        // Its own partner: the demo partner's preferences stay as seeded even when this journey fails half-way.
        var login = await server.CreatePartnerLoginAsync();
        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInAsync(login.Email, login.Password);
        await page.WaitForURLAsync(new Regex("/portal$"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Notification settings" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/portal/settings$"));

        var milestonesEmail = page.GetByRole(AriaRole.Group, new() { Name = "Milestones" }).GetByLabel("Email");
        await Assertions.Expect(milestonesEmail).ToBeCheckedAsync();
        await milestonesEmail.ClickAsync(new() { Force = true });
        await Assertions.Expect(page.GetByText("Milestones by email: muted.")).ToBeVisibleAsync();

        var compliance = page.GetByRole(AriaRole.Group, new() { Name = "Compliance and KYC" });
        await Assertions.Expect(compliance.GetByLabel("Email")).ToBeDisabledAsync();
        await Assertions.Expect(compliance.GetByLabel("In-app")).ToBeCheckedAsync();
        await Assertions.Expect(compliance).ToContainTextAsync("Compliance notifications cannot be muted");
        await page.ScreenshotAsync(new() { Path = Shot("journey6-portal-settings.png"), FullPage = true });

        // Saved: a fresh load shows the mute, and the database has it.
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Milestones" }).GetByLabel("Email")).Not.ToBeCheckedAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Milestones" }).GetByLabel("In-app")).ToBeCheckedAsync();
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var userId = login.UserId;
            Assert.True(await db.NotificationPreferences.AnyAsync(p => p.UserId == userId && p.Category == NotificationCategory.Milestones
                && p.Channel == NotificationChannels.Email && p.Muted));
            Assert.False(await db.NotificationPreferences.AnyAsync(p => p.UserId == userId && p.Category == NotificationCategory.Compliance && p.Muted));
        }

        // And it switches back on.
        await page.GetByRole(AriaRole.Group, new() { Name = "Milestones" }).GetByLabel("Email").ClickAsync(new() { Force = true });
        await Assertions.Expect(page.GetByText("Milestones by email: on.")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_creates_an_integration_whose_key_posts_events_until_it_is_revoked()
    {
        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInAsync(DemoAccounts.Admin);
        await page.WaitForURLAsync(new Regex("/console$"));
        await Assertions.Expect(Bell(page)).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("journey6-console-bell.png") });
        await page.GotoAsync("/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Integrations" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/admin/integrations$"));

        await page.GetByLabel("Integration name").FillAsync("Journey tracker");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create integration" }).ClickAsync();
        var keyField = page.GetByLabel("API key", new() { Exact = true });
        await Assertions.Expect(keyField).ToHaveValueAsync(new Regex("^phk_"));
        var key = await keyField.InputValueAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Journey tracker" });
        await Assertions.Expect(row).ToContainTextAsync(key[..12]);
        await page.ScreenshotAsync(new() { Path = Shot("journey6-admin-integrations.png"), FullPage = true });

        // The events go to a partner of the journey's own, so no other journey's bell changes.
        string partnerEmail = (await server.CreatePartnerLoginAsync()).Email;
        HttpResponseMessage Send(string idempotencyKey)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, server.BaseUrl + "/api/v1/events")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new
                {
                    type = "MilestoneAchieved", partnerEmail, occurredAt = DateTime.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                    data = new { code = "journey-1", title = "Journey milestone", value = 1 },
                }),
            };
            request.Headers.Add("X-Api-Key", key);
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            using var http = new HttpClient();
            return http.Send(request);
        }
        Assert.Equal(System.Net.HttpStatusCode.Accepted, Send("journey-1").StatusCode);

        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke Journey tracker" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Revoked");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, Send("journey-2").StatusCode);
        await page.Context.CloseAsync();
    }
}
