using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Outbox;

namespace PartnerHub.Domain.Notifications;

/// <summary>When (and whether) a notification is delivered: digest, quiet hours or now.</summary>
internal sealed record Timing(DateTime DeliverAt, bool InDigest, string? DeferredBecause);

/// <summary>The muted (recipient, category, channel) triples and the last delivery per (rule, recipient) a batch needs.</summary>
internal sealed class PolicyFacts
{
    public HashSet<(string, NotificationCategory, NotificationChannels)> Muted { get; init; } = [];
    public Dictionary<(int, string), DateTime> LastSent { get; init; } = [];
}

/// <summary>
/// The delivery rules every notification passes: preference mutes, a rule's throttle (cooldown), the daily digest, and
/// quiet hours in the recipient's time zone. Critical notifications are never muted, bundled or held.
/// </summary>
public sealed class DeliveryPolicy(NotificationOptions options)
{
    public const string ReasonCondition = "condition";
    public const string ReasonThrottle = "throttle";
    public const string ReasonQuietHours = "quiet hours";
    public const string ReasonPreference = "preference";
    public const string ReasonDigest = "digest";

    /// <summary>The visibility time of notifications waiting for the daily digest.</summary>
    public static readonly DateTime DigestPending = new(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Why a rule's notification to <paramref name="key"/> is not sent (mute, throttle), or null.</summary>
    /// <param name="mandatory">The event must reach everyone (a compliance acknowledgement): preferences do not mute it.</param>
    internal static string? SkipReason(TriggerRule rule, string key, PolicyFacts facts, DateTime now, bool mandatory = false)
    {
        if (CanMute(rule) && !mandatory && facts.Muted.Contains((key, rule.Category, NotificationChannels.InApp))) return ReasonPreference;
        if (rule.CooldownMinutes is { } cooldown && cooldown > 0 && facts.LastSent.TryGetValue((rule.Id, key), out var last) && last > now.AddMinutes(-cooldown))
            return $"{ReasonThrottle}: one per {FormatMinutes(cooldown)}, last at {last:yyyy-MM-dd HH:mm} UTC";
        return null;
    }

    /// <summary>Whether the rule's notification also goes out by email to a recipient with <paramref name="email"/>.</summary>
    internal bool Emails(TriggerRule rule, string key, string? email, bool inDigest, PolicyFacts facts, bool mandatory = false) =>
        rule.Channels.HasFlag(NotificationChannels.Email) && options.EmailEnabled && !string.IsNullOrWhiteSpace(email)
        && !(CanMute(rule) && !mandatory && facts.Muted.Contains((key, rule.Category, NotificationChannels.Email))) && !inDigest;

    /// <summary>How long after delivery an email waits: a message's, so one read in the meantime sends none.</summary>
    internal TimeSpan EmailDelay(string eventType) => eventType == EventTypes.MessageSent ? options.MessageEmailDelay : TimeSpan.Zero;

    /// <summary>When a rule's notification to a recipient in <paramref name="timeZone"/> becomes visible.</summary>
    internal Timing Schedule(TriggerRule rule, string timeZone, DateTime now)
    {
        if (rule.Digest && !rule.Critical)
            return new(DigestPending, true, $"{ReasonDigest}: bundled into the daily digest at {options.DigestAtUtc:HH\\:mm} UTC");
        if (rule.RespectQuietHours && !rule.Critical && options.QuietHoursEndUtc(now, NotificationOptions.Zone(timeZone)) is { } end)
            return new(end, false, $"{ReasonQuietHours} in {timeZone}: delivered at {end:yyyy-MM-dd HH:mm} UTC");
        return new(now, false, null);
    }

    /// <summary>
    /// Holds non-critical notifications that are due now until the end of their recipient's quiet hours (the recipient's
    /// time zone: the partner's, or the operator's). Returns how many were held.
    /// </summary>
    internal async Task<int> HoldForQuietHoursAsync(AppDbContext db, IReadOnlyList<Notification> notifications, DateTime now, CancellationToken ct)
    {
        var due = notifications.Where(n => !n.Critical && !n.InDigest && n.DeliverAt <= now).ToList();
        if (due.Count == 0 || options.QuietHoursStart == options.QuietHoursEnd) return 0;
        var zones = new Dictionary<string, string>();
        foreach (var chunk in due.Where(n => n.RecipientPartnerId is not null).Select(n => n.RecipientPartnerId!.Value).Distinct().Chunk(5000))
        {
            var list = chunk.ToList();
            foreach (var p in await db.Partners.AsNoTracking().Where(p => list.Contains(p.Id)).Select(p => new { p.Id, p.TimeZone }).ToListAsync(ct))
                zones[Notification.PartnerKey(p.Id)] = p.TimeZone;
        }
        foreach (var chunk in due.Where(n => n.RecipientUserId is not null).Select(n => n.RecipientUserId!).Distinct().Chunk(5000))
        {
            var list = chunk.ToList();
            foreach (var u in await db.Users.AsNoTracking().Where(u => list.Contains(u.Id)).Select(u => new { u.Id, u.TimeZone }).ToListAsync(ct))
                zones[Notification.UserKey(u.Id)] = u.TimeZone;
        }
        var held = 0;
        foreach (var n in due)
        {
            if (options.QuietHoursEndUtc(now, NotificationOptions.Zone(zones.GetValueOrDefault(n.RecipientKey))) is not { } end) continue;
            n.DeliverAt = end;
            held++;
        }
        return held;
    }

    /// <summary>The mutes and the throttle state of the recipients a batch resolved.</summary>
    internal static async Task<PolicyFacts> FactsAsync(AppDbContext db, IReadOnlyList<Resolution> resolved, DateTime now, CancellationToken ct) => new()
    {
        Muted = await MutedAsync(db, resolved.SelectMany(x => x.To).ToList(), ct),
        LastSent = await LastSentAsync(db, resolved.Where(x => x.Rule.CooldownMinutes is > 0).ToList(), now, ct),
    };

    private static bool CanMute(TriggerRule rule) => !rule.Critical && PreferenceService.CanMute(rule.Category);

    /// <summary>
    /// (recipient, category, channel) triples muted by preference. An operator's own choice counts; a partner is muted
    /// when every login of the partner muted the category on that channel (a partner with no login mutes nothing).
    /// </summary>
    private static async Task<HashSet<(string, NotificationCategory, NotificationChannels)>> MutedAsync(AppDbContext db, List<Recipient> to, CancellationToken ct)
    {
        var set = new HashSet<(string, NotificationCategory, NotificationChannels)>();
        if (!await db.NotificationPreferences.AnyAsync(p => p.Muted, ct)) return set;
        var partnerIds = to.Where(t => t.PartnerId is not null).Select(t => t.PartnerId!.Value).Distinct().ToList();
        var userIds = to.Where(t => t.UserId is not null).Select(t => t.UserId!).Distinct().ToList();
        var logins = new List<(string UserId, int PartnerId)>();
        foreach (var chunk in partnerIds.Chunk(5000))
        {
            var list = chunk.ToList();
            logins.AddRange((await db.Users.AsNoTracking().Where(u => u.PartnerId != null && list.Contains(u.PartnerId.Value))
                .Select(u => new { u.Id, PartnerId = u.PartnerId!.Value }).ToListAsync(ct)).Select(u => (u.Id, u.PartnerId)));
        }
        var allUsers = logins.Select(l => l.UserId).Concat(userIds).Distinct().ToList();
        var prefs = new List<NotificationPreference>();
        foreach (var chunk in allUsers.Chunk(5000))
        {
            var list = chunk.ToList();
            prefs.AddRange(await db.NotificationPreferences.AsNoTracking().Where(p => p.Muted && list.Contains(p.UserId)).ToListAsync(ct));
        }
        var byUser = prefs.ToLookup(p => p.UserId);
        foreach (var u in userIds)
            foreach (var p in byUser[u]) set.Add((Notification.UserKey(u), p.Category, p.Channel));
        foreach (var g in logins.GroupBy(l => l.PartnerId))
        {
            var count = g.Count();
            foreach (var muted in g.SelectMany(l => byUser[l.UserId]).GroupBy(p => (p.Category, p.Channel)).Where(m => m.Select(x => x.UserId).Distinct().Count() == count))
                set.Add((Notification.PartnerKey(g.Key), muted.Key.Category, muted.Key.Channel));
        }
        return set;
    }

    /// <summary>The latest notification per (rule, recipient) inside the longest cooldown of the batch's throttled rules.</summary>
    private static async Task<Dictionary<(int, string), DateTime>> LastSentAsync(AppDbContext db, List<Resolution> throttled, DateTime now, CancellationToken ct)
    {
        var result = new Dictionary<(int, string), DateTime>();
        if (throttled.Count == 0) return result;
        var ruleIds = throttled.Select(x => x.Rule.Id).Distinct().ToList();
        var since = now.AddMinutes(-throttled.Max(x => x.Rule.CooldownMinutes!.Value));
        var keys = throttled.SelectMany(x => x.To).Select(t => t.Key).Distinct().ToList();
        foreach (var chunk in keys.Chunk(5000))
        {
            var list = chunk.ToList();
            var rows = await db.Notifications.AsNoTracking()
                .Where(n => n.RuleId != null && ruleIds.Contains(n.RuleId.Value) && list.Contains(n.RecipientKey) && n.CreatedAt > since)
                .GroupBy(n => new { n.RuleId, n.RecipientKey }).Select(g => new { g.Key.RuleId, g.Key.RecipientKey, Last = g.Max(n => n.CreatedAt) })
                .ToListAsync(ct);
            foreach (var r in rows) result[(r.RuleId!.Value, r.RecipientKey)] = r.Last;
        }
        return result;
    }

    private static string FormatMinutes(int minutes) => minutes % 1440 == 0 ? $"{minutes / 1440 * 24} h" : minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes} min";
}
