using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PartnerHub.Domain.Files;
using PartnerHub.Domain.CaseFiles;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain;
using PartnerHub.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace PartnerHub.Web.Features.CaseFiles;

/// <summary>Case files: the service, the queue and its worker, and the download endpoint.</summary>
public static class CaseFilesModule
{
    public static IServiceCollection AddCaseFiles(this IServiceCollection services) => services
        .AddScoped(sp => new CaseFileService(sp.GetRequiredService<IDbContextFactory<AppDbContext>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<AttachmentStore>()))
        .AddSingleton(sp => new CaseFileJobs(sp.GetRequiredService<ILogger<CaseFileJobs>>(),
            Path.Combine(sp.GetRequiredService<IOptions<StorageOptions>>().Value.RootUnder(sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath), "case-files"),
            sp.GetRequiredService<TimeProvider>()))
        .AddSingleton<CaseFileWorker>()
        .AddHostedService(sp => sp.GetRequiredService<CaseFileWorker>());

    /// <summary>
    /// <c>GET /console/case-files/{id}</c>: a ready case file, for the Compliance or Admin user who made it (an admin for anyone's);
    /// the role is re-checked and the download audited (<c>casefile.downloaded</c>) before the first byte.
    /// </summary>
    public static IEndpointRouteBuilder MapCaseFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/console/case-files/{id:guid}", async (Guid id, HttpContext http, [FromServices] CaseFileJobs jobs, [FromServices] CaseFileService service,
            CancellationToken ct) =>
        {
            var actor = DomainProblems.ActorOf(http);
            var job = jobs.Find(actor, id) ?? throw new NotFoundException("No such case file (they are kept for 24 hours).");
            if (job.State != CaseFileJobState.Ready || job.FileName is null || job.BundleSha256 is null)
                throw new NotFoundException("This case file is not ready yet.");
            Stream content;
            try
            {
                content = new FileStream(jobs.PathOf(job), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            }
            catch (FileNotFoundException)
            {
                throw new NotFoundException("The case file is no longer kept; generate it again.");
            }
            try
            {
                await service.RecordDownloadAsync(actor, job.PartnerId, job.FileName, job.BundleSha256, ct);
            }
            catch
            {
                await content.DisposeAsync();
                throw;
            }
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.CacheControl = "private, no-store";
            return Results.File(content, "application/zip", job.FileName);
        })
        .RequireAuthorization(Policies.Console)
        .WithDomainProblems();
        return app;
    }
}
