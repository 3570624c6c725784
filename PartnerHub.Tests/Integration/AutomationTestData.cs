using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>Records which recipients the dispatcher told about new notifications.</summary>
public sealed class RecordingSignal : INotificationSignal
{
    public ConcurrentQueue<string> Keys { get; } = new();
    public void NotificationsDelivered(IReadOnlyCollection<string> recipientKeys)
    {
        foreach (var k in recipientKeys) Keys.Enqueue(k);
    }
}

/// <summary>
/// Partners (with the IB closure table), rules and outbox events for the automation tests, written with the entities'
/// own constructors. Each call makes new rows, so the tests of a class can share one database.
/// </summary>
public sealed class AutomationTestData(SqliteDatabase database)
{
    private static int number;

    public DateTime Now => database.Clock.GetUtcNow().UtcDateTime;

    public NotificationOptions Options { get; } = new() { BatchSize = 100 };
    public RecordingSignal Signal { get; } = new();

    public NotificationDispatcher Dispatcher(Func<IReadOnlyList<long>, CancellationToken, Task>? onClaimed = null, string id = "test") =>
        TestNotifications.Dispatcher(database.Factory, database.Clock, Options, Signal, onClaimed);

    /// <summary>A partner (and its closure rows) in a time zone, optionally under a parent and with a manager.</summary>
    public async Task<Partner> PartnerAsync(Vertical vertical = Vertical.IGamingAffiliate, int? parentId = null, string timeZone = "UTC",
        string? managerId = null, string? name = null)
    {
        await using var db = database.CreateContext();
        var n = Interlocked.Increment(ref number);
        var partner = new Partner(name ?? $"Partner {n}", $"automation{n}-{Guid.NewGuid():N}@partners.test", vertical, "GB", Now.AddDays(-100));
        partner.UpdateProfile(partner.Name, null, partner.Email, "GB", timeZone, "en");
        if (parentId is { } pid)
        {
            var parent = await db.Partners.SingleAsync(p => p.Id == pid);
            partner.SetParent(parent);
        }
        if (managerId is not null) partner.AssignManager(managerId, null, Now.AddDays(-100));
        db.Partners.Add(partner);
        await db.SaveChangesAsync();
        db.PartnerHierarchy.Add(new PartnerHierarchy(partner.Id, partner.Id, 0));
        if (parentId is { } parentKey)
        {
            foreach (var link in await db.PartnerHierarchy.AsNoTracking().Where(h => h.DescendantId == parentKey).ToListAsync())
                db.PartnerHierarchy.Add(new PartnerHierarchy(link.AncestorId, partner.Id, link.Depth + 1));
        }
        await db.SaveChangesAsync();
        return partner;
    }

    /// <summary>An enabled rule for <paramref name="eventType"/>; <paramref name="configure"/> sets the rest.</summary>
    public async Task<TriggerRule> RuleAsync(string eventType, string title, string body, Action<TriggerRule>? configure = null,
        NotificationCategory category = NotificationCategory.Payouts)
    {
        await using var db = database.CreateContext();
        var rule = new TriggerRule($"Rule {Interlocked.Increment(ref number)}", eventType, category, title, body, Now);
        configure?.Invoke(rule);
        db.TriggerRules.Add(rule);
        await db.SaveChangesAsync();
        return rule;
    }

    /// <summary>Turns every other rule off, so a test sees only its own rules fire.</summary>
    public async Task OnlyTheseRulesAsync(params TriggerRule[] rules)
    {
        await using var db = database.CreateContext();
        var keep = rules.Select(r => r.Id).ToList();
        await db.TriggerRules.Where(r => !keep.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.Enabled, false));
    }

    /// <summary>An outbox event as a service would record it.</summary>
    public async Task<DomainEvent> EventAsync(string type, int? partnerId, object payload, string? recordType = null, object? recordId = null)
    {
        await using var db = database.CreateContext();
        var e = db.RecordEvent(Actor.System, Now, type, partnerId, recordType, recordId, payload);
        await db.SaveChangesAsync();
        return e;
    }

    /// <summary>Marks every pending event processed, so a test dispatches only the events it makes.</summary>
    public async Task DrainAsync()
    {
        await using var db = database.CreateContext();
        var now = Now;
        await db.DomainEvents.Where(e => e.ProcessedAt == null).ExecuteUpdateAsync(s => s.SetProperty(e => e.ProcessedAt, now));
    }

    public static object Payout(decimal amount, string reference = "WIRE-1") =>
        new { payoutId = 1, before = "Processing", after = "Paid", amount, currency = "USD", method = "BankWire", reference, lineIds = new[] { 1 } };

    public async Task<List<Notification>> NotificationsAsync(long eventId)
    {
        await using var db = database.CreateContext();
        return await db.Notifications.AsNoTracking().Where(n => n.EventId == eventId).OrderBy(n => n.RecipientKey).ToListAsync();
    }

    public async Task<List<RuleRun>> RunsAsync(long eventId)
    {
        await using var db = database.CreateContext();
        return await db.RuleRuns.AsNoTracking().Where(r => r.EventId == eventId).OrderBy(r => r.Id).ToListAsync();
    }

    public static string Json(object o) => JsonSerializer.Serialize(o, AuditTrail.Json);
}
