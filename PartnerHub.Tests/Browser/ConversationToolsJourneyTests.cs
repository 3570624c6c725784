using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerHub.Domain.Data;
using PartnerHub.Web.Demo;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Tests.Domain;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Browser;

/// <summary>
/// Issue 4, the message tools in a real browser: an attachment sent, downloaded by the partner and refused to another
/// partner; an edit within five minutes; a search hit opening the thread with the word highlighted; and hostile
/// Markdown rendering as inert text in the page.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ConversationToolsJourneyTests(PortalServer server)
{
    private static readonly byte[] Png =
        Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    [Fact]
    public async Task A_manager_attaches_a_file_edits_the_message_the_partner_downloads_it_and_search_finds_it_highlighted()
    {
        var partnerId = await PartnerIdAsync(DemoAccounts.Partner);
        long threadId;
        await using (var scope = server.Services.CreateAsyncScope())
            threadId = await scope.ServiceProvider.GetRequiredService<MessagingService>().GetOrCreateDirectThreadAsync(await ActorAsync(DemoAccounts.Manager, Roles.Manager), partnerId);

        var manager = await server.NewPageAsync();
        await new LoginPage(manager).SignInAsync(DemoAccounts.Manager);
        await manager.WaitForURLAsync(new Regex("/console$"));
        await manager.GotoAsync($"/console/messages/{threadId}");
        var composer = manager.GetByRole(AriaRole.Group, new() { Name = "Write a message" });
        await Assertions.Expect(composer).ToBeVisibleAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Log, new() { Name = "Conversation" }).GetByRole(AriaRole.Article).First).ToBeVisibleAsync();

        // A wrong file is refused at the field; the real banner is accepted and sent with the message.
        await composer.Locator("input[type=file]:not(.d-none)").SetFilesWhenReadyAsync(new FilePayload { Name = "invoice.exe", MimeType = "application/octet-stream", Buffer = [0x4D, 0x5A] });
        await Assertions.Expect(composer.GetByTestId("attachment-error")).ToContainTextAsync("invoice.exe is not an allowed file type");
        await composer.Locator("input[type=file]:not(.d-none)").SetFilesWhenReadyAsync(new FilePayload { Name = "march-banner.png", MimeType = "image/png", Buffer = Png });
        await Assertions.Expect(composer.GetByRole(AriaRole.List, new() { Name = "Files to send" })).ToContainTextAsync("march-banner.png");
        await composer.GetByLabel("Message", new() { Exact = true }).FillAsync("The kingfisher banner for March is attached.");
        await composer.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        var sent = manager.GetByRole(AriaRole.Article).Filter(new() { HasText = "kingfisher banner" }).Last;
        await Assertions.Expect(sent.GetByRole(AriaRole.Link, new() { Name = "Download march-banner.png" })).ToBeVisibleAsync();

        // The author edits it within five minutes; the message says "edited".
        await sent.GetByRole(AriaRole.Button, new() { Name = "Edit message" }).ClickAsync();
        await sent.GetByRole(AriaRole.Textbox, new() { Name = "Edit message" }).FillAsync("The kingfisher banner for March is attached (final version).");
        await sent.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(sent).ToContainTextAsync("(final version)");
        await Assertions.Expect(sent).ToContainTextAsync("edited");
        var href = await sent.GetByRole(AriaRole.Link, new() { Name = "Download march-banner.png" }).GetAttributeAsync("href");
        Assert.Matches("^/files/attachments/[0-9]+$", href);

        // The partner downloads the file: a download, with its name, the bytes that were sent.
        var partner = await server.NewPageAsync();
        await new LoginPage(partner).SignInAsync(DemoAccounts.Partner);
        await partner.WaitForURLAsync(new Regex("/portal$"));
        await partner.GotoAsync($"/portal/messages/{threadId}");
        var received = partner.GetByRole(AriaRole.Article).Filter(new() { HasText = "kingfisher banner" }).Last;
        await Assertions.Expect(received).ToContainTextAsync("(final version)");
        var download = await partner.RunAndWaitForDownloadAsync(() => received.GetByRole(AriaRole.Link, new() { Name = "Download march-banner.png" }).ClickAsync());
        Assert.Equal("march-banner.png", download.SuggestedFilename);
        var saved = Path.Combine(PortalServer.ScreenshotFolder, "downloaded-banner.png");
        await download.SaveAsAsync(saved);
        Assert.Equal(Png, await File.ReadAllBytesAsync(saved));

        // Another partner asking for the same file by URL gets 403; nobody signed in gets no file.
        var other = await server.NewPageAsync();
        await new LoginPage(other).SignInAsync(DemoAccounts.SubIb);
        await other.WaitForURLAsync(new Regex("/portal$"));
        var refused = await other.APIRequest.GetAsync(href!);
        Assert.Equal(403, refused.Status);
        var anonymous = await server.NewPageAsync();
        var noLogin = await anonymous.APIRequest.GetAsync(href!, new() { MaxRedirects = 0 });
        Assert.NotEqual(200, noLogin.Status);

        // The manager searches the message text; the hit opens the thread scrolled to the message, the word highlighted.
        await manager.GotoAsync("/console/messages/search");
        var search = manager.GetByRole(AriaRole.Search, new() { Name = "Search messages" });
        await Assertions.Expect(search.GetByLabel("Manager")).ToBeVisibleAsync();
        await search.GetByLabel("Search messages").FillAsync("kingfisher");
        await search.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var results = manager.GetByRole(AriaRole.Listbox, new() { Name = "Search results" });
        await Assertions.Expect(results.Locator("mark").First).ToHaveTextAsync(new Regex("^kingfisher$", RegexOptions.IgnoreCase));
        await manager.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "journey4-search.png"), FullPage = true });
        await Assertions.Expect(manager.GetByRole(AriaRole.Status).Filter(new() { HasText = "match" })).ToHaveTextAsync("1 message matches.");
        await results.GetByRole(AriaRole.Option).First.ClickAsync();
        await manager.WaitForURLAsync(new Regex($"/console/messages/{threadId}\\?message=[0-9]+&q=kingfisher"));
        var focused = manager.Locator(".ph-message-focus");
        await Assertions.Expect(focused.Locator("mark")).ToHaveTextAsync("kingfisher");
        await Assertions.Expect(focused).ToBeInViewportAsync();
        await manager.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "journey4-search-hit.png") });

        foreach (var page in new[] { manager, partner, other, anonymous }) await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Hostile_markdown_in_messages_renders_as_inert_text_in_the_browser()
    {
        var partnerId = await PartnerIdAsync(DemoAccounts.SubIb);
        var payloads = ((IEnumerable<object[]>)SafeMarkdownTests.Payloads).Select(row => (string)row[0]).ToList();
        Assert.True(payloads.Count >= 20);
        long threadId;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var messaging = scope.ServiceProvider.GetRequiredService<MessagingService>();
            var actor = await ActorAsync(DemoAccounts.Manager, Roles.Manager);
            threadId = await messaging.GetOrCreateDirectThreadAsync(actor, partnerId);
            foreach (var (payload, i) in payloads.Select((p, i) => (p.Replace("alert(1)", "window.__xss=1", StringComparison.Ordinal), i)))
                await messaging.SendAsync(actor, threadId, string.Create(CultureInfo.InvariantCulture, $"Payload {i}: {payload}"));
        }

        var partner = await server.NewPageAsync();
        var dialogs = 0;
        partner.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        await new LoginPage(partner).SignInAsync(DemoAccounts.SubIb);
        await partner.WaitForURLAsync(new Regex("/portal$"));
        await partner.GotoAsync($"/portal/messages/{threadId}");
        var log = partner.GetByRole(AriaRole.Log, new() { Name = "Conversation" });
        await Assertions.Expect(log).ToContainTextAsync($"Payload {payloads.Count - 1}:");

        var report = await partner.EvaluateAsync<string>("""
            () => {
              const bodies = [...document.querySelectorAll('[role=log] .ph-message-body')];
              const all = sel => bodies.flatMap(b => [...b.querySelectorAll(sel)]);
              const bad = all('script, iframe, svg, object, embed, img, style, details, form, base');
              const handlers = all('*').filter(e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on')));
              const links = all('a[href]').map(a => a.getAttribute('href')).filter(h => !/^(https?:|mailto:|\/[^\/\\])/i.test(h));
              return JSON.stringify({ bodies: bodies.length >= 20, bad: bad.length, handlers: handlers.length, links, xss: window.__xss ?? null });
            }
            """);
        Assert.Equal("""{"bodies":true,"bad":0,"handlers":0,"links":[],"xss":null}""", report);
        Assert.Equal(0, dialogs);
        await Assertions.Expect(log).ToContainTextAsync("<script>");
        await partner.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "journey4-xss-inert.png"), FullPage = true });
        await partner.Context.CloseAsync();
    }

    private async Task<int> PartnerIdAsync(string email)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Partners.Where(p => p.Email == email).Select(p => p.Id).SingleAsync();
    }

    private async Task<Actor> ActorAsync(string email, string role)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
        return new Actor(user.Id, user.DisplayName, new HashSet<string> { role }, user.PartnerId, "127.0.0.1");
    }
}
