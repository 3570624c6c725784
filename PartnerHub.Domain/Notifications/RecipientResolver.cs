using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Segments;

namespace PartnerHub.Domain.Notifications;

/// <summary>A resolved recipient: a partner (every login of it) or one operator; and the partner the notification is about.</summary>
internal sealed record Recipient(string Key, int? PartnerId, string? UserId, int? AboutPartnerId, bool ViaNetwork)
{
    public static Recipient ForPartner(int partnerId, int? about, bool viaNetwork) =>
        new(Notification.PartnerKey(partnerId), partnerId, null, about, viaNetwork);

    public static Recipient ForUser(string userId, int? about) => new(Notification.UserKey(userId), null, userId, about, false);
}

internal sealed record PartnerFacts(int Id, string Name, Vertical Vertical, int Tier, string? ManagerId, string TimeZone, string Email, PartnerStatus Status);

internal sealed record UserFacts(string Id, string Name, string TimeZone, string? Email);

/// <summary>One (event, rule): its recipients, or why it notifies nobody.</summary>
internal sealed record Resolution(DomainEvent Event, TriggerRule Rule, List<Recipient> To, string? Skip);

/// <summary>What <see cref="RecipientResolver"/> found for a batch: failures, resolutions and the facts of everyone named.</summary>
internal sealed class ResolvedBatch
{
    /// <summary>(rule, event) pairs that cannot be evaluated, with the reason, in evaluation order.</summary>
    public List<(int RuleId, long EventId, string Reason)> Failures { get; } = [];
    public List<Resolution> Resolved { get; } = [];
    public Dictionary<long, JsonElement> Payloads { get; } = [];
    public Dictionary<int, PartnerFacts> Partners { get; } = [];
    public Dictionary<string, UserFacts> Users { get; set; } = [];
    public IEnumerable<Recipient> Recipients => Resolved.SelectMany(x => x.To);
}

/// <summary>
/// Who a rule notifies about an event: the partner, its manager, its upline (closure table), the sub-IBs of a changed deal,
/// a segment's members, or the audience of published creatives; after the rule's conditions (vertical, tier, amount, segment).
/// Every lookup is one query per batch (or per segment), never per event.
/// </summary>
public sealed class RecipientResolver
{
    internal async Task<ResolvedBatch> ResolveAsync(AppDbContext db, List<DomainEvent> events, Dictionary<string, List<TriggerRule>> byType,
        DateTime now, CancellationToken ct)
    {
        var batch = new ResolvedBatch();
        var rules = byType.Values.SelectMany(r => r).ToList();
        var today = DateOnly.FromDateTime(now);
        var badPayload = new Dictionary<long, string>();
        foreach (var e in events)
        {
            try
            {
                using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(e.Payload) ? "{}" : e.Payload);
                batch.Payloads[e.Id] = doc.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                badPayload[e.Id] = "The event's payload is not valid JSON: " + ex.Message;
            }
        }

        // Partners the events are about, and their condition facts.
        var partners = batch.Partners;
        await LoadPartnersAsync(db, partners, events.Where(e => e.PartnerId is not null).Select(e => e.PartnerId!.Value), ct);
        var eventPartnerIds = partners.Keys.ToList();
        var conditionSegments = await ConditionSegmentsAsync(db, rules, eventPartnerIds, today, ct);
        var upline = await UplineAsync(db, rules, eventPartnerIds, ct);
        var derived = await DerivedSubIbsAsync(db, rules, events, batch.Payloads, ct);

        // Segment recipients: members of each segment a rule notifies.
        var recipientSegments = new Dictionary<int, List<int>>();
        foreach (var segmentId in rules.Select(r => r.Recipients.SegmentId).OfType<int>().Distinct())
        {
            var members = await SegmentQuery.SegmentPartnerIdsAsync(db, segmentId, today, ct);
            recipientSegments[segmentId] = await members.ToListAsync(ct);
        }

        // Audiences of partner-less creative events: who can see the published assets.
        var audiences = new Dictionary<long, List<int>>();
        foreach (var e in events.Where(e => e.PartnerId is null && e.Type == EventTypes.CreativesPublished && batch.Payloads.ContainsKey(e.Id)))
            audiences[e.Id] = await CreativeAudienceAsync(db, batch.Payloads[e.Id], today, ct);

        var team = await ConversationTeamAsync(db, rules, events, batch.Payloads, ct);
        var ledgers = await LedgersAsync(db, rules, events, ct);

