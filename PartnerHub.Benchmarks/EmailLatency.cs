using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Data.Sqlite;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Outbox;
using PartnerHub.Tests.Integration;

namespace PartnerHub.Benchmarks;

/// <summary>
/// The `email` scenario: the time from a message's send to its email arriving at an SMTP server (the tests' in-process one),
/// with the configured delay (<see cref="NotificationOptions.MessageEmailDelay"/>, 3 min) and the jobs' default periods:
/// the dispatcher every 2 s and the email sender every 30 s, both started before the sends (so their phase is arbitrary).
/// Three messages to three partners, 10 s apart, on the real clock.
/// </summary>
public static class EmailLatency
{
    public static async Task RunAsync(IDbContextFactory<AppDbContext> factory, string managerId)
    {
        await using var smtp = FakeSmtpServer.Start();
        var options = new NotificationOptions
        {
            QuietHoursStart = new TimeOnly(0, 0), QuietHoursEnd = new TimeOnly(0, 0), // no quiet hours: the figure is the delay's
            Smtp = new SmtpSettings { Host = "127.0.0.1", Port = smtp.Port, Security = "None", PublicBaseUrl = "https://hub.example.test" },
        };
        var policy = new DeliveryPolicy(options);
        var dispatcher = new NotificationDispatcher(factory, TimeProvider.System, new OutboxLease(factory, options),
            new RuleEvaluator(new RecipientResolver(), policy), new NotificationWriter(policy, INotificationSignal.None, new SqliteNotificationBulkInsert(options)));
        var email = new EmailDelivery(factory, TimeProvider.System, options, new MailKitTransport());
        List<(int Id, string Email)> partners;
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.DomainEvents.Where(e => e.ProcessedAt == null).ExecuteUpdateAsync(s => s.SetProperty(e => e.ProcessedAt, DateTime.UtcNow));
            await db.TriggerRules.Where(r => r.EventType != EventTypes.MessageSent).ExecuteUpdateAsync(s => s.SetProperty(r => r.Enabled, false));
            await db.Notifications.Where(n => n.EmailState == EmailState.Pending).ExecuteUpdateAsync(s => s.SetProperty(n => n.EmailState, EmailState.NotNeeded));
            partners = (await db.Partners.OrderBy(p => p.Id).Take(3).Select(p => new { p.Id, p.Email }).ToListAsync()).Select(p => (p.Id, p.Email)).ToList();
        }
        var manager = new Actor(managerId, "Benchmark manager", new HashSet<string> { Roles.Manager }, null);
        var messaging = new MessagingService(factory, TimeProvider.System);

        using var stop = new CancellationTokenSource();
        var jobs = Task.WhenAll(Every(TimeSpan.FromSeconds(2), () => dispatcher.DispatchAllAsync(stop.Token), stop.Token),
            Every(TimeSpan.FromSeconds(30), () => email.SendDueAsync(stop.Token), stop.Token));
        await Task.Delay(TimeSpan.FromSeconds(7));
        var sentAt = new Dictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase);
        var clock = Stopwatch.StartNew();
        foreach (var (id, address) in partners)
        {
            var thread = await messaging.GetOrCreateDirectThreadAsync(manager, id);
            await messaging.SendAsync(manager, thread, "Benchmark: your statement is ready.", []);
            sentAt[address] = clock.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(10));
        }
        var arrived = new Dictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase);
        while (arrived.Count < partners.Count && clock.Elapsed < TimeSpan.FromMinutes(6))
        {
            foreach (var (to, _) in smtp.Messages)
                foreach (var address in to.Select(a => a.Trim('<', '>')))
                    arrived.TryAdd(address, clock.Elapsed);
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
        await stop.CancelAsync();
        try { await jobs; } catch (OperationCanceledException) { }

        Console.WriteLine();
        Console.WriteLine($"| Message | Send -> email at the SMTP server (delay {options.MessageEmailDelay.TotalMinutes:0} min, dispatch every 2 s, email job every 30 s) |");
        Console.WriteLine("|---|---:|");
        var i = 0;
        foreach (var (_, address) in partners)
            Console.WriteLine($"| {++i} | {(arrived.TryGetValue(address, out var at) ? $"{(at - sentAt[address]).TotalSeconds:N1} s" : "not arrived in 6 min")} |");
    }

    private static async Task Every(TimeSpan period, Func<Task> run, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(period);
        while (await timer.WaitForNextTickAsync(ct)) await run();
    }
}
