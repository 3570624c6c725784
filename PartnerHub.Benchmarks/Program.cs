using Bunit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using PartnerHub.Benchmarks;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Data;
using PartnerHub.Web.Demo;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Performance;
using PartnerHub.Web.Features.Partners;
using PartnerHub.Web.Hosting;
using PartnerHub.Domain.Users;
using PartnerHub.Domain.Notifications;

// PartnerHub benchmarks: `dotnet run -c Release --project PartnerHub.Benchmarks [profile|partners|search [M]|announce [K]|dispatch [E]|email|inbound [N]
// |circuits|casefile (and the erasure of the same partner)] [--postgres <connection string>]` (search: M messages, default 1,000,000; announce: K bulk partners, default 100,000;
// dispatch: E events, default 100,000; inbound: N emailed replies, default 200). Builds its own SQLite database in the temp folder, or, with `--postgres` (or
// PARTNERHUB_BENCH_PG) for search, announce and dispatch, a fresh database partnerhub_bench_<guid> on that PostgreSQL server,
// dropped at the end; prints a Markdown table of p50/p95 timings.
var postgresServer = Environment.GetEnvironmentVariable("PARTNERHUB_BENCH_PG");
var postgresAt = Array.IndexOf(args, "--postgres");
if (postgresAt >= 0)
{
    if (postgresAt + 1 >= args.Length) throw new ArgumentException("--postgres needs a connection string.");
    postgresServer = args[postgresAt + 1];
    args = [.. args.Take(postgresAt), .. args.Skip(postgresAt + 2)];
}
var scenario = args.FirstOrDefault() ?? "profile";
var onPostgres = !string.IsNullOrWhiteSpace(postgresServer);
if (onPostgres && scenario is not ("search" or "announce" or "dispatch"))
    throw new ArgumentException($"Scenario '{scenario}' runs on SQLite only; --postgres is for search, announce and dispatch.");
int SizeArgument(int fallback) => args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
if (scenario == "circuits")
{
    // `circuits [N ...] [--portals P] [--partners K]`: the app in process with real Chromium circuits (default N = 0, 25, 50),
    // then an announcement to every active partner with P portals open (default 25) after adding K bulk partners (default 0).
    int Option(string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
    var counts = args.Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal))
        .Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    await CircuitsBenchmark.RunAsync(counts.Length > 0 ? counts : [0, 25, 50], Option("--portals", 25), Option("--partners", 0));
    return;
}
var folder = Directory.CreateTempSubdirectory("partnerhub-bench-").FullName;
// Declared before the service provider, so it is disposed (the database dropped) after it.
await using var postgres = onPostgres ? await PostgresBenchDatabase.CreateAsync(postgresServer!) : null;
var connection = postgres?.ConnectionString ?? $"Data Source={Path.Combine(folder, "bench.db")};Pooling=True";
var services = new ServiceCollection();
services.AddLogging();
services.AddPartnerHubData(new Microsoft.Extensions.Configuration.ConfigurationBuilder()
    .AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Database:Provider"] = onPostgres ? nameof(DatabaseProvider.PostgreSql) : nameof(DatabaseProvider.Sqlite),
        ["ConnectionStrings:PartnerHub"] = connection,
    }).Build(), folder);
// The registered SQLite bulk insert reads its switch from here (the scenarios build their dispatchers' options themselves).
services.AddSingleton(new NotificationOptions());
services.AddIdentityCore<ApplicationUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<AppDbContext>();
services.AddSingleton(TimeProvider.System);
services.AddScoped<PartnerQueries>().AddScoped<PerformanceService>().AddScoped<NetworkService>()
    .AddScoped<DealService>().AddScoped<TimelineService>().AddScoped<CommissionService>().AddScoped<PayoutService>();
await using var provider = services.BuildServiceProvider();
var factory = provider.GetRequiredService<IDbContextFactory<AppDbContext>>();
var now = DateTime.UtcNow;

