using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.FileProviders;
using MudBlazor.Services;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Performance;
using PartnerHub.Web.Components;
using PartnerHub.Web.Components.Account;
using PartnerHub.Web.Features.Messaging;
using PartnerHub.Web.Features.Creatives;

namespace PartnerHub.Web.Hosting;

public static class HostingExtensions
{
    public static WebApplicationBuilder AddPartnerHub(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        // The repository keeps appsettings.Development.json at its top level (see README); it is copied next to the app.
        if (builder.Environment.IsDevelopment())
            config.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json"), optional: true, reloadOnChange: false);

        services.Configure<DemoOptions>(o => o.Enabled = config.GetValue<bool?>("Demo:Enabled") ?? builder.Environment.IsDevelopment());
        services.Configure<BootstrapOptions>(config.GetSection(BootstrapOptions.Section));
        services.Configure<StorageOptions>(config.GetSection(StorageOptions.Section));

        builder.AddDeployment();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddHttpContextAccessor();

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(o =>
        {
            o.DefaultScheme = IdentityConstants.ApplicationScheme;
            o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
        }).AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "PartnerHub.Auth";
            o.SlidingExpiration = true;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Console, p => p.RequireRole(Roles.Admin, Roles.Manager, Roles.Compliance))
            .AddPolicy(Policies.ConsoleWrite, p => p.RequireRole(Roles.Admin, Roles.Manager))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Portal, p => p.RequireRole(Roles.Partner).RequireClaim(Actor.PartnerIdClaim));

        services.AddPartnerHubData(config, builder.Environment.ContentRootPath);
        services.AddDatabaseDeveloperPageExceptionFilter();
        services.AddIdentityCore<ApplicationUser>(o =>
            {
                o.SignIn.RequireConfirmedAccount = false;
                o.User.RequireUniqueEmail = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Stores.SchemaVersion = AppDbContext.IdentitySchema;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddPasswordPolicy()
            .AddClaimsPrincipalFactory<PartnerClaimsPrincipalFactory>();
        services.AddSingleton<IEmailSender<ApplicationUser>, IdentityNoOpEmailSender>();
        services.AddAccountSecurity(config, demo: config.GetValue<bool?>("Demo:Enabled") ?? builder.Environment.IsDevelopment());

        services.AddSingleton(TimeProvider.System);
        services.Configure<RateLimitOptions>(config.GetSection(RateLimitOptions.Section));
        services.AddSingleton<RequestLimits>();
        services.AddSingleton<IUsageLimiter>(sp => new UsageLimiter(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitOptions>>().Value));
        services.AddScoped<ClientAddress>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<PartnerQueries>();
        services.AddScoped<PartnerService>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<AccountAudit>();
        services.AddScoped<AccountDeletion>();
        services.AddScoped<ConsoleOverview>();
        services.AddScoped<PartnerPortalOverview>();
        services.AddScoped<PerformanceService>();
        services.AddScoped<NetworkService>();
        services.AddScoped<DealService>();
        services.AddScoped<TimelineService>();
        services.AddScoped<CommissionService>();
        services.AddScoped<PayoutService>();
        services.AddScoped<MessagingService>();
        services.AddScoped<NoteService>();
        services.AddScoped<ThreadQueries>();
        services.AddScoped<InboxQueries>();
        services.AddSingleton<MessageSearch>();
        services.AddSingleton(AttachmentStore.FromConfiguration(config, builder.Environment.ContentRootPath));
        services.AddSingleton<PartnerHub.Web.Features.Messaging.MessageNotifier>();
        services.AddSingleton(CreativeStore.FromConfiguration(config, builder.Environment.ContentRootPath));
        services.AddScoped<CreativeService>();
        services.AddScoped<StartupTasks>();
        // Notifications (issue 6 surface): the bell's signal, the user's notifications and preferences, the events API.
        services.AddSingleton<PartnerHub.Web.Features.Notifications.NotificationNotifier>();
        services.AddSingleton<PartnerHub.Domain.Automation.INotificationSignal>(sp => sp.GetRequiredService<PartnerHub.Web.Features.Notifications.NotificationNotifier>());
        services.AddScoped<PartnerHub.Domain.Automation.NotificationCenter>();
        services.AddScoped<PartnerHub.Domain.Automation.PreferenceService>();
        services.AddScoped<PartnerHub.Domain.Automation.ApiKeyService>();
        services.AddScoped<PartnerHub.Domain.Automation.EventIngestion>();
        PartnerHub.Web.Features.Announcements.AnnouncementsSetup.AddAnnouncements(services);
        builder.AddPartnerHubAutomation();
        return builder;
    }

    public static WebApplication UsePartnerHub(this WebApplication app)
    {
        app.UseDeployment();
        if (app.Environment.IsDevelopment())
            app.UseMigrationsEndPoint();
        else
            app.UseExceptionHandler("/Error", createScopeForErrors: true);

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(AssetsFolder(app.Environment)), RequestPath = "/assets" });
        app.UseAntiforgery();
        app.UseAccountGate();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
        app.MapAttachmentEndpoints();
        app.MapCreativeEndpoints();
        PartnerHub.Web.Features.Api.EventsApi.MapEventsApi(app);
        PartnerHub.Web.Features.Announcements.AnnouncementsSetup.MapComplianceEndpoints(app);
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
        if (app.Configuration.GetValue<int?>("seed-partners") is not { } count) return false;
        await using var scope = app.Services.CreateAsyncScope();
        var days = app.Configuration.GetValue<int?>("seed-days") ?? 30;
        await scope.ServiceProvider.GetRequiredService<StartupTasks>().SeedBulkAsync(count, days, CancellationToken.None);
        return true;
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
