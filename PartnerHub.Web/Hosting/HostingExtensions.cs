using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.FileProviders;
using MudBlazor.Services;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Files;
using PartnerHub.Domain.Identity;
using PartnerHub.Web.Components;
using PartnerHub.Web.Features.Announcements;
using PartnerHub.Web.Features.CaseFiles;
using PartnerHub.Web.Features.Commissions;
using PartnerHub.Web.Features.Compliance;
using PartnerHub.Web.Features.Creatives;
using PartnerHub.Web.Features.Deals;
using PartnerHub.Web.Features.Home;
using PartnerHub.Web.Features.Integrations;
using PartnerHub.Web.Features.Messaging;
using PartnerHub.Web.Features.Partners;
using PartnerHub.Web.Features.Payouts;
using PartnerHub.Web.Features.Privacy;
using PartnerHub.Web.Features.Performance;
using PartnerHub.Web.Features.Notifications;
using PartnerHub.Web.Features.Segments;
using PartnerHub.Web.Features.Users;
using PartnerHub.Domain.Users;

namespace PartnerHub.Web.Hosting;

public static class HostingExtensions
{
    /// <summary>The host's table of contents: cross-cutting services first, then one call per feature module.</summary>
    public static WebApplicationBuilder AddPartnerHub(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        var contentRoot = builder.Environment.ContentRootPath;

        // The repository keeps appsettings.Development.json at its top level (see README); it is copied next to the app. It
        // goes where the host's own appsettings.{Environment}.json goes, so environment variables and the command line still
        // override it (Database__Provider=PostgreSql in Development, as the cluster test and compose.yaml do).
        if (builder.Environment.IsDevelopment())
        {
            var source = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
            {
                Path = "appsettings.Development.json", Optional = true, ReloadOnChange = false,
                FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
            };
            var sources = config.Sources;
            var afterJson = sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is Microsoft.Extensions.Configuration.Json.JsonConfigurationSource).i + 1;
            sources.Insert(afterJson, source);
        }
        var demo = config.GetValue<bool?>("Demo:Enabled") ?? builder.Environment.IsDevelopment();

        services.Configure<DemoOptions>(o => o.Enabled = demo);
        services.Configure<BootstrapOptions>(config.GetSection(BootstrapOptions.Section));
        services.Configure<StorageOptions>(o => o.Root = StorageOptions.From(config).Root);
        builder.AddDeployment();
        builder.AddCluster();
        builder.AddHealth();
        builder.AddTelemetry();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddHttpContextAccessor();
        services.AddPartnerHubData(config, contentRoot);
        services.AddDatabaseDeveloperPageExceptionFilter();
        services.AddSingleton(TimeProvider.System);
        services.AddRequestLimits(config);
        services.AddScoped<ClientAddress>();
        services.AddScoped<PartnerHub.Web.Components.Layout.ThemePreference>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<PartnerHub.Web.Components.Shared.ViewerTime>();
        services.AddScoped<StartupTasks>();

        builder.AddUsers(demo);
        services.AddPartners().AddHome().AddPerformance().AddDeals(config).AddCommissions().AddPayouts();
        services.AddMessaging(config, contentRoot).AddCreatives(config, contentRoot);
        services.AddSegments().AddAnnouncements().AddCompliance().AddPrivacy().AddCaseFiles();
        services.AddIntegrations();
        builder.AddNotifications();
        builder.AddScheduler();
        return builder;
    }

    public static WebApplication UsePartnerHub(this WebApplication app)
    {
        app.UseDeployment();
        app.UseNodeLogScope();
        if (app.Environment.IsDevelopment())
            app.UseMigrationsEndPoint();
        else
            app.UseExceptionHandler("/Error", createScopeForErrors: true);

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(AssetsFolder(app.Environment)), RequestPath = "/assets" });
        app.UseAntiforgery();
        app.UseAccountGate();
        app.MapStaticAssets();
        app.MapHealth();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapUsers();
        app.MapMessaging();
        app.MapCreatives();
        app.MapIntegrations();
        app.MapCompliance();
        PartnerHub.Web.Features.Deals.DealsModule.MapDealTerms(app);
        app.MapCaseFiles();
        return app;
    }

    /// <summary>Migrates the configured database, then seeds the demo data (demo mode) or the first admin.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var tasks = scope.ServiceProvider.GetRequiredService<StartupTasks>();
        var logins = await tasks.PrepareAsync(app.Lifetime.ApplicationStopping);
        app.Lifetime.ApplicationStarted.Register(() => PrintBanner(app, logins));
    }

    public static async Task<bool> RunMaintenanceCommandsAsync(this WebApplication app)
    {
        if (Environment.GetCommandLineArgs().Contains("--verify-audit", StringComparer.Ordinal))
        {
            Environment.ExitCode = await VerifyAuditAsync(app);
            return true;
        }
        if (app.Configuration.GetValue<int?>("seed-partners") is not { } count) return false;
        await using var scope = app.Services.CreateAsyncScope();
        var days = app.Configuration.GetValue<int?>("seed-days") ?? 30;
        await scope.ServiceProvider.GetRequiredService<StartupTasks>().SeedBulkAsync(count, days, CancellationToken.None);
        return true;
    }

    /// <summary>
    /// <c>--verify-audit</c>: seals what has settled, verifies the whole chain and prints the result; exit code 0 when intact,
    /// 3 when a link is broken (the first one is named).
    /// </summary>
    private static async Task<int> VerifyAuditAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await PartnerHub.Domain.Data.DatabaseInitializer.MigrateAsync(scope.ServiceProvider.GetRequiredService<PartnerHub.Domain.Data.AppDbContext>());
        var chain = scope.ServiceProvider.GetRequiredService<PartnerHub.Domain.Auditing.AuditChain>();
        await chain.SealAsync();
        var result = await chain.VerifyAllAsync();
        if (result.Intact)
        {
            Console.WriteLine($"Audit chain intact: {result.EntriesChecked} entries checked, head entry {result.HeadEntryId?.ToString() ?? "-"} " +
                $"{result.HeadHash ?? ""}, {result.Unsealed} newer entries not sealed yet, {result.Redacted} redacted by erasures.");
            return 0;
        }
        Console.WriteLine($"Audit chain BROKEN at entry {result.BrokenAtEntryId}: {result.Problem} ({result.EntriesChecked} entries verified before it).");
        return 3;
    }

    private static string AssetsFolder(IWebHostEnvironment env)
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "wwwroot-assets");
        if (Directory.Exists(copied)) return copied;
        var repo = Path.GetFullPath(Path.Combine(env.ContentRootPath, "..", "wwwroot-assets"));
        Directory.CreateDirectory(repo);
        return repo;
    }

    private static void PrintBanner(WebApplication app, IReadOnlyList<string> logins)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var lines = new List<string> { "", "PartnerHub is running:" };
        lines.AddRange(addresses.Select(a => "  " + a));
        lines.AddRange(logins);
        lines.Add("");
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
