using System.Collections.Concurrent;
using System.Threading.Channels;
using PartnerHub.Domain;
using PartnerHub.Domain.CaseFiles;
using PartnerHub.Domain.Identity;
using PartnerHub.Web.Components.Shared;

namespace PartnerHub.Web.Features.CaseFiles;

public enum CaseFileJobState { Queued = 0, Running = 1, Ready = 2, Failed = 3 }

/// <summary>A case file being made or ready for download: who asked, for what, how far it has got, and where the ZIP is.</summary>
public sealed record CaseFileJob(Guid Id, string OwnerUserId, int PartnerId, CaseFileRequest Request, DateTime CreatedAt)
{
    public CaseFileJobState State { get; internal set; }
    public string Stage { get; internal set; } = "Waiting for its turn";
    public int Percent { get; internal set; }
    public string? FileName { get; internal set; }
    public string? BundleSha256 { get; internal set; }
    public long Bytes { get; internal set; }
    public string? Error { get; internal set; }
    /// <summary>Who asked: the worker generates the file as this caller, so the service re-checks the role when it runs.</summary>
    internal Actor Actor { get; init; } = null!;
    public string Topic => Topics(Id);
    public static string Topics(Guid id) => $"casefile:{id:N}";
    public string DownloadUrl => $"/console/case-files/{Id:N}";
}

/// <summary>
/// The case-file queue: a page enqueues (off the circuit), <see cref="CaseFileWorker"/> generates one at a time into
/// <c>Storage:Root/case-files</c>, and progress is published to the job's topic for the dialog that follows it. Jobs live in memory
/// (a restart forgets them and the worker deletes their files); ready files are kept for <see cref="KeepFor"/>.
/// </summary>
public sealed class CaseFileJobs(ILogger<CaseFileJobs> logger, string folder, TimeProvider clock) : LiveHub<CaseFileJob>(logger)
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromHours(24);
    private readonly ConcurrentDictionary<Guid, CaseFileJob> _jobs = new();
    private readonly Channel<CaseFileJob> _queue = Channel.CreateBounded<CaseFileJob>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Where the ZIPs are kept: <c>case-files</c> under <c>Storage:Root</c> in the app.</summary>
    public string Folder { get; } = folder;

    internal ChannelReader<CaseFileJob> Pending => _queue.Reader;

    /// <summary>Queues a case file for <paramref name="actor"/> (Compliance or Admin, re-checked here and by the service when it runs).</summary>
    public CaseFileJob Enqueue(Actor actor, CaseFileRequest request)
    {
        CaseFileService.RequireReviewer(actor);
        request.Validate();
        var job = new CaseFileJob(Guid.NewGuid(), actor.UserId, request.PartnerId, request, clock.GetUtcNow().UtcDateTime) { Actor = actor };
        _jobs[job.Id] = job;
        if (!_queue.Writer.TryWrite(job))
        {
            _jobs.TryRemove(job.Id, out _);
            throw new DomainException("Too many case files are waiting; try again in a few minutes.");
        }
        return job;
    }

    /// <summary>The caller's job (an admin may fetch anyone's); null when unknown or someone else's.</summary>
    public CaseFileJob? Find(Actor actor, Guid id)
    {
        CaseFileService.RequireReviewer(actor);
        return _jobs.TryGetValue(id, out var job) && (job.OwnerUserId == actor.UserId || actor.IsAdmin) ? job : null;
    }

    public string PathOf(CaseFileJob job) => Path.Combine(Folder, $"{job.Id:N}.zip");

    internal void Update(CaseFileJob job, Action<CaseFileJob> change)
    {
        change(job);
        Publish(job, [job.Topic]);
    }

    /// <summary>Forgets jobs older than <see cref="KeepFor"/> and deletes files no live job owns.</summary>
    internal void Sweep()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var old in _jobs.Values.Where(j => now - j.CreatedAt > KeepFor && j.State is CaseFileJobState.Ready or CaseFileJobState.Failed).ToList())
            _jobs.TryRemove(old.Id, out _);
        if (!Directory.Exists(Folder)) return;
        foreach (var file in Directory.EnumerateFiles(Folder))
        {
            var name = Path.GetFileName(file).Split('.')[0];
            if (Guid.TryParseExact(name, "N", out var id) && _jobs.ContainsKey(id)) continue;
            try { File.Delete(file); }
            catch (IOException ex) { logger.LogWarning(ex, "Could not delete the old case file {File}", file); }
        }
    }
}
