using PartnerHub.Domain;
using PartnerHub.Domain.CaseFiles;

namespace PartnerHub.Web.Features.CaseFiles;

/// <summary>
/// Generates the queued case files one at a time, off every circuit: the ZIP is written to a <c>.part</c> file and renamed when the
/// service has returned (so its audit entry is committed before anyone can download it); progress goes to the job's topic.
/// </summary>
public sealed class CaseFileWorker(CaseFileJobs jobs, IServiceScopeFactory scopes, ILogger<CaseFileWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        jobs.Sweep();
        await foreach (var job in jobs.Pending.ReadAllAsync(stoppingToken))
        {
            await RunAsync(job, stoppingToken);
            jobs.Sweep();
        }
    }

    internal async Task RunAsync(CaseFileJob job, CancellationToken ct)
    {
        var path = jobs.PathOf(job);
        var part = path + ".part";
        jobs.Update(job, j => { j.State = CaseFileJobState.Running; j.Stage = "Starting"; j.Percent = 1; });
        try
        {
            Directory.CreateDirectory(jobs.Folder);
            await using var scope = scopes.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<CaseFileService>();
            var progress = new Progress(jobs, job);
            CaseFileResult result;
            await using (var file = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
                result = await service.WriteAsync(job.Actor, job.Request, file, progress, ct);
            File.Move(part, path, overwrite: true);
            var bytes = new FileInfo(path).Length;
            jobs.Update(job, j =>
            {
                j.FileName = result.FileName;
                j.BundleSha256 = result.BundleSha256;
                j.Bytes = bytes;
                j.Stage = "Ready";
                j.Percent = 100;
                j.State = CaseFileJobState.Ready;
            });
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (ex is not (DomainException or AccessDeniedException or NotFoundException))
                logger.LogError(ex, "Case file {Job} for partner {Partner} failed", job.Id, job.PartnerId);
            File.Delete(part);
            jobs.Update(job, j =>
            {
                j.State = CaseFileJobState.Failed;
                j.Error = ex is DomainException or AccessDeniedException or NotFoundException ? ex.Message : "The case file could not be made; the error is in the log.";
            });
        }
    }

    /// <summary>Publishes the service's stages (synchronously, so none is reported after the job is ready).</summary>
    private sealed class Progress(CaseFileJobs jobs, CaseFileJob job) : IProgress<CaseFileProgress>
    {
        public void Report(CaseFileProgress value) => jobs.Update(job, j => { j.Stage = value.Stage; j.Percent = Math.Max(j.Percent, Math.Min(99, value.Percent)); });
    }
}
