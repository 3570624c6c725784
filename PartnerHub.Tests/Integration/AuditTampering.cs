using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;

namespace PartnerHub.Tests.Integration;

/// <summary>What someone with the database's owner rights could do behind the app's back: switch off the append-only triggers.</summary>
public static class AuditTampering
{
    public static async Task DisableAppendOnlyAsync(AppDbContext db)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"AuditLog\" DISABLE TRIGGER USER");
            return;
        }
        await db.Database.ExecuteSqlRawAsync("DROP TRIGGER IF EXISTS \"TR_AuditLog_NoUpdate\"");
        await db.Database.ExecuteSqlRawAsync("DROP TRIGGER IF EXISTS \"TR_AuditLog_NoDelete\"");
    }
}
