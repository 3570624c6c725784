using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Identity;
using PartnerHub.Tests.Integration;
using PartnerHub.Domain.Outbox;
using PartnerHub.Web.Features.Segments;
using PartnerHub.Domain.Notifications;
using PartnerHub.Web.Features.Notifications;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Components;

/// <summary>The rule editor's live preview and save errors, the rules list and the run log's retry, against real SQLite.</summary>
public sealed class TriggerRuleEditorTests : MudTestContext, IClassFixture<SqliteDatabase>
{
    private readonly SqliteDatabase database;
    private readonly AutomationTestData data;

    public TriggerRuleEditorTests(SqliteDatabase database)
    {
        this.database = database;
        data = new AutomationTestData(database);
        Services.AddSingleton(database.Factory);
        Services.AddSingleton<TimeProvider>(database.Clock);
        Services.AddSingleton(data.Options);
        Services.AddSingleton<INotificationSignal>(data.Signal);
        Services.AddSingleton(_ => data.Dispatcher());
        Services.AddScoped<TriggerRuleService>();
    }

    private async Task<(TriggerRule Rule, TriggerRuleDetail Detail, Actor Admin)> RuleAsync()
    {
        var user = await database.AddUserAsync(Roles.Admin, "Ada Admin");
        SignInAs(user, Roles.Admin);
        var rule = await data.RuleAsync(EventTypes.PayoutProcessed, "Payout sent: {{payout.amount}} {{payout.currency}}", "Hi {{partner.name}}");
        var admin = SqliteDatabase.ActorFor(user, Roles.Admin);
        return (rule, await new TriggerRuleService(database.Factory, database.Clock, data.Dispatcher(), data.Options).GetAsync(admin, rule.Id), admin);
    }

    /// <summary>The body is the editor's only multi-line field.</summary>
    private static AngleSharp.Dom.IElement BodyInput(IRenderedComponent<TriggerRuleEditor> cut) => cut.Find("textarea");