        foreach (var e in events)
        {
            foreach (var rule in byType[e.Type])
            {
                if (badPayload.TryGetValue(e.Id, out var bad))
                {
                    batch.Failures.Add((rule.Id, e.Id, bad));
                    continue;
                }
                var payload = batch.Payloads[e.Id];
                PartnerFacts? about = e.PartnerId is { } pid ? partners.GetValueOrDefault(pid) : null;
                if (e.PartnerId is not null && about is null)
                {
                    batch.Failures.Add((rule.Id, e.Id, $"Partner {e.PartnerId} does not exist."));
                    continue;
                }
                var why = about is not null ? ConditionFails(rule, e, payload, about, conditionSegments) : AmountConditionFails(rule, e, payload);
                if (why is not null)
                {
                    batch.Resolved.Add(new(e, rule, [], why));
                    continue;
                }
                var to = new List<Recipient>();
                var r = rule.Recipients;
                if (r.Partner)
                {
                    if (about is not null) to.Add(Recipient.ForPartner(about.Id, about.Id, false));
                    else if (audiences.TryGetValue(e.Id, out var audience)) to.AddRange(audience.Select(id => Recipient.ForPartner(id, id, false)));
                }
                if (r.Manager && about?.ManagerId is { } manager) to.Add(Recipient.ForUser(manager, about.Id));
                if (r.UplineLevels > 0 && about is not null && upline.TryGetValue(about.Id, out var ups))
                    to.AddRange(ups.Where(u => u.Depth <= r.UplineLevels).OrderBy(u => u.Depth).Select(u => Recipient.ForPartner(u.Ancestor, about.Id, true)));
                if (r.DerivedSubIbs && derived.TryGetValue(e.Id, out var subs))
                    to.AddRange(subs.Select(s => Recipient.ForPartner(s, s, false)));
                if (r.Conversation && e.Type == EventTypes.MessageSent)
                    to.AddRange(ConversationRecipients(payload, about?.Id, team));
                if (r.Audience && ledgers.TryGetValue(e.Id, out var ledger))
                {
                    if (e.Type == EventTypes.AnnouncementSent && Flag(payload, "requiresAcknowledgement"))
                    {
                        batch.Resolved.Add(new(e, rule, [], ReasonAcknowledgementRule));
                        continue;
                    }
                    to.AddRange(ledger.Select(id => Recipient.ForPartner(id, id, false)));
                }
                if (r.SegmentId is { } seg && recipientSegments.TryGetValue(seg, out var members))
                    to.AddRange(members.Select(id => Recipient.ForPartner(id, about?.Id ?? id, about is not null && about.Id != id)));
                var distinct = to.DistinctBy(x => x.Key).ToList();
                batch.Resolved.Add(new(e, rule, distinct, distinct.Count == 0 ? "no recipients" : null));
            }
        }

