using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Domain.Data.Sqlite;

/// <summary>
/// SQLite: writes notifications and run-log rows with two prepared statements in the caller's transaction, instead of
/// one tracked entity per row (the dispatcher's hot path; see the dispatch benchmark). On another provider, or with
/// <see cref="NotificationOptions.SqliteBulkInsert"/> off, it hands over to <see cref="PortableNotificationInsert"/>.
/// <c>INSERT OR IGNORE</c> lets the unique key (rule, event, recipient) drop a duplicate silently as the last backstop.
/// Values are written the way EF Core's SQLite provider stores them (UTC timestamps as "yyyy-MM-dd HH:mm:ss.FFFFFFF" text,
/// enums and flags as integers), so EF reads the rows back unchanged.
/// </summary>
public sealed class SqliteNotificationBulkInsert(NotificationOptions options) : INotificationBulkInsert
{
    public async Task InsertAsync(AppDbContext db, IReadOnlyList<Notification> notifications, IReadOnlyList<RuleRun> runs, CancellationToken ct)
    {
        if (!options.SqliteBulkInsert || !db.Database.IsSqlite())
        {
            await PortableNotificationInsert.Instance.InsertAsync(db, notifications, runs, ct);
            return;
        }
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The bulk insert runs inside the writer's transaction.");

        await using (var insert = Command(connection, transaction, """
            INSERT OR IGNORE INTO "Notifications" ("RecipientKey", "RecipientPartnerId", "RecipientUserId", "AboutPartnerId", "RuleId", "EventId",
                "Category", "Critical", "Title", "Body", "Link", "CreatedAt", "DeliverAt", "InDigest", "ReadAt", "EmailState", "EmailAttempts",
                "EmailNextAttemptAt", "EmailSentAt", "EmailLastError", "ThreadId")
            VALUES ($key, $partner, $user, $about, $rule, $event, $category, $critical, $title, $body, $link, $created, $deliver, $digest, NULL,
                $emailState, 0, $emailNext, NULL, NULL, $thread)
            """, "$key", "$partner", "$user", "$about", "$rule", "$event", "$category", "$critical", "$title", "$body", "$link", "$created",
            "$deliver", "$digest", "$emailState", "$emailNext", "$thread"))
        {
            foreach (var n in notifications)
            {
                Set(insert, n.RecipientKey, n.RecipientPartnerId, n.RecipientUserId, n.AboutPartnerId, n.RuleId, n.EventId, (int)n.Category,
                    n.Critical ? 1 : 0, n.Title, n.Body, n.Link, Time(n.CreatedAt), Time(n.DeliverAt), n.InDigest ? 1 : 0, (int)n.EmailState,
                    n.EmailNextAttemptAt is { } next ? Time(next) : null, n.ThreadId);
                await insert.ExecuteNonQueryAsync(ct);
            }
        }

        await using var run = Command(connection, transaction, """
            INSERT INTO "RuleRuns" ("RuleId", "EventId", "RecipientKey", "Outcome", "Reason", "At", "Attempts")
            VALUES ($rule, $event, $key, $outcome, $reason, $at, $attempts)
            """, "$rule", "$event", "$key", "$outcome", "$reason", "$at", "$attempts");
        foreach (var r in runs)
        {
            Set(run, r.RuleId, r.EventId, r.RecipientKey, (int)r.Outcome, r.Reason, Time(r.At), r.Attempts);
            await run.ExecuteNonQueryAsync(ct);
        }
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            command.Parameters.Add(p);
        }
        command.Prepare();
        return command;
    }

    private static void Set(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
    }

    private static string Time(DateTime utc) =>
        (utc.Kind == DateTimeKind.Utc ? utc : utc.ToUniversalTime()).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
}
