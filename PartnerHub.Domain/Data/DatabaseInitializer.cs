using Microsoft.EntityFrameworkCore;

namespace PartnerHub.Domain.Data;

public static class DatabaseInitializer
{
    /// <summary>Applies pending migrations of whichever provider is configured. On SQLite also turns on WAL so readers never wait on the writer.</summary>
    public static async Task MigrateAsync(AppDbContext db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}
