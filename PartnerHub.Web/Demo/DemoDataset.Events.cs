using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Web.Demo;

internal sealed partial class DemoDataset
{
    [GeneratedRegex(@"\{\{\s*([a-z]+\.[a-z]+)\s*\}\}")]
    private static partial Regex TemplateField();

    /// <summary>
    /// The outbox history (already processed, so the dispatcher leaves it alone) and the in-app notifications the
    /// rules delivered from it to the demo logins and the managers, with the rules' run log.
    /// </summary>
    private async Task CreateEventsAndNotificationsAsync(CancellationToken ct)
    {
        foreach (var sp in new[] { DemoPartner, DemoMaster })
        {
            var latest = _lines.Where(l => l.Partner == sp && l.K == 2 && l.Line.ApprovedAt is not null).ToList();
            var balance = _lines.Where(l => l.Partner == sp && l.Line.Status == CommissionStatus.Approved && l.Line.PayoutId is null).Sum(l => l.Line.Amount);
            if (latest.Count == 0 || balance <= 0) continue;
            Event(EventTypes.PayoutThresholdReached, sp, "Partner", sp.Id,
                new { balance, currency = sp.Entity.Currency, threshold = sp.Entity.PayoutThreshold },
                Cap(latest.Max(l => l.Line.ApprovedAt!.Value).AddMinutes(5)), null);
        }
        var published = _creatives.Where(c => c.PublishedAt is not null).OrderByDescending(c => c.PublishedAt).Take(3).ToList();
        Event(EventTypes.CreativesPublished, null, nameof(Creative), null,
            new { creativeIds = published.Select(c => c.Id), names = string.Join(", ", published.Select(c => c.Name)) },
            published.Max(c => c.PublishedAt!.Value), _users.ManagerId);

        // Insert in time order, so ids follow the timeline like a real outbox.
        var ordered = _events.OrderBy(e => e.OccurredAt).ToList();
        _db.DomainEvents.AddRange(ordered);
        await SaveAsync(ct);

        foreach (var sp in new[] { DemoPartner, DemoMaster, DemoSub })
        {
            var notify = new List<(string Type, bool Read)>
            {
                (EventTypes.PayoutProcessed, true), (EventTypes.CommissionApproved, true), (EventTypes.DealTermsUpdated, sp.Demo != DemoRole.Partner),
                (EventTypes.MilestoneAchieved, false), (EventTypes.PayoutThresholdReached, false), (EventTypes.KycRequired, false),
            };
            foreach (var (type, read) in notify)
            {
                var e = ordered.LastOrDefault(x => x.PartnerId == sp.Id && x.Type == type
                    && (type != EventTypes.KycRequired || x.OccurredAt > _today.AddDays(-30)));
                if (e is null) continue;
                Deliver(_rules[type], e, sp, Notification.PartnerKey(sp.Id), sp.Id, null, read ? Later(e.OccurredAt, 0, 2) : null);
            }
        }

        // Managers get the traffic quality alerts of their partners.
        foreach (var (sp, flag) in _flags.Where(f => f.Flag.DetectedAt > _today.AddDays(-45)).OrderByDescending(f => f.Flag.DetectedAt).Take(8))
        {
            var e = ordered.First(x => x.Type == EventTypes.TrafficQualityFlagged && x.RecordId == Id(flag.Id));
            var manager = sp.ManagerAt(e.OccurredAt);
            Deliver(_rules[EventTypes.TrafficQualityFlagged], e, sp, Notification.UserKey(manager), null, manager,
                flag.ClosedAt is not null ? Later(e.OccurredAt, 0, 1) : null);
        }

        // Two notifications not driven by a rule: the open acknowledgement and a new message.
        var demo = DemoPartner;
        if (_openCompliance is { } code)
        {
            _db.Notifications.Add(new Notification(Notification.PartnerKey(demo.Id), demo.Id, null, NotificationCategory.Announcements,
                code.Title, "Please read and acknowledge the updated code of conduct before the due date.", "/portal/announcements",
                code.SentAt!.Value, code.SentAt.Value) { AboutPartnerId = demo.Id });
        }
        var lastFromTeam = _threads.Where(t => t.Partner == demo && t.Thread.Kind == PartnerHub.Domain.Messaging.ThreadKind.Direct)
            .SelectMany(t => t.Messages).Where(m => m.Kind == PartnerHub.Domain.Messaging.MessageAuthorKind.Operator).MaxBy(m => m.SentAt);
        if (lastFromTeam is not null)
        {
            _db.Notifications.Add(new Notification(Notification.PartnerKey(demo.Id), demo.Id, null, NotificationCategory.Messages,
                $"New message from {ManagerName(lastFromTeam.UserId!)}", Excerpt(lastFromTeam.Body), "/portal/messages",
                lastFromTeam.SentAt, lastFromTeam.SentAt) { AboutPartnerId = demo.Id });
        }
        await SaveAsync(ct, clear: true);
    }

