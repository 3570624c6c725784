using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// The tamper-evident audit chain on a real SQLite database: entries are sealed in id order once settled, the chain verifies,
/// and a row altered or deleted with raw SQL after dropping the append-only trigger is found and named.
/// </summary>
public sealed class AuditChainTests : IAsyncLifetime
{
    private SqliteDatabase database = default!;
    private static readonly Actor Admin = new("admin-1", "Ada Admin", new HashSet<string> { Roles.Admin }, null, "10.0.0.1");

    public async Task InitializeAsync() => database = await SqliteDatabase.CreateAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    private AuditChain Chain => new(database.Factory, database.Clock);

    private async Task<List<long>> WriteEntriesAsync(int count)
    {
        await using var db = database.CreateContext();
        var entries = Enumerable.Range(0, count)
            .Select(i => db.Audit(Admin, database.Clock.GetUtcNow().UtcDateTime, "partner.updated", "Partner", 100 + i, 100 + i,
                new { before = new { name = $"Old {i}" }, after = new { name = $"New {i}" } }))
            .ToList();
        await db.SaveChangesAsync();
        return entries.Select(e => e.Id).ToList();
    }

    [Fact]
    public async Task Settled_entries_are_sealed_in_id_order_and_the_chain_verifies()
    {
        var ids = await WriteEntriesAsync(5);
        Assert.Equal(0, await Chain.SealAsync()); // not settled yet
        database.Clock.Advance(AuditChain.SettleTime);
        Assert.Equal(5, await Chain.SealAsync());
        Assert.Equal(0, await Chain.SealAsync());

        await using (var db = database.CreateContext())
        {
            var links = await db.AuditChain.OrderBy(l => l.EntryId).ToListAsync();
            Assert.Equal(ids, links.Select(l => l.EntryId));
            Assert.Equal(AuditChain.Genesis, links[0].PreviousHash);
            for (var i = 1; i < links.Count; i++) Assert.Equal(links[i - 1].Hash, links[i].PreviousHash);
        }

        var newer = await WriteEntriesAsync(2);
        var result = await Chain.VerifyAsync(Admin);
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(5, result.EntriesChecked);
        Assert.Equal(ids[^1], result.HeadEntryId);
        Assert.Equal(2, result.Unsealed);
        Assert.Equal(2, newer.Count);
    }

    [Fact]
    public async Task A_row_altered_behind_the_apps_back_breaks_the_chain_at_that_entry()
    {
        var ids = await WriteEntriesAsync(6);
        database.Clock.Advance(AuditChain.SettleTime);
        await Chain.SealAsync();
        await using (var db = database.CreateContext())
        {
            // The database refuses the change while its trigger stands...
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlAsync(
                $"UPDATE \"AuditLog\" SET \"Details\" = {"{}"} WHERE \"Id\" = {ids[3]}"));
            // ...so someone with the database file drops it first.
            await AuditTampering.DisableAppendOnlyAsync(db);
            var forged = """{"after":{"name":"Quietly changed"}}""";
            await db.Database.ExecuteSqlAsync($"UPDATE \"AuditLog\" SET \"Details\" = {forged} WHERE \"Id\" = {ids[3]}");
        }

        var result = await Chain.VerifyAsync(Admin);
        Assert.False(result.Intact);
        Assert.Equal(ids[3], result.BrokenAtEntryId);
        Assert.Equal(3, result.EntriesChecked);
        Assert.Contains("altered", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_row_and_a_row_inserted_between_sealed_ones_are_found()
    {
        var ids = await WriteEntriesAsync(4);
        database.Clock.Advance(AuditChain.SettleTime);
        await Chain.SealAsync();
        await using (var db = database.CreateContext())
        {
            await AuditTampering.DisableAppendOnlyAsync(db);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditLog\" WHERE \"Id\" = {0}", ids[1]);
        }
        var deleted = await Chain.VerifyAsync(Admin);
        Assert.False(deleted.Intact);
        Assert.Equal(ids[1], deleted.BrokenAtEntryId);
        Assert.Contains("deleted", deleted.Problem, StringComparison.Ordinal);

        // Put a forged row back under the deleted id: its content is not what was sealed.
        await using (var db = database.CreateContext())
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"AuditLog\" (\"Id\", \"At\", \"Action\", \"EntityType\") VALUES ({0}, '2026-03-02 09:00:00', 'partner.updated', 'Partner')", ids[1]);
        var forged = await Chain.VerifyAsync(Admin);
        Assert.False(forged.Intact);
        Assert.Equal(ids[1], forged.BrokenAtEntryId);
        Assert.Contains("altered", forged.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_finished_day_gets_its_head_and_a_head_off_the_chain_is_reported()
    {
        var first = await WriteEntriesAsync(3);
        database.Clock.Advance(TimeSpan.FromDays(1));
        var second = await WriteEntriesAsync(2);
        database.Clock.Advance(TimeSpan.FromDays(1));
        await Chain.SealAsync();
        Assert.Equal(2, await Chain.RecordDailyHeadsAsync());
        Assert.Equal(0, await Chain.RecordDailyHeadsAsync());

        var status = await Chain.StatusAsync(Admin);
        Assert.Equal(5, status.Sealed);
        Assert.Equal([second[^1], first[^1]], status.Heads.Select(h => h.EntryId));
        Assert.True((await Chain.VerifyAsync(Admin)).Intact);
    }

    [Fact]
    public async Task Only_admins_and_compliance_may_review_the_chain()
    {
        var manager = new Actor("m-1", "Maya", new HashSet<string> { Roles.Manager }, null);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Chain.VerifyAsync(manager));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Chain.StatusAsync(manager));
        var compliance = new Actor("c-1", "Chen", new HashSet<string> { Roles.Compliance }, null);
        Assert.True((await Chain.VerifyAsync(compliance)).Intact);
    }
}
