using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Web.Demo;
using PartnerHub.Web.Features.Messaging;

namespace PartnerHub.Tests.Browser;

/// <summary>
/// Live updates come from the services, not from the page that made the change: a message written on the server with no
/// browser involved (as a job, the events API or an email reply writes one) appears in the partner's open thread and badge.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class LiveUpdatesJourneyTests(PortalServer server)
{
    [Fact]
    public async Task A_message_written_outside_any_page_shows_live_in_the_partners_open_thread()
    {
        var login = await server.CreatePartnerLoginAsync("Live Journey Partner");
        var partnerId = login.PartnerId!.Value;
        long threadId;
        Actor manager;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var user = await db.Users.SingleAsync(u => u.Email == DemoAccounts.Manager);
            manager = new Actor(user.Id, user.DisplayName, new HashSet<string> { Roles.Manager }, null, "127.0.0.1");
            threadId = await scope.ServiceProvider.GetRequiredService<MessagingService>().GetOrCreateDirectThreadAsync(manager, partnerId);
        }

        var partner = await server.NewPageAsync();
        await new LoginPage(partner).SignInAsync(login.Email, login.Password);
        await partner.WaitForURLAsync(new Regex("/portal$"));
        await partner.GotoAsync($"/portal/messages/{threadId}");
        await Assertions.Expect(partner.GetByText("No messages yet.")).ToBeVisibleAsync();
        // The page is live once its circuit follows the thread (a prerendered page is not yet).
        var hub = server.Services.GetRequiredService<MessageNotifier>();
        await Poll.UntilAsync(() => hub.IsFollowed(MessageChange.ThreadTopic(threadId)));

        await using (var scope = server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MessagingService>()
                .SendAsync(manager, threadId, "Your **commission statement** for November is ready.");
        }

        var message = partner.GetByRole(AriaRole.Article, new() { Name = "From Maya Levi (Manager)" }).Last;
        await Assertions.Expect(message).ToContainTextAsync("for November is ready");
        await Assertions.Expect(message.Locator("strong")).ToHaveTextAsync("commission statement");
        await partner.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "live-server-message.png"), FullPage = true });
    }

    [Fact]
    public async Task An_operators_inbox_updates_the_row_of_a_thread_it_shows_and_offers_to_reorder()
    {
        var login = await server.CreatePartnerLoginAsync("Inbox Journey Partner");
        var partner = new Actor(login.UserId, login.DisplayName, new HashSet<string> { Roles.Partner }, login.PartnerId, "127.0.0.1");
        var operatorLogin = await server.CreateOperatorAsync(Roles.Manager);
        long threadId;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var messaging = scope.ServiceProvider.GetRequiredService<MessagingService>();
            threadId = await messaging.GetOrCreateDirectThreadAsync(partner, login.PartnerId!.Value);
            await messaging.SendAsync(partner, threadId, "Hello, first question about my deal.");
        }

        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInAsync(operatorLogin.Email, operatorLogin.Password);
        await page.WaitForURLAsync(new Regex("/console$"));
        await page.GotoAsync("/console/messages");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.Locator($"a[data-thread-id='{threadId}']") });
        await Assertions.Expect(row.GetByTestId("unread-count")).ToHaveTextAsync("1");
        var hub = server.Services.GetRequiredService<MessageNotifier>();
        await Poll.UntilAsync(() => hub.IsFollowed(MessageChange.ThreadTopic(threadId)));

        // The partner writes again (server code, as the portal's service does): the row shows it, the inbox offers to reorder.
        await using (var scope = server.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<MessagingService>().SendAsync(partner, threadId, "And a second one.");

        await Assertions.Expect(row.GetByTestId("unread-count")).ToHaveTextAsync("2");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "New activity" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "live-inbox-row.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "New activity" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_api_event_shows_live_in_the_partners_open_portal_as_a_notification()
    {
        var login = await server.CreatePartnerLoginAsync("Api Live Partner");
        string key;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var admin = new Actor("live-api-admin", "Live Api Admin", new HashSet<string> { Roles.Admin }, null);
            key = (await scope.ServiceProvider.GetRequiredService<PartnerHub.Domain.Integrations.ApiKeyService>().CreateAsync(admin, "Live tracker")).ApiKey;
        }
        await server.DrainOutboxAsync();

        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInAsync(login.Email, login.Password);
        await page.WaitForURLAsync(new Regex("/portal$"));
        var bell = page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^Notifications, \d+ unread$") });
        await Assertions.Expect(bell).ToBeVisibleAsync();
        var before = await bell.GetAttributeAsync("aria-label");
        var notifications = server.Services.GetRequiredService<PartnerHub.Web.Features.Notifications.NotificationNotifier>();
        await Poll.UntilAsync(() => notifications.IsFollowed(PartnerHub.Domain.Notifications.Notification.PartnerKey(login.PartnerId!.Value)));

        // The tracker posts an event over HTTP; the rule it triggers notifies the partner, whose open page shows it unreloaded.
        using var request = new HttpRequestMessage(HttpMethod.Post, server.BaseUrl + "/api/v1/events")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new
            {
                type = "MilestoneAchieved", partnerEmail = login.Email,
                occurredAt = DateTime.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                data = new { code = "live-api-1", title = "First 50 funded accounts", value = 50 },
            }),
        };
        request.Headers.Add("X-Api-Key", key);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var http = new HttpClient();
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await http.SendAsync(request)).StatusCode);
        await server.DrainOutboxAsync();

        await Assertions.Expect(bell).Not.ToHaveAttributeAsync("aria-label", before!);
        await bell.ClickAsync();
        await Assertions.Expect(page.GetByText("Milestone reached: First 50 funded accounts").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "live-api-event.png") });
    }
}
