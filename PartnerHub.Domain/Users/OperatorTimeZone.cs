using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Domain.Users;

/// <summary>
/// The time zone an operator reads the console in (<see cref="ApplicationUser.TimeZone"/>). Operators change only their own;
/// each change is audited with the zone before and after.
/// </summary>
public sealed class OperatorTimeZone(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public const string Changed = "user.time-zone-changed";

    /// <summary>The zones offered, by IANA id, sorted by name.</summary>
    public static IReadOnlyList<string> Choices { get; } =
        TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal)).Append("UTC")
            .Distinct().Order(StringComparer.Ordinal).ToList();

    public async Task<string> GetAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireOperator();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.TimeZone).SingleAsync(ct);
    }

    /// <summary>Saves the operator's own zone; an unknown id is refused at the field.</summary>
    public async Task SetAsync(Actor actor, string timeZoneId, CancellationToken ct = default)
    {
        actor.RequireOperator();
        if (string.IsNullOrWhiteSpace(timeZoneId) || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out _))
            throw new DomainException($"'{timeZoneId}' is not a known time zone.", nameof(ApplicationUser.TimeZone));
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = await db.Users.SingleAsync(u => u.Id == actor.UserId, ct);
        if (user.TimeZone == timeZoneId) return;
        var before = user.TimeZone;
        user.TimeZone = timeZoneId;
        db.Audit(actor, clock.GetUtcNow().UtcDateTime, Changed, nameof(ApplicationUser), user.Id, null, new { before, after = timeZoneId });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