Console.WriteLine(onPostgres ? $"Preparing data in PostgreSQL database {postgres!.Name} ..." : $"Preparing data in {folder} ...");
var setup = System.Diagnostics.Stopwatch.StartNew();
await using (var scope = provider.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
    await DatabaseInitializer.MigrateAsync(db);
    await new DemoDataSeeder(scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>(),
        scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>(), TimeProvider.System).SeedAsync(db);
}
string managerId;
await using (var db = await factory.CreateDbContextAsync())
    managerId = await db.Users.Where(u => u.Email == DemoAccounts.Manager).Select(u => u.Id).SingleAsync();
var partnerId = 0;
if (scenario is "profile" or "casefile")
{
    partnerId = await HeavyPartner.CreateAsync(factory, managerId, now);
    Console.WriteLine($"Data ready in {setup.Elapsed.TotalSeconds:N1} s (partner {partnerId}: 20,000 commission lines, 10,000 messages, 3 years of daily stats).");
}
else if (scenario == "partners")
{
    await using var db = await factory.CreateDbContextAsync();
    var bulk = await BulkDataGenerator.GenerateAsync(db, 100_000, now.Date, historyDays: 7);
    Console.WriteLine($"Data ready in {setup.Elapsed.TotalSeconds:N1} s ({bulk.Partners:N0} extra partners).");
}
else if (scenario == "announce")
{
    await using var db = await factory.CreateDbContextAsync();
    var bulkPartners = SizeArgument(100_000);
    var added = onPostgres
        ? await PostgresBulkData.PartnersAsync(db, bulkPartners, now.Date)
        : (await BulkDataGenerator.GenerateAsync(db, bulkPartners, now.Date, historyDays: 1)).Partners;
    Console.WriteLine($"Data ready in {setup.Elapsed.TotalSeconds:N1} s ({added:N0} extra partners).");
}
else if (scenario == "dispatch")
{
    Console.WriteLine($"Demo data ready in {setup.Elapsed.TotalSeconds:N1} s.");
    await DispatchEvents.RunAsync(factory, SizeArgument(100_000), provider.GetRequiredService<INotificationBulkInsert>());
}
else if (scenario == "email")
{
    Console.WriteLine($"Demo data ready in {setup.Elapsed.TotalSeconds:N1} s.");
    await EmailLatency.RunAsync(factory, managerId);
    return;
}
else if (scenario == "inbound")
{
    Console.WriteLine($"Demo data ready in {setup.Elapsed.TotalSeconds:N1} s.");
    await InboundBenchmark.RunAsync(provider, factory, folder, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200);
}
else if (scenario == "search")
{
    var (rows, threads, elapsed) = onPostgres
        ? await PostgresBulkData.MessagesAsync(factory, SizeArgument(1_000_000), now, managerId)
        : await SearchMessages.InsertAsync(factory, SizeArgument(1_000_000), now, managerId);
    Console.WriteLine($"Data ready in {setup.Elapsed.TotalSeconds:N1} s ({rows:N0} messages over {threads:N0} demo threads inserted in {elapsed.TotalSeconds:N1} s, {(onPostgres ? "tsvector trigger" : "FTS5 triggers")} on).");
}

var manager = new Actor(managerId, "Maya Levi (Manager)", new HashSet<string> { Roles.Manager }, null);
var today = DateOnly.FromDateTime(now);
var results = new List<Measure.Result>();

if (scenario == "profile")
{
    var queries = provider.GetRequiredService<PartnerQueries>();
    var performance = provider.GetRequiredService<PerformanceService>();
    var network = provider.GetRequiredService<NetworkService>();
    var deals = provider.GetRequiredService<DealService>();
    var timeline = provider.GetRequiredService<TimelineService>();
    results.Add(await Measure.RunAsync("Header (GetProfileAsync)", () => queries.GetProfileAsync(manager, partnerId)));
    results.Add(await Measure.RunAsync("Performance, 30 days (default tab)", () => performance.GetAsync(manager, partnerId, today.AddDays(-29), today)));
    results.Add(await Measure.RunAsync("Performance, 3 years", () => performance.GetAsync(manager, partnerId, today.AddYears(-3).AddDays(1), today)));
    var commissions = provider.GetRequiredService<CommissionService>();
    var payouts = provider.GetRequiredService<PayoutService>();
    results.Add(await Measure.RunAsync("Commissions, first page of 25 (of 20,000)", () => commissions.ListAsync(manager, partnerId, new CommissionQuery())));
    results.Add(await Measure.RunAsync("Commissions, sorted by amount, page 400", () => commissions.ListAsync(manager, partnerId,
        new CommissionQuery { SortBy = "Amount", Descending = true, Page = 400 })));
    results.Add(await Measure.RunAsync("Payouts: balance + first page", async () =>
    {
        await payouts.GetBalanceAsync(manager, partnerId);
        await payouts.ListAsync(manager, partnerId, 0, 10);
    }));
    results.Add(await Measure.RunAsync("Deals (5 versions)", () => deals.GetAsync(manager, partnerId)));
    results.Add(await Measure.RunAsync("Network, 20 sub-IBs, 180 days", () => network.GetAsync(manager, partnerId, today.AddDays(-179), today)));
    results.Add(await Measure.RunAsync("Timeline, first page of 25", () => timeline.GetAsync(manager, partnerId, new TimelineFilter(), null, 25)));
    await using var page = ProfilePageContext();
    results.Add(await Measure.RunAsync("Profile page first render (bUnit: header + performance)", () => RenderProfileAsync(page, partnerId)));
}