        // Facts of every recipient: partners (names, time zones, emails) and operator users.
        await LoadPartnersAsync(db, partners, batch.Recipients.Where(t => t.PartnerId is not null).Select(t => t.PartnerId!.Value), ct);
        var userIds = batch.Recipients.Where(t => t.UserId is not null).Select(t => t.UserId!).Distinct().ToList();
        if (userIds.Count > 0)
            batch.Users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
                .Select(u => new UserFacts(u.Id, u.DisplayName, u.TimeZone, u.Email)).ToDictionaryAsync(u => u.Id, ct);
        return batch;
    }

    /// <summary>Who a sent message concerns, as its payload names them; "the team" is every manager.</summary>
    private static IEnumerable<Recipient> ConversationRecipients(JsonElement payload, int? about, IReadOnlyList<string> team)
    {
        if (payload.TryGetProperty("toPartnerIds", out var partners) && partners.ValueKind == JsonValueKind.Array)
            foreach (var p in partners.EnumerateArray()) yield return Recipient.ForPartner(p.GetInt32(), about, false);
        if (payload.TryGetProperty("toUserIds", out var users) && users.ValueKind == JsonValueKind.Array)
            foreach (var u in users.EnumerateArray()) yield return Recipient.ForUser(u.GetString()!, about);
        if (payload.TryGetProperty("team", out var t) && t.ValueKind == JsonValueKind.True)
            foreach (var u in team) yield return Recipient.ForUser(u, about);
    }

    /// <summary>Why "New announcement" rules tell nobody of an announcement that asks for acknowledgement.</summary>
    public const string ReasonAcknowledgementRule = "acknowledgement required: the Acknowledgement requested rules tell its recipients";

    internal static bool Flag(JsonElement payload, string name) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.True;

    /// <summary>The ledger of each announcement event a rule sends to its audience: one query per announcement, ids only.</summary>
    private static async Task<Dictionary<long, List<int>>> LedgersAsync(AppDbContext db, List<TriggerRule> rules, List<DomainEvent> events, CancellationToken ct)
    {
        var ledgers = new Dictionary<long, List<int>>();
        if (!rules.Any(r => r.Recipients.Audience)) return ledgers;
        foreach (var e in events.Where(e => EventTypes.IsAnnouncement(e.Type)))
            if (int.TryParse(e.RecordId, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var id))
                ledgers[e.Id] = await db.AnnouncementPartnerIds(id).OrderBy(p => p).ToListAsync(ct);
        return ledgers;
    }

    /// <summary>The managers, loaded once per batch and only when a message to "the team" is in it.</summary>
    private static async Task<IReadOnlyList<string>> ConversationTeamAsync(AppDbContext db, List<TriggerRule> rules, List<DomainEvent> events,
        Dictionary<long, JsonElement> payloads, CancellationToken ct)
    {
        var needed = rules.Any(r => r.Recipients.Conversation) && events.Any(e => e.Type == EventTypes.MessageSent
            && payloads.TryGetValue(e.Id, out var p) && p.TryGetProperty("team", out var t) && t.ValueKind == JsonValueKind.True);
        if (!needed) return [];
        return await (from ur in db.UserRoles
                      join r in db.Roles on ur.RoleId equals r.Id
                      join u in db.Users on ur.UserId equals u.Id
                      where r.Name == Identity.Roles.Manager && u.PartnerId == null
                      select u.Id).Distinct().ToListAsync(ct);
    }

    /// <summary>Segment conditions: one query per segment, narrowed to this batch's partners.</summary>
    private static async Task<Dictionary<int, HashSet<int>>> ConditionSegmentsAsync(AppDbContext db, List<TriggerRule> rules, List<int> eventPartnerIds,
        DateOnly today, CancellationToken ct)
    {
        var conditionSegments = new Dictionary<int, HashSet<int>>();
        foreach (var segmentId in rules.Select(r => r.Conditions.SegmentId).OfType<int>().Distinct())
        {
            var members = await SegmentQuery.SegmentPartnerIdsAsync(db, segmentId, today, ct);
            conditionSegments[segmentId] = (await members.Where(id => eventPartnerIds.Contains(id)).ToListAsync(ct)).ToHashSet();
        }
        return conditionSegments;
    }

    /// <summary>Upline to the deepest level any rule asks for: the closure table, one query.</summary>
    private static async Task<Dictionary<int, List<(int Ancestor, int Depth)>>> UplineAsync(AppDbContext db, List<TriggerRule> rules,
        List<int> eventPartnerIds, CancellationToken ct)
    {
        var maxUpline = rules.Max(r => r.Recipients.UplineLevels);
        var upline = new Dictionary<int, List<(int Ancestor, int Depth)>>();
        if (maxUpline <= 0 || eventPartnerIds.Count == 0) return upline;
        var rows = await db.PartnerHierarchy.AsNoTracking()
            .Where(h => eventPartnerIds.Contains(h.DescendantId) && h.Depth > 0 && h.Depth <= maxUpline)
            .Select(h => new { h.DescendantId, h.AncestorId, h.Depth }).ToListAsync(ct);
        foreach (var g in rows.GroupBy(r => r.DescendantId))
            upline[g.Key] = g.Select(r => (r.AncestorId, r.Depth)).ToList();
        return upline;
    }

    /// <summary>Sub-IBs whose deals derive from a changed deal: named by the payload, else derived from Deal.ParentDealId.</summary>
    private static async Task<Dictionary<long, List<int>>> DerivedSubIbsAsync(AppDbContext db, List<TriggerRule> rules, List<DomainEvent> events,
        Dictionary<long, JsonElement> payloads, CancellationToken ct)
    {
        var derived = new Dictionary<long, List<int>>();
        if (!rules.Any(r => r.Recipients.DerivedSubIbs)) return derived;
        var needLookup = new Dictionary<long, int>();
        foreach (var e in events.Where(e => e.Type == EventTypes.DealTermsUpdated && payloads.ContainsKey(e.Id)))
        {
            var p = payloads[e.Id];
            if (p.TryGetProperty("derivedSubIbPartnerIds", out var arr) && arr.ValueKind == JsonValueKind.Array)
                derived[e.Id] = arr.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Number).Select(x => x.GetInt32()).ToList();
            else if (p.TryGetProperty("dealId", out var d) && d.ValueKind == JsonValueKind.Number)
                needLookup[e.Id] = d.GetInt32();
        }
        if (needLookup.Count > 0)
        {
            var dealIds = needLookup.Values.Distinct().ToList();
            var children = await db.Deals.AsNoTracking().Where(d => d.ParentDealId != null && dealIds.Contains(d.ParentDealId.Value))
                .Select(d => new { Parent = d.ParentDealId!.Value, d.PartnerId }).ToListAsync(ct);
            foreach (var (eventId, dealId) in needLookup)
                derived[eventId] = children.Where(c => c.Parent == dealId).Select(c => c.PartnerId).Distinct().ToList();
        }
        return derived;
    }

    private static string? ConditionFails(TriggerRule rule, DomainEvent e, JsonElement payload, PartnerFacts about, Dictionary<int, HashSet<int>> segments)
    {
        var c = rule.Conditions;
        if (c.Verticals.Count > 0 && !c.Verticals.Contains(about.Vertical)) return $"{DeliveryPolicy.ReasonCondition}: vertical is {about.Vertical.Display()}";
        if (c.Tiers.Count > 0 && !c.Tiers.Contains(about.Tier)) return $"{DeliveryPolicy.ReasonCondition}: tier is {about.Tier}";
        if (AmountConditionFails(rule, e, payload) is { } amount) return amount;
        if (c.SegmentId is { } seg && !(segments.TryGetValue(seg, out var members) && members.Contains(about.Id)))
            return $"{DeliveryPolicy.ReasonCondition}: not in segment {seg}";
        return null;
    }

    private static string? AmountConditionFails(TriggerRule rule, DomainEvent e, JsonElement payload)
    {
        var c = rule.Conditions;
        if (c.MinAmount is null && c.MaxAmount is null) return null;
        var amount = TemplateCatalogue.Amount(e.Type, payload);
        var reason = DeliveryPolicy.ReasonCondition;
        if (amount is null) return $"{reason}: the event has no amount";
        if (c.MinAmount is { } min && amount < min) return FormattableString.Invariant($"{reason}: amount {amount:0.##} is below {min:0.##}");
        if (c.MaxAmount is { } max && amount > max) return FormattableString.Invariant($"{reason}: amount {amount:0.##} is above {max:0.##}");
        return null;
    }

    private static async Task LoadPartnersAsync(AppDbContext db, Dictionary<int, PartnerFacts> into, IEnumerable<int> ids, CancellationToken ct)
    {
        var missing = ids.Where(id => !into.ContainsKey(id)).Distinct().ToList();
        foreach (var chunk in missing.Chunk(5000))
        {
            var list = chunk.ToList();
            var rows = await db.Partners.AsNoTracking().Where(p => list.Contains(p.Id))
                .Select(p => new PartnerFacts(p.Id, p.Name, p.Vertical, p.Tier, p.ManagerId, p.TimeZone, p.Email, p.Status)).ToListAsync(ct);
            foreach (var r in rows) into[r.Id] = r;
        }
    }

    private static async Task<List<int>> CreativeAudienceAsync(AppDbContext db, JsonElement payload, DateOnly today, CancellationToken ct)
    {
        var creativeIds = new List<int>();
        if (payload.TryGetProperty("creativeIds", out var arr) && arr.ValueKind == JsonValueKind.Array)
            creativeIds.AddRange(arr.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Number).Select(x => x.GetInt32()));
        if (payload.TryGetProperty("creativeId", out var one) && one.ValueKind == JsonValueKind.Number) creativeIds.Add(one.GetInt32());
        if (creativeIds.Count == 0) return [];
        var creatives = await db.Creatives.AsNoTracking().Where(c => creativeIds.Contains(c.Id) && c.Status != CreativeStatus.Draft)
            .Select(c => new { c.Vertical, Segments = c.Visibility.Select(v => v.SegmentId).ToList() }).ToListAsync(ct);
        var audience = new HashSet<int>();
        foreach (var c in creatives)
        {
            var visible = await CreativeAudience.PartnerIdsAsync(db, c.Vertical, c.Segments, today, ct);
            audience.UnionWith(await db.Partners.Where(p => p.Status == PartnerStatus.Active && visible.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct));
        }
        return audience.Order().ToList();
    }
}
