using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Outbox;

namespace PartnerHub.Domain.Notifications;

/// <summary>One planned run-log entry, with the notification it delivers (if any).</summary>
internal sealed class PlannedRun
{
    public required int RuleId { get; init; }
    public required long EventId { get; init; }
    public string? RecipientKey { get; init; }
    public required RuleOutcome Outcome { get; set; }
    public string? Reason { get; set; }
    public Notification? Notification { get; set; }
    public int Attempts { get; set; } = 1;
}

/// <summary>
/// Turns outbox events into planned run-log entries: the rules of each event's type, their recipients
/// (<see cref="RecipientResolver"/>), the delivery rules (<see cref="DeliveryPolicy"/>) and the rendered templates.
/// Reads only; <see cref="NotificationWriter"/> writes the plan.
/// </summary>
public sealed class RuleEvaluator(RecipientResolver recipients, DeliveryPolicy policy)
{
    /// <summary>The stored body's limit (Notifications.Body).</summary>
    public const int MaxBodyLength = 8000;

    internal static Task<List<TriggerRule>> RulesForAsync(AppDbContext db, List<string> types, int? onlyRuleId, CancellationToken ct) =>
        (onlyRuleId is { } id
            ? db.TriggerRules.AsNoTracking().Where(r => r.Id == id)
            : db.TriggerRules.AsNoTracking().Where(r => r.Enabled && types.Contains(r.EventType)))
        .OrderBy(r => r.Id).ToListAsync(ct);

    internal async Task<List<PlannedRun>> EvaluateAsync(AppDbContext db, IReadOnlyList<DomainEvent> events, List<TriggerRule> rules, DateTime now, CancellationToken ct)
    {
        var plan = new List<PlannedRun>();
        if (rules.Count == 0) return plan;
        var byType = rules.GroupBy(r => r.EventType).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var relevant = events.Where(e => byType.ContainsKey(e.Type)).ToList();
        if (relevant.Count == 0) return plan;

        var batch = await recipients.ResolveAsync(db, relevant, byType, now, ct);
        foreach (var (ruleId, eventId, reason) in batch.Failures)
            plan.Add(new PlannedRun { RuleId = ruleId, EventId = eventId, Outcome = RuleOutcome.Failed, Reason = reason });
        var facts = await DeliveryPolicy.FactsAsync(db, batch.Resolved, now, ct);

        foreach (var (e, rule, to, skip) in batch.Resolved)
        {
            if (skip is not null)
            {
                plan.Add(new PlannedRun { RuleId = rule.Id, EventId = e.Id, Outcome = RuleOutcome.Skipped, Reason = skip });
                continue;
            }
            var payload = batch.Payloads[e.Id];
            foreach (var t in to)
            {
                var entry = new PlannedRun { RuleId = rule.Id, EventId = e.Id, RecipientKey = t.Key, Outcome = RuleOutcome.Sent };
                plan.Add(entry);
                try
                {
                    Decide(entry, rule, e, payload, t, batch, facts, now);
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

    private void Decide(PlannedRun entry, TriggerRule rule, DomainEvent e, JsonElement payload, Recipient t, ResolvedBatch batch, PolicyFacts facts, DateTime now)
    {
        // A compliance acknowledgement is not muted by preferences (quiet hours and the digest still apply).
        var mandatory = e.Type == EventTypes.AcknowledgementRequested && RecipientResolver.Flag(payload, "mandatory");
        if (DeliveryPolicy.SkipReason(rule, t.Key, facts, now, mandatory) is { } skip)
        {
            entry.Outcome = RuleOutcome.Skipped;
            entry.Reason = skip;
            return;
        }

        string recipientName, timeZone;
        string? email;
        if (t.PartnerId is { } rp)
        {
            var f = batch.Partners.GetValueOrDefault(rp) ?? throw new KeyNotFoundException($"Partner {rp} does not exist.");
            (recipientName, timeZone, email) = (f.Name, f.TimeZone, f.Email);
        }
        else
        {
            var u = batch.Users.GetValueOrDefault(t.UserId!) ?? throw new KeyNotFoundException($"User {t.UserId} does not exist.");
            (recipientName, timeZone, email) = (u.Name, u.TimeZone, u.Email);
        }
        var aboutName = batch.Partners.GetValueOrDefault(t.AboutPartnerId ?? -1)?.Name ?? recipientName;
        var values = TemplateCatalogue.ValuesFor(e.Type, payload, aboutName, recipientName);
        var title = TemplateRenderer.RenderText(rule.TitleTemplate, values);
        var body = TemplateRenderer.RenderMarkdown(rule.BodyTemplate, values);
        if (body.Length > MaxBodyLength) body = body[..(MaxBodyLength - 3)] + "...";

        var timing = policy.Schedule(rule, timeZone, now);
        if (timing.DeferredBecause is { } why)
        {
            entry.Outcome = RuleOutcome.Deferred;
            entry.Reason = why;
        }
        long? threadId = e.Type == EventTypes.MessageSent && payload.TryGetProperty("threadId", out var thread) ? thread.GetInt64() : null;
        var n = new Notification(t.Key, t.PartnerId, t.UserId, rule.Category, title, body, LinkFor(e, t, threadId), now, timing.DeliverAt)
        {
            AboutPartnerId = t.AboutPartnerId ?? t.PartnerId,
            RuleId = rule.Id,
            EventId = e.Id,
            Critical = rule.Critical,
            InDigest = timing.InDigest,
            ThreadId = threadId,
        };
        if (policy.Emails(rule, t.Key, email, timing.InDigest, facts, mandatory))
        {
            n.EmailState = EmailState.Pending;
            n.EmailNextAttemptAt = timing.DeliverAt + policy.EmailDelay(e.Type);
        }
        entry.Notification = n;
        facts.LastSent[(rule.Id, t.Key)] = now;
    }

    /// <summary>Where the notification links to: the partner's own page for the record, or the partner's profile for operators.</summary>
    private static string LinkFor(DomainEvent e, Recipient t, long? threadId)
    {
        if (threadId is { } id) return (t.UserId is not null ? "/console/messages/" : "/portal/messages/") + id;
        if (EventTypes.IsAnnouncement(e.Type) && int.TryParse(e.RecordId, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var announcementId))
            return t.UserId is not null ? "/console/announcements" : $"/portal/announcements/{announcementId}";
        if (t.UserId is not null) return t.AboutPartnerId is { } about ? $"/console/partners/{about}" : "/console";
        if (t.ViaNetwork) return "/portal/network";
        return e.Type switch
        {
            EventTypes.PayoutProcessed or EventTypes.PayoutThresholdReached or EventTypes.CommissionApproved => "/portal/payouts",
            EventTypes.CreativesPublished => "/portal/marketing",
            EventTypes.KycRequired => Partners.PartnerProfileService.PortalLink,
            EventTypes.DealTermsProposed or EventTypes.DealTermsReminder or EventTypes.DealTermsAccepted or EventTypes.DealTermsDeclined => "/portal/terms",
            _ => "/portal",
        };
    }
}