if (scenario == "partners")
{
    var queries = provider.GetRequiredService<PartnerQueries>();
    results.Add(await Measure.RunAsync("Partners grid, first page, by name (100,294 partners)", () => queries.SearchAsync(manager, new PartnerQuery())));
    results.Add(await Measure.RunAsync("Partners grid, page 2,000, by name", () => queries.SearchAsync(manager, new PartnerQuery { Page = 2_000 })));
    results.Add(await Measure.RunAsync("Partners grid, filter vertical + status + country", () => queries.SearchAsync(manager,
        new PartnerQuery { Verticals = [Vertical.ForexIb], Statuses = [PartnerStatus.Active], Country = "GB" })));
    results.Add(await Measure.RunAsync("Partners grid, search text '%bulk-9999%'", () => queries.SearchAsync(manager, new PartnerQuery { Search = "bulk-9999" })));
    results.Add(await Measure.RunAsync("Partners grid, my book (manager filter), by tier", () => queries.SearchAsync(manager,
        new PartnerQuery { ManagerId = managerId, SortBy = nameof(PartnerRow.Tier) })));
    results.Add(await Measure.RunAsync("Global search box, 'bulk-12'", () => queries.QuickSearchAsync(manager, "bulk-12")));
}

if (scenario == "announce")
{
    string complianceId;
    await using (var db = await factory.CreateDbContextAsync())
        complianceId = await db.Users.Where(u => u.Email == DemoAccounts.Compliance).Select(u => u.Id).SingleAsync();
    results.AddRange(await AnnounceBenchmark.RunAsync(factory, provider.GetRequiredService<INotificationBulkInsert>(), new Actor(complianceId, "Priya Nair (Compliance)", new HashSet<string> { Roles.Compliance }, null)));
}

if (scenario == "casefile")
{
    string complianceId;
    await using (var db = await factory.CreateDbContextAsync())
        complianceId = await db.Users.Where(u => u.Email == DemoAccounts.Compliance).Select(u => u.Id).SingleAsync();
    results.AddRange(await CaseFileBenchmark.RunAsync(factory,
        new Actor(complianceId, "Priya Nair (Compliance)", new HashSet<string> { Roles.Compliance }, null), partnerId, today, folder));
    results.Add(await CaseFileBenchmark.EraseAsync(factory,
        new Actor(complianceId, "Priya Nair (Compliance)", new HashSet<string> { Roles.Compliance }, null), partnerId));
}

