using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Tests.Integration;

/// <summary>Legal holds: Compliance and Admin place and release them with a reason, audited; one in force at a time.</summary>
public sealed class LegalHoldTests : IAsyncLifetime
{
    private SqliteDatabase database = default!;
    private AutomationTestData data = default!;

    public async Task InitializeAsync()
    {
        database = await SqliteDatabase.CreateAsync();
        data = new AutomationTestData(database);
    }

    public Task DisposeAsync() => database.DisposeAsync();

    private LegalHolds Holds => new(database.Factory, database.Clock);

    private async Task<Actor> ActorAsync(string role) => SqliteDatabase.ActorFor(await database.AddUserAsync(role, $"{role} person"), role);

    [Fact]
    public async Task Compliance_places_and_releases_a_hold_with_reasons_both_audited()
    {
        var compliance = await ActorAsync(Roles.Compliance);
        var partner = await data.PartnerAsync();
        await Holds.PlaceAsync(compliance, partner.Id, "Payout dispute DSP-2026-114 under review");

        var hold = await Holds.CurrentAsync(compliance, partner.Id);
        Assert.NotNull(hold);
        Assert.Equal("Payout dispute DSP-2026-114 under review", hold.Reason);
        await using (var db = database.CreateContext())
            Assert.True(await LegalHolds.IsHeldAsync(db, partner.Id));

        var again = await Assert.ThrowsAsync<DomainException>(() => Holds.PlaceAsync(compliance, partner.Id, "A second reason, also long"));
        Assert.Contains("already in force", again.Message, StringComparison.Ordinal);

        await Holds.ReleaseAsync(compliance, partner.Id, "Dispute settled on 2 March");
        Assert.Null(await Holds.CurrentAsync(compliance, partner.Id));
        await using (var db = database.CreateContext())
        {
            Assert.False(await LegalHolds.IsHeldAsync(db, partner.Id));
            var actions = await db.AuditLog.Where(a => a.PartnerId == partner.Id && a.EntityType == nameof(LegalHold))
                .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
            Assert.Equal(["legalhold.placed", "legalhold.released"], actions);
            var released = await db.LegalHolds.SingleAsync(h => h.PartnerId == partner.Id);
            Assert.Equal("Dispute settled on 2 March", released.ReleaseReason);
        }
    }

    [Fact]
    public async Task Refusals_write_nothing()
    {
        var manager = await ActorAsync(Roles.Manager);
        var admin = await ActorAsync(Roles.Admin);
        var partner = await data.PartnerAsync(managerId: manager.UserId);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Holds.PlaceAsync(manager, partner.Id, "My own partner, a long reason"));
        var shortReason = await Assert.ThrowsAsync<DomainException>(() => Holds.PlaceAsync(admin, partner.Id, "because"));
        Assert.Equal("Reason", shortReason.Field);
        var none = await Assert.ThrowsAsync<DomainException>(() => Holds.ReleaseAsync(admin, partner.Id, "Nothing to release here"));
        Assert.Contains("No legal hold", none.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(() => Holds.PlaceAsync(admin, 987_654, "A partner that does not exist"));

        await using var db = database.CreateContext();
        Assert.Equal(0, await db.LegalHolds.CountAsync());
        Assert.Equal(0, await db.AuditLog.CountAsync(a => a.EntityType == nameof(LegalHold)));
        // The manager still sees whether a hold is in force on their partner.
        Assert.Null(await Holds.CurrentAsync(manager, partner.Id));
    }
}
