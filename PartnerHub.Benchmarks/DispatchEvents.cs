using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Benchmarks;

/// <summary>
/// The `dispatch` scenario: 100,000 PayoutProcessed events (one enabled rule, notifying only the partner) over the demo
/// partners, dispatched by the real dispatcher with the provider's registered <see cref="INotificationBulkInsert"/> (SQLite or
/// PostgreSQL); then the duplicates are counted. On PostgreSQL the events are written by one INSERT ... SELECT.
/// </summary>
public static class DispatchEvents
{
    public static async Task<(int RuleId, long FirstEventId)> PrepareAsync(IDbContextFactory<AppDbContext> factory, int count, DateTime now)
    {
        await using var db = await factory.CreateDbContextAsync();
        // The seeded outbox is processed; keep only the "Payout sent" rule on, partner only, so each event has one rule and one recipient.
        await db.TriggerRules.Where(r => r.EventType != EventTypes.PayoutProcessed).ExecuteUpdateAsync(s => s.SetProperty(r => r.Enabled, false));
        var rule = await db.TriggerRules.SingleAsync(r => r.EventType == EventTypes.PayoutProcessed);
        rule.Recipients = new RuleRecipients { Partner = true };
        rule.Enabled = true;
        await db.SaveChangesAsync();
        await db.DomainEvents.Where(e => e.ProcessedAt == null).ExecuteUpdateAsync(s => s.SetProperty(e => e.ProcessedAt, now));
        var partners = await db.Partners.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();
        var firstEventId = (await db.DomainEvents.MaxAsync(e => (long?)e.Id) ?? 0) + 1;
        if (db.Database.IsNpgsql())
        {
            await PostgresBulkData.EventsAsync(db, partners, count, now);
            return (rule.Id, firstEventId);
        }

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            INSERT INTO "DomainEvents" ("Type", "PartnerId", "RecordType", "RecordId", "Payload", "OccurredAt", "Attempts")
            VALUES ($type, $partner, 'Payout', $record, $payload, $at, 0)
            """;
        var type = Add("$type");
        var partner = Add("$partner");
        var record = Add("$record");
        var payload = Add("$payload");
        var at = Add("$at");
        command.Prepare();
        type.Value = EventTypes.PayoutProcessed;
        at.Value = now.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        for (var i = 0; i < count; i++)
        {
            partner.Value = partners[i % partners.Count];
            record.Value = (i + 1).ToString(CultureInfo.InvariantCulture);
            payload.Value = string.Create(CultureInfo.InvariantCulture,
                $$"""{"payoutId":{{i + 1}},"before":"Processing","after":"Paid","amount":{{100 + i % 900}}.50,"currency":"USD","method":"BankWire","reference":"BENCH-{{i}}","lineIds":[{{i}}]}""");
            await command.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
        return (rule.Id, firstEventId);

        Microsoft.Data.Sqlite.SqliteParameter Add(string name)
        {
            var p = new Microsoft.Data.Sqlite.SqliteParameter { ParameterName = name };
            command.Parameters.Add(p);
            return p;
        }
    }

    public static async Task RunAsync(IDbContextFactory<AppDbContext> factory, int count, INotificationBulkInsert bulkInsert)
    {
        var now = DateTime.UtcNow;
        var prep = Stopwatch.StartNew();
        var (ruleId, firstEventId) = await PrepareAsync(factory, count, now);
        Console.WriteLine($"{count:N0} events inserted in {prep.Elapsed.TotalSeconds:N1} s.");

        var options = new NotificationOptions { BatchSize = 1000 };
        var policy = new DeliveryPolicy(options);
        var dispatcher = new NotificationDispatcher(factory, TimeProvider.System, new OutboxLease(factory, options),
            new RuleEvaluator(new RecipientResolver(), policy),
            new NotificationWriter(policy, INotificationSignal.None, bulkInsert));
        var watch = Stopwatch.StartNew();
        var result = await dispatcher.DispatchAllAsync();
        watch.Stop();

        await using var db = await factory.CreateDbContextAsync();
        var notifications = await db.Notifications.CountAsync(n => n.RuleId == ruleId && n.EventId >= firstEventId);
        var duplicates = await db.Notifications.Where(n => n.RuleId == ruleId)
            .GroupBy(n => new { n.EventId, n.RecipientKey }).CountAsync(g => g.Count() > 1);
        var pending = await db.DomainEvents.CountAsync(e => e.ProcessedAt == null);
        var runs = await db.RuleRuns.CountAsync(r => r.RuleId == ruleId && r.EventId >= firstEventId);
        Console.WriteLine();
        Console.WriteLine("| Dispatch scenario | Value |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| Events dispatched | {result.Events:N0} |");
        Console.WriteLine($"| Elapsed | {watch.Elapsed.TotalSeconds:N1} s |");
        Console.WriteLine($"| Throughput | {result.Events / watch.Elapsed.TotalSeconds:N0} events/s |");
        Console.WriteLine($"| Notifications written (sent {result.Sent:N0}, deferred by quiet hours {result.Deferred:N0}) | {notifications:N0} |");
        Console.WriteLine($"| Run-log rows | {runs:N0} |");
        Console.WriteLine($"| Duplicate (rule, event, recipient) | {duplicates:N0} |");
        Console.WriteLine($"| Events left unprocessed | {pending:N0} |");
        if (duplicates != 0 || pending != 0 || notifications != count)
            throw new InvalidOperationException("Exactly-once violated.");
    }
}
