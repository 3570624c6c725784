using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Auditing;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Notifications;

/// <summary>A rule in the admin list, with its run-log counts.</summary>
public sealed record TriggerRuleSummary(int Id, string Name, string EventType, bool Enabled, NotificationCategory Category,
    string Recipients, NotificationChannels Channels, bool Critical, bool Digest, int Sent, int Deferred, int Skipped, int Failed, int Version);

/// <summary>Everything an admin edits on a rule (the event type and category are fixed when the rule is created).</summary>
public sealed record TriggerRuleDraft
{
    public string Name { get; init; } = "";
    public bool Enabled { get; init; } = true;
    public RuleConditions Conditions { get; init; } = new();
    public RuleRecipients Recipients { get; init; } = new();
    public NotificationChannels Channels { get; init; } = NotificationChannels.InApp;
    public string TitleTemplate { get; init; } = "";
    public string BodyTemplate { get; init; } = "";
    public int? CooldownMinutes { get; init; }
    public bool RespectQuietHours { get; init; } = true;
    public bool Digest { get; init; }
    public bool Critical { get; init; }
}

public sealed record TriggerRuleDetail(int Id, string EventType, NotificationCategory Category, int Version, DateTime UpdatedAt,
    TriggerRuleDraft Draft, IReadOnlyList<Placeholder> Placeholders, bool EmailConfigured);

/// <summary>One run-log entry. <see cref="Recipient"/> is a partner's or operator's name (null for a rule-level outcome).</summary>
public sealed record RuleRunView(long Id, long EventId, DateTime EventAt, int? PartnerId, string? RecipientKey, string? Recipient,
    RuleOutcome Outcome, string? Reason, DateTime At, int Attempts);

/// <summary>A template rendered against the event type's sample values; <see cref="Error"/> names what would be refused at save.</summary>
public sealed record TemplatePreview(string Title, string Body, string? Error, string? ErrorField);

public sealed record SegmentOption(int Id, string Name);

/// <summary>
/// Admin-only management of trigger rules: list with run counts, edit with validation (templates are checked against the
/// event type's placeholders at save), live preview, the run log and retrying a failed run. Every change is audited.
/// </summary>
public sealed class TriggerRuleService(IDbContextFactory<AppDbContext> factory, TimeProvider clock, NotificationDispatcher dispatcher, NotificationOptions options)
{
    public const int MaxUplineLevels = 10;
    public const int MaxCooldownMinutes = 60 * 24 * 30;