if (scenario == "search")
{
    var search = new MessageSearch(factory, provider.GetRequiredService<IMessageSearchSql>());
    int demoPartnerId;
    string partnerUserId;
    await using (var db = await factory.CreateDbContextAsync())
        (partnerUserId, demoPartnerId) = await db.Users.Where(u => u.Email == DemoAccounts.Partner).Select(u => new ValueTuple<string, int>(u.Id, u.PartnerId!.Value)).SingleAsync();
    var partner = new Actor(partnerUserId, "Demo partner", new HashSet<string> { Roles.Partner }, demoPartnerId);
    async Task Run(string suffix)
    {
        results.Add(await Measure.RunAsync($"Search 'commission', first page + count{suffix}", () => search.SearchAsync(manager, new MessageSearchQuery { Text = "commission" })));
        results.Add(await Measure.RunAsync($"Search rare '{SearchMessages.RareToken}' ({SizeArgument(1_000_000) / 10_000:N0} hits){suffix}", () => search.SearchAsync(manager, new MessageSearchQuery { Text = SearchMessages.RareToken })));
        results.Add(await Measure.RunAsync($"Search 'rebate spread' (two words){suffix}", () => search.SearchAsync(manager, new MessageSearchQuery { Text = "rebate spread" })));
        results.Add(await Measure.RunAsync($"Search 'payout', operator, partner filter{suffix}", () => search.SearchAsync(manager, new MessageSearchQuery { Text = "payout", PartnerId = demoPartnerId })));
        results.Add(await Measure.RunAsync($"Search 'payout', as the partner (own threads){suffix}", () => search.SearchAsync(partner, new MessageSearchQuery { Text = "payout" })));
        results.Add(await Measure.RunAsync($"Search rare token, as the partner{suffix}", () => search.SearchAsync(partner, new MessageSearchQuery { Text = SearchMessages.RareToken })));
        results.Add(await Measure.RunAsync($"Search 'commission', by relevance ({(onPostgres ? "ts_rank" : "bm25")}){suffix}", () => search.SearchAsync(manager,
            new MessageSearchQuery { Text = "commission", Order = MessageSearchOrder.Relevance }), runs: 10, warmup: 1));
    }
    await Run("");
    if (onPostgres)
    {
        // FTS5's 'optimize' merges SQLite's index segments; a GIN index has none. The PostgreSQL counterpart is VACUUM ANALYZE.
        Console.WriteLine("FTS5 optimize skipped on PostgreSQL (no FTS5 segments); running VACUUM ANALYZE \"Messages\" instead.");
        await PostgresBulkData.VacuumAnalyzeMessagesAsync(factory);
        await Run(", after VACUUM ANALYZE");
    }
    else
    {
        await SearchMessages.OptimizeAsync(factory);
        await Run(", after FTS optimize");
    }
}

if (results.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine(Measure.Header);
    foreach (var r in results) Console.WriteLine(r);
}
SqliteConnection.ClearAllPools();
try { Directory.Delete(folder, true); } catch (IOException) { }
return;

// One bUnit host with the app's services, as a circuit has them; each run renders a new page instance.
BunitContext ProfilePageContext()
{
    var ctx = new BunitContext();
    ctx.JSInterop.Mode = JSRuntimeMode.Loose;
    ctx.Services.AddMudServices();
    ctx.Services.AddSingleton<IHttpContextAccessor>(new HttpContextAccessor());
    ctx.Services.AddSingleton(factory);
    ctx.Services.AddSingleton(TimeProvider.System);
    ctx.Services.AddScoped<CurrentUser>().AddScoped<PartnerQueries>().AddScoped<PartnerService>().AddScoped<PerformanceService>()
        .AddScoped<NetworkService>().AddScoped<DealService>().AddScoped<TimelineService>()
        .AddScoped<PartnerHub.Domain.Notifications.EmailBounces>().AddScoped<PartnerHub.Domain.Compliance.LegalHolds>()
        .AddScoped<PartnerHub.Web.Components.Shared.ViewerTime>();
    var auth = ctx.AddAuthorization();
    auth.SetAuthorized(manager.Name);
    auth.SetRoles(Roles.Manager);
    auth.SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, manager.UserId));
    ctx.Render<MudPopoverProvider>();
    return ctx;
}

// Renders the console profile page until the header and the default tab's KPI cards and chart are on
// screen: the server-side work behind the "first interactive render".
async Task RenderProfileAsync(BunitContext ctx, int id)
{
    var cut = ctx.Render<PartnerProfilePage>(p => p.Add(x => x.Id, id));
    cut.WaitForState(() => cut.FindAll("h1").Count > 0 && cut.Markup.Contains("Lots", StringComparison.Ordinal) && cut.FindAll(".mud-chart").Count > 0,
        TimeSpan.FromSeconds(10));
    await ctx.DisposeComponentsAsync();
    ctx.Render<MudPopoverProvider>();
}
