using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Npgsql;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Outbox;
using PartnerHub.Tests.Browser;
using PartnerHub.Web.Demo;
using Xunit.Abstractions;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// Two app processes (<see cref="NodeProcess"/>) on different ports share one PostgreSQL database and one Redis (Debian's,
/// started by the fixtures on loopback): a cookie from node A opens node B; a reply written on node B shows live on node A;
/// 1,000 outbox events dispatched with both nodes up make one notification each; node A killed (SIGKILL) in the middle of an
/// announcement to 10,000 partners is completed by node B, one ledger row per recipient; node B's readiness reports Redis
/// down while it is stopped, and live updates come back when it returns.
/// </summary>
public sealed class TwoNodeClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly PostgreSqlServer postgres = new();
    private readonly RedisServer redis = new();
    private string database = "";
    private readonly List<NodeProcess> nodes = [];
    private IPlaywright? playwright;
    private IBrowser? browser;

    public async Task InitializeAsync()
    {
        await postgres.InitializeAsync();
        await redis.InitializeAsync();
        database = TestEngine.NewPostgreSqlDatabase(postgres.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
        foreach (var node in nodes) await node.DisposeAsync();
        if (database.Length > 0) await TestEngine.DropPostgreSqlDatabaseAsync(database);
        await redis.DisposeAsync();
        await postgres.DisposeAsync();
    }

    private IDbContextFactory<PartnerHub.Domain.Data.AppDbContext> Db => new PostgreSqlContextFactory(database);

    private async Task<NodeProcess> StartNodeAsync(string name)
    {
        var node = new NodeProcess(name, database, redis.Configuration, output);
        nodes.Add(node);
        await node.StartAsync();
        return node;
    }

    [PostgreSqlFact]
    public async Task Two_nodes_share_sessions_live_updates_the_schedule_and_finish_each_others_work()
    {
        // Node A alone first: it migrates and seeds the demo data; then 10,000 more active partners (set-based).
        var a = await StartNodeAsync("A");
        await using (var db = Db.CreateDbContext())
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "Partners" ("Name", "Email", "Country", "TimeZone", "Language", "Vertical", "Status", "KycStatus",
                    "PayoutMethod", "Currency", "PayoutThreshold", "Tier", "CreatedAt", "Version")
                SELECT 'Cluster Partner ' || g, 'cluster' || g || '@partners.test', 'GB', 'UTC', 'en', 1, 2, 3, 1, 'USD', 100, 1, now(), 0
                FROM generate_series(1, 10000) AS g
                """);

        // 4. Node A dies in the middle of an announcement to every active partner; node B completes it.
        int announcementId;
        int audience;
        await using (var blocker = new NpgsqlConnection(database))
        {
            await blocker.OpenAsync();
            await using var tx = await blocker.BeginTransactionAsync();
            // The ledger insert of A's send waits behind this lock: A is caught inside its send transaction.
            await using (var lockLedger = new NpgsqlCommand("LOCK TABLE \"AnnouncementRecipients\" IN SHARE MODE", blocker, tx))
                await lockLedger.ExecuteNonQueryAsync();
            var compliance = await ActorAsync(DemoAccounts.Compliance, Roles.Compliance);
            // The first half of a send (as the composer does); A's resume job takes the second half within a second or two.
            announcementId = await new AnnouncementService(Db, TimeProvider.System).ComposeAsync(compliance, null, null, new AnnouncementDraft
            {
                Title = "Cluster notice", Body = "Our **terms** page moved.", Audience = new AnnouncementAudience { AllActivePartners = true },
            }, ComposeAction.SendNow);
            await Poll.UntilAsync(async () => await LedgerInsertWaitingAsync(), 60, () => "node A never reached the ledger insert");
            a.Kill();
            await tx.RollbackAsync();
        }
        await using (var db = Db.CreateDbContext())
        {
            audience = await db.Partners.CountAsync(p => p.Status == PartnerHub.Domain.Partners.PartnerStatus.Active);
            Assert.Equal(AnnouncementStatus.Sending, (await db.Announcements.SingleAsync(x => x.Id == announcementId)).Status);
        }
        Assert.True(audience > 10_000);
        var b = await StartNodeAsync("B");
        await Poll.UntilAsync(async () =>
        {
            await using var db = Db.CreateDbContext();
            return (await db.Announcements.SingleAsync(x => x.Id == announcementId)).Status == AnnouncementStatus.Sent;
        }, 120, () => "node B did not complete the interrupted send");
        await using (var db = Db.CreateDbContext())
        {
            var ledger = db.AnnouncementRecipients.Where(r => r.AnnouncementId == announcementId);
            Assert.Equal(audience, await ledger.CountAsync());
            Assert.Equal(audience, await ledger.Select(r => r.PartnerId).Distinct().CountAsync());
            Assert.Equal(audience, (await db.Announcements.SingleAsync(x => x.Id == announcementId)).RecipientCount);
        }
        output.WriteLine($"Interrupted send of announcement {announcementId} completed by node B: {audience} ledger rows.");

        a = await StartNodeAsync("A2");

        // 1. A cookie issued by node A opens the portal on node B (one key ring in the database).
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--headless", "--no-sandbox", "--disable-gpu"],
        });
        var partnerContext = await browser.NewContextAsync(new() { BaseURL = a.BaseUrl });
        var partnerPage = await partnerContext.NewPageAsync();
        await new LoginPage(partnerPage).SignInAsync(DemoAccounts.Partner);
        await partnerPage.WaitForURLAsync(new Regex("/portal$"));
        var cookies = await partnerContext.CookiesAsync([a.BaseUrl]);
        using (var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        using (var http = new HttpClient(handler) { BaseAddress = new Uri(b.BaseUrl) })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/portal");
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}")));
            // Without a session B would redirect to the sign-in page; with A's cookie it serves the portal.
            var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // 2. A manager on node B replies; the partner's page on node A shows it live (Redis carries the change).
        long threadId;
        var manager = await ActorAsync(DemoAccounts.Manager, Roles.Manager);
        await using (var db = Db.CreateDbContext())
        {
            var partnerId = await db.Partners.Where(p => p.Email == DemoAccounts.Partner).Select(p => p.Id).SingleAsync();
            threadId = await new MessagingService(Db, TimeProvider.System).GetOrCreateDirectThreadAsync(manager, partnerId);
        }
        await partnerPage.GotoAsync($"/portal/messages/{threadId}");
        var managerContext = await browser.NewContextAsync(new() { BaseURL = b.BaseUrl });
        var managerPage = await managerContext.NewPageAsync();
        await new LoginPage(managerPage).SignInAsync(DemoAccounts.Manager);
        await managerPage.WaitForURLAsync(new Regex("/console$"));
        await managerPage.GotoAsync($"/console/messages/{threadId}");
        await ReplyUntilSeenAsync(managerPage, partnerPage, "Written on node B");

        // 3. 1,000 outbox events with both nodes up: one notification each, whichever node dispatched it.
        var bulk = await BulkPartnersAsync(1000);
        var first = await InsertMilestoneEventsAsync(bulk);
        await Poll.UntilAsync(async () =>
        {
            await using var db = Db.CreateDbContext();
            return !await db.DomainEvents.AnyAsync(e => e.Id >= first && e.ProcessedAt == null);
        }, 180, () => "the outbox was not drained");
        await using (var db = Db.CreateDbContext())
        {
            Assert.Equal(1000, await db.DomainEvents.CountAsync(e => e.Id >= first));
            var perEvent = await db.Notifications.Where(n => n.EventId >= first)
                .GroupBy(n => n.EventId).Select(g => g.Count()).ToListAsync();
            Assert.Equal(1000, perEvent.Count);
            Assert.All(perEvent, count => Assert.Equal(1, count));
            // Which node did the work: each node logs what its dispatch runs took (a clustered job fires on one node at a
            // time, so one node may take all of them). Exactly once is what the counts above prove.
            var byNode = new[] { a, b }.ToDictionary(n => n.Name, n => n.DispatchedEvents());
            output.WriteLine("Outbox events dispatched per node, from their logs (whole run): "
                + string.Join(", ", byNode.Select(kv => $"{kv.Key} {kv.Value}")));
        }

        // 5. Node B's readiness says Redis is down while it is, and live updates come back with it.
        using (var http = new HttpClient { BaseAddress = new Uri(b.BaseUrl) })
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
            await redis.StopAsync();
            await Poll.UntilAsync(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable, 60,
                () => "node B stayed ready without Redis");
            var body = await (await http.GetAsync("/health/ready")).Content.ReadAsStringAsync();
            Assert.Contains("redis", body, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Unhealthy", body, StringComparison.Ordinal);
            await redis.StartAsync();
            await Poll.UntilAsync(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, 90,
                () => "node B did not become ready after Redis came back");
        }
        using (var http = new HttpClient { BaseAddress = new Uri(a.BaseUrl) })
            await Poll.UntilAsync(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, 90,
                () => "node A did not become ready after Redis came back");
        await ReplyUntilSeenAsync(managerPage, partnerPage, "Back after Redis returned");
        await partnerPage.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "cluster-node-a-live.png"), FullPage = true });
    }

    /// <summary>
    /// Sends from node B's page and waits for node A's page to show it. The first try may land before A's circuit follows the
    /// thread (a prerendered page is not live yet); then the next try, with its own text, must arrive.
    /// </summary>
    private static async Task ReplyUntilSeenAsync(IPage sender, IPage receiver, string text)
    {
        for (var attempt = 1; ; attempt++)
        {
            var unique = $"{text} ({attempt})";
            await sender.GetByLabel("Message", new() { Exact = true }).FillAsync(unique);
            await sender.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
            await Assertions.Expect(sender.GetByText(unique)).ToBeVisibleAsync();
            try
            {
                await Assertions.Expect(receiver.GetByText(unique)).ToBeVisibleAsync(new() { Timeout = 10_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                // Not live yet on the receiving node: try again with a new text.
            }
        }
    }

    private async Task<bool> LedgerInsertWaitingAsync()
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%AnnouncementRecipients%'
            """, connection);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private async Task<Actor> ActorAsync(string email, string role)
    {
        await using var db = Db.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        return new Actor(user.Id, user.DisplayName, new HashSet<string> { role }, user.PartnerId, "127.0.0.1");
    }

    private async Task<List<int>> BulkPartnersAsync(int count)
    {
        await using var db = Db.CreateDbContext();
        return await db.Partners.Where(p => p.Email.StartsWith("cluster")).OrderBy(p => p.Id).Select(p => p.Id).Take(count).ToListAsync();
    }

    /// <summary>One MilestoneAchieved event per partner (the demo's rule writes one bell notification each); returns the first id.</summary>
    private async Task<long> InsertMilestoneEventsAsync(IReadOnlyList<int> partnerIds)
    {
        await using var db = Db.CreateDbContext();
        var now = DateTime.UtcNow;
        var events = partnerIds.Select((id, i) => new DomainEvent(EventTypes.MilestoneAchieved, id, "Milestone", $"cluster-{i}",
            $$"""{"milestoneId":{{i}},"code":"cluster","title":"Cluster milestone {{i}}","value":{{i}}}""", now, null)).ToList();
        db.DomainEvents.AddRange(events);
        await db.SaveChangesAsync();
        return events.Min(e => e.Id);
    }
}

