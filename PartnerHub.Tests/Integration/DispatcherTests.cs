using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Segments;
using PartnerHub.Domain.Compliance;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>The outbox dispatcher against real SQLite with a fake clock: rules, conditions, recipients, preferences, throttle, quiet hours, digest.</summary>
public sealed class DispatcherTests : IAsyncLifetime
{
    private SqliteDatabase database = default!;
    private AutomationTestData data = default!;

    public async Task InitializeAsync()
    {
        database = await SqliteDatabase.CreateAsync();
        // 12:00 UTC: outside quiet hours in UTC and in London.
        database.Clock.Set(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        data = new AutomationTestData(database);
    }

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task A_payout_processed_event_notifies_the_partner_once_with_the_rendered_template_and_marks_the_event_processed()
    {
        var partner = await data.PartnerAsync(name: "Oliver Grant");
        var rule = await data.RuleAsync(EventTypes.PayoutProcessed, "Payout sent: {{payout.amount}} {{payout.currency}}",
            "Hi {{partner.name}}, your payout of **{{payout.amount}} {{payout.currency}}** is on its way. Reference: `{{payout.reference}}`.");
        var e = await data.EventAsync(EventTypes.PayoutProcessed, partner.Id, AutomationTestData.Payout(1250m, "WIRE-77"));

        var result = await data.Dispatcher().DispatchAllAsync();

        Assert.Equal(1, result.Sent);
        var n = Assert.Single(await data.NotificationsAsync(e.Id));
        Assert.Equal(Notification.PartnerKey(partner.Id), n.RecipientKey);
        Assert.Equal(rule.Id, n.RuleId);
        Assert.Equal("Payout sent: 1,250.00 USD", n.Title);
        Assert.Equal("Hi Oliver Grant, your payout of **1\\,250\\.00 USD** is on its way. Reference: `WIRE-77`.", n.Body);
        Assert.Contains("<strong>1,250.00 USD</strong>", SafeMarkdown.ToHtml(n.Body), StringComparison.Ordinal);
        Assert.Equal("/portal/payouts", n.Link);
        Assert.Equal(n.CreatedAt, n.DeliverAt);
        var run = Assert.Single(await data.RunsAsync(e.Id));
        Assert.Equal(RuleOutcome.Sent, run.Outcome);
        await using var db = database.CreateContext();
        var stored = await db.DomainEvents.AsNoTracking().SingleAsync(x => x.Id == e.Id);
        Assert.NotNull(stored.ProcessedAt);
        Assert.Null(stored.LockedBy);
        Assert.Contains(Notification.PartnerKey(partner.Id), data.Signal.Keys);
    }

    [Fact]
    public async Task Disabled_rules_and_rules_of_other_event_types_do_nothing()
    {
        var partner = await data.PartnerAsync();
        await data.RuleAsync(EventTypes.PayoutProcessed, "Paid", "Paid {{payout.amount}}", r => r.Enabled = false);
        await data.RuleAsync(EventTypes.CommissionApproved, "Approved", "Approved {{commission.amount}}");
        var e = await data.EventAsync(EventTypes.PayoutProcessed, partner.Id, AutomationTestData.Payout(10m));

        var result = await data.Dispatcher().DispatchAllAsync();

        Assert.Equal(1, result.Events);
        Assert.Empty(await data.NotificationsAsync(e.Id));
        Assert.Empty(await data.RunsAsync(e.Id));
    }

    [Fact]
    public async Task Each_condition_skips_with_its_reason_and_a_matching_event_is_sent()
    {
        var forex = await data.PartnerAsync(Vertical.ForexIb);
        var gaming = await data.PartnerAsync(Vertical.IGamingAffiliate);
        var sub = await data.PartnerAsync(Vertical.IGamingAffiliate, parentId: gaming.Id);
        int segmentId;
        await using (var db = database.CreateContext())
        {
            var segment = new Segment("Forex only", new SegmentCriteria { Verticals = [Vertical.ForexIb] }, data.Now, null);
            db.Segments.Add(segment);
            await db.SaveChangesAsync();
            segmentId = segment.Id;
        }
        var byVertical = await data.RuleAsync(EventTypes.PayoutProcessed, "V", "{{payout.amount}}",
            r => r.Conditions = new RuleConditions { Verticals = [Vertical.ForexIb] });
        var byTier = await data.RuleAsync(EventTypes.PayoutProcessed, "T", "{{payout.amount}}", r => r.Conditions = new RuleConditions { Tiers = [2] });
        var byAmount = await data.RuleAsync(EventTypes.PayoutProcessed, "A", "{{payout.amount}}",
            r => r.Conditions = new RuleConditions { MinAmount = 100m, MaxAmount = 1000m });
        var bySegment = await data.RuleAsync(EventTypes.PayoutProcessed, "S", "{{payout.amount}}", r => r.Conditions = new RuleConditions { SegmentId = segmentId });

        var forexSmall = await data.EventAsync(EventTypes.PayoutProcessed, forex.Id, AutomationTestData.Payout(50m));
        var subMid = await data.EventAsync(EventTypes.PayoutProcessed, sub.Id, AutomationTestData.Payout(500m));
        var gamingBig = await data.EventAsync(EventTypes.PayoutProcessed, gaming.Id, AutomationTestData.Payout(5000m));
        await data.Dispatcher().DispatchAllAsync();

        async Task<(RuleOutcome, string?)> Outcome(TriggerRule rule, DomainEvent e)
        {
            var run = Assert.Single(await data.RunsAsync(e.Id), r => r.RuleId == rule.Id);
            return (run.Outcome, run.Reason);
        }
        Assert.Equal((RuleOutcome.Sent, null), await Outcome(byVertical, forexSmall));
        Assert.Equal((RuleOutcome.Skipped, "condition: vertical is iGaming affiliate"), await Outcome(byVertical, subMid));
        Assert.Equal((RuleOutcome.Sent, null), await Outcome(byTier, subMid));
        Assert.Equal((RuleOutcome.Skipped, "condition: tier is 1"), await Outcome(byTier, gamingBig));
        Assert.Equal((RuleOutcome.Skipped, "condition: amount 50 is below 100"), await Outcome(byAmount, forexSmall));
        Assert.Equal((RuleOutcome.Sent, null), await Outcome(byAmount, subMid));
        Assert.Equal((RuleOutcome.Skipped, "condition: amount 5000 is above 1000"), await Outcome(byAmount, gamingBig));
        Assert.Equal((RuleOutcome.Sent, null), await Outcome(bySegment, forexSmall));
        Assert.Equal(RuleOutcome.Skipped, (await Outcome(bySegment, gamingBig)).Item1);
        Assert.Equal([byVertical.Id, bySegment.Id], (await data.NotificationsAsync(forexSmall.Id)).Select(n => n.RuleId!.Value).Order());
    }

    [Fact]
    public async Task Manager_and_upline_to_N_levels_are_notified_and_not_beyond()
    {
        var manager = await database.AddUserAsync(Roles.Manager, "Maria Manager");
        var top = await data.PartnerAsync(Vertical.ForexIb, name: "Top IB");
        var master = await data.PartnerAsync(Vertical.ForexIb, parentId: top.Id, name: "Master IB");
        var middle = await data.PartnerAsync(Vertical.ForexIb, parentId: master.Id, name: "Middle IB");
        var sub = await data.PartnerAsync(Vertical.ForexIb, parentId: middle.Id, managerId: manager.Id, name: "Sub IB");
        var rule = await data.RuleAsync(EventTypes.TrafficQualityFlagged, "Flag on {{partner.name}}", "Hi {{recipient.name}}: {{flag.reason}}",
            r => r.Recipients = new RuleRecipients { Partner = true, Manager = true, UplineLevels = 2 }, NotificationCategory.TrafficQuality);
        var e = await data.EventAsync(EventTypes.TrafficQualityFlagged, sub.Id, new { flagId = 1, severity = "Warning", reason = "Bot clicks" });

        await data.Dispatcher().DispatchAllAsync();

        var sent = await data.NotificationsAsync(e.Id);
        Assert.Equal(
            new[] { Notification.PartnerKey(sub.Id), Notification.PartnerKey(middle.Id), Notification.PartnerKey(master.Id), Notification.UserKey(manager.Id) }.Order(),
            sent.Select(n => n.RecipientKey).Order());
        Assert.DoesNotContain(sent, n => n.RecipientKey == Notification.PartnerKey(top.Id));
        var toManager = sent.Single(n => n.RecipientUserId == manager.Id);
        Assert.Equal("Flag on Sub IB", toManager.Title);
        Assert.Equal("Hi Maria Manager: Bot clicks", toManager.Body);
        Assert.Equal($"/console/partners/{sub.Id}", toManager.Link);
        var toMaster = sent.Single(n => n.RecipientPartnerId == master.Id);
        Assert.Equal(sub.Id, toMaster.AboutPartnerId);
        Assert.Equal("/portal/network", toMaster.Link);
        Assert.All(await data.RunsAsync(e.Id), r => Assert.Equal(RuleOutcome.Sent, r.Outcome));
        Assert.Equal(rule.Id, toMaster.RuleId);
    }

    [Fact]
    public async Task A_deal_change_cascades_to_the_sub_IBs_whose_deals_derive_from_it()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var master = await data.PartnerAsync(Vertical.ForexIb, name: "Master");
        var subA = await data.PartnerAsync(Vertical.ForexIb, parentId: master.Id, name: "Sub A");
        var subB = await data.PartnerAsync(Vertical.ForexIb, parentId: master.Id, name: "Sub B");
        var unrelated = await data.PartnerAsync(Vertical.ForexIb, parentId: master.Id, name: "Own deal");
        int masterDeal;
        await using (var db = database.CreateContext())
        {
            var deal = new Deal(master.Id, "Master lots", DealType.LotBased, data.Now.AddDays(-50));
            deal.AddVersion(CommissionTestData.DefaultTerms(DealType.LotBased), new DateOnly(2026, 1, 1), null, data.Now.AddDays(-50));
            db.Deals.Add(deal);
            await db.SaveChangesAsync();
            masterDeal = deal.Id;
            foreach (var sub in new[] { subA, subB })
                db.Deals.Add(new Deal(sub.Id, "Derived", DealType.LotBased, data.Now.AddDays(-40), deal.Id));
            db.Deals.Add(new Deal(unrelated.Id, "Own", DealType.LotBased, data.Now.AddDays(-40)));
            await db.SaveChangesAsync();
        }
        await data.DrainAsync();
        var rule = await data.RuleAsync(EventTypes.DealTermsUpdated, "Terms changed", "Hi {{partner.name}}: {{deal.old}} -> {{deal.new}}",
            r => r.Recipients = new RuleRecipients { Partner = true, DerivedSubIbs = true }, NotificationCategory.Deals);

        // The deal service names the derived sub-IBs in the event.
        var terms = CommissionTestData.DefaultTerms(DealType.LotBased);
        await new DealService(database.Factory, database.Clock).AddVersionAsync(admin, masterDeal,
            terms with { LotRates = terms.LotRates.Select(r => r with { RatePerLot = r.RatePerLot + 1 }).ToList() }, new DateOnly(2026, 4, 1));
        // An event without the list (posted by an older writer): derived from Deal.ParentDealId.
        var bare = await data.EventAsync(EventTypes.DealTermsUpdated, master.Id, new { dealId = masterDeal, old = "A", @new = "B" });
        await data.Dispatcher().DispatchAllAsync();

        await using var check = database.CreateContext();
        var fromService = await check.DomainEvents.AsNoTracking().SingleAsync(x => x.Type == EventTypes.DealTermsUpdated && x.Id != bare.Id);
        foreach (var e in new[] { fromService.Id, bare.Id })
        {
            var sent = await data.NotificationsAsync(e);
            Assert.Equal(new[] { master.Id, subA.Id, subB.Id }.Order(), sent.Select(n => n.RecipientPartnerId!.Value).Order());
            Assert.StartsWith("Hi Sub A:", sent.Single(n => n.RecipientPartnerId == subA.Id).Body, StringComparison.Ordinal);
            Assert.All(sent, n => Assert.Equal(rule.Id, n.RuleId));
        }
    }

