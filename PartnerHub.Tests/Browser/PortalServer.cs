using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using PartnerHub.Tests.Integration;

namespace PartnerHub.Tests.Browser;

/// <summary>
/// The real portal on a free loopback port (Kestrel), on its own SQLite file with the demo data,
/// and one headless Debian Chromium driven by Playwright. Shared by every browser test (one start).
/// </summary>
public partial class PortalServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private readonly string folder = Directory.CreateTempSubdirectory("partnerhub-browser-").FullName;
    private readonly HostDatabase database = new();
    private IPlaywright? playwright;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The server's log (warnings and errors), next to the screenshots, for when a journey fails.</summary>
    public static string LogFile { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots", "server.log");
    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Where screenshots of failing (and journey) pages go, for a person to look at.</summary>
    public static string ScreenshotFolder { get; } =
        Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        database.Apply(builder);
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Storage:Root", Path.Combine(folder, "files"));
        // The outbox dispatcher runs as in production (journeys watch notifications arrive), but the periodic
        // scanners and acknowledgement reminders wait past the suite, so nothing lands in a bell a journey is counting.
        builder.UseSetting("Jobs:ScanMinutes", "600");
        builder.UseSetting("Jobs:ReminderMinutes", "600");
        // Every journey signs in from 127.0.0.1, many as the same demo account, and some send many messages: the
        // limits are proven with low values in RateLimitTests, and set out of the journeys' way here.
        builder.UseSetting("RateLimits:SignInPerIpPerMinute", "0");
        builder.UseSetting("RateLimits:SignInPerAccountPerMinute", "0");
        builder.UseSetting("RateLimits:PartnerMessagesPerMinute", "0");
        builder.UseSetting("RateLimits:OperatorMessagesPerMinute", "0");
        builder.UseSetting("RateLimits:UploadsPerMinute", "0");
        // Sessions are re-checked on every request (not every minute), so a signed-out or locked user's copied cookie fails at once.
        builder.UseSetting("Security:RevalidateSeconds", "0");
        builder.ConfigureLogging(l => l.AddProvider(new FileLoggerProvider(LogFile)));
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    /// <summary>
    /// Settings a derived server adds (mail servers it started in <see cref="StartDependenciesAsync"/>: <c>Smtp:*</c>,
    /// <c>InboundMail:*</c>, shorter job intervals). The shared server adds none: it sends no email.
    /// </summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    /// <summary>Starts what the derived server's settings point at, before the app starts.</summary>
    protected virtual Task StartDependenciesAsync() => Task.CompletedTask;

    /// <summary>Stops them, after the app stopped.</summary>
    protected virtual ValueTask StopDependenciesAsync() => ValueTask.CompletedTask;

    public async Task InitializeAsync()
    {
        await StartDependenciesAsync();
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = ClientOptions.BaseAddress.ToString().TrimEnd('/');
        // Expectations wait for their condition; on a loaded CI machine a live update or a render may take more than
        // Playwright's 5 s default, so they wait as long as actions do.
        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh browser context (its own cookies) with a page, at desktop or phone width.</summary>
    public async Task<IPage> NewPageAsync(int width = 1366, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (playwright is not null)
        {
            await Browser.CloseAsync();
            playwright.Dispose();
        }
        await DisposeAsync();
        await database.DisposeAsync();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { /* the OS may hold the file briefly */ }
        await StopDependenciesAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalServer>
{
    public const string Name = "portal";
}

/// <summary>Appends warnings and errors of the test server to a file.</summary>
internal sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    private readonly object gate = new();

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose() { }

    private void Write(string line)
    {
        lock (gate) File.AppendAllText(path, line + Environment.NewLine);
    }

    private sealed class FileLogger(FileLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                owner.Write($"{DateTime.UtcNow:O} {logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