    [Fact]
    public async Task The_preview_renders_the_sample_event_and_follows_the_body_as_it_is_typed()
    {
        var (_, detail, _) = await RuleAsync();
        RenderPopovers();
        var cut = Render<TriggerRuleEditor>(p => p.Add(e => e.Detail, detail));

        cut.WaitForAssertion(() => Assert.Contains("Payout sent: 1,250.00 USD", cut.Find("[data-testid='preview-title']").TextContent, StringComparison.Ordinal));
        Assert.Contains("Hi Oliver Grant", cut.Find("[aria-label='Live preview'] .ph-markdown").InnerHtml, StringComparison.Ordinal);

        BodyInput(cut).Input("Your payout of **{{payout.amount}} {{payout.currency}}** is on its way, {{partner.name}}.");

        cut.WaitForAssertion(() => Assert.Contains("<strong>1,250.00 USD</strong> is on its way, Oliver Grant.",
            cut.Find("[aria-label='Live preview'] .ph-markdown").InnerHtml, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[aria-label='Live preview'] .mud-alert"));

        BodyInput(cut).Input("Bonus {{payout.bonus}}");
        cut.WaitForAssertion(() => Assert.Contains("Will be refused at save: {{payout.bonus}} is not a placeholder",
            cut.Find("[aria-label='Live preview'] .mud-alert").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Saving_an_unknown_placeholder_shows_the_error_at_the_body_field_and_saves_nothing()
    {
        var (rule, detail, admin) = await RuleAsync();
        var saved = 0;
        RenderPopovers();
        var cut = Render<TriggerRuleEditor>(p => p.Add(e => e.Detail, detail).Add(e => e.Saved, () => saved++));
        cut.WaitForAssertion(() => Assert.Contains("1,250.00", cut.Find("[data-testid='preview-title']").TextContent, StringComparison.Ordinal));

        BodyInput(cut).Input("Hi {{partner.nam}}");
        cut.FindAll("button").Single(b => b.TextContent.Contains("Save rule", StringComparison.Ordinal)).Click();

        cut.WaitForAssertion(() =>
        {
            var errors = cut.FindAll(".mud-input-control.mud-input-error");
            var bodyField = Assert.Single(errors);
            Assert.Contains("Body (Markdown)", bodyField.TextContent, StringComparison.Ordinal);
            Assert.Contains("{{partner.nam}} is not a placeholder of Payout processed", bodyField.TextContent, StringComparison.Ordinal);
        });
        Assert.Equal(0, saved);
        await using var db = database.CreateContext();
        Assert.Equal("Hi {{partner.name}}", (await db.TriggerRules.AsNoTracking().SingleAsync(r => r.Id == rule.Id)).BodyTemplate);

        // Fixing the body clears the error, and the save goes through.
        BodyInput(cut).Input("Hi {{partner.name}}, paid {{payout.amount}}.");
        cut.FindAll("button").Single(b => b.TextContent.Contains("Save rule", StringComparison.Ordinal)).Click();
        cut.WaitForAssertion(() => Assert.Equal(1, saved));
        Assert.Empty(cut.FindAll(".mud-input-control.mud-input-error"));
        await using var after = database.CreateContext();
        Assert.Equal("Hi {{partner.name}}, paid {{payout.amount}}.", (await after.TriggerRules.AsNoTracking().SingleAsync(r => r.Id == rule.Id)).BodyTemplate);
        _ = admin;
    }

    [Fact]
    public async Task An_upline_unsafe_placeholder_is_shown_at_the_body_field_and_nothing_is_saved()
    {
        var (rule, detail, _) = await RuleAsync();
        var saved = 0;
        var toUpline = detail with
        {
            Draft = detail.Draft with
            {
                Recipients = new RuleRecipients { Partner = true, UplineLevels = 1 },
                TitleTemplate = "Payout for {{partner.name}}", BodyTemplate = "Paid {{payout.amount}} to {{partner.name}}",
            },
        };
        RenderPopovers();
        var cut = Render<TriggerRuleEditor>(p => p.Add(e => e.Detail, toUpline).Add(e => e.Saved, () => saved++));
        cut.WaitForAssertion(() => Assert.Contains("Payout for Oliver Grant", cut.Find("[data-testid='preview-title']").TextContent, StringComparison.Ordinal));

        cut.FindAll("button").Single(b => b.TextContent.Contains("Save rule", StringComparison.Ordinal)).Click();

        cut.WaitForAssertion(() =>
        {
            var bodyField = Assert.Single(cut.FindAll(".mud-input-control.mud-input-error"));
            Assert.Contains("Body (Markdown)", bodyField.TextContent, StringComparison.Ordinal);
            Assert.Contains("{{payout.amount}} is not shown to the upline", bodyField.TextContent, StringComparison.Ordinal);
        });
        Assert.Equal(0, saved);
        await using var db = database.CreateContext();
        Assert.Equal(0, (await db.TriggerRules.AsNoTracking().SingleAsync(r => r.Id == rule.Id)).Recipients.UplineLevels);
    }

    [Fact]
    public async Task The_rules_list_shows_each_rule_with_its_counts_and_the_switch_turns_it_off()
    {
        var (rule, _, _) = await RuleAsync();
        var cut = Render<TriggerRules>();

        cut.WaitForAssertion(() => Assert.Contains(rule.Name, cut.Find("[aria-label='Trigger rules']").TextContent, StringComparison.Ordinal));
        var labelled = cut.Find($"[aria-label='Enabled: {rule.Name}']");
        var toggle = labelled.TagName == "INPUT" ? labelled : labelled.QuerySelector("input")!;
        toggle.Change(false);

        await using var db = database.CreateContext();
        cut.WaitForAssertion(() => Assert.False(db.TriggerRules.AsNoTracking().Single(r => r.Id == rule.Id).Enabled));
    }

    [Fact]
    public async Task A_failed_run_has_a_retry_button_that_re_runs_it()
    {
        var (rule, detail, admin) = await RuleAsync();
        await data.OnlyTheseRulesAsync(rule);
        var partner = await data.PartnerAsync();
        await using (var db = database.CreateContext())
        {
            // A template stored without validation fails at send.
            var stored = await db.TriggerRules.SingleAsync(r => r.Id == rule.Id);
            stored.SetTemplates("Paid", "Bonus {{payout.bonus}}", data.Now);
            await db.SaveChangesAsync();
        }
        var e = await data.EventAsync(EventTypes.PayoutProcessed, partner.Id, AutomationTestData.Payout(9m));
        await data.Dispatcher().DispatchAllAsync();
        var failed = Assert.Single(await data.RunsAsync(e.Id));
        await using (var db = database.CreateContext())
        {
            var stored = await db.TriggerRules.SingleAsync(r => r.Id == rule.Id);
            stored.SetTemplates("Paid", "Paid {{payout.amount}}", data.Now);
            await db.SaveChangesAsync();
        }

        RenderPopovers();
        var cut = Render<RuleRunLog>(p => p.Add(l => l.RuleId, rule.Id));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll($"button[aria-label='Retry run {failed.Id}']")));
        cut.Find($"button[aria-label='Retry run {failed.Id}']").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("button[aria-label^='Retry run']")));
        Assert.Equal(RuleOutcome.Sent, Assert.Single(await data.RunsAsync(e.Id)).Outcome);
        Assert.Single(await data.NotificationsAsync(e.Id));
        _ = (detail, admin);
    }
}
