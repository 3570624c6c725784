using PartnerHub.Domain.Creatives;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Segments;
using PartnerHub.Domain.Outbox;

namespace PartnerHub.Domain.Automation;

/// <summary>What one dispatch batch did.</summary>
public sealed record DispatchResult(int Events, int Sent, int Deferred, int Skipped, int Failed, bool LeaseLost)
{
    public static readonly DispatchResult Nothing = new(0, 0, 0, 0, 0, false);
}

/// <summary>
/// The outbox dispatcher. <see cref="DispatchBatchAsync"/> claims a batch of unprocessed events with a lease
/// (<see cref="DomainEvent.LockedBy"/>/<see cref="DomainEvent.LockedUntil"/>), evaluates the enabled trigger rules of
/// their types, and in ONE transaction writes the notifications, the rules' run log and marks the events processed.
/// <para>Exactly once: the transaction first marks the events processed only where this claim still holds them
/// (a dispatcher whose lease expired and was taken over commits nothing), then skips any (rule, event, recipient)
/// already delivered; the unique index on Notifications is the backstop. A dispatcher killed after claiming leaves
/// only its lease behind, which expires so another dispatcher resumes the batch: no duplicates, no gaps.</para>
/// </summary>
public sealed class NotificationDispatcher(
    IDbContextFactory<AppDbContext> factory,
    TimeProvider clock,
    NotificationOptions options,
    INotificationSignal signal,
    ILogger<NotificationDispatcher>? log = null)
{
    public const string ReasonCondition = "condition";
    public const string ReasonThrottle = "throttle";
    public const string ReasonQuietHours = "quiet hours";
    public const string ReasonPreference = "preference";
    public const string ReasonDigest = "digest";

    /// <summary>The stored body's limit (Notifications.Body).</summary>
    public const int MaxBodyLength = 8000;

    /// <summary>The visibility time of notifications waiting for the daily digest.</summary>
    public static readonly DateTime DigestPending = new(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    private readonly ILogger log = log ?? NullLogger<NotificationDispatcher>.Instance;

    /// <summary>
    /// Called with the claimed event ids before the batch is evaluated. Fault injection for tests (a dispatcher
    /// "killed" mid-batch throws here, leaving its lease behind); null in the app.
    /// </summary>
    public Func<IReadOnlyList<long>, CancellationToken, Task>? OnClaimed { get; init; }

    /// <summary>Dispatches batches until nothing is claimable; returns the totals.</summary>
    public async Task<DispatchResult> DispatchAllAsync(CancellationToken ct = default)
    {
        var total = DispatchResult.Nothing;
        while (!ct.IsCancellationRequested)
        {
            var r = await DispatchBatchAsync(ct);
            if (r.Events == 0 && !r.LeaseLost) break;
            total = new(total.Events + r.Events, total.Sent + r.Sent, total.Deferred + r.Deferred, total.Skipped + r.Skipped,
                total.Failed + r.Failed, total.LeaseLost || r.LeaseLost);
        }
        return total;
    }

    /// <summary>Claims, evaluates and commits one batch. Returns <see cref="DispatchResult.Nothing"/> when no event is claimable.</summary>
    public async Task<DispatchResult> DispatchBatchAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var token = Token();
        await using var db = await factory.CreateDbContextAsync(ct);

        // 1. Claim: ONE conditional UPDATE whose sub-query picks the oldest claimable rows while holding the write lock,
        //    so concurrent dispatchers never pick the same rows; a row another dispatcher holds (lease not expired) is left alone.
        var until = now + options.Lease;
        var claimable = db.DomainEvents
            .Where(e => e.ProcessedAt == null && (e.LockedUntil == null || e.LockedUntil < now))
            .OrderBy(e => e.Id).Select(e => e.Id).Take(Math.Max(1, options.BatchSize));
        var claimedCount = await db.DomainEvents
            .Where(e => claimable.Contains(e.Id) && e.ProcessedAt == null && (e.LockedUntil == null || e.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LockedBy, token).SetProperty(e => e.LockedUntil, until)
                .SetProperty(e => e.Attempts, e => e.Attempts + 1), ct);
        if (claimedCount == 0) return DispatchResult.Nothing;
        var events = await db.DomainEvents.AsNoTracking()
            .Where(e => e.ProcessedAt == null && e.LockedBy == token)
            .OrderBy(e => e.Id).ToListAsync(ct);
        if (OnClaimed is { } hook) await hook(events.Select(e => e.Id).ToList(), ct);

        try
        {
            return await ProcessAsync(db, events, token, now, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The lease stays until it expires, then the batch is tried again; the error is kept on the rows for operators.
            log.LogError(ex, "Dispatching {Count} events failed; they will be retried when the lease expires.", events.Count);
            var ids = events.Select(e => e.Id).ToList();
            var message = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
            try
            {
                await using var fresh = await factory.CreateDbContextAsync(CancellationToken.None);
                await fresh.DomainEvents.Where(e => ids.Contains(e.Id) && e.LockedBy == token)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.LastError, message), CancellationToken.None);
            }
            catch (Exception recordError) when (recordError is not OperationCanceledException)
            {
                log.LogWarning(recordError, "Could not record the dispatch error on the events.");
            }
            throw;
        }
    }

    private async Task<DispatchResult> ProcessAsync(AppDbContext db, List<DomainEvent> events, string token, DateTime now, CancellationToken ct)
    {
        // 2. Evaluate (reads only, outside the write transaction).
        var rules = await RulesForAsync(db, events.Select(e => e.Type).Distinct().ToList(), null, ct);
        var plan = await EvaluateAsync(db, events, rules, now, ct);

        // 3. Commit: processed mark (guarded by the claim), notifications, run log: all or nothing.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = events.Select(e => e.Id).ToList();
        var marked = await db.DomainEvents.Where(e => ids.Contains(e.Id) && e.LockedBy == token && e.ProcessedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ProcessedAt, now).SetProperty(e => e.LockedBy, (string?)null)
                .SetProperty(e => e.LockedUntil, (DateTime?)null).SetProperty(e => e.LastError, (string?)null), ct);
        if (marked != ids.Count)
        {
            // The lease expired and another dispatcher took (some of) the batch over: it delivers them.
            await tx.RollbackAsync(ct);
            log.LogWarning("Dispatcher {Token} lost its lease on {Lost} of {Count} events; nothing committed.", token, ids.Count - marked, ids.Count);
            return new DispatchResult(0, 0, 0, 0, 0, LeaseLost: true);
        }
        var delivered = await WriteAsync(db, plan, ids, now, options.SqliteBulkInsert, ct);
        await tx.CommitAsync(ct);

        Signal(delivered, now);
        return Summarise(events.Count, plan);
    }

    /// <summary>
    /// Re-runs a failed run-log entry (rule, event[, recipient]) with the rule as it is now. The failed entry is replaced by the
    /// new outcome(s) in one transaction; recipients already delivered are never delivered again.
    /// </summary>
    public async Task<DispatchResult> RetryAsync(long runId, CancellationToken ct = default) => await RetryAsync(runId, null, ct);

    /// <inheritdoc cref="RetryAsync(long, CancellationToken)"/>
    /// <param name="audit">Adds the caller's audit entry to the retry's transaction (given the failed run and the result).</param>
    public async Task<DispatchResult> RetryAsync(long runId, Action<AppDbContext, RuleRun, DispatchResult>? audit, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var run = await db.RuleRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, ct) ?? throw new NotFoundException("Run not found.");
        if (run.Outcome != RuleOutcome.Failed) throw new DomainException("Only a failed run can be retried.");
        var e = await db.DomainEvents.AsNoTracking().SingleAsync(x => x.Id == run.EventId, ct);
        var rules = await RulesForAsync(db, [e.Type], run.RuleId, ct);
        if (rules.Count == 0) throw new DomainException("The rule no longer exists.");
        var plan = await EvaluateAsync(db, [e], rules, now, ct);
        if (run.RecipientKey is { } only)
            plan.RemoveAll(p => p.RecipientKey is not null && p.RecipientKey != only);
        var attempts = run.Attempts + 1;
        foreach (var p in plan) p.Attempts = attempts;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Guard against a second retry of the same entry running at the same time.
        var removed = await db.RuleRuns.Where(r => r.Id == runId && r.Outcome == RuleOutcome.Failed).ExecuteDeleteAsync(ct);
        if (removed == 0) throw new DomainException("This run was retried meanwhile.");
        var delivered = await WriteAsync(db, plan, [e.Id], now, options.SqliteBulkInsert, ct);
        var result = Summarise(1, plan);
        if (audit is not null)
        {
            audit(db, run, result);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        Signal(delivered, now);
        return result;
    }

    /// <summary>
    /// Tells open circuits about notifications deferred by quiet hours that became visible within the last <paramref name="window"/>
    /// (the job runs more often than that; a repeated signal only makes a bell re-count).
    /// </summary>
    public async Task<int> SignalNowVisibleAsync(TimeSpan window, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - window;
        await using var db = await factory.CreateDbContextAsync(ct);
        var keys = await db.Notifications.AsNoTracking()
            .Where(n => n.DeliverAt > since && n.DeliverAt <= now && n.CreatedAt < n.DeliverAt && !n.InDigest)
            .Select(n => n.RecipientKey).Distinct().OrderBy(k => k).Take(10_000).ToListAsync(ct);
        if (keys.Count > 0) signal.NotificationsDelivered(keys);
        return keys.Count;
    }

    // ------------------------------------------------------------------ evaluation

    /// <summary>One planned run-log entry, with the notification it delivers (if any).</summary>
    private sealed class Planned
    {
        public required int RuleId { get; init; }
        public required long EventId { get; init; }
        public string? RecipientKey { get; init; }
        public required RuleOutcome Outcome { get; set; }
        public string? Reason { get; set; }
        public Notification? Notification { get; set; }
        public int Attempts { get; set; } = 1;
    }

    private sealed record PartnerFacts(int Id, string Name, Vertical Vertical, int Tier, string? ManagerId, string TimeZone, string Email, PartnerStatus Status);

    private sealed record UserFacts(string Id, string Name, string TimeZone, string? Email);

    private static Task<List<TriggerRule>> RulesForAsync(AppDbContext db, List<string> types, int? onlyRuleId, CancellationToken ct) =>
        (onlyRuleId is { } id
            ? db.TriggerRules.AsNoTracking().Where(r => r.Id == id)
            : db.TriggerRules.AsNoTracking().Where(r => r.Enabled && types.Contains(r.EventType)))
        .OrderBy(r => r.Id).ToListAsync(ct);

    private async Task<List<Planned>> EvaluateAsync(AppDbContext db, List<DomainEvent> events, List<TriggerRule> rules, DateTime now, CancellationToken ct)
    {
        var plan = new List<Planned>();
        if (rules.Count == 0) return plan;
        var today = DateOnly.FromDateTime(now);
        var byType = rules.GroupBy(r => r.EventType).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var relevant = events.Where(e => byType.ContainsKey(e.Type)).ToList();
        if (relevant.Count == 0) return plan;

        var payloads = new Dictionary<long, JsonElement>();
        var badPayload = new Dictionary<long, string>();
        foreach (var e in relevant)
        {
            try
            {
                using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(e.Payload) ? "{}" : e.Payload);
                payloads[e.Id] = doc.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                badPayload[e.Id] = "The event's payload is not valid JSON: " + ex.Message;
            }
        }

        // Partners the events are about, and their condition facts.
        var partners = new Dictionary<int, PartnerFacts>();
        await LoadPartnersAsync(db, partners, relevant.Where(e => e.PartnerId is not null).Select(e => e.PartnerId!.Value), ct);
        var eventPartnerIds = partners.Keys.ToList();

        // Segment conditions: one query per segment, narrowed to this batch's partners.
        var conditionSegments = new Dictionary<int, HashSet<int>>();
        foreach (var segmentId in rules.Select(r => r.Conditions.SegmentId).OfType<int>().Distinct())
        {
            var members = await SegmentQuery.SegmentPartnerIdsAsync(db, segmentId, today, ct);
            conditionSegments[segmentId] = (await members.Where(id => eventPartnerIds.Contains(id)).ToListAsync(ct)).ToHashSet();
        }

        // Upline to the deepest level any rule asks for: the closure table, one query.
        var maxUpline = rules.Max(r => r.Recipients.UplineLevels);
        var upline = new Dictionary<int, List<(int Ancestor, int Depth)>>();
        if (maxUpline > 0 && eventPartnerIds.Count > 0)
        {
            var rows = await db.PartnerHierarchy.AsNoTracking()
                .Where(h => eventPartnerIds.Contains(h.DescendantId) && h.Depth > 0 && h.Depth <= maxUpline)
                .Select(h => new { h.DescendantId, h.AncestorId, h.Depth }).ToListAsync(ct);
            foreach (var g in rows.GroupBy(r => r.DescendantId))
                upline[g.Key] = g.Select(r => (r.AncestorId, r.Depth)).ToList();
        }

        // Sub-IBs whose deals derive from a changed deal: named by the payload, else derived from Deal.ParentDealId.
        var derived = new Dictionary<long, List<int>>();
        if (rules.Any(r => r.Recipients.DerivedSubIbs))
        {
            var needLookup = new Dictionary<long, int>();
            foreach (var e in relevant.Where(e => e.Type == EventTypes.DealTermsUpdated && payloads.ContainsKey(e.Id)))
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
        }

        // Segment recipients: members of each segment a rule notifies.
        var recipientSegments = new Dictionary<int, List<int>>();
        foreach (var segmentId in rules.Select(r => r.Recipients.SegmentId).OfType<int>().Distinct())
        {
            var members = await SegmentQuery.SegmentPartnerIdsAsync(db, segmentId, today, ct);
            recipientSegments[segmentId] = await members.ToListAsync(ct);
        }

        // Audiences of partner-less creative events: who can see the published assets.
        var audiences = new Dictionary<long, List<int>>();
        foreach (var e in relevant.Where(e => e.PartnerId is null && e.Type == EventTypes.CreativesPublished && payloads.ContainsKey(e.Id)))
            audiences[e.Id] = await CreativeAudienceAsync(db, payloads[e.Id], today, ct);

        // Resolve recipients per (event, rule).
        var resolved = new List<(DomainEvent E, TriggerRule Rule, List<Recipient> To, string? Skip)>();
        foreach (var e in relevant)
        {
            foreach (var rule in byType[e.Type])
            {
                if (badPayload.TryGetValue(e.Id, out var bad))
                {
                    plan.Add(new Planned { RuleId = rule.Id, EventId = e.Id, Outcome = RuleOutcome.Failed, Reason = bad });
                    continue;
                }
                var payload = payloads[e.Id];
                PartnerFacts? about = e.PartnerId is { } pid ? partners.GetValueOrDefault(pid) : null;
                if (e.PartnerId is not null && about is null)
                {
                    plan.Add(new Planned { RuleId = rule.Id, EventId = e.Id, Outcome = RuleOutcome.Failed, Reason = $"Partner {e.PartnerId} does not exist." });
                    continue;
                }
                if (about is not null && ConditionFails(rule, e, payload, about, conditionSegments) is { } why)
                {
                    resolved.Add((e, rule, [], why));
                    continue;
                }
                if (about is null && AmountConditionFails(rule, e, payload) is { } whyAmount)
                {
                    resolved.Add((e, rule, [], whyAmount));
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
                if (r.SegmentId is { } seg && recipientSegments.TryGetValue(seg, out var members))
                    to.AddRange(members.Select(id => Recipient.ForPartner(id, about?.Id ?? id, about is not null && about.Id != id)));
                var distinct = to.DistinctBy(x => x.Key).ToList();
                resolved.Add((e, rule, distinct, distinct.Count == 0 ? "no recipients" : null));
            }
        }

        // Facts of every recipient: partners (names, time zones, emails) and operator users.
        await LoadPartnersAsync(db, partners, resolved.SelectMany(x => x.To).Where(t => t.PartnerId is not null).Select(t => t.PartnerId!.Value), ct);
        var userIds = resolved.SelectMany(x => x.To).Where(t => t.UserId is not null).Select(t => t.UserId!).Distinct().ToList();
        var users = userIds.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new UserFacts(u.Id, u.DisplayName, u.TimeZone, u.Email)).ToDictionaryAsync(u => u.Id, ct);

        var muted = await MutedAsync(db, resolved.SelectMany(x => x.To).ToList(), ct);
        var lastSent = await LastSentAsync(db, resolved.Where(x => x.Rule.CooldownMinutes is > 0).ToList(), now, ct);

        foreach (var (e, rule, to, skip) in resolved)
        {
            if (skip is not null)
            {
                plan.Add(new Planned { RuleId = rule.Id, EventId = e.Id, Outcome = RuleOutcome.Skipped, Reason = skip });
                continue;
            }
            var payload = payloads[e.Id];
            foreach (var t in to)
            {
                var entry = new Planned { RuleId = rule.Id, EventId = e.Id, RecipientKey = t.Key, Outcome = RuleOutcome.Sent };
                plan.Add(entry);
                try
                {
                    Decide(entry, rule, e, payload, t, partners, users, muted, lastSent, now);
                }
                catch (Exception ex) when (ex is DomainException or FormatException or InvalidOperationException or KeyNotFoundException or TimeZoneNotFoundException)
                {
                    entry.Outcome = RuleOutcome.Failed;
                    entry.Reason = ex.Message;
                    entry.Notification = null;
                }
            }
        }
        return plan;
    }

    private void Decide(Planned entry, TriggerRule rule, DomainEvent e, JsonElement payload, Recipient t,
        Dictionary<int, PartnerFacts> partners, Dictionary<string, UserFacts> users, HashSet<(string, NotificationCategory, NotificationChannels)> muted,
        Dictionary<(int, string), DateTime> lastSent, DateTime now)
    {
        var canMute = !rule.Critical && PreferenceService.CanMute(rule.Category);
        if (canMute && muted.Contains((t.Key, rule.Category, NotificationChannels.InApp)))
        {
            entry.Outcome = RuleOutcome.Skipped;
            entry.Reason = ReasonPreference;
            return;
        }
        if (rule.CooldownMinutes is { } cooldown && cooldown > 0 && lastSent.TryGetValue((rule.Id, t.Key), out var last) && last > now.AddMinutes(-cooldown))
        {
            entry.Outcome = RuleOutcome.Skipped;
            entry.Reason = $"{ReasonThrottle}: one per {FormatMinutes(cooldown)}, last at {last:yyyy-MM-dd HH:mm} UTC";
            return;
        }

        string recipientName, timeZone;
        string? email;
        if (t.PartnerId is { } rp)
        {
            var f = partners.GetValueOrDefault(rp) ?? throw new KeyNotFoundException($"Partner {rp} does not exist.");
            (recipientName, timeZone, email) = (f.Name, f.TimeZone, f.Email);
        }
        else
        {
            var u = users.GetValueOrDefault(t.UserId!) ?? throw new KeyNotFoundException($"User {t.UserId} does not exist.");
            (recipientName, timeZone, email) = (u.Name, u.TimeZone, u.Email);
        }
        var aboutName = partners.GetValueOrDefault(t.AboutPartnerId ?? -1)?.Name ?? recipientName;
        var values = TemplateCatalogue.ValuesFor(e.Type, payload, aboutName, recipientName);
        var title = TemplateRenderer.RenderText(rule.TitleTemplate, values);
        var body = TemplateRenderer.RenderMarkdown(rule.BodyTemplate, values);
        if (body.Length > MaxBodyLength) body = body[..(MaxBodyLength - 3)] + "...";

        var deliverAt = now;
        var inDigest = false;
        if (rule.Digest && !rule.Critical)
        {
            inDigest = true;
            deliverAt = DigestPending;
            entry.Outcome = RuleOutcome.Deferred;
            entry.Reason = $"{ReasonDigest}: bundled into the daily digest at {options.DigestAtUtc:HH\\:mm} UTC";
        }
        else if (rule.RespectQuietHours && !rule.Critical
                 && options.QuietHoursEndUtc(now, NotificationOptions.Zone(timeZone)) is { } end)
        {
            deliverAt = end;
            entry.Outcome = RuleOutcome.Deferred;
            entry.Reason = $"{ReasonQuietHours} in {timeZone}: delivered at {end:yyyy-MM-dd HH:mm} UTC";
        }

        var n = new Notification(t.Key, t.PartnerId, t.UserId, rule.Category, title, body, LinkFor(e, t), now, deliverAt)
        {
            AboutPartnerId = t.AboutPartnerId ?? t.PartnerId,
            RuleId = rule.Id,
            EventId = e.Id,
            Critical = rule.Critical,
            InDigest = inDigest,
        };
        if (rule.Channels.HasFlag(NotificationChannels.Email) && options.EmailEnabled && !string.IsNullOrWhiteSpace(email)
            && !(canMute && muted.Contains((t.Key, rule.Category, NotificationChannels.Email))) && !inDigest)
        {
            n.EmailState = EmailState.Pending;
            n.EmailNextAttemptAt = deliverAt;
        }
        entry.Notification = n;
        lastSent[(rule.Id, t.Key)] = now;
    }

    private static string? ConditionFails(TriggerRule rule, DomainEvent e, JsonElement payload, PartnerFacts about, Dictionary<int, HashSet<int>> segments)
    {
        var c = rule.Conditions;
        if (c.Verticals.Count > 0 && !c.Verticals.Contains(about.Vertical)) return $"{ReasonCondition}: vertical is {about.Vertical.Display()}";
        if (c.Tiers.Count > 0 && !c.Tiers.Contains(about.Tier)) return $"{ReasonCondition}: tier is {about.Tier}";
        if (AmountConditionFails(rule, e, payload) is { } amount) return amount;
        if (c.SegmentId is { } seg && !(segments.TryGetValue(seg, out var members) && members.Contains(about.Id)))
            return $"{ReasonCondition}: not in segment {seg}";
        return null;
    }

    private static string? AmountConditionFails(TriggerRule rule, DomainEvent e, JsonElement payload)
    {
        var c = rule.Conditions;
        if (c.MinAmount is null && c.MaxAmount is null) return null;
        var amount = TemplateCatalogue.Amount(e.Type, payload);
        if (amount is null) return $"{ReasonCondition}: the event has no amount";
        if (c.MinAmount is { } min && amount < min) return FormattableString.Invariant($"{ReasonCondition}: amount {amount:0.##} is below {min:0.##}");
        if (c.MaxAmount is { } max && amount > max) return FormattableString.Invariant($"{ReasonCondition}: amount {amount:0.##} is above {max:0.##}");
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
    private static async Task<Dictionary<(int, string), DateTime>> LastSentAsync(AppDbContext db,
        List<(DomainEvent E, TriggerRule Rule, List<Recipient> To, string? Skip)> throttled, DateTime now, CancellationToken ct)
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

    // ------------------------------------------------------------------ writing

    /// <summary>Adds the planned notifications and run-log rows (skipping any (rule, event, recipient) delivered already). Returns the notifications written.</summary>
    private static async Task<List<Notification>> WriteAsync(AppDbContext db, List<Planned> plan, List<long> eventIds, DateTime now, bool bulk, CancellationToken ct)
    {
        var existing = new HashSet<(int, long, string)>();
        if (plan.Any(p => p.Notification is not null))
        {
            var ruleIds = plan.Select(p => p.RuleId).Distinct().ToList();
            var rows = await db.Notifications.AsNoTracking()
                .Where(n => n.RuleId != null && ruleIds.Contains(n.RuleId.Value) && n.EventId != null && eventIds.Contains(n.EventId.Value))
                .Select(n => new { n.RuleId, n.EventId, n.RecipientKey }).ToListAsync(ct);
            foreach (var r in rows) existing.Add((r.RuleId!.Value, r.EventId!.Value, r.RecipientKey));
        }
        var written = new List<Notification>();
        var runs = new List<RuleRun>(plan.Count);
        foreach (var p in plan)
        {
            if (p.Notification is { } n)
            {
                if (!existing.Add((p.RuleId, p.EventId, n.RecipientKey))) continue; // delivered before: never twice
                written.Add(n);
            }
            runs.Add(new RuleRun(p.RuleId, p.EventId, p.RecipientKey, p.Outcome, Truncate(p.Reason, 2000), now) { Attempts = p.Attempts });
        }
        if (bulk && db.Database.IsSqlite())
        {
            await SqliteBulkWriter.WriteAsync(db, written, runs, ct);
            return written;
        }
        db.Notifications.AddRange(written);
        db.RuleRuns.AddRange(runs);
        await db.SaveChangesAsync(ct);
        return written;
    }

    private void Signal(List<Notification> delivered, DateTime now)
    {
        var keys = delivered.Where(n => n.DeliverAt <= now).Select(n => n.RecipientKey).Distinct().ToList();
        if (keys.Count == 0) return;
        try
        {
            signal.NotificationsDelivered(keys);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The notifications are committed; a failing listener must not make the dispatcher retry them.
            log.LogWarning(ex, "Notification signal failed.");
        }
    }

    private static DispatchResult Summarise(int events, List<Planned> plan) => new(events,
        plan.Count(p => p.Outcome == RuleOutcome.Sent), plan.Count(p => p.Outcome == RuleOutcome.Deferred),
        plan.Count(p => p.Outcome == RuleOutcome.Skipped), plan.Count(p => p.Outcome == RuleOutcome.Failed), false);

    private string Token()
    {
        var id = options.DispatcherId.Length > 60 ? options.DispatcherId[..60] : options.DispatcherId;
        return $"{id}:{Guid.NewGuid():N}";
    }

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..(max - 3)] + "...";

    private static string FormatMinutes(int minutes) => minutes % 1440 == 0 ? $"{minutes / 1440 * 24} h" : minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes} min";

    /// <summary>Where the notification links to: the partner's own page for the record, or the partner's profile for operators.</summary>
    private static string LinkFor(DomainEvent e, Recipient t)
    {
        if (t.UserId is not null) return t.AboutPartnerId is { } about ? $"/console/partners/{about}" : "/console";
        if (t.ViaNetwork) return "/portal/network";
        return e.Type switch
        {
            EventTypes.PayoutProcessed or EventTypes.PayoutThresholdReached or EventTypes.CommissionApproved => "/portal/payouts",
            EventTypes.CreativesPublished => "/portal/marketing",
            _ => "/portal",
        };
    }

    /// <summary>A resolved recipient: a partner (every login of it) or one operator; and the partner the notification is about.</summary>
    private sealed record Recipient(string Key, int? PartnerId, string? UserId, int? AboutPartnerId, bool ViaNetwork)
    {
        public static Recipient ForPartner(int partnerId, int? about, bool viaNetwork) =>
            new(Notification.PartnerKey(partnerId), partnerId, null, about, viaNetwork);

        public static Recipient ForUser(string userId, int? about) => new(Notification.UserKey(userId), null, userId, about, false);
    }
}