    [Fact]
    public async Task A_segment_rule_notifies_every_member_once()
    {
        var members = new List<Partner>();
        for (var i = 0; i < 3; i++) members.Add(await data.PartnerAsync(Vertical.PropTradingAffiliate));
        var outsider = await data.PartnerAsync(Vertical.ForexIb);
        int segmentId;
        await using (var db = database.CreateContext())
        {
            var segment = new Segment("Prop", new SegmentCriteria { Verticals = [Vertical.PropTradingAffiliate] }, data.Now, null);
            db.Segments.Add(segment);
            await db.SaveChangesAsync();
            segmentId = segment.Id;
        }
        await data.RuleAsync(EventTypes.MilestoneAchieved, "Milestone", "{{partner.name}} reached {{milestone.title}}",
            r => r.Recipients = new RuleRecipients { Partner = true, SegmentId = segmentId }, NotificationCategory.Milestones);
        var e = await data.EventAsync(EventTypes.MilestoneAchieved, members[0].Id, new { code = "x", title = "First funded account", value = 1 });

        await data.Dispatcher().DispatchAllAsync();

        var sent = await data.NotificationsAsync(e.Id);
        Assert.Equal(members.Select(m => m.Id).Order(), sent.Select(n => n.RecipientPartnerId!.Value).Order());
        Assert.DoesNotContain(sent, n => n.RecipientPartnerId == outsider.Id);
    }

