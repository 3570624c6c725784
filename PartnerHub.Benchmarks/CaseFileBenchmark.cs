using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.CaseFiles;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Benchmarks;

/// <summary>
/// `casefile`: the case file of the heavy partner (10,000 messages, 20,000 commission lines over about three years) for its whole
/// history and for the last 90 days, written to a file as the worker does; prints the time and the size of the ZIP and its parts.
/// </summary>
public static class CaseFileBenchmark
{
    public static async Task<IReadOnlyList<Measure.Result>> RunAsync(IDbContextFactory<AppDbContext> factory, Actor compliance, int partnerId, DateOnly today,
        string folder)
    {
        var service = new CaseFileService(factory, TimeProvider.System);
        var results = new List<Measure.Result>();
        foreach (var (label, request) in new[]
                 {
                     ("Case file, whole history (1,200 days)", new CaseFileRequest(partnerId, today.AddDays(-1200), today)),
                     ("Case file, last 90 days", new CaseFileRequest(partnerId, today.AddDays(-90), today)),
                 })
        {
            var path = Path.Combine(folder, "case-file.zip");
            CaseFileResult? last = null;
            results.Add(await Measure.RunAsync(label, async () =>
            {
                await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
                last = await service.WriteAsync(compliance, request, file);
            }, runs: 3, warmup: 1));
            var data = await service.CollectAsync(compliance, request);
            Console.WriteLine($"{label}: ZIP {new FileInfo(path).Length / 1048576.0:N1} MB; {data.Conversations.Sum(t => t.Messages.Count):N0} messages, " +
                              $"{data.CommissionLines.Count:N0} commission lines, {data.Audit.Count:N0} audit entries; files: " +
                              string.Join(", ", last!.Files.Select(f => $"{f.Path} {f.Bytes / 1048576.0:N1} MB")));
        }
        return results;
    }

    /// <summary>
    /// Then the same partner's erasure (once: it cannot be repeated): the relationship is ended, and the erasure rewrites the partner,
    /// redacts its audit entries and sweeps every text column of the database for its identifiers.
    /// </summary>
    public static async Task<Measure.Result> EraseAsync(IDbContextFactory<AppDbContext> factory, Actor compliance, int partnerId)
    {
        await using (var db = await factory.CreateDbContextAsync())
        {
            var partner = await db.Partners.SingleAsync(p => p.Id == partnerId);
            partner.ChangeStatus(PartnerHub.Domain.Partners.PartnerStatus.Terminated, DateTime.UtcNow);
            await db.SaveChangesAsync();
        }
        var service = new PartnerHub.Domain.Privacy.ErasureService(factory, TimeProvider.System);
        PartnerHub.Domain.Privacy.ErasureOutcome? outcome = null;
        var result = await Measure.RunAsync("Erasure of the same partner (sweeps every text column)", async () =>
            outcome = await service.EraseAsync(compliance, partnerId, "Benchmark erasure request"), runs: 1, warmup: 0);
        await using (var db = await factory.CreateDbContextAsync())
            Console.WriteLine($"Erasure: {await db.Messages.CountAsync():N0} messages and {await db.AuditLog.CountAsync():N0} audit entries in the database; " +
                              string.Join("; ", outcome!.Erased.Concat(outcome.Kept).Select(p => $"{p.What} {p.Count:N0}")));
        return result;
    }
}