    private void Deliver(TriggerRule rule, DomainEvent e, SeedPartner about, string recipientKey, int? partnerId, string? userId, DateTime? readAt)
    {
        var values = TemplateValues(e, about);
        var deliverAt = Cap(e.OccurredAt.AddSeconds(I(5, 90)));
        var notification = new Notification(recipientKey, partnerId, userId, rule.Category,
            Truncate(Render(rule.TitleTemplate, values), 200), Render(rule.BodyTemplate, values), LinkFor(e, userId is not null, about), deliverAt, deliverAt)
        {
            AboutPartnerId = about.Id,
            RuleId = rule.Id,
            EventId = e.Id,
            Critical = rule.Critical,
            ReadAt = readAt,
        };
        if (rule.Channels.HasFlag(NotificationChannels.Email))
        {
            notification.EmailState = EmailState.Sent;
            notification.EmailAttempts = 1;
            notification.EmailSentAt = deliverAt.AddSeconds(I(5, 40));
        }
        _db.Notifications.Add(notification);
        _db.RuleRuns.Add(new RuleRun(rule.Id, e.Id, recipientKey, RuleOutcome.Sent, null, deliverAt) { Attempts = 1 });
    }

    private static string Render(string template, IReadOnlyDictionary<string, string> values) =>
        TemplateField().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : "");

    /// <summary>The template fields an event provides, as the automation dispatcher would fill them.</summary>
    private static Dictionary<string, string> TemplateValues(DomainEvent e, SeedPartner sp)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["partner.name"] = sp.Entity.Name };
        using var doc = JsonDocument.Parse(e.Payload);
        var root = doc.RootElement;
        string S(string name) => root.TryGetProperty(name, out var p) ? p.ToString() : "";
        decimal D(string name) => root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDecimal() : 0m;
        var currency = S("currency");
        switch (e.Type)
        {
            case EventTypes.PayoutProcessed:
                values["payout.amount"] = D("amount").ToString("N2", CultureInfo.InvariantCulture);
                values["payout.currency"] = currency;
                values["payout.reference"] = S("reference");
                break;
            case EventTypes.CommissionApproved:
                values["commission.amount"] = Amount(D("amount"), currency);
                break;
            case EventTypes.DealTermsUpdated:
                values["deal.old"] = S("old");
                values["deal.new"] = S("new");
                break;
            case EventTypes.TrafficQualityFlagged:
                values["flag.reason"] = S("reason");
                break;
            case EventTypes.PayoutThresholdReached:
                values["payout.balance"] = Amount(D("balance"), currency);
                break;
            case EventTypes.KycRequired:
                values["kyc.document"] = S("document");
                values["kyc.due"] = root.GetProperty("due").GetDateTime().ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
                break;
            case EventTypes.MilestoneAchieved:
                values["milestone.title"] = S("title");
                break;
        }
        return values;
    }

    private static string LinkFor(DomainEvent e, bool forOperator, SeedPartner sp) => forOperator
        ? Inv($"/console/partners/{sp.Id}")
        : e.Type switch
        {
            EventTypes.PayoutProcessed or EventTypes.PayoutThresholdReached => "/portal/payouts",
            EventTypes.CommissionApproved => "/portal/commissions",
            EventTypes.DealTermsUpdated => "/portal/deal",
            EventTypes.KycRequired => PartnerHub.Domain.Partners.PartnerProfileService.PortalLink,
            EventTypes.CreativesPublished => "/portal/marketing",
            _ => "/portal",
        };

    private static string Excerpt(string body)
    {
        var flat = body.Replace('\n', ' ').Replace("**", "", StringComparison.Ordinal).Replace("*", "", StringComparison.Ordinal);
        return flat.Length <= 160 ? flat : flat[..157] + "...";
    }
}
