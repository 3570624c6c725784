using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Segments;
using PartnerHub.Domain.Users;

namespace PartnerHub.Benchmarks;

/// <summary>
/// Sends announcements to every partner (100,000 bulk partners plus the demo ones) and times each step:
/// the composer's reach count, the Sending mark, and the ledger write (audience resolved once, one INSERT ... SELECT,
/// status Sent, all in one transaction).
/// </summary>
public static class AnnounceBenchmark
{
    public static async Task<List<Measure.Result>> RunAsync(IDbContextFactory<AppDbContext> factory, Actor sender, int sends = 3)
    {
        var service = new AnnouncementService(factory, TimeProvider.System);
        var segments = new SegmentService(factory, TimeProvider.System);
        var everyone = await segments.CreateAsync(sender, "Benchmark: every partner", null, new SegmentCriteria());
        var audience = new AnnouncementAudience { SegmentIds = [everyone] };
        var reach = new List<double>();
        var mark = new List<double>();
        var ledger = new List<double>();
        var recipients = 0;
        for (var i = 0; i < sends; i++)
        {
            var sw = Stopwatch.StartNew();
            recipients = await service.ReachAsync(sender, audience);
            reach.Add(sw.Elapsed.TotalMilliseconds);

            sw.Restart();
            var id = await service.ComposeAsync(sender, null, null, new AnnouncementDraft
            {
                Title = $"Benchmark broadcast {i + 1}", Body = "Terms update: please **read and acknowledge**.", Category = AnnouncementCategory.Compliance,
                Audience = audience, RequiresAcknowledgement = true, AcknowledgementDueAt = DateTime.UtcNow.AddDays(14),
            }, ComposeAction.SendNow);
            mark.Add(sw.Elapsed.TotalMilliseconds);

            sw.Restart();
            var done = await service.CompleteSendAsync(sender, id);
            ledger.Add(sw.Elapsed.TotalMilliseconds);
            if (done.Status != AnnouncementStatus.Sent || done.RecipientCount != recipients)
                throw new InvalidOperationException($"Send {id} ended {done.Status} with {done.RecipientCount} recipients, expected {recipients}.");
            await using var db = await factory.CreateDbContextAsync();
            var rows = await db.AnnouncementRecipients.CountAsync(r => r.AnnouncementId == id);
            if (rows != recipients) throw new InvalidOperationException($"Ledger of {id} has {rows} rows, expected {recipients}.");
        }
        Console.WriteLine($"Each send reached {recipients:N0} partners; ledger write (ms): {string.Join(", ", ledger.Select(l => l.ToString("N0")))}.");
        return
        [
            Result($"Reach count ({recipients:N0} partners)", reach),
            Result("Compose + mark Sending (validates, counts)", mark),
            Result($"Ledger write: {recipients:N0} rows + Sent, one tx", ledger),
        ];
    }

    private static Measure.Result Result(string name, List<double> times)
    {
        var sorted = times.Order().ToList();
        return new Measure.Result(name, sorted.Count, sorted[(sorted.Count - 1) / 2], sorted[^1], sorted[^1]);
    }
}
