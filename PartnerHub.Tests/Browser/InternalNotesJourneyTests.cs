using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Browser;

/// <summary>
/// Internal notes and the conversation's layout in a real browser: a manager writes a note in a thread mentioning the
/// second manager, who is told by the bell and lands on the thread; the partner opening the same thread sees no note;
/// the portal thread opens at the newest message with the composer in view, on a desktop and on a phone.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class InternalNotesJourneyTests(PortalServer server)
{
    /// <summary>More than one page (30) of messages after the opening one.</summary>
    private const int HistoryLength = 40;
    private static readonly Regex BellName = new(@"^Notifications, (\d+) unread$");

    [Fact]
    public async Task A_manager_mentions_manager2_in_a_note_manager2_is_notified_and_the_partner_sees_nothing()
    {
        var (partner, threadId) = await ThreadWithHistoryAsync("Notes Journey Media");
        await UseDaytimeZoneAsync(DemoAccounts.Manager2);
        var note = $"Chargebacks are rising on this account, check before answering ({Guid.NewGuid():N})";

        // Manager2 is signed in with the bell in the app bar.
        var manager2 = await server.NewPageAsync();
        await new LoginPage(manager2).SignInAsync(DemoAccounts.Manager2);
        await manager2.WaitForURLAsync(new Regex("/console$"));
        var bell = manager2.GetByTestId("notification-bell");
        await Assertions.Expect(bell).ToHaveAttributeAsync("aria-label", BellName);
        var before = int.Parse(BellName.Match(await bell.GetAttributeAsync("aria-label") ?? "").Groups[1].Value, CultureInfo.InvariantCulture);

        // The manager opens the thread: the conversation, and beside it the partner's context and the thread's notes.
        var manager = await server.NewPageAsync(1400, 900);
        await new LoginPage(manager).SignInAsync(DemoAccounts.Manager);
        await manager.WaitForURLAsync(new Regex("/console$"));
        await manager.GotoAsync($"/console/messages/{threadId}");
        var rail = manager.GetByRole(AriaRole.Region, new() { Name = "Partner context" });
        await Assertions.Expect(rail).ToContainTextAsync("Open commission lines");
        await Assertions.Expect(rail.GetByRole(AriaRole.Link).First).ToHaveAttributeAsync("href", $"/console/partners/{partner.PartnerId}");
        var notes = manager.GetByRole(AriaRole.Region, new() { Name = "Internal notes" });
        await notes.GetByLabel("Note", new() { Exact = true }).FillAsync(note);
        await notes.GetByLabel("Mention").ClickAsync();
        await manager.GetByRole(AriaRole.Option, new() { Name = "Tom Becker (Manager)" }).ClickAsync();
        // A multi-select stays open: a click on its overlay (below the app bar) closes it.
        await manager.Mouse.ClickAsync(700, 600);
        await Assertions.Expect(manager.GetByRole(AriaRole.Option, new() { Name = "Tom Becker (Manager)" })).ToBeHiddenAsync();
        await notes.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        var written = notes.GetByRole(AriaRole.Listitem, new() { Name = "Note by Maya Levi (Manager)" }).Filter(new() { HasText = note });
        await Assertions.Expect(written).ToContainTextAsync("@Tom Becker (Manager)");
        await manager.WaitForAnimationsAsync();
        await manager.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "thread-console-rail-1400.png") });

        // Manager2's bell counts it without a reload, and the notification opens the thread with the note.
        await Assertions.Expect(bell).ToHaveAttributeAsync("aria-label", $"Notifications, {before + 1} unread", new() { Timeout = 15_000 });
        await bell.ClickAsync();
        await manager2.GetByRole(AriaRole.Menuitem, new() { Name = $"Unread: Maya Levi (Manager) mentioned you in a note on {partner.DisplayName}" }).ClickAsync();
        await manager2.WaitForURLAsync(new Regex($"/console/messages/{threadId}$"));
        await Assertions.Expect(manager2.GetByRole(AriaRole.Region, new() { Name = "Internal notes" })).ToContainTextAsync(note);

        // The partner opens the same thread: the conversation, no note and no notes panel.
        var portal = await server.NewPageAsync(1400, 900);
        await new LoginPage(portal).SignInAsync(partner.Email, partner.Password);
        await portal.WaitForURLAsync(new Regex("/portal$"));
        await portal.GotoAsync($"/portal/messages/{threadId}");
        await Assertions.Expect(portal.GetByRole(AriaRole.Log, new() { Name = "Conversation" }).GetByRole(AriaRole.Article).Last).ToBeVisibleAsync();
        await Assertions.Expect(portal.GetByText("Chargebacks are rising")).ToHaveCountAsync(0);
        await Assertions.Expect(portal.GetByRole(AriaRole.Region, new() { Name = "Internal notes" })).ToHaveCountAsync(0);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.False(await db.Notifications.AnyAsync(n => n.RecipientPartnerId == partner.PartnerId && n.Body.Contains("Chargebacks are rising")));
        }

        await manager.Context.CloseAsync();
        await manager2.Context.CloseAsync();
        await portal.Context.CloseAsync();
    }

    [Theory]
    [InlineData(1400, 900)]
    [InlineData(390, 844)]
    public async Task The_portal_thread_opens_at_the_newest_message_with_the_composer_in_view(int width, int height)
    {
        var (partner, threadId) = await ThreadWithHistoryAsync($"Scroll Journey {width}");

        var page = await server.NewPageAsync(width, height);
        await new LoginPage(page).SignInAsync(partner.Email, partner.Password);
        await page.WaitForURLAsync(new Regex("/portal$"));
        await page.GotoAsync($"/portal/messages/{threadId}");

        var log = page.GetByRole(AriaRole.Log, new() { Name = "Conversation" });
        var newest = log.GetByRole(AriaRole.Article).Filter(new() { HasText = $"Message {HistoryLength} of the history" });
        await Assertions.Expect(newest).ToBeInViewportAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Write a message" })).ToBeInViewportAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send" })).ToBeInViewportAsync();
        await Assertions.Expect(log.GetByRole(AriaRole.Article).Filter(new() { HasText = "Opening message of the history" })).ToHaveCountAsync(0);
        Assert.True(await log.EvaluateAsync<bool>("el => el.scrollHeight > el.clientHeight"), "the history overflows the log, so it scrolls on its own");
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, $"thread-portal-{width}.png") });

        // Both sides' bubbles differ in colour and keep text and links at 4.5:1 or more, in the light and the dark theme.
        await AssertBubbleContrastAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" })).ToBeVisibleAsync();
        await AssertBubbleContrastAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" }).ClickAsync();

        // Older messages load above, and the reader's place is kept.
        await log.EvaluateAsync("el => el.scrollTop = 0");
        var firstShownId = await log.GetByRole(AriaRole.Article).First.GetAttributeAsync("data-message-id");
        await log.GetByRole(AriaRole.Button, new() { Name = "Load older messages" }).ClickAsync();
        await Assertions.Expect(log.GetByRole(AriaRole.Article).Filter(new() { HasText = "Opening message of the history" })).ToHaveCountAsync(1);
        await Assertions.Expect(log.Locator($"[data-message-id='{firstShownId}']")).ToBeInViewportAsync();
        Assert.True(await log.EvaluateAsync<bool>("el => el.scrollTop > 0"), "the older messages are above the reader's place, not in front of it");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The contrast of each bubble's author name and link against the bubble, and whether the two sides' bubbles differ. Colours
    /// are resolved by painting them on a canvas (the theme mixes them with color-mix), semi-transparent text over its bubble.
    /// </summary>
    private const string BubbleColours = """
        () => {
          const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
          const rgba = c => { ctx.clearRect(0, 0, 1, 1); ctx.fillStyle = '#000'; ctx.fillStyle = c; ctx.fillRect(0, 0, 1, 1); return [...ctx.getImageData(0, 0, 1, 1).data]; };
          const page = rgba(getComputedStyle(document.body).backgroundColor);
          const over = (top, under) => { const a = top[3] / 255; return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)); };
          const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
          const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
          const side = name => {
            const bubble = [...document.querySelectorAll(`[role=log] .ph-message-${name} .ph-bubble`)].find(b => b.querySelector('.ph-markdown a'));
            const bg = over(rgba(getComputedStyle(bubble).backgroundColor), page);
            const text = over(rgba(getComputedStyle(bubble.querySelector('.ph-message-author')).color), bg);
            const link = over(rgba(getComputedStyle(bubble.querySelector('.ph-markdown a')).color), bg);
            return { bg: bg.map(Math.round).join(','), text: ratio(text, bg), link: ratio(link, bg), underlined: getComputedStyle(bubble.querySelector('.ph-markdown a')).textDecorationLine.includes('underline') };
          };
          return JSON.stringify({ ours: side('ours'), theirs: side('theirs') });
        }
        """;

    private static async Task AssertBubbleContrastAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>(BubbleColours);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var ours = doc.RootElement.GetProperty("ours");
        var theirs = doc.RootElement.GetProperty("theirs");
        foreach (var side in new[] { ours, theirs })
        {
            Assert.True(side.GetProperty("text").GetDouble() >= 4.5, $"text contrast: {json}");
            Assert.True(side.GetProperty("link").GetDouble() >= 4.5, $"link contrast: {json}");
            Assert.True(side.GetProperty("underlined").GetBoolean(), $"links are underlined: {json}");
        }
        Assert.NotEqual(ours.GetProperty("bg").GetString(), theirs.GetProperty("bg").GetString());
    }

    /// <summary>A partner of its own (managed by the demo manager) whose direct thread holds more than one page of history.</summary>
    private async Task<(TestLogin Partner, long ThreadId)> ThreadWithHistoryAsync(string name)
    {
        var partner = await server.CreatePartnerLoginAsync($"{name} {Guid.NewGuid().ToString("N")[..6]}");
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var managerUser = await db.Users.AsNoTracking().SingleAsync(u => u.Email == DemoAccounts.Manager);
        var manager = new Actor(managerUser.Id, managerUser.DisplayName, new HashSet<string> { Roles.Manager }, null, "127.0.0.1");
        var partnerActor = new Actor(partner.UserId, partner.DisplayName, new HashSet<string> { Roles.Partner }, partner.PartnerId, "127.0.0.1");
        var messaging = scope.ServiceProvider.GetRequiredService<MessagingService>();
        var threadId = await messaging.GetOrCreateDirectThreadAsync(manager, partner.PartnerId!.Value);
        await messaging.SendAsync(manager, threadId, "Opening message of the history: welcome to the programme.");
        for (var i = 1; i <= HistoryLength; i++)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"Message {i} of the history.");
            await messaging.SendAsync(i % 3 == 0 ? partnerActor : manager, threadId, i % 5 == 0 ? $"{text}\n\n- a list item\n- and [a link](https://example.com/terms)" : text);
        }
        return (partner, threadId);
    }

    /// <summary>Quiet hours (22:00 to 07:00 local) would hold a notification the journey waits for; the operator's zone is one where it is day now.</summary>
    private async Task UseDaytimeZoneAsync(string email)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        user.TimeZone = PortalServer.DaytimeZone(DateTime.UtcNow);
        await db.SaveChangesAsync();
    }
}
