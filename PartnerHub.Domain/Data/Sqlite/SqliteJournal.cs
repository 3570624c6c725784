using Microsoft.EntityFrameworkCore;

namespace PartnerHub.Domain.Data.Sqlite;

/// <summary>SQLite's write-ahead log: readers never wait on the writer. Set once per database file; it persists.</summary>
public static class SqliteJournal
{
    public static Task UseWriteAheadLogAsync(AppDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
}
