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
        .AddScoped<ComplianceReportService>()
        .AddScoped<KycService>()
        .AddScoped<AuditChain>()
        .AddScoped<LegalHolds>()
        .AddSingleton(sp => KycDocumentStore.For(sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath));

    /// <summary>
    /// Seals the audit log into its hash chain and records each finished day's head, every <c>Jobs:AuditSealSeconds</c> (60).
    /// </summary>
    public static void RegisterJobs(IQuartzBuilder q, IConfiguration config)
    {
        var every = TimeSpan.FromSeconds(config.GetValue<double?>("Jobs:AuditSealSeconds") ?? 60);
        q.ScheduleJob<AuditSealJob>(t => t.WithIdentity("audit-seal")
            .StartNow().WithSchedule(SimpleScheduleBuilder.Create().WithInterval(every).RepeatForever()));
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
