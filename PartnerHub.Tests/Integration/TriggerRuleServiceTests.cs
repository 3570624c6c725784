using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Segments;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>The admin service for trigger rules: who may use it, what a save refuses (at the field), preview, run log.</summary>
public sealed class TriggerRuleServiceTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    private readonly AutomationTestData data = new(database);

    private TriggerRuleService Service() => new(database.Factory, database.Clock, data.Dispatcher(), data.Options);

    private Task<TriggerRule> PayoutRuleAsync() => data.RuleAsync(EventTypes.PayoutProcessed, "Payout sent: {{payout.amount}}", "Hi {{partner.name}}");

    [Fact]
    public async Task Only_admins_may_list_read_edit_preview_or_retry()
    {
        var rule = await PayoutRuleAsync();
        foreach (var role in new[] { Roles.Manager, Roles.Compliance, Roles.Partner })
        {
            var actor = await database.AddActorAsync(role, role == Roles.Partner ? (await data.PartnerAsync()).Id : null);
            await Assert.ThrowsAsync<AccessDeniedException>(() => Service().ListAsync(actor));
            await Assert.ThrowsAsync<AccessDeniedException>(() => Service().GetAsync(actor, rule.Id));
            await Assert.ThrowsAsync<AccessDeniedException>(() => Service().UpdateAsync(actor, rule.Id, rule.Version, new TriggerRuleDraft()));
            await Assert.ThrowsAsync<AccessDeniedException>(() => Service().SetEnabledAsync(actor, rule.Id, false));
            await Assert.ThrowsAsync<AccessDeniedException>(() => Service().RunsAsync(actor, rule.Id, null, 0, 10));
            await Assert.ThrowsAsync<AccessDeniedException>(() => Service().RetryAsync(actor, 1));
            Assert.Throws<AccessDeniedException>(() => TriggerRuleService.Preview(actor, EventTypes.PayoutProcessed, "t", "b"));
        }
    }

    [Fact]
    public async Task An_admin_saves_every_setting_and_the_change_is_audited()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var rule = await PayoutRuleAsync();
        int segmentId;
        await using (var db = database.CreateContext())
        {
            var s = new Segment("VIP", new SegmentCriteria { Tags = ["vip"] }, data.Now, null);
            db.Segments.Add(s);
            await db.SaveChangesAsync();
            segmentId = s.Id;
        }
        var detail = await Service().GetAsync(admin, rule.Id);
        var draft = detail.Draft with
        {
            Name = "Payout sent (VIP)",
            Conditions = new RuleConditions { Verticals = [Vertical.ForexIb, Vertical.ForexIb], Tiers = [2, 1], MinAmount = 100m, MaxAmount = 5000m, SegmentId = segmentId },
            Recipients = new RuleRecipients { Partner = true, Manager = true, UplineLevels = 2 },
            Channels = NotificationChannels.InApp | NotificationChannels.Email,
            TitleTemplate = "Payout sent to {{partner.name}}",
            BodyTemplate = "Hi {{recipient.name}}, a payout was sent to **{{partner.name}}**.",
            CooldownMinutes = 60,
            RespectQuietHours = false,
            Critical = true,
        };

        await Service().UpdateAsync(admin, rule.Id, detail.Version, draft);

        var saved = await Service().GetAsync(admin, rule.Id);
        Assert.Equal(detail.Version + 1, saved.Version);
        Assert.Equal("Payout sent (VIP)", saved.Draft.Name);
        Assert.Equal([Vertical.ForexIb], saved.Draft.Conditions.Verticals);
        Assert.Equal([1, 2], saved.Draft.Conditions.Tiers);
        Assert.Equal(draft.Recipients, saved.Draft.Recipients);
        Assert.Equal((60, false, true, NotificationChannels.InApp | NotificationChannels.Email),
            (saved.Draft.CooldownMinutes, saved.Draft.RespectQuietHours, saved.Draft.Critical, saved.Draft.Channels));
        Assert.Equal(draft.BodyTemplate, saved.Draft.BodyTemplate);
        var summary = Assert.Single(await Service().ListAsync(admin), r => r.Id == rule.Id);
        Assert.Equal("partner, manager, upline (2 levels)", summary.Recipients);
        await using var check = database.CreateContext();
        var audit = await check.AuditLog.AsNoTracking().SingleAsync(a => a.Action == "trigger-rule.updated" && a.EntityId == rule.Id.ToString());
        Assert.Equal(admin.UserId, audit.UserId);
        Assert.Contains("Payout sent (VIP)", audit.Details, StringComparison.Ordinal);
    }

    public static TheoryData<string, Func<TriggerRuleDraft, TriggerRuleDraft>> BadDrafts => new()
    {
        { "BodyTemplate", d => d with { BodyTemplate = "Hi {{partner.nme}}" } },
        { "TitleTemplate", d => d with { TitleTemplate = "Paid {{deal.new}}" } },
        { "Name", d => d with { Name = " " } },
        { "MinAmount", d => d with { Conditions = new RuleConditions { MinAmount = -1m } } },
        { "MaxAmount", d => d with { Conditions = new RuleConditions { MinAmount = 10m, MaxAmount = 5m } } },
        { "Tiers", d => d with { Conditions = new RuleConditions { Tiers = [0] } } },
        { "ConditionSegmentId", d => d with { Conditions = new RuleConditions { SegmentId = 999_999 } } },
        { "RecipientSegmentId", d => d with { Recipients = new RuleRecipients { SegmentId = 999_999 } } },
        { "UplineLevels", d => d with { Recipients = new RuleRecipients { UplineLevels = 11 } } },
        { "DerivedSubIbs", d => d with { Recipients = new RuleRecipients { DerivedSubIbs = true } } },
        { "Recipients", d => d with { Recipients = new RuleRecipients { Partner = false } } },
        { "CooldownMinutes", d => d with { CooldownMinutes = -5 } },
        { "Digest", d => d with { Critical = true, Digest = true } },
    };

    [Theory]
    [MemberData(nameof(BadDrafts))]
    public async Task A_bad_setting_is_refused_at_its_field_and_nothing_changes(string field, Func<TriggerRuleDraft, TriggerRuleDraft> spoil)
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var rule = await PayoutRuleAsync();
        var detail = await Service().GetAsync(admin, rule.Id);

        var ex = await Assert.ThrowsAsync<DomainException>(() => Service().UpdateAsync(admin, rule.Id, detail.Version, spoil(detail.Draft)));

        Assert.Equal(field, ex.Field);
        var after = await Service().GetAsync(admin, rule.Id);
        Assert.Equal(detail.Version, after.Version);
        Assert.Equal(detail.Draft.BodyTemplate, after.Draft.BodyTemplate);
    }

    [Fact]
    public async Task Amount_conditions_are_refused_for_events_without_an_amount()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var rule = await data.RuleAsync(EventTypes.DealTermsUpdated, "Terms", "{{deal.new}}", null, NotificationCategory.Deals);
        var detail = await Service().GetAsync(admin, rule.Id);
        var ex = await Assert.ThrowsAsync<DomainException>(() => Service().UpdateAsync(admin, rule.Id, detail.Version,
            detail.Draft with { Conditions = new RuleConditions { MinAmount = 10m } }));
        Assert.Equal("MinAmount", ex.Field);
    }

    [Fact]
    public async Task A_stale_edit_is_refused()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var rule = await PayoutRuleAsync();
        var detail = await Service().GetAsync(admin, rule.Id);
        await Service().UpdateAsync(admin, rule.Id, detail.Version, detail.Draft with { Name = "First" });

        var ex = await Assert.ThrowsAsync<DomainException>(() => Service().UpdateAsync(admin, rule.Id, detail.Version, detail.Draft with { Name = "Second" }));

        Assert.Contains("changed by someone else", ex.Message, StringComparison.Ordinal);
        Assert.Equal("First", (await Service().GetAsync(admin, rule.Id)).Draft.Name);
    }

    [Fact]
    public async Task The_switch_turns_a_rule_off_and_on_with_an_audit_entry_each_time()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var rule = await PayoutRuleAsync();
        await Service().SetEnabledAsync(admin, rule.Id, false);
        Assert.False((await Service().GetAsync(admin, rule.Id)).Draft.Enabled);
        await Service().SetEnabledAsync(admin, rule.Id, true);
        Assert.True((await Service().GetAsync(admin, rule.Id)).Draft.Enabled);
        await using var db = database.CreateContext();
        Assert.Equal(["trigger-rule.disabled", "trigger-rule.enabled"], await db.AuditLog.AsNoTracking()
            .Where(a => a.EntityType == nameof(TriggerRule) && a.EntityId == rule.Id.ToString()).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task Preview_renders_the_sample_event_and_reports_an_unknown_placeholder_at_its_field()
    {
        var admin = await database.AddActorAsync(Roles.Admin);

        var ok = TriggerRuleService.Preview(admin, EventTypes.PayoutProcessed, "Paid {{payout.amount}}", "Hi **{{partner.name}}**");
        Assert.Equal(("Paid 1,250.00", "Hi **Oliver Grant**", (string?)null), (ok.Title, ok.Body, ok.Error));

        var bad = TriggerRuleService.Preview(admin, EventTypes.PayoutProcessed, "Paid", "Hi {{partner.nam}}");
        Assert.Equal("BodyTemplate", bad.ErrorField);
        Assert.Contains("{{partner.nam}}", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_run_log_pages_newest_first_and_filters_by_outcome_with_recipient_names()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var partner = await data.PartnerAsync(name: "Run Log Partner");
        var rule = await data.RuleAsync(EventTypes.PayoutProcessed, "Paid", "{{payout.amount}}",
            r => r.Conditions = new RuleConditions { MinAmount = 100m });
        await data.OnlyTheseRulesAsync(rule);
        for (var i = 0; i < 5; i++)
        {
            await data.EventAsync(EventTypes.PayoutProcessed, partner.Id, AutomationTestData.Payout(i < 3 ? 500m : 10m));
            await data.Dispatcher().DispatchAllAsync();
            database.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var all = await Service().RunsAsync(admin, rule.Id, null, 0, 2);
        var skipped = await Service().RunsAsync(admin, rule.Id, RuleOutcome.Skipped, 0, 10);
        var sent = await Service().RunsAsync(admin, rule.Id, RuleOutcome.Sent, 0, 10);

        Assert.Equal(5, all.Total);
        Assert.Equal(2, all.Items.Count);
        Assert.True(all.Items[0].At > all.Items[1].At);
        Assert.Equal(2, skipped.Total);
        Assert.All(skipped.Items, r => Assert.Equal("condition: amount 10 is below 100", r.Reason));
        Assert.Equal(3, sent.Total);
        Assert.All(sent.Items, r => Assert.Equal("Run Log Partner", r.Recipient));
        var summary = Assert.Single(await Service().ListAsync(admin), r => r.Id == rule.Id);
        Assert.Equal((3, 2, 0), (summary.Sent, summary.Skipped, summary.Failed));
    }

    private async Task<int> SegmentAsync(string name)
    {
        await using var db = database.CreateContext();
        var s = new Segment(name, new SegmentCriteria { Tags = ["vip"] }, data.Now, null);
        db.Segments.Add(s);
        await db.SaveChangesAsync();
        return s.Id;
    }

    [Theory]
    [InlineData(EventTypes.PayoutProcessed)]
    [InlineData(EventTypes.CommissionApproved)]
    [InlineData(EventTypes.TrafficQualityFlagged)]
    [InlineData(EventTypes.KycRequired)]
    [InlineData(EventTypes.MilestoneAchieved)]
    [InlineData(EventTypes.DealTermsUpdated)]
    [InlineData(EventTypes.PayoutThresholdReached)]
    public async Task A_segment_recipient_is_refused_for_an_event_about_one_partner(string eventType)
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var rule = await data.RuleAsync(eventType, "About {{partner.name}}", "Hi {{partner.name}}");
        var detail = await Service().GetAsync(admin, rule.Id);
        var draft = detail.Draft with { Recipients = new RuleRecipients { Partner = true, SegmentId = await SegmentAsync($"Seg {eventType}") } };

        var ex = await Assert.ThrowsAsync<DomainException>(() => Service().UpdateAsync(admin, rule.Id, detail.Version, draft));

        Assert.Equal("RecipientSegmentId", ex.Field);
        Assert.Contains("never to a segment", ex.Message, StringComparison.Ordinal);
        Assert.Equal(detail.Version, (await Service().GetAsync(admin, rule.Id)).Version);
    }

    [Fact]
    public async Task A_segment_recipient_is_allowed_for_new_creatives()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var rule = await data.RuleAsync(EventTypes.CreativesPublished, "New: {{creative.names}}", "Hi {{recipient.name}}");
        var detail = await Service().GetAsync(admin, rule.Id);

        await Service().UpdateAsync(admin, rule.Id, detail.Version,
            detail.Draft with { Recipients = new RuleRecipients { Partner = true, SegmentId = await SegmentAsync("Creative fans") } });

        Assert.NotNull((await Service().GetAsync(admin, rule.Id)).Draft.Recipients.SegmentId);
    }

    [Theory]
    [InlineData(EventTypes.PayoutProcessed, "Paid {{partner.name}}", "Amount {{payout.amount}}", "BodyTemplate", "payout.amount")]
    [InlineData(EventTypes.CommissionApproved, "{{commission.amount}} approved", "Hi", "TitleTemplate", "commission.amount")]
    [InlineData(EventTypes.TrafficQualityFlagged, "Flag", "Reason: {{flag.reason}}", "BodyTemplate", "flag.reason")]
    [InlineData(EventTypes.KycRequired, "KYC", "Upload {{kyc.document}}", "BodyTemplate", "kyc.document")]
    [InlineData(EventTypes.DealTermsUpdated, "Deal", "Now {{deal.new}}", "BodyTemplate", "deal.new")]
    public async Task An_upline_recipient_is_refused_a_placeholder_not_safe_for_the_upline(string eventType, string title, string body, string field, string placeholder)
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var rule = await data.RuleAsync(eventType, "About {{partner.name}}", "Hi {{partner.name}}");
        var detail = await Service().GetAsync(admin, rule.Id);
        var draft = detail.Draft with { Recipients = new RuleRecipients { Partner = true, UplineLevels = 1 }, TitleTemplate = title, BodyTemplate = body };

        var ex = await Assert.ThrowsAsync<DomainException>(() => Service().UpdateAsync(admin, rule.Id, detail.Version, draft));

        Assert.Equal(field, ex.Field);
        Assert.Contains("{{" + placeholder + "}} is not shown to the upline", ex.Message, StringComparison.Ordinal);
        // The same templates to the partner and manager only are fine.
        await Service().UpdateAsync(admin, rule.Id, detail.Version, draft with { Recipients = new RuleRecipients { Partner = true, Manager = true } });
    }

    [Fact]
    public async Task An_upline_may_receive_who_reached_which_milestone()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var rule = await data.RuleAsync(EventTypes.MilestoneAchieved, "Milestone", "Hi");
        var detail = await Service().GetAsync(admin, rule.Id);

        await Service().UpdateAsync(admin, rule.Id, detail.Version, detail.Draft with
        {
            Recipients = new RuleRecipients { Partner = true, UplineLevels = 2 },
            TitleTemplate = "{{partner.name}} reached {{milestone.title}}", BodyTemplate = "Hi {{recipient.name}}: {{milestone.value}}.",
        });

        Assert.Equal(2, (await Service().GetAsync(admin, rule.Id)).Draft.Recipients.UplineLevels);
    }
}