    [Fact]
    public async Task New_creatives_reach_the_active_partners_who_can_see_them()
    {
        var active = new List<Partner>();
        await using (var db = database.CreateContext())
        {
            foreach (var (vertical, activate) in new[] { (Vertical.IGamingAffiliate, true), (Vertical.IGamingAffiliate, true), (Vertical.ForexIb, true), (Vertical.IGamingAffiliate, false) })
            {
                var p = await data.PartnerAsync(vertical);
                if (!activate) continue;
                var tracked = await db.Partners.SingleAsync(x => x.Id == p.Id);
                tracked.ChangeStatus(PartnerStatus.Active, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
                if (vertical == Vertical.IGamingAffiliate) active.Add(p);
            }
            await db.SaveChangesAsync();
        }
        int creativeId;
        await using (var db = database.CreateContext())
        {
            var creative = new PartnerHub.Domain.Creatives.Creative("Spins 300x250", PartnerHub.Domain.Creatives.CreativeType.Banner, Vertical.IGamingAffiliate, data.Now, null);
            creative.Publish(data.Now);
            db.Creatives.Add(creative);
            await db.SaveChangesAsync();
            creativeId = creative.Id;
        }
        await data.RuleAsync(EventTypes.CreativesPublished, "New creatives", "Fresh: {{creative.names}}", null, NotificationCategory.Creatives);
        var e = await data.EventAsync(EventTypes.CreativesPublished, null, new { creativeIds = new[] { creativeId }, names = "Spins 300x250" });

        await data.Dispatcher().DispatchAllAsync();

        var sent = await data.NotificationsAsync(e.Id);
        Assert.Equal(active.Select(p => p.Id).Order(), sent.Select(n => n.RecipientPartnerId!.Value).Order());
        Assert.All(sent, n => Assert.Equal("/portal/marketing", n.Link));
    }

    [Fact]
    public async Task A_muted_category_is_skipped_for_preference_but_a_critical_rule_still_delivers()
    {
        var partner = await data.PartnerAsync();
        var login = await database.AddUserAsync(Roles.Partner, partnerId: partner.Id);
        await using (var db = database.CreateContext())
        {
            db.NotificationPreferences.Add(new NotificationPreference(login.Id, NotificationCategory.Milestones, NotificationChannels.InApp, true));
            await db.SaveChangesAsync();
        }
        var normal = await data.RuleAsync(EventTypes.MilestoneAchieved, "M", "{{milestone.title}}", null, NotificationCategory.Milestones);
        var critical = await data.RuleAsync(EventTypes.MilestoneAchieved, "C", "{{milestone.title}}", r => r.Critical = true, NotificationCategory.Milestones);
        var e = await data.EventAsync(EventTypes.MilestoneAchieved, partner.Id, new { title = "100 FTDs", value = 100 });

        await data.Dispatcher().DispatchAllAsync();

        var runs = await data.RunsAsync(e.Id);
        Assert.Equal((RuleOutcome.Skipped, DeliveryPolicy.ReasonPreference), runs.Where(r => r.RuleId == normal.Id).Select(r => (r.Outcome, r.Reason)).Single());
        Assert.Equal(RuleOutcome.Sent, runs.Single(r => r.RuleId == critical.Id).Outcome);
        var n = Assert.Single(await data.NotificationsAsync(e.Id));
        Assert.True(n.Critical);
    }

    [Fact]
    public void Compliance_notifications_cannot_be_muted()
    {
        var ex = Assert.Throws<DomainException>(() => new NotificationPreference("u", NotificationCategory.Compliance, NotificationChannels.InApp, true));
        Assert.Equal("Category", ex.Field);
    }

    [Fact]
    public async Task A_cooldown_allows_one_notification_per_partner_per_24_hours()
    {
        var partner = await data.PartnerAsync();
        var other = await data.PartnerAsync();
        var rule = await data.RuleAsync(EventTypes.TrafficQualityFlagged, "Flag", "{{flag.reason}}", r => r.CooldownMinutes = 1440, NotificationCategory.TrafficQuality);
        var first = await data.EventAsync(EventTypes.TrafficQualityFlagged, partner.Id, new { reason = "one" });
        var sameBatch = await data.EventAsync(EventTypes.TrafficQualityFlagged, partner.Id, new { reason = "two" });
        var otherPartner = await data.EventAsync(EventTypes.TrafficQualityFlagged, other.Id, new { reason = "three" });
        await data.Dispatcher().DispatchAllAsync();

        database.Clock.Advance(TimeSpan.FromHours(23));
        var laterSameDay = await data.EventAsync(EventTypes.TrafficQualityFlagged, partner.Id, new { reason = "four" });
        await data.Dispatcher().DispatchAllAsync();
        database.Clock.Advance(TimeSpan.FromHours(2));
        var nextDay = await data.EventAsync(EventTypes.TrafficQualityFlagged, partner.Id, new { reason = "five" });
        await data.Dispatcher().DispatchAllAsync();

        Assert.Single(await data.NotificationsAsync(first.Id));
        Assert.Single(await data.NotificationsAsync(otherPartner.Id));
        Assert.Single(await data.NotificationsAsync(nextDay.Id));
        foreach (var throttled in new[] { sameBatch, laterSameDay })
        {
            Assert.Empty(await data.NotificationsAsync(throttled.Id));
            var run = Assert.Single(await data.RunsAsync(throttled.Id));
            Assert.Equal(RuleOutcome.Skipped, run.Outcome);
            Assert.StartsWith("throttle", run.Reason, StringComparison.Ordinal);
        }
        Assert.Equal(rule.Id, (await data.NotificationsAsync(nextDay.Id))[0].RuleId);
    }

    [Fact]
    public async Task Quiet_hours_in_the_recipients_time_zone_defer_delivery_until_they_end_and_critical_ignores_them()
    {
        // 23:30 in Tokyo is 14:30 UTC; London is at 14:30, outside quiet hours.
        database.Clock.Set(new DateTimeOffset(2026, 3, 2, 14, 30, 0, TimeSpan.Zero));
        var tokyo = await data.PartnerAsync(timeZone: "Asia/Tokyo");
        var london = await data.PartnerAsync(timeZone: "Europe/London");
        var normal = await data.RuleAsync(EventTypes.PayoutProcessed, "Paid", "{{payout.amount}}");
        var critical = await data.RuleAsync(EventTypes.PayoutProcessed, "Paid!", "{{payout.amount}}", r => r.Critical = true);
        var tokyoEvent = await data.EventAsync(EventTypes.PayoutProcessed, tokyo.Id, AutomationTestData.Payout(1m));
        var londonEvent = await data.EventAsync(EventTypes.PayoutProcessed, london.Id, AutomationTestData.Payout(1m));

        await data.Dispatcher().DispatchAllAsync();

        var deferred = (await data.NotificationsAsync(tokyoEvent.Id)).Single(n => n.RuleId == normal.Id);
        // 07:00 the next morning in Tokyo (UTC+9) is 22:00 UTC the same day.
        Assert.Equal(new DateTime(2026, 3, 2, 22, 0, 0, DateTimeKind.Utc), deferred.DeliverAt);
        var run = (await data.RunsAsync(tokyoEvent.Id)).Single(r => r.RuleId == normal.Id);
        Assert.Equal(RuleOutcome.Deferred, run.Outcome);
        Assert.StartsWith("quiet hours in Asia/Tokyo", run.Reason, StringComparison.Ordinal);
        var urgent = (await data.NotificationsAsync(tokyoEvent.Id)).Single(n => n.RuleId == critical.Id);
        Assert.Equal(urgent.CreatedAt, urgent.DeliverAt);
        Assert.All(await data.NotificationsAsync(londonEvent.Id), n => Assert.Equal(n.CreatedAt, n.DeliverAt));
    }

    [Fact]
    public async Task Digest_rules_wait_for_the_daily_digest_which_bundles_them_into_one_notification_per_recipient()
    {
        var partner = await data.PartnerAsync();
        await data.RuleAsync(EventTypes.CommissionApproved, "Approved {{commission.amount}}", "{{commission.amount}}", r => r.Digest = true, NotificationCategory.Commissions);
        var events = new List<DomainEvent>();
        foreach (var amount in new[] { 10m, 20m, 30m })
            events.Add(await data.EventAsync(EventTypes.CommissionApproved, partner.Id, new { amount, currency = "USD" }));
        await data.Dispatcher().DispatchAllAsync();

        foreach (var e in events)
        {
            var n = Assert.Single(await data.NotificationsAsync(e.Id));
            Assert.True(n.InDigest && n.DeliverAt == DeliveryPolicy.DigestPending);
            Assert.Equal(RuleOutcome.Deferred, Assert.Single(await data.RunsAsync(e.Id)).Outcome);
        }

        // Dispatched at 12:00; the digest is cut at 08:00 UTC: nothing before tomorrow's cut, then one bundle.
        var digest = new NotificationDigest(database.Factory, database.Clock, data.Options, TestNotifications.Writer(data.Options, data.Signal));
        database.Clock.Advance(TimeSpan.FromHours(19)); // 07:00 next day
        Assert.Equal(0, await digest.SendDueAsync());
        database.Clock.Advance(TimeSpan.FromHours(2)); // 09:00: the hourly run after the cut
        Assert.Equal(1, await digest.SendDueAsync());
        Assert.Equal(0, await digest.SendDueAsync());

        await using var db = database.CreateContext();
        var bundle = await db.Notifications.AsNoTracking().SingleAsync(n => n.RecipientKey == Notification.PartnerKey(partner.Id) && n.RuleId == null);
        Assert.Equal("Your daily digest: 3 updates", bundle.Title);
        var text = SafeMarkdown.ToPlainText(bundle.Body);
        Assert.Contains("Approved $10.00", text, StringComparison.Ordinal);
        Assert.Contains("Approved $30.00", text, StringComparison.Ordinal);
        Assert.Contains("href=\"/portal/payouts\"", SafeMarkdown.ToHtml(bundle.Body), StringComparison.Ordinal);
        var bundled = await db.Notifications.AsNoTracking().Where(n => n.RuleId != null && n.RecipientKey == bundle.RecipientKey).ToListAsync();
        Assert.All(bundled, n => Assert.Equal(bundle.CreatedAt, n.DeliverAt));
        Assert.All(bundled, n => Assert.NotNull(n.ReadAt));
    }

    [Fact]
    public async Task A_bad_template_fails_with_the_error_and_a_retry_after_the_fix_delivers_once()
    {
        var admin = await database.AddActorAsync(Roles.Admin);
        var partner = await data.PartnerAsync();
        // Stored without the service's validation (as an older version might have): the render fails at send.
        var rule = await data.RuleAsync(EventTypes.PayoutProcessed, "Paid", "Bonus {{payout.bonus}}");
        var e = await data.EventAsync(EventTypes.PayoutProcessed, partner.Id, AutomationTestData.Payout(5m));
        await data.Dispatcher().DispatchAllAsync();

        var failed = Assert.Single(await data.RunsAsync(e.Id));
        Assert.Equal(RuleOutcome.Failed, failed.Outcome);
        Assert.Contains("{{payout.bonus}}", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(await data.NotificationsAsync(e.Id));

        var service = new TriggerRuleService(database.Factory, database.Clock, data.Dispatcher(), data.Options);
        var detail = await service.GetAsync(admin, rule.Id);
        await service.UpdateAsync(admin, rule.Id, detail.Version, detail.Draft with { BodyTemplate = "Paid {{payout.amount}}" });
        var result = await service.RetryAsync(admin, failed.Id);

        Assert.Equal(1, result.Sent);
        var run = Assert.Single(await data.RunsAsync(e.Id));
        Assert.Equal((RuleOutcome.Sent, 2), (run.Outcome, run.Attempts));
        Assert.Equal("Paid 5\\.00", Assert.Single(await data.NotificationsAsync(e.Id)).Body);
        await Assert.ThrowsAsync<DomainException>(() => service.RetryAsync(admin, run.Id));
        await using var db = database.CreateContext();
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "trigger-rule.run-retried" && a.EntityId == failed.Id.ToString()));
    }

    [Fact]
    public async Task An_event_with_a_payload_that_is_not_json_fails_without_blocking_the_batch()
    {
        var partner = await data.PartnerAsync();
        await data.RuleAsync(EventTypes.PayoutProcessed, "Paid", "{{payout.amount}}");
        DomainEvent broken;
        await using (var db = database.CreateContext())
        {
            broken = new DomainEvent(EventTypes.PayoutProcessed, partner.Id, null, null, "{not json", data.Now);
            db.DomainEvents.Add(broken);
            await db.SaveChangesAsync();
        }
        var fine = await data.EventAsync(EventTypes.PayoutProcessed, partner.Id, AutomationTestData.Payout(3m));

        await data.Dispatcher().DispatchAllAsync();

        var run = Assert.Single(await data.RunsAsync(broken.Id));
        Assert.Equal(RuleOutcome.Failed, run.Outcome);
        Assert.StartsWith("The event's payload is not valid JSON", run.Reason, StringComparison.Ordinal);
        Assert.Single(await data.NotificationsAsync(fine.Id));
    }
}
