using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>The audit log is append-only, whatever code holds the context.</summary>
public class AuditLogTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    [Fact]
    public async Task Audit_entries_are_written_with_their_details_as_JSON()
    {
        var id = await AuditAsync("partner.status-changed");

        await using var db = database.CreateContext();
        var entry = await db.AuditLog.SingleAsync(a => a.Id == id);
        Assert.Equal("partner.status-changed", entry.Action);
        Assert.Equal("{\"before\":\"Active\",\"after\":\"Suspended\"}", entry.Details);
        Assert.Equal(database.Clock.GetUtcNow().UtcDateTime, entry.At);
        Assert.Equal(DateTimeKind.Utc, entry.At.Kind);
    }

    [Fact]
    public async Task Modifying_an_audit_entry_is_refused_on_save()
    {
        var id = await AuditAsync("payout.paid");

        await using (var db = database.CreateContext())
        {
            var entry = await db.AuditLog.SingleAsync(a => a.Id == id);
            db.Entry(entry).Property(nameof(AuditEntry.Action)).CurrentValue = "payout.nothing-happened";

            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }

        Assert.Equal("payout.paid", (await ReloadAsync(id))?.Action);
    }

    [Fact]
    public async Task Modifying_an_audit_entry_is_refused_by_the_synchronous_save_too()
    {
        var id = await AuditAsync("deal.terms-updated");

        using (var db = database.CreateContext())
        {
            var entry = db.AuditLog.Single(a => a.Id == id);
            db.Entry(entry).Property(nameof(AuditEntry.Details)).CurrentValue = "{}";

            Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
        }

        Assert.NotEqual("{}", (await ReloadAsync(id))?.Details);
    }

    [Fact]
    public async Task Deleting_an_audit_entry_is_refused_on_save()
    {
        var id = await AuditAsync("commission.rejected");

        await using (var db = database.CreateContext())
        {
            db.AuditLog.Remove(await db.AuditLog.SingleAsync(a => a.Id == id));

            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }

        Assert.NotNull(await ReloadAsync(id));
    }

    [Fact]
    public async Task Set_based_delete_cannot_remove_audit_entries()
    {
        // The context's guard sees only tracked changes; ExecuteDelete/ExecuteUpdate go straight to the
        // database. "Append-only whatever code asks" needs the database itself to refuse (a trigger).
        var id = await AuditAsync("user.locked");

        await using (var db = database.CreateContext())
        {
            try { await db.AuditLog.Where(a => a.Id == id).ExecuteDeleteAsync(); }
            catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException) { }
        }

        Assert.NotNull(await ReloadAsync(id));
    }

    [Fact]
    public async Task Set_based_update_cannot_rewrite_audit_entries()
    {
        var id = await AuditAsync("user.role-changed");

        await using (var db = database.CreateContext())
        {
            try { await db.AuditLog.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Action, "nothing")); }
            catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException) { }
        }

        Assert.Equal("user.role-changed", (await ReloadAsync(id))?.Action);
    }

    private async Task<long> AuditAsync(string action)
    {
        await using var db = database.CreateContext();
        var entry = db.Audit(Actor.System, database.Clock.GetUtcNow().UtcDateTime, action, "Partner", 1, null,
            new { before = PartnerStatus.Active, after = PartnerStatus.Suspended });
        await db.SaveChangesAsync();
        return entry.Id;
    }

    private async Task<AuditEntry?> ReloadAsync(long id)
    {
        await using var db = database.CreateContext();
        return await db.AuditLog.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id);
    }
}