/// <summary>
/// The web app as its own process (<c>dotnet PartnerHub.Web.dll</c>, Development with the demo data, on PostgreSQL and Redis),
/// on a free loopback port, its output kept for the test's log; stopped (or killed) by the test.
/// </summary>
public sealed class NodeProcess(string name, string database, string redis, ITestOutputHelper output) : IAsyncDisposable
{
    private Process? process;
    private readonly int port = FreePort();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> log = new();

    public string BaseUrl => $"http://127.0.0.1:{port}";
    public string Name => name;

    /// <summary>How many outbox events this node's dispatch runs reported (its "Outbox: dispatched N events" log lines).</summary>
    public int DispatchedEvents() => log
        .Select(l => Regex.Match(l, @"Outbox: dispatched (\d+) events"))
        .Where(m => m.Success).Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    public int ProcessId { get; private set; }

    public async Task StartAsync()
    {
        var web = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "PartnerHub.Web"));
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
        var dll = Path.Combine(web, "bin", configuration, "net10.0", "PartnerHub.Web.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = BaseUrl,
            ["Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__PartnerHub"] = database,
            ["Redis__Configuration"] = redis,
            ["Node__Name"] = name,
            ["Demo__Enabled"] = "true",
            ["Jobs__DispatchSeconds"] = "1",
            ["Jobs__ResumeSendsSeconds"] = "1",
            ["Jobs__ResumeSendsAfterSeconds"] = "1",
            ["Jobs__ScanMinutes"] = "600",
            ["Jobs__ReminderMinutes"] = "600",
            ["Quartz__CheckinSeconds"] = "2",
            ["Quartz__CheckinMisfireSeconds"] = "6",
            ["RateLimits__SignInPerIpPerMinute"] = "0",
            ["RateLimits__SignInPerAccountPerMinute"] = "0",
            ["RateLimits__OperatorMessagesPerMinute"] = "0",
            ["Security__RevalidateSeconds"] = "0",
        };
        foreach (var (key, value) in settings) start.Environment[key] = value;
        process = Process.Start(start) ?? throw new InvalidOperationException("The node did not start.");
        ProcessId = process.Id;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        await Poll.UntilAsync(async () =>
        {
            if (process.HasExited) return true;
            try { return (await http.GetAsync("/health/ready")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
            catch (TaskCanceledException) { return false; }
        }, 180, () => $"node {name} not ready:\n{string.Join('\n', log.TakeLast(30))}");
        if (process.HasExited) throw new InvalidOperationException($"node {name} exited ({process.ExitCode}):\n{string.Join('\n', log.TakeLast(40))}");
        output.WriteLine($"node {name} ready on {BaseUrl} (pid {ProcessId})");
    }

    /// <summary>SIGKILL: no shutdown, no rollback by the app; the database sees the connection drop.</summary>
    public void Kill()
    {
        process?.Kill(entireProcessTree: true);
        process?.WaitForExit();
        output.WriteLine($"node {name} killed");
    }

    public async ValueTask DisposeAsync()
    {
        if (process is null) return;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        foreach (var line in log.Where(l => l.Contains("fail:", StringComparison.Ordinal) || l.Contains("crit:", StringComparison.Ordinal)).Take(20))
            output.WriteLine($"[{name}] {line}");
        process.Dispose();
        process = null;
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
