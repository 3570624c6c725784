using Microsoft.AspNetCore.Mvc;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Identity;
using PartnerHub.Web.Hosting;
using PartnerHub.Domain.Segments;
using PartnerHub.Domain.Compliance;

namespace PartnerHub.Web.Features.Announcements;

/// <summary>The feature's services and endpoints, wired by one line each in HostingExtensions.</summary>
public static class AnnouncementsSetup
{
    public static IServiceCollection AddAnnouncements(this IServiceCollection services)
    {
        services.AddScoped<SegmentService>();
        services.AddScoped<AnnouncementService>();
        services.AddScoped<PartnerAnnouncements>();
        services.AddScoped<ComplianceReportService>();
        services.AddScoped<ReminderService>();
        services.AddSingleton<AnnouncementNotifier>();
        services.AddSingleton<AnnouncementSender>();
        return services;
    }

    /// <summary><c>GET /console/compliance/{id}.csv</c>: the recipient ledger of a sent announcement, for operators (Console policy, re-checked by the service).</summary>
    public static IEndpointRouteBuilder MapComplianceEndpoints(this IEndpointRouteBuilder app)
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
        return app;
    }
}
