using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Segments;
using PartnerHub.Domain.Users;

namespace PartnerHub.Benchmarks;

/// <summary>
/// Sends announcements to every partner (100,000 bulk partners plus the demo ones) and times each step:
/// the composer's reach count, the Sending mark, and the ledger write (audience resolved once, one INSERT ... SELECT,
/// status Sent, all in one transaction); then the notification fan-out of each send: the dispatcher turns its one
/// AcknowledgementRequested event into a bell notification (and a queued email) per ledger row, with the provider's
/// registered <see cref="INotificationBulkInsert"/>.
/// </summary>
public static class AnnounceBenchmark
{
    public static async Task<List<Measure.Result>> RunAsync(IDbContextFactory<AppDbContext> factory, INotificationBulkInsert bulkInsert, Actor sender, int sends = 3)
    {
        var service = new AnnouncementService(factory, TimeProvider.System);
        var segments = new SegmentService(factory, TimeProvider.System);
        var everyone = await segments.CreateAsync(sender, "Benchmark: every partner", null, new SegmentCriteria());
        var audience = new AnnouncementAudience { SegmentIds = [everyone] };
        var reach = new List<double>();
        var mark = new List<double>();
        var ledger = new List<double>();
        var fanOut = new List<double>();
        var recipients = 0;
        var options = new NotificationOptions { BatchSize = 500, Smtp = new SmtpSettings { Host = "smtp.invalid" } };
        var policy = new DeliveryPolicy(options);
        var dispatcher = new NotificationDispatcher(factory, TimeProvider.System, new OutboxLease(factory, options),
            new RuleEvaluator(new RecipientResolver(), policy),
            new NotificationWriter(policy, INotificationSignal.None, bulkInsert));
        await using (var db = await factory.CreateDbContextAsync())
        {
            // Only the announcement rules, and no quiet hours, so every recipient is notified at once.
            await db.DomainEvents.Where(e => e.ProcessedAt == null).ExecuteUpdateAsync(s => s.SetProperty(e => e.ProcessedAt, DateTime.UtcNow));
            await db.TriggerRules.Where(r => r.EventType != EventTypes.AnnouncementSent && r.EventType != EventTypes.AcknowledgementRequested).ExecuteUpdateAsync(s => s.SetProperty(r => r.Enabled, false));
            await DefaultRules.EnsureAsync(db, DateTime.UtcNow);
            await db.TriggerRules.Where(r => r.EventType == EventTypes.AnnouncementSent || r.EventType == EventTypes.AcknowledgementRequested)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.RespectQuietHours, false).SetProperty(r => r.Enabled, true));
        }
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

            sw.Restart();
            var dispatched = await dispatcher.DispatchAllAsync();
            fanOut.Add(sw.Elapsed.TotalMilliseconds);
            var link = $"/portal/announcements/{id}";
            var notified = await db.Notifications.CountAsync(n => n.Link == link && n.EmailState == EmailState.Pending);
            var events = await db.DomainEvents.CountAsync(e => e.RecordType == nameof(Announcement) && e.RecordId == id.ToString());
            if (notified != recipients) throw new InvalidOperationException($"Announcement {id} notified {notified} partners by email, expected {recipients}.");
            Console.WriteLine($"Send {i + 1}: {events} outbox events, {dispatched.Sent:N0} notifications with queued emails in {fanOut[^1]:N0} ms.");
        }
        Console.WriteLine($"Each send reached {recipients:N0} partners; ledger write (ms): {string.Join(", ", ledger.Select(l => l.ToString("N0")))}.");
        return
        [
            Result($"Reach count ({recipients:N0} partners)", reach),
            Result("Compose + mark Sending (validates, counts)", mark),
            Result($"Ledger write: {recipients:N0} rows + Sent, one tx", ledger),
            Result($"Notification fan-out: {recipients:N0} bell notifications + queued emails from 1 event", fanOut),
        ];
    }

    private static Measure.Result Result(string name, List<double> times)
    {
        var sorted = times.Order().ToList();
        return new Measure.Result(name, sorted.Count, sorted[(sorted.Count - 1) / 2], sorted[^1], sorted[^1]);
    }
}
