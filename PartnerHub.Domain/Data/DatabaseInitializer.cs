using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data.PostgreSql;
using PartnerHub.Domain.Data.Sqlite;

namespace PartnerHub.Domain.Data;

public static class DatabaseInitializer
{
    /// <summary>
    /// Applies pending migrations of whichever provider is configured, then that provider's set-up (SQLite: the write-ahead log;
    /// PostgreSQL: the search vector, its GIN index and the audit log's triggers, see <see cref="PostgreSqlSchema"/>).
    /// </summary>
    public static async Task MigrateAsync(AppDbContext db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite()) await SqliteJournal.UseWriteAheadLogAsync(db, ct);
        if (db.Database.IsNpgsql()) await PostgreSqlSchema.ApplyAsync(db, ct);
    }
}