    public async Task<IReadOnlyList<TriggerRuleSummary>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireAdmin();
        await using var db = await factory.CreateDbContextAsync(ct);
        var rules = await db.TriggerRules.AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct);
        var counts = await db.RuleRuns.AsNoTracking().GroupBy(r => new { r.RuleId, r.Outcome })
            .Select(g => new { g.Key.RuleId, g.Key.Outcome, Count = g.Count() }).ToListAsync(ct);
        var segments = await SegmentNamesAsync(db, rules, ct);
        int Count(int ruleId, RuleOutcome o) => counts.FirstOrDefault(c => c.RuleId == ruleId && c.Outcome == o)?.Count ?? 0;
        return rules.Select(r => new TriggerRuleSummary(r.Id, r.Name, r.EventType, r.Enabled, r.Category, DescribeRecipients(r.Recipients, segments),
            r.Channels, r.Critical, r.Digest, Count(r.Id, RuleOutcome.Sent), Count(r.Id, RuleOutcome.Deferred), Count(r.Id, RuleOutcome.Skipped),
            Count(r.Id, RuleOutcome.Failed), r.Version)).ToList();
    }

    public async Task<TriggerRuleDetail> GetAsync(Actor actor, int ruleId, CancellationToken ct = default)
    {
        actor.RequireAdmin();
        await using var db = await factory.CreateDbContextAsync(ct);
        var r = await db.TriggerRules.AsNoTracking().SingleOrDefaultAsync(x => x.Id == ruleId, ct) ?? throw new NotFoundException("Rule not found.");
        return new TriggerRuleDetail(r.Id, r.EventType, r.Category, r.Version, r.UpdatedAt, DraftOf(r), TemplateCatalogue.For(r.EventType), options.EmailEnabled);
    }

    public async Task<IReadOnlyList<SegmentOption>> SegmentsAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireAdmin();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Segments.AsNoTracking().OrderBy(s => s.Name).Select(s => new SegmentOption(s.Id, s.Name)).ToListAsync(ct);
    }

    /// <summary>Renders the title and body against the event type's sample event; never throws for template mistakes, it reports them.</summary>
    public static TemplatePreview Preview(Actor actor, string eventType, string? title, string? body)
    {
        actor.RequireAdmin();
        var values = TemplateCatalogue.SampleValues(eventType);
        try
        {
            TemplateRenderer.Validate(eventType, title, body);
            return new TemplatePreview(TemplateRenderer.RenderText(title!, values), TemplateRenderer.RenderMarkdown(body!, values), null, null);
        }
        catch (DomainException ex)
        {
            // Show what can be shown: known fields filled, unknown ones left as typed.
            return new TemplatePreview(TemplateRenderer.RenderText(title ?? "", values, lenient: true),
                TemplateRenderer.RenderMarkdown(body ?? "", values, lenient: true), ex.Message, ex.Field);
        }
    }

    /// <summary>Saves an admin's edit. Refused (nothing written) with the field named for any invalid setting or template, or when the rule changed since it was read.</summary>
    public async Task UpdateAsync(Actor actor, int ruleId, int expectedVersion, TriggerRuleDraft draft, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        actor.RequireAdmin();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var rule = await db.TriggerRules.SingleOrDefaultAsync(r => r.Id == ruleId, ct) ?? throw new NotFoundException("Rule not found.");
        if (rule.Version != expectedVersion) throw new DomainException("This rule was changed by someone else; reload it.");
        await ValidateAsync(db, rule.EventType, draft, ct);

        var before = DraftOf(rule);
        db.Entry(rule).Property(r => r.Version).OriginalValue = expectedVersion;
        rule.Rename(draft.Name);
        rule.Enabled = draft.Enabled;
        rule.Conditions = Normalise(draft.Conditions);
        rule.Recipients = draft.Recipients;
        rule.Channels = draft.Channels | NotificationChannels.InApp;
        rule.CooldownMinutes = draft.CooldownMinutes is > 0 ? draft.CooldownMinutes : null;
        rule.RespectQuietHours = draft.RespectQuietHours;
        rule.Digest = draft.Digest;
        rule.Critical = draft.Critical;
        rule.SetTemplates(draft.TitleTemplate, draft.BodyTemplate, now);
        db.Audit(actor, now, "trigger-rule.updated", nameof(TriggerRule), rule.Id, null, new { before, after = DraftOf(rule) });
        await SaveAsync(db, ct);
    }

    /// <summary>The list's switch: turns a rule on or off.</summary>
    public async Task SetEnabledAsync(Actor actor, int ruleId, bool enabled, CancellationToken ct = default)
    {
        actor.RequireAdmin();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var rule = await db.TriggerRules.SingleOrDefaultAsync(r => r.Id == ruleId, ct) ?? throw new NotFoundException("Rule not found.");
        if (rule.Enabled == enabled) return;
        rule.Enabled = enabled;
        rule.Touch(now);
        db.Audit(actor, now, enabled ? "trigger-rule.enabled" : "trigger-rule.disabled", nameof(TriggerRule), rule.Id, null, new { rule.Name });
        await SaveAsync(db, ct);
    }

    /// <summary>A page of the rule's run log, newest first, optionally of one outcome.</summary>
    public async Task<Page<RuleRunView>> RunsAsync(Actor actor, int ruleId, RuleOutcome? outcome, int page, int pageSize, CancellationToken ct = default)
    {
        actor.RequireAdmin();
        pageSize = Math.Clamp(pageSize, 1, 200);
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.RuleRuns.AsNoTracking().Where(r => r.RuleId == ruleId);
        if (outcome is { } o) q = q.Where(r => r.Outcome == o);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Skip(Math.Max(0, page) * pageSize).Take(pageSize)
            .Join(db.DomainEvents, r => r.EventId, e => e.Id, (r, e) => new { Run = r, e.OccurredAt, e.PartnerId })
            .ToListAsync(ct);
        var partnerIds = rows.Select(r => r.Run.RecipientKey).Where(k => k?.StartsWith("p:", StringComparison.Ordinal) == true)
            .Select(k => int.Parse(k![2..], CultureInfo.InvariantCulture)).Distinct().ToList();
        var userIds = rows.Select(r => r.Run.RecipientKey).Where(k => k?.StartsWith("u:", StringComparison.Ordinal) == true).Select(k => k![2..]).Distinct().ToList();
        var partnerNames = await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var userNames = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        string? Name(string? key) => key switch
        {
            null => null,
            _ when key.StartsWith("p:", StringComparison.Ordinal) => partnerNames.GetValueOrDefault(int.Parse(key[2..], CultureInfo.InvariantCulture)) ?? key,
            _ when key.StartsWith("u:", StringComparison.Ordinal) => userNames.GetValueOrDefault(key[2..]) is { } n ? n + " (operator)" : key,
            _ => key,
        };
        return new Page<RuleRunView>(rows.Select(r => new RuleRunView(r.Run.Id, r.Run.EventId, r.OccurredAt, r.PartnerId, r.Run.RecipientKey,
            Name(r.Run.RecipientKey), r.Run.Outcome, r.Run.Reason, r.Run.At, r.Run.Attempts)).ToList(), total);
    }

    /// <summary>Re-runs a failed run-log entry with the rule as it is now; the audit entry commits with the retry.</summary>
    public Task<DispatchResult> RetryAsync(Actor actor, long runId, CancellationToken ct = default)
    {
        actor.RequireAdmin();
        return dispatcher.RetryAsync(runId, (db, run, result) =>
            db.Audit(actor, clock.GetUtcNow().UtcDateTime, "trigger-rule.run-retried", nameof(RuleRun), runId, null,
                new { run.RuleId, run.EventId, run.RecipientKey, previousError = run.Reason, result.Sent, result.Deferred, result.Skipped, result.Failed }),
            ct);
    }

    /// <summary>Every setting checked, with the field it belongs to. Segments must exist.</summary>
    public static async Task ValidateAsync(AppDbContext db, string eventType, TriggerRuleDraft d, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(d.Name)) throw new DomainException("Name is required.", "Name");
        if (d.Name.Trim().Length > 120) throw new DomainException("Name must be at most 120 characters.", "Name");
        TemplateRenderer.Validate(eventType, d.TitleTemplate, d.BodyTemplate);
        var c = d.Conditions;
        if (c.Tiers.Any(t => t is < 1 or > 20)) throw new DomainException("Tiers are between 1 and 20.", "Tiers");
        if (c.Verticals.Any(v => !Enum.IsDefined(v))) throw new DomainException("Unknown vertical.", "Verticals");
        if (c.MinAmount is not null || c.MaxAmount is not null)
        {
            if (TemplateCatalogue.AmountField(eventType) is null)
                throw new DomainException($"{TemplateRenderer.EventTypeLabel(eventType)} events have no amount to compare.", c.MinAmount is not null ? "MinAmount" : "MaxAmount");
            if (c.MinAmount is < 0) throw new DomainException("The minimum amount cannot be negative.", "MinAmount");
            if (c.MaxAmount is < 0) throw new DomainException("The maximum amount cannot be negative.", "MaxAmount");
            if (c.MinAmount > c.MaxAmount) throw new DomainException("The maximum must be at least the minimum.", "MaxAmount");
        }
        if (c.SegmentId is { } cs && !await db.Segments.AnyAsync(s => s.Id == cs, ct))
            throw new DomainException("That segment does not exist.", "ConditionSegmentId");
        var r = d.Recipients;
        if (r.UplineLevels is < 0 or > MaxUplineLevels)
            throw new DomainException($"Upline levels are between 0 and {MaxUplineLevels}.", "UplineLevels");
        if (r.DerivedSubIbs && eventType != EventTypes.DealTermsUpdated)
            throw new DomainException("Only deal changes cascade to derived sub-IBs.", "DerivedSubIbs");
        if (r.Conversation && eventType != EventTypes.MessageSent)
            throw new DomainException("Only messages have a conversation to notify.", "Recipients");
        if (r.Audience && !EventTypes.IsAnnouncement(eventType))
            throw new DomainException("Only announcements have an audience to notify.", "Recipients");
        if (r.SegmentId is { } rs && !await db.Segments.AnyAsync(s => s.Id == rs, ct))
            throw new DomainException("That segment does not exist.", "RecipientSegmentId");
        if (r.SegmentId is not null && TemplateCatalogue.IsPartnerScoped(eventType))
            throw new DomainException($"{TemplateRenderer.EventTypeLabel(eventType)} events are about one partner: they may go only to that partner, "
                + "their manager and their upline, never to a segment. Segments receive events about no one partner (new creatives).", "RecipientSegmentId");
        if (r.UplineLevels > 0)
        {
            var unsafeFields = TemplateCatalogue.For(eventType).Where(p => !p.UplineSafe).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var (template, field) in new[] { (d.TitleTemplate, TemplateRenderer.TitleField), (d.BodyTemplate, TemplateRenderer.BodyField) })
                if (TemplateRenderer.FieldsIn(template).FirstOrDefault(unsafeFields.Contains) is { } name)
                    throw new DomainException($"{{{{{name}}}}} is not shown to the upline: a master IB may see who reached what, not a sub-IB's "
                        + "amounts, references, documents or flags. Remove it, or notify only the partner and the manager.", field);
        }
        if (!r.Partner && !r.Manager && r.UplineLevels == 0 && !r.DerivedSubIbs && r.SegmentId is null && !r.Conversation && !r.Audience)
            throw new DomainException("Choose at least one recipient.", "Recipients");
        if (!Enum.IsDefined(d.Channels) && d.Channels != (NotificationChannels.InApp | NotificationChannels.Email))
            throw new DomainException("Unknown channel.", "Channels");
        if (d.CooldownMinutes is < 0 or > MaxCooldownMinutes)
            throw new DomainException($"The cooldown is between 0 and {MaxCooldownMinutes:N0} minutes (30 days).", "CooldownMinutes");
        if (d.Critical && d.Digest) throw new DomainException("A critical rule is delivered at once; it cannot go to the digest.", "Digest");
    }

    public static string DescribeRecipients(RuleRecipients r, IReadOnlyDictionary<int, string>? segments = null)
    {
        var parts = new List<string>();
        if (r.Partner) parts.Add("partner");
        if (r.Manager) parts.Add("manager");
        if (r.UplineLevels == 1) parts.Add("master IB");
        else if (r.UplineLevels > 1) parts.Add($"upline ({r.UplineLevels} levels)");
        if (r.DerivedSubIbs) parts.Add("derived sub-IBs");
        if (r.Conversation) parts.Add("whoever the message concerns");
        if (r.Audience) parts.Add("the announcement's recipients");
        if (r.SegmentId is { } s) parts.Add("segment " + (segments?.GetValueOrDefault(s) ?? $"#{s}"));
        return parts.Count == 0 ? "nobody" : string.Join(", ", parts);
    }

    private static RuleConditions Normalise(RuleConditions c) => c with
    {
        Verticals = c.Verticals.Distinct().Order().ToList(),
        Tiers = c.Tiers.Distinct().Order().ToList(),
    };

    private static TriggerRuleDraft DraftOf(TriggerRule r) => new()
    {
        Name = r.Name, Enabled = r.Enabled, Conditions = r.Conditions, Recipients = r.Recipients, Channels = r.Channels,
        TitleTemplate = r.TitleTemplate, BodyTemplate = r.BodyTemplate, CooldownMinutes = r.CooldownMinutes,
        RespectQuietHours = r.RespectQuietHours, Digest = r.Digest, Critical = r.Critical,
    };

    private static async Task<Dictionary<int, string>> SegmentNamesAsync(AppDbContext db, List<TriggerRule> rules, CancellationToken ct)
    {
        var ids = rules.Select(r => r.Recipients.SegmentId).OfType<int>().Distinct().ToList();
        return ids.Count == 0 ? [] : await db.Segments.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
    }

    private static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("This rule was changed by someone else; reload it.");
        }
    }
}
