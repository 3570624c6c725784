using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PartnerHub.Domain.Files;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Identity;
using PartnerHub.Web.Hosting;
using PartnerHub.Domain.Users;

namespace PartnerHub.Web.Features.Compliance;

/// <summary>Compliance: the acknowledgement report, its printable page and its CSV export; KYC documents and their download.</summary>
public static class ComplianceModule
{
    public static IServiceCollection AddCompliance(this IServiceCollection services) => services
        .AddScoped<ComplianceReportService>()
        .AddScoped<KycService>()
        .AddSingleton(sp => KycDocumentStore.For(sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath));

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
