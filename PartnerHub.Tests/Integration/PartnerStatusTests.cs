using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Tests.Integration;

/// <summary>Changing a partner's status: who may make which change, the audit entry, and the relationship's end.</summary>
public sealed class PartnerStatusTests : IAsyncLifetime
{
    private SqliteDatabase database = default!;
    private AutomationTestData data = default!;

    public async Task InitializeAsync()
    {
        database = await SqliteDatabase.CreateAsync();
        data = new AutomationTestData(database);
    }

    public Task DisposeAsync() => database.DisposeAsync();

    private PartnerService Partners => new(database.Factory, database.Clock);

    [Fact]
    public async Task Compliance_ends_a_relationship_recording_when_audited_with_before_after_and_reason()
    {
        var compliance = await database.AddActorAsync(Roles.Compliance);
        var partner = await data.PartnerAsync();

        await Partners.ChangeStatusAsync(compliance, partner.Id, PartnerStatus.Terminated, "Contract ended by mutual agreement");

        await using var db = database.CreateContext();
        var ended = await db.Partners.SingleAsync(p => p.Id == partner.Id);
        Assert.Equal(PartnerStatus.Terminated, ended.Status);
        Assert.Equal(database.Clock.GetUtcNow().UtcDateTime, ended.EndedAt);
        var entry = await db.AuditLog.SingleAsync(a => a.Action == "partner.status" && a.PartnerId == partner.Id);
        var details = JsonDocument.Parse(entry.Details!).RootElement;
        Assert.Equal("Applied", details.GetProperty("before").GetString());
        Assert.Equal("Terminated", details.GetProperty("after").GetString());
        Assert.Equal("Contract ended by mutual agreement", details.GetProperty("reason").GetString());
        var profile = await new PartnerQueries(database.Factory).GetProfileAsync(compliance, partner.Id);
        Assert.Equal(ended.EndedAt, profile!.EndedAt);
    }

    [Fact]
    public async Task A_manager_suspends_and_reactivates_only_their_own_partners_and_never_terminates()
    {
        var manager = await database.AddActorAsync(Roles.Manager);
        var admin = await database.AddActorAsync(Roles.Admin);
        var own = await data.PartnerAsync(managerId: manager.UserId);
        var other = await data.PartnerAsync();
        await Partners.ChangeStatusAsync(admin, own.Id, PartnerStatus.Active, "Onboarding complete");
        await Partners.ChangeStatusAsync(admin, other.Id, PartnerStatus.Active, "Onboarding complete");

        await Partners.ChangeStatusAsync(manager, own.Id, PartnerStatus.Suspended, "Traffic under review");
        await Partners.ChangeStatusAsync(manager, own.Id, PartnerStatus.Active, "Review cleared");
        await Assert.ThrowsAsync<AccessDeniedException>(() => Partners.ChangeStatusAsync(manager, own.Id, PartnerStatus.Terminated, "Ending it myself"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Partners.ChangeStatusAsync(manager, other.Id, PartnerStatus.Suspended, "Not my partner"));
        var partnerUser = await database.AddActorAsync(Roles.Partner, own.Id);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Partners.ChangeStatusAsync(partnerUser, own.Id, PartnerStatus.Suspended, "Pause me please"));

        await using var db = database.CreateContext();
        Assert.Equal(PartnerStatus.Active, (await db.Partners.SingleAsync(p => p.Id == own.Id)).Status);
        Assert.Equal(PartnerStatus.Active, (await db.Partners.SingleAsync(p => p.Id == other.Id)).Status);
        Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action == "partner.status" && a.PartnerId == own.Id && a.UserId == manager.UserId));
    }

    [Fact]
    public async Task Bad_input_is_refused_at_its_field_and_changes_nothing()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var partner = await data.PartnerAsync();

        var noReason = await Assert.ThrowsAsync<DomainException>(() => Partners.ChangeStatusAsync(admin, partner.Id, PartnerStatus.Active, " "));
        Assert.Equal("Reason", noReason.Field);
        var notAllowed = await Assert.ThrowsAsync<DomainException>(() => Partners.ChangeStatusAsync(admin, partner.Id, PartnerStatus.Suspended, "Pausing an applicant"));
        Assert.Equal("Status", notAllowed.Field);
        Assert.Contains("cannot move from Applied to Suspended", notAllowed.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(() => Partners.ChangeStatusAsync(admin, 987_654, PartnerStatus.Active, "No such partner"));

        await using var db = database.CreateContext();
        Assert.Equal(PartnerStatus.Applied, (await db.Partners.SingleAsync(p => p.Id == partner.Id)).Status);
        Assert.Equal(0, await db.AuditLog.CountAsync(a => a.Action == "partner.status"));
    }
}
