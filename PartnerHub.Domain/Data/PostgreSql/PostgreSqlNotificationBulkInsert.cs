using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Domain.Data.PostgreSql;

/// <summary>
/// PostgreSQL: writes a batch of notifications and its run-log rows with two statements in the caller's transaction, whatever
/// the batch size: <c>INSERT ... SELECT FROM unnest(@column arrays)</c>, one array parameter per column. <c>ON CONFLICT DO NOTHING</c>
/// lets the unique key (rule, event, recipient) drop a duplicate silently as the last backstop (SQLite's <c>INSERT OR IGNORE</c>).
/// Timestamps go as UTC <see cref="DateTime"/> arrays (<c>timestamp with time zone</c>), enums as integers, as EF stores them.
/// </summary>
public sealed class PostgreSqlNotificationBulkInsert : INotificationBulkInsert
{
    public static readonly PostgreSqlNotificationBulkInsert Instance = new();

    public async Task InsertAsync(AppDbContext db, IReadOnlyList<Notification> notifications, IReadOnlyList<RuleRun> runs, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            await PortableNotificationInsert.Instance.InsertAsync(db, notifications, runs, ct);
            return;
        }
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The bulk insert runs inside the writer's transaction.");

        if (notifications.Count > 0)
        {
            await using var insert = Command(connection, transaction, """
                INSERT INTO "Notifications" ("RecipientKey", "RecipientPartnerId", "RecipientUserId", "AboutPartnerId", "RuleId", "EventId",
                    "Category", "Critical", "Title", "Body", "Link", "CreatedAt", "DeliverAt", "InDigest", "ReadAt", "EmailState", "EmailAttempts",
                    "EmailNextAttemptAt", "EmailSentAt", "EmailLastError", "ThreadId")
                SELECT r.key, r.partner, r.usr, r.about, r.rule, r.event, r.category, r.critical, r.title, r.body, r.link, r.created, r.deliver,
                    r.digest, NULL, r.email_state, 0, r.email_next, NULL, NULL, r.thread
                FROM unnest(@key, @partner, @usr, @about, @rule, @event, @category, @critical, @title, @body, @link, @created, @deliver,
                    @digest, @email_state, @email_next, @thread)
                    AS r(key, partner, usr, about, rule, event, category, critical, title, body, link, created, deliver, digest, email_state,
                         email_next, thread)
                ON CONFLICT DO NOTHING
                """,
                ("@key", notifications.Select(n => n.RecipientKey).ToArray()),
                ("@partner", notifications.Select(n => n.RecipientPartnerId).ToArray()),
                ("@usr", notifications.Select(n => n.RecipientUserId).ToArray()),
                ("@about", notifications.Select(n => n.AboutPartnerId).ToArray()),
                ("@rule", notifications.Select(n => n.RuleId).ToArray()),
                ("@event", notifications.Select(n => n.EventId).ToArray()),
                ("@category", notifications.Select(n => (int)n.Category).ToArray()),
                ("@critical", notifications.Select(n => n.Critical).ToArray()),
                ("@title", notifications.Select(n => n.Title).ToArray()),
                ("@body", notifications.Select(n => n.Body).ToArray()),
                ("@link", notifications.Select(n => n.Link).ToArray()),
                ("@created", notifications.Select(n => Utc(n.CreatedAt)).ToArray()),
                ("@deliver", notifications.Select(n => Utc(n.DeliverAt)).ToArray()),
                ("@digest", notifications.Select(n => n.InDigest).ToArray()),
                ("@email_state", notifications.Select(n => (int)n.EmailState).ToArray()),
                ("@email_next", notifications.Select(n => n.EmailNextAttemptAt is { } next ? Utc(next) : (DateTime?)null).ToArray()),
                ("@thread", notifications.Select(n => n.ThreadId).ToArray()));
            await insert.ExecuteNonQueryAsync(ct);
        }

        if (runs.Count > 0)
        {
            await using var run = Command(connection, transaction, """
                INSERT INTO "RuleRuns" ("RuleId", "EventId", "RecipientKey", "Outcome", "Reason", "At", "Attempts")
                SELECT * FROM unnest(@rule, @event, @key, @outcome, @reason, @at, @attempts)
                """,
                ("@rule", runs.Select(r => r.RuleId).ToArray()),
                ("@event", runs.Select(r => r.EventId).ToArray()),
                ("@key", runs.Select(r => r.RecipientKey).ToArray()),
                ("@outcome", runs.Select(r => (int)r.Outcome).ToArray()),
                ("@reason", runs.Select(r => r.Reason).ToArray()),
                ("@at", runs.Select(r => Utc(r.At)).ToArray()),
                ("@attempts", runs.Select(r => r.Attempts).ToArray()));
            await run.ExecuteNonQueryAsync(ct);
        }
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object Value)[] arrays)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in arrays)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }
        return command;
    }

    private static DateTime Utc(DateTime time) => time.Kind == DateTimeKind.Utc ? time : time.ToUniversalTime();
}
