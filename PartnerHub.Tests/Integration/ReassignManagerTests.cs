using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>Handing a relationship to another manager keeps its history and refuses what is not a manager.</summary>
public sealed class ReassignManagerTests : IClassFixture<SqliteDatabase>
{
    private readonly SqliteDatabase database;
    private readonly PartnerService service;

    public ReassignManagerTests(SqliteDatabase database)
    {
        this.database = database;
        service = new PartnerService(database.Factory, database.Clock);
    }

    private async Task<(Actor Admin, ApplicationUser First, ApplicationUser Second, int PartnerId)> ArrangeAsync()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var first = await database.AddUserAsync(Roles.Manager, "First Manager");
        var second = await database.AddUserAsync(Roles.Manager, "Second Manager");
        var id = await service.CreateAsync(admin, new NewPartner
        {
            Name = "Reassign Media", Email = $"r-{Guid.NewGuid():N}"[..12] + "@media.test", Vertical = Vertical.IGamingAffiliate,
            Country = "GB", ManagerId = first.Id,
        });
        return (admin, first, second, id);
    }

    private async Task<int> VersionAsync(int id)
    {
        await using var db = database.CreateContext();
        return await db.Partners.Where(p => p.Id == id).Select(p => p.Version).SingleAsync();
    }

    [Fact]
    public async Task Reassigning_closes_the_old_assignment_keeps_it_and_records_audit_and_event()
    {
        var (admin, first, second, id) = await ArrangeAsync();
        database.Clock.Advance(TimeSpan.FromDays(3));

        await service.ReassignManagerAsync(admin, id, second.Id, await VersionAsync(id));

        await using var db = database.CreateContext();
        Assert.Equal(second.Id, (await db.Partners.SingleAsync(p => p.Id == id)).ManagerId);
        var history = await db.ManagerAssignments.Where(a => a.PartnerId == id).OrderBy(a => a.AssignedAt).ToListAsync();
        Assert.Equal([first.Id, second.Id], history.Select(a => a.ManagerId));
        Assert.Equal(database.Clock.GetUtcNow().UtcDateTime, history[0].EndedAt);
        Assert.Null(history[1].EndedAt);
        Assert.True(await db.AuditLog.AnyAsync(a => a.PartnerId == id && a.Action == "partner.manager-reassigned"));
        var e = await db.DomainEvents.SingleAsync(e => e.PartnerId == id && e.Type == EventTypes.ManagerReassigned);
        Assert.Contains("First Manager", e.Payload, StringComparison.Ordinal);
        Assert.Contains("Second Manager", e.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reassigning_to_a_user_who_is_not_a_manager_is_refused_and_nothing_is_written()
    {
        var (admin, first, _, id) = await ArrangeAsync();
        var compliance = await database.AddUserAsync(Roles.Compliance);

        var ex = await Assert.ThrowsAsync<DomainException>(() => service.ReassignManagerAsync(admin, id, compliance.Id, 0));

        Assert.Equal("ManagerId", ex.Field);
        await using var db = database.CreateContext();
        Assert.Equal(first.Id, (await db.Partners.SingleAsync(p => p.Id == id)).ManagerId);
        Assert.Equal(1, await db.ManagerAssignments.CountAsync(a => a.PartnerId == id));
        Assert.False(await db.DomainEvents.AnyAsync(e => e.PartnerId == id && e.Type == EventTypes.ManagerReassigned));
    }

    [Fact]
    public async Task A_reassignment_based_on_a_stale_view_is_refused()
    {
        var (admin, _, second, id) = await ArrangeAsync();
        var seen = await VersionAsync(id);
        var third = await database.AddUserAsync(Roles.Manager, "Third Manager");
        await service.ReassignManagerAsync(admin, id, third.Id, seen); // someone else got there first

        await Assert.ThrowsAsync<DomainException>(() => service.ReassignManagerAsync(admin, id, second.Id, seen));

        await using var db = database.CreateContext();
        Assert.Equal(third.Id, (await db.Partners.SingleAsync(p => p.Id == id)).ManagerId);
    }

    [Fact]
    public async Task Compliance_cannot_reassign()
    {
        var (_, _, second, id) = await ArrangeAsync();
        var compliance = await database.AddActorAsync(Roles.Compliance);

        var version = await VersionAsync(id);

        await Assert.ThrowsAsync<AccessDeniedException>(() => service.ReassignManagerAsync(compliance, id, second.Id, version));
    }
}
