using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerHub.Domain.Data;
using PartnerHub.Web.Demo;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Payouts;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Tests.Browser;

/// <summary>
/// Issue 6's journey: an admin rewrites the "Payout processed" template; a manager marks a payout paid; the partner, with
/// the portal open, sees the bell count rise and the new text within seconds, exactly once; the rule's run log shows one sent.
/// Nothing in between is typed by a person: the change writes an outbox event, the Quartz dispatcher delivers it.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AutomationJourneyTests(PortalServer server)
{
    [Fact]
    public async Task An_edited_payout_template_reaches_the_partners_open_portal_once_when_a_manager_pays()
    {
        var marker = Guid.NewGuid().ToString("N")[..6];
        int ruleId;
        long payoutId;
        // A partner of the journey's own (managed by the demo manager): no other journey's events reach its bell.
        var login = await server.CreatePartnerLoginAsync();
        var partnerId = login.PartnerId!.Value;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            ruleId = await db.TriggerRules.Where(r => r.EventType == EventTypes.PayoutProcessed).Select(r => r.Id).SingleAsync();
            // A payout of the partner in Processing.
            var now = DateTime.UtcNow;
            var payout = new Payout(partnerId, 1234.56m, "GBP", PayoutMethod.BankWire, now.AddHours(-2));
            payout.StartProcessing(now.AddHours(-1));
            db.Payouts.Add(payout);
            await db.SaveChangesAsync();
            payoutId = payout.Id;
        }

        // Whatever creating the partner set off is delivered before the bell's count is taken.
        await server.DrainOutboxAsync();

        // The partner has the portal open; the bell shows its count.
        var partner = await server.NewPageAsync();
        await new LoginPage(partner).SignInAsync(login.Email, login.Password);
        await partner.WaitForURLAsync(new Regex("/portal$"));
        var bell = partner.GetByTestId("notification-bell");
        await Assertions.Expect(bell).ToHaveAttributeAsync("aria-label", new Regex(@"^Notifications, \d+ unread$"));
        var before = UnreadIn(await bell.GetAttributeAsync("aria-label"));

        // The admin rewrites the template (and lets it through quiet hours, so the journey does not depend on the hour).
        var admin = await server.NewPageAsync();
        await new LoginPage(admin).SignInAsync(DemoAccounts.Admin);
        await admin.WaitForURLAsync(new Regex("/(admin|console)$"));
        await admin.GotoAsync("/admin/triggers");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Payout sent" }).ClickAsync();
        await admin.WaitForURLAsync(new Regex($"/admin/triggers/{ruleId}$"));
        var title = admin.GetByLabel("Title", new() { Exact = true });
        await Assertions.Expect(title).ToHaveValueAsync(new Regex("payout.amount"));
        await title.FillAsync($"Paid {marker}: {{{{payout.amount}}}} {{{{payout.currency}}}}");
        await admin.GetByLabel("Body (Markdown)").FillAsync($"Good news, {{{{partner.name}}}}: **{{{{payout.amount}}}} {{{{payout.currency}}}}** left our bank today (ref `{{{{payout.reference}}}}`). Journey {marker}.");
        await Assertions.Expect(admin.GetByTestId("preview-title")).ToContainTextAsync($"Paid {marker}: 1,250.00 USD");
        var quiet = admin.GetByRole(AriaRole.Switch, new() { Name = "Respect quiet hours" });
        if (await quiet.IsCheckedAsync()) await quiet.ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save rule" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("Rule saved.")).ToBeVisibleAsync();
        await admin.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "journey6-admin-template.png"), FullPage = true });

        // The manager marks the payout paid.
        var manager = await server.NewPageAsync();
        await new LoginPage(manager).SignInAsync(DemoAccounts.Manager);
        await manager.WaitForURLAsync(new Regex("/console$"));
        await manager.GotoAsync($"/console/partners/{partnerId}?tab=payouts");
        var id = payoutId.ToString(CultureInfo.InvariantCulture);
        await manager.GetByRole(AriaRole.Button, new() { Name = $"Mark payout {id} paid" }).ClickAsync();
        var dialog = manager.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Reference").FillAsync($"WIRE-{marker}");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Mark paid" }).ClickAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Row).Filter(new() { HasText = $"WIRE-{marker}" })).ToContainTextAsync("Paid");

        // Without a reload the partner's bell goes up by one and shows the new text, once.
        await Assertions.Expect(bell).ToHaveAttributeAsync("aria-label", $"Notifications, {before + 1} unread", new() { Timeout = 15_000 });
        await bell.ClickAsync();
        var latest = partner.GetByRole(AriaRole.Menu, new() { Name = "Latest notifications" });
        await Assertions.Expect(latest.GetByText($"Paid {marker}: 1,234.56 GBP")).ToHaveCountAsync(1);
        await partner.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "journey6-partner-bell.png") });
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(1, await db.Notifications.CountAsync(n => n.RecipientPartnerId == partnerId && n.Title.Contains(marker)));
        }

        // The rule's run log shows the delivery: one sent to this partner for the payout's event.
        await admin.GetByRole(AriaRole.Tab, new() { Name = "Run log" }).ClickAsync();
        var runs = admin.GetByRole(AriaRole.Tabpanel, new() { Name = "Run log" }).GetByRole(AriaRole.Row)
            .Filter(new() { HasText = $"partner {partnerId}" }).Filter(new() { HasText = "Sent" });
        await Assertions.Expect(runs.First).ToBeVisibleAsync();
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var eventId = await db.DomainEvents.Where(e => e.Type == EventTypes.PayoutProcessed && e.RecordId == id).Select(e => e.Id).SingleAsync();
            Assert.Equal(1, await db.RuleRuns.CountAsync(r => r.RuleId == ruleId && r.EventId == eventId && r.Outcome == RuleOutcome.Sent));
            await Assertions.Expect(runs.Filter(new() { HasText = $"#{eventId}" })).ToHaveCountAsync(1);
        }
        await admin.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, "journey6-run-log.png"), FullPage = true });

        foreach (var page in new[] { partner, admin, manager }) await page.Context.CloseAsync();
    }

    private static int UnreadIn(string? label) =>
        int.Parse(Regex.Match(label ?? "", @"\d+").Value, CultureInfo.InvariantCulture);
}
