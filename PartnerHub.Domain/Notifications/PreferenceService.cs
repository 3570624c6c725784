using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Notifications;

/// <summary>One category's switches as the settings page shows them. <see cref="CanMute"/> is false for compliance.</summary>
public sealed record PreferenceRow(NotificationCategory Category, bool InAppMuted, bool EmailMuted, bool CanMute);

/// <summary>
/// A user's notification preferences: mute a non-critical category per channel (in-app, email). Compliance
/// notifications cannot be muted (the entity refuses it), and critical rules ignore preferences whatever is saved
/// here. Each user edits only their own rows (the <see cref="Actor"/>'s user id); every change is audited.
/// </summary>
public sealed class PreferenceService(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    /// <summary>The channels a preference is kept for, one row each.</summary>
    public static readonly IReadOnlyList<NotificationChannels> Channels = [NotificationChannels.InApp, NotificationChannels.Email];

    public static bool CanMute(NotificationCategory category) => category != NotificationCategory.Compliance;

    /// <summary>Every category, in the enum's order, with the caller's switches (unmuted when nothing is saved).</summary>
    public async Task<IReadOnlyList<PreferenceRow>> GetAsync(Actor actor, CancellationToken ct = default)
    {
        RequireUser(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        var saved = await db.NotificationPreferences.AsNoTracking().Where(p => p.UserId == actor.UserId && p.Muted).ToListAsync(ct);
        bool Muted(NotificationCategory c, NotificationChannels ch) => saved.Any(p => p.Category == c && p.Channel == ch);
        return Enum.GetValues<NotificationCategory>()
            .Select(c => new PreferenceRow(c, Muted(c, NotificationChannels.InApp), Muted(c, NotificationChannels.Email), CanMute(c)))
            .ToList();
    }

    /// <summary>Mutes or unmutes one category on one channel for the caller. Muting compliance is refused (field Category).</summary>
    public async Task SetAsync(Actor actor, NotificationCategory category, NotificationChannels channel, bool muted, CancellationToken ct = default)
    {
        RequireUser(actor);
        if (!Enum.IsDefined(category)) throw new DomainException($"'{category}' is not a known category.", "Category");
        if (!Channels.Contains(channel)) throw new DomainException("Choose in-app or email.", "Channel");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.NotificationPreferences.SingleOrDefaultAsync(p => p.UserId == actor.UserId && p.Category == category && p.Channel == channel, ct);
        var before = row?.Muted ?? false;
        if (row is null)
        {
            row = new NotificationPreference(actor.UserId, category, channel, muted);
            db.NotificationPreferences.Add(row);
        }
        else row.SetMuted(muted);
        if (before == muted && db.Entry(row).State != EntityState.Added) return;
        db.Audit(actor, now, muted ? "notification.muted" : "notification.unmuted", nameof(NotificationPreference),
            $"{category}/{channel}", actor.PartnerId, new { category, channel, muted });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The users who muted <paramref name="category"/> on <paramref name="channel"/>, as a query to compose with
    /// (for the dispatcher: skip a recipient whose logins all muted it, unless the rule is critical).
    /// </summary>
    internal static IQueryable<string> MutedUsers(AppDbContext db, NotificationCategory category, NotificationChannels channel) =>
        db.NotificationPreferences.Where(p => p.Category == category && p.Channel == channel && p.Muted).Select(p => p.UserId);

    private static void RequireUser(Actor actor)
    {
        if (!actor.IsPartner && !actor.IsOperator) throw new AccessDeniedException();
        if (actor == Actor.System) throw new AccessDeniedException("The system has no notification preferences.");
    }
}
