using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>An operator's own time zone, saved with an audit entry; unknown zones and partners refused.</summary>
public sealed class OperatorTimeZoneTests(SqliteDatabase data) : IClassFixture<SqliteDatabase>
{
    private readonly OperatorTimeZone zones = new(data.Factory, data.Clock);

    [Fact]
    public async Task An_operator_saves_their_zone_and_the_change_is_audited()
    {
        var manager = await data.AddActorAsync(Roles.Manager);

        await zones.SetAsync(manager, "Asia/Tokyo");

        Assert.Equal("Asia/Tokyo", await zones.GetAsync(manager));
        await using var db = data.CreateContext();
        var entry = await db.AuditLog.SingleAsync(a => a.Action == OperatorTimeZone.Changed && a.EntityId == manager.UserId);
        Assert.Contains("Asia/Tokyo", entry.Details);
    }

    [Fact]
    public async Task An_unknown_zone_is_refused_at_the_field()
    {
        var manager = await data.AddActorAsync(Roles.Manager);

        var ex = await Assert.ThrowsAsync<DomainException>(() => zones.SetAsync(manager, "Mars/Olympus_Mons"));

        Assert.Equal(nameof(ApplicationUser.TimeZone), ex.Field);
        Assert.Equal("UTC", await zones.GetAsync(manager));
    }

    [Fact]
    public async Task Partners_cannot_use_the_operator_setting()
    {
        var partner = new Actor("partner-user", "A Partner", new HashSet<string> { Roles.Partner }, 1, "127.0.0.1");

        await Assert.ThrowsAsync<AccessDeniedException>(() => zones.SetAsync(partner, "Europe/London"));
    }

    [Fact]
    public void The_choices_include_utc_and_iana_zones() =>
        Assert.Superset(new HashSet<string> { "UTC", "Europe/London", "Asia/Tokyo" }, OperatorTimeZone.Choices.ToHashSet());
}
