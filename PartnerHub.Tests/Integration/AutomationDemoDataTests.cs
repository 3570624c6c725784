using Microsoft.EntityFrameworkCore;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Tests.Integration;

/// <summary>The engine over the seeded demo data: the eight seeded rules are valid, and scanning then dispatching delivers once.</summary>
public sealed class AutomationDemoDataTests(DemoDataTests.SeededDatabase database) : IClassFixture<DemoDataTests.SeededDatabase>
{
    [Fact]
    public async Task The_seeded_rules_one_per_triggerable_event_are_enabled_and_pass_the_save_validation()
    {
        await using var db = database.CreateContext();
        var rules = await db.TriggerRules.AsNoTracking().OrderBy(r => r.Id).ToListAsync();

        Assert.Equal(EventTypes.Triggerable.Order(), rules.Select(r => r.EventType).Order());
        Assert.All(rules, r => Assert.True(r.Enabled));
        foreach (var r in rules)
        {
            await TriggerRuleService.ValidateAsync(db, r.EventType, new TriggerRuleDraft
            {
                Name = r.Name, Conditions = r.Conditions, Recipients = r.Recipients, Channels = r.Channels,
                TitleTemplate = r.TitleTemplate, BodyTemplate = r.BodyTemplate, CooldownMinutes = r.CooldownMinutes,
                Digest = r.Digest, Critical = r.Critical,
            }, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Scanning_and_dispatching_the_demo_data_delivers_each_notification_once()
    {
        var scanners = new AutomationScanners(database.Factory, database.Clock);
        await scanners.ScanKycDueAsync();
        await scanners.ScanMilestonesAsync();
        await scanners.ScanPayoutThresholdsAsync();
        var dispatcher = TestNotifications.Dispatcher(database.Factory, database.Clock, new NotificationOptions(), INotificationSignal.None);

        var first = await dispatcher.DispatchAllAsync();
        await scanners.ScanKycDueAsync();
        await scanners.ScanMilestonesAsync();
        await scanners.ScanPayoutThresholdsAsync();
        var second = await dispatcher.DispatchAllAsync();

        Assert.Equal(0, first.Failed);
        Assert.Equal(0, second.Events);
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.DomainEvents.CountAsync(e => e.ProcessedAt == null));
        var keys = await db.Notifications.AsNoTracking().Where(n => n.RuleId != null).Select(n => new { n.RuleId, n.EventId, n.RecipientKey }).ToListAsync();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public async Task A_partners_KYC_notification_links_to_the_profile_page_in_the_demo_data_and_when_dispatched()
    {
        await new AutomationScanners(database.Factory, database.Clock).ScanKycDueAsync();
        await TestNotifications.Dispatcher(database.Factory, database.Clock, new NotificationOptions(), INotificationSignal.None).DispatchAllAsync();

        await using var db = database.CreateContext();
        var links = await (
            from n in db.Notifications.AsNoTracking()
            join e in db.DomainEvents.AsNoTracking() on n.EventId equals (long?)e.Id
            where e.Type == EventTypes.KycRequired && n.RecipientPartnerId != null
            select n.Link).ToListAsync();
        Assert.NotEmpty(links);
        Assert.All(links, l => Assert.Equal(PartnerHub.Domain.Partners.PartnerProfileService.PortalLink, l));
        Assert.Equal(0, await db.Notifications.CountAsync(n => n.Link == "/portal/documents"));
    }
}
