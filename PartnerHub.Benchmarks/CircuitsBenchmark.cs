using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Web.Demo;
using PartnerHub.Web.Features.Messaging;
using PartnerHub.Web.Hosting;

namespace PartnerHub.Benchmarks;

/// <summary>
/// The <c>circuits</c> scenario: the app in this process on loopback with the demo data, real Blazor circuits opened by Debian
/// Chromium (operators on the inbox and on other partners' profiles), and partner messages sent by clicking Send. For each N it
/// reports server CPU per message (this process's CPU time), the sender's echo and the recipient operator's time to see it
/// (click to text on the page), and the GC heap per open circuit after a full collection.
/// </summary>
public static class CircuitsBenchmark
{
    private const int Messages = 20;

    public static async Task RunAsync(int[] counts, int portals = 25, int extraPartners = 0)
    {
        var folder = Directory.CreateTempSubdirectory("partnerhub-circuits-").FullName;
        var app = await StartAsync(folder);
        if (extraPartners > 0)
        {
            await using var seedScope = app.Services.CreateAsyncScope();
            await PartnerHub.Web.Demo.BulkDataGenerator.GenerateAsync(seedScope.ServiceProvider.GetRequiredService<AppDbContext>(), extraPartners,
                DateTime.UtcNow.Date, historyDays: 7);
        }
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var hub = app.Services.GetRequiredService<MessageNotifier>();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            // Pages share a few renderer processes (one per page would not fit 200 pages on this machine); the server's work per
            // circuit is the same either way.
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-renderer-backgrounding",
                "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows",
                "--renderer-process-limit=" + (Environment.GetEnvironmentVariable("CIRCUITS_RENDERERS") ?? "6")],
        });

        int partnerId;
        long threadId;
        List<int> otherPartners;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            partnerId = await db.Partners.Where(p => p.Email == DemoAccounts.Partner).Select(p => p.Id).SingleAsync();
            otherPartners = await db.Partners.Where(p => p.Id != partnerId).OrderBy(p => p.Id).Select(p => p.Id).Take(500).ToListAsync();
            var manager = await db.Users.SingleAsync(u => u.Email == DemoAccounts.Manager);
            threadId = await scope.ServiceProvider.GetRequiredService<MessagingService>()
                .GetOrCreateDirectThreadAsync(new Actor(manager.Id, manager.DisplayName, new HashSet<string> { Roles.Manager }, null, "127.0.0.1"), partnerId);
        }

        var operatorState = await SignedInStateAsync(browser, baseUrl, DemoAccounts.Manager2);
        var sender = await NewPageAsync(browser, baseUrl, await SignedInStateAsync(browser, baseUrl, DemoAccounts.Partner));
        await sender.GotoAsync($"/portal/messages/{threadId}");
        var recipient = await NewPageAsync(browser, baseUrl, await SignedInStateAsync(browser, baseUrl, DemoAccounts.Manager));
        await recipient.GotoAsync($"/console/messages/{threadId}");
        // Both pages are live once their circuits follow the thread (a prerendered page would lose the click).
        await WaitAsync(() => hub.FollowerCount(MessageChange.ThreadTopic(threadId)) >= 2);

        Console.WriteLine($"| open circuits (N) | CPU per message | echo p50 / p95 | recipient p50 / p95 | GC heap per circuit | load |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---|");
        var background = new List<IPage>();
        foreach (var n in counts)
        {
            var baseline = Heap();
            var subscribersBefore = hub.SubscriberCount;
            var opened = background.Count;
            while (background.Count < n)
            {
                var page = await NewPageAsync(browser, baseUrl, operatorState);
                var i = background.Count;
                await page.GotoAsync(i % 2 == 0 ? "/console/messages" : $"/console/partners/{otherPartners[i / 2 % otherPartners.Count]}");
                background.Add(page);
            }
            // Every page is live: each inbox and profile badge follows its topics (two subscriptions per page or more).
            await WaitAsync(() => hub.SubscriberCount >= subscribersBefore + (n - opened),
                () => $"{hub.SubscriberCount - subscribersBefore} of {n - opened} new pages live");
            var perCircuit = n == opened ? 0 : (Heap() - baseline) / (n - opened);

            var echo = new List<double>();
            var received = new List<double>();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var m = 0; m < Messages; m++)
            {
                var text = $"Circuit bench {n}-{m} {Guid.NewGuid():N}";
                await sender.GetByLabel("Message", new() { Exact = true }).FillAsync(text);
                var clock = Stopwatch.StartNew();
                await sender.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
                var ownEcho = Until(sender, text, clock);
                var atRecipient = Until(recipient, text, clock);
                echo.Add(await ownEcho);
                received.Add(await atRecipient);
            }
            var cpuPerMessage = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / Messages;
            var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n} | {cpuPerMessage:N0} ms | {P(echo, 50):N0} / {P(echo, 95):N0} ms | {P(received, 50):N0} / {P(received, 95):N0} ms | {perCircuit / 1024.0:N0} KB | {load} |"));
        }

        await AnnounceToOpenPortalsAsync(app, browser, baseUrl, portals);
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>
    /// An announcement to every active partner while <paramref name="portals"/> partners (each its own login) have the portal
    /// dashboard open: the time from the send's commit until each open portal's Announcements badge shows it.
    /// </summary>
    private static async Task AnnounceToOpenPortalsAsync(WebApplication app, IBrowser browser, string baseUrl, int portals)
    {
        var hub = app.Services.GetRequiredService<PartnerHub.Web.Features.Announcements.AnnouncementNotifier>();
        List<int> partnerIds;
        Actor compliance;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            partnerIds = await db.Partners.Where(p => p.Status == PartnerHub.Domain.Partners.PartnerStatus.Active && !db.Users.Any(u => u.PartnerId == p.Id))
                .OrderBy(p => p.Id).Select(p => p.Id).Take(portals).ToListAsync();
            var user = await db.Users.SingleAsync(u => u.Email == DemoAccounts.Compliance);
            compliance = new Actor(user.Id, user.DisplayName, new HashSet<string> { Roles.Compliance }, null, "127.0.0.1");
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>();
            foreach (var id in partnerIds)
            {
                var login = new ApplicationUser
                {
                    UserName = $"bench-{id}@partnerhub.test", Email = $"bench-{id}@partnerhub.test", EmailConfirmed = true,
                    DisplayName = $"Bench partner {id}", PartnerId = id, CreatedAt = DateTime.UtcNow, LockoutEnabled = true,
                };
                await users.CreateAsync(login, PortalPassword);
                await users.AddToRoleAsync(login, Roles.Partner);
            }
        }
        var pages = new List<IPage>();
        var baseline = Heap();
        foreach (var id in partnerIds)
        {
            var page = await NewPageAsync(browser, baseUrl, await SignedInStateAsync(browser, baseUrl, $"bench-{id}@partnerhub.test", PortalPassword));
            await page.GotoAsync("/portal");
            pages.Add(page);
        }
        await WaitAsync(() => partnerIds.All(id => hub.IsFollowed(AnnouncementChange.PartnerTopic(id))), () => "portals not live");
        var perPortal = (Heap() - baseline) / Math.Max(1, pages.Count);
        var before = new List<string>();
        foreach (var page in pages) before.Add(await page.Locator("[data-testid=announcements-badge]").AllInnerTextsAsync() is [var t, ..] ? t : "0");

        await using var sendScope = app.Services.CreateAsyncScope();
        var clock = Stopwatch.StartNew();
        var sent = await sendScope.ServiceProvider.GetRequiredService<AnnouncementService>().SendAsync(compliance, new AnnouncementDraft
        {
            Title = "Benchmark: new payment schedule", Body = "Payments move to the 5th of each month.",
            Category = AnnouncementCategory.ProductUpdate, Audience = new AnnouncementAudience { AllActivePartners = true },
        });
        var committed = clock.Elapsed.TotalMilliseconds;
        var shown = await Task.WhenAll(pages.Select(async (page, i) =>
        {
            var expected = (int.Parse(before[i], CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
            await Assertions.Expect(page.Locator("[data-testid=announcements-badge]")).ToHaveTextAsync(expected, new() { Timeout = 60_000 });
            return clock.Elapsed.TotalMilliseconds - committed;
        }));
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Announcement to {sent.RecipientCount:N0} active partners with {pages.Count} portals open: send (ledger, commit) {committed:N0} ms; "
            + $"after the commit every open portal's badge showed it within {shown.Max():N0} ms (p50 {P([.. shown], 50):N0} ms); load {load}. "
            + $"GC heap per open portal dashboard {perPortal / 1024.0:N0} KB."));
    }

    private const string PortalPassword = "Bench-Portal-Login-2026";

    /// <summary>Milliseconds from the click until the page shows the text.</summary>
    private static async Task<double> Until(IPage page, string text, Stopwatch clock)
    {
        await page.GetByText(text).Last.WaitForAsync(new() { Timeout = 60_000 });
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<WebApplication> StartAsync(string folder)
    {
        var contentRoot = FindWebProject();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = "PartnerHub.Web",
            EnvironmentName = Environments.Development,
            ContentRootPath = contentRoot,
        });
        builder.Configuration["ConnectionStrings:PartnerHub"] = $"Data Source={Path.Combine(folder, "partnerhub.db")}";
        builder.Configuration["Demo:Enabled"] = "true";
        builder.Configuration["Storage:Root"] = Path.Combine(folder, "files");
        builder.Configuration["Jobs:ScanMinutes"] = "600";
        builder.Configuration["Jobs:ReminderMinutes"] = "600";
        foreach (var limit in new[] { "SignInPerIpPerMinute", "SignInPerAccountPerMinute", "PartnerMessagesPerMinute", "OperatorMessagesPerMinute" })
            builder.Configuration[$"RateLimits:{limit}"] = "0";
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddPartnerHub();
        var app = builder.Build();
        app.UsePartnerHub();
        await app.PrepareDatabaseAsync();
        await app.StartAsync();
        return app;
    }

    private static string FindWebProject()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PartnerHub.Web", "PartnerHub.Web.csproj")))
                return Path.Combine(dir.FullName, "PartnerHub.Web");
        throw new InvalidOperationException("Run the benchmark from the repository (the PartnerHub.Web folder is its content root).");
    }

    private static async Task<string> SignedInStateAsync(IBrowser browser, string baseUrl, string email, string password = DemoAccounts.Password)
    {
        await using var context = await browser.NewContextAsync(new() { BaseURL = baseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        return await context.StorageStateAsync();
    }

    private static async Task<IPage> NewPageAsync(IBrowser browser, string baseUrl, string state)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, StorageState = state, ViewportSize = new() { Width = 1366, Height = 900 } });
        return await context.NewPageAsync();
    }

    private static long Heap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task WaitAsync(Func<bool> condition, Func<string>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException("The pages did not become live: " + progress?.Invoke());
            await Task.Delay(50);
        }
    }

    private static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
