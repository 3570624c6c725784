using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PartnerHub.Domain.Files;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Identity;
using PartnerHub.Web.Hosting;
using PartnerHub.Domain.Users;
using PartnerHub.Domain.Auditing;
using Quartz;

namespace PartnerHub.Web.Features.Compliance;

/// <summary>Compliance: the acknowledgement report, its printable page and its CSV export; KYC documents and their download.</summary>
public static class ComplianceModule
{
    public static IServiceCollection AddCompliance(this IServiceCollection services) => services
        .AddRetentionOptions()
        .AddScoped<ComplianceReportService>()
        .AddScoped<KycService>()
        .AddScoped<AuditChain>()
        .AddScoped<LegalHolds>()
        .AddScoped(sp => new RetentionService(sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<PartnerHub.Domain.Data.AppDbContext>>(),
            sp.GetRequiredService<TimeProvider>(), new FileStore(sp.GetRequiredService<PartnerHub.Domain.Messaging.AttachmentStore>().Root)))
        .AddSingleton(sp => KycDocumentStore.For(sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath));

    private static IServiceCollection AddRetentionOptions(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section);
        return services;
    }

    /// <summary>
    /// Seals the audit log into its hash chain and records each finished day's head, every <c>Jobs:AuditSealSeconds</c> (60).
    /// </summary>
    public static void RegisterJobs(IQuartzBuilder q, IConfiguration config)
    {
        var every = TimeSpan.FromSeconds(config.GetValue<double?>("Jobs:AuditSealSeconds") ?? 60);
        q.ScheduleJob<AuditSealJob>(t => t.WithIdentity("audit-seal")
            .StartNow().WithSchedule(SimpleScheduleBuilder.Create().WithInterval(every).RepeatForever()));
        // The retention purge runs daily only once an admin turned it on (Retention:AutomaticPurge, false by default), so a new
        // install deletes nothing before someone has looked at a dry run.
        if (config.GetValue<bool>($"{RetentionOptions.Section}:{nameof(RetentionOptions.AutomaticPurge)}"))
        {
            var at = TimeSpan.FromHours(config.GetValue<double?>($"{RetentionOptions.Section}:{nameof(RetentionOptions.HourUtc)}") ?? 3);
            q.ScheduleJob<RetentionJob>(t => t.WithIdentity("retention-purge")
                .StartAt(NextDailyRun(DateTimeOffset.UtcNow, at)).WithSchedule(SimpleScheduleBuilder.Create().WithInterval(TimeSpan.FromDays(1)).RepeatForever()));
        }
    }

    /// <summary>The next time of day <paramref name="at"/> (UTC) after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextDailyRun(DateTimeOffset now, TimeSpan at)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero) + at;
        return today > now ? today : today.AddDays(1);
    }

    /// <summary><c>GET /console/compliance/{id}.csv</c>: the recipient ledger of a sent announcement, for operators (Console policy, re-checked by the service).</summary>
    public static IEndpointRouteBuilder MapCompliance(this IEndpointRouteBuilder app)
    {
        app.MapGet("/console/compliance/{id:int}.csv", async (int id, HttpContext http, [FromServices] ComplianceReportService report, CancellationToken ct) =>
        {
            var actor = DomainProblems.ActorOf(http);
            // Validate (and 404) before the first byte is written.
            var figures = await report.FiguresAsync(actor, id, ct);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"announcement-{figures.AnnouncementId}-recipients.csv\"";
            await report.WriteCsvAsync(actor, id, http.Response.Body, ct);
        })
        .RequireAuthorization(Policies.Console)
        .WithDomainProblems();
        app.MapKycEndpoints();
        return app;
    }
}

/// <summary>Configuration of the retention purge (<c>Retention</c> section).</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";
    /// <summary>Whether the daily job purges what is past its retention period (off until an admin turns it on).</summary>
    public bool AutomaticPurge { get; set; }
    /// <summary>The hour (UTC) of the daily run.</summary>
    public double HourUtc { get; set; } = 3;
}

/// <summary>Purges the records past their retention period, as the system (legal holds are skipped; each batch is audited).</summary>
[DisallowConcurrentExecution]
public sealed class RetentionJob(RetentionService retention, IOptionsMonitor<RetentionOptions> options, ILogger<RetentionJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // A clustered store keeps the trigger after the setting is turned off: the setting, read now, decides.
        if (!options.CurrentValue.AutomaticPurge) return;
        var report = await retention.PurgeAsync(Actor.System, cancellationToken);
        log.LogInformation("Retention purge deleted {Rows} rows ({Partners} partner-kinds; {Held} held).", report.TotalRows,
            report.Kinds.Sum(k => k.PartnersDue), report.Kinds.Sum(k => k.PartnersHeld));
    }
}

/// <summary>Links the settled audit entries into the chain, then keeps the heads of finished days.</summary>
[DisallowConcurrentExecution]
public sealed class AuditSealJob(AuditChain chain) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await chain.SealAsync(cancellationToken);
        await chain.RecordDailyHeadsAsync(cancellationToken);
    }
}
