using System.Text.Json;
using PartnerHub.Domain;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Outbox;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Tests.Domain;

/// <summary>Notification templates: placeholders per event type, validation at save, escaping at render, quiet hours arithmetic.</summary>
public sealed class TemplateRendererTests
{
    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        ["partner.name"] = "Oliver Grant",
        ["payout.amount"] = "1,250.00",
    };

    [Fact]
    public void Every_triggerable_event_type_has_a_catalogue_whose_samples_render()
    {
        foreach (var type in EventTypes.Triggerable)
        {
            var fields = TemplateCatalogue.For(type);
            Assert.Contains(fields, f => f.Name == "partner.name");
            var body = string.Join(" ", fields.Select(f => "{{" + f.Name + "}}"));
            TemplateRenderer.Validate(type, "Title", body);
            var rendered = TemplateRenderer.RenderMarkdown(body, TemplateCatalogue.SampleValues(type));
            Assert.DoesNotContain("{{", rendered, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Paid {{payout.bonus}}", "Body", "TitleTemplate")]
    [InlineData("Paid", "Hi {{partner.nmae}}", "BodyTemplate")]
    [InlineData("Paid", "Hi {{ deal.old }}", "BodyTemplate")]
    public void An_unknown_placeholder_is_refused_naming_the_field(string title, string body, string field)
    {
        var ex = Assert.Throws<DomainException>(() => TemplateRenderer.Validate(EventTypes.PayoutProcessed, title, body));
        Assert.Equal(field, ex.Field);
        Assert.Contains("is not a placeholder of Payout processed", ex.Message, StringComparison.Ordinal);
        Assert.Contains("{{payout.amount}}", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Body", "TitleTemplate")]
    [InlineData("Title", "  ", "BodyTemplate")]
    [InlineData("Title", "Hi {{partner.name", "BodyTemplate")]
    [InlineData("Title", "Hi partner.name}}", "BodyTemplate")]
    public void Empty_or_unclosed_templates_are_refused(string title, string body, string field)
    {
        var ex = Assert.Throws<DomainException>(() => TemplateRenderer.Validate(EventTypes.PayoutProcessed, title, body));
        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void Whitespace_inside_the_braces_is_allowed()
    {
        TemplateRenderer.Validate(EventTypes.PayoutProcessed, "Paid {{ payout.amount }}", "Hi {{partner.name}}");
        Assert.Equal("Paid 1,250.00", TemplateRenderer.RenderText("Paid {{ payout.amount }}", Values));
    }

    [Theory]
    [InlineData("**bold** and _it_")]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("<script>alert(1)</script><b>x</b>")]
    [InlineData("www.evil.example and https://evil.example/x")]
    [InlineData("x\n\n# Heading\n- list\n> quote")]
    [InlineData("![img](https://evil.example/p.png) &lt;b&gt;")]
    public void A_value_cannot_inject_markdown_or_html(string value)
    {
        var values = new Dictionary<string, string>(Values) { ["partner.name"] = value };

        var html = SafeMarkdown.ToHtml(TemplateRenderer.RenderMarkdown("Hi {{partner.name}}, welcome.", values));

        Assert.DoesNotContain("<strong", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<em", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<a ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<h1", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<li", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<blockquote", html, StringComparison.Ordinal);
        Assert.StartsWith("<p>Hi ", html, StringComparison.Ordinal);
        // The words are still there, as text.
        var plain = SafeMarkdown.ToPlainText(TemplateRenderer.RenderMarkdown("{{partner.name}}", values));
        Assert.Equal(string.Join(' ', value.Split(['\n', ' '], StringSplitOptions.RemoveEmptyEntries)), plain);
    }

    [Fact]
    public void The_templates_own_markdown_still_renders()
    {
        var html = SafeMarkdown.ToHtml(TemplateRenderer.RenderMarkdown("Your payout of **{{payout.amount}}** is [on its way](/portal/payouts).", Values));
        Assert.Contains("<strong>1,250.00</strong>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/portal/payouts\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Inside_a_code_span_a_value_is_literal_and_cannot_close_the_span()
    {
        var values = new Dictionary<string, string>(Values) { ["payout.reference"] = "A`**B**" };
        var md = TemplateRenderer.RenderMarkdown("Reference: `{{payout.reference}}` and **{{partner.name}}**", values);
        Assert.Equal("Reference: `A'**B**` and **Oliver Grant**", md);
        Assert.Contains("<code>A'**B**</code>", SafeMarkdown.ToHtml(md), StringComparison.Ordinal);
    }

    [Fact]
    public void Rendering_an_unknown_placeholder_throws_and_lenient_rendering_leaves_it_visible()
    {
        Assert.Throws<DomainException>(() => TemplateRenderer.RenderMarkdown("{{payout.bonus}}", Values));
        Assert.Equal("Bonus {{payout.bonus}}", SafeMarkdown.ToPlainText(TemplateRenderer.RenderMarkdown("Bonus {{payout.bonus}}", Values, lenient: true)));
    }

    [Fact]
    public void Titles_are_plain_one_line_text_of_at_most_200_characters()
    {
        var values = new Dictionary<string, string>(Values) { ["partner.name"] = "Line one\nline **two** " + new string('x', 300) };
        var title = TemplateRenderer.RenderText("Alert: {{partner.name}}", values);
        Assert.StartsWith("Alert: Line one line **two** x", title, StringComparison.Ordinal);
        Assert.Equal(200, title.Length);
    }

    [Fact]
    public void Values_are_read_from_the_payloads_the_services_write()
    {
        using var payout = JsonDocument.Parse("""{"payoutId":4,"amount":1250.5,"currency":"EUR","method":"BankWire","reference":"WIRE-9"}""");
        var v = TemplateCatalogue.ValuesFor(EventTypes.PayoutProcessed, payout.RootElement, "Oliver", "Oliver");
        Assert.Equal(("1,250.50", "EUR", "WIRE-9"), (v["payout.amount"], v["payout.currency"], v["payout.reference"]));

        using var deal = JsonDocument.Parse("""{"dealId":1,"number":3,"effectiveFrom":"2026-04-01","old":"CPA 200.00 USD","new":"CPA 250.00 USD"}""");
        v = TemplateCatalogue.ValuesFor(EventTypes.DealTermsUpdated, deal.RootElement, "Master", "Sub");
        Assert.Equal(("CPA 200.00 USD", "CPA 250.00 USD", "1 April 2026", "3"), (v["deal.old"], v["deal.new"], v["deal.effective"], v["deal.version"]));
        Assert.Equal(("Master", "Sub"), (v["partner.name"], v["recipient.name"]));

        using var threshold = JsonDocument.Parse("""{"balance":1180,"threshold":100,"currency":"USD"}""");
        v = TemplateCatalogue.ValuesFor(EventTypes.PayoutThresholdReached, threshold.RootElement, "P", "P");
        Assert.Equal(("$1,180.00", "$100.00"), (v["payout.balance"], v["payout.threshold"]));
        Assert.Equal(1180m, TemplateCatalogue.Amount(EventTypes.PayoutThresholdReached, threshold.RootElement));
        Assert.Null(TemplateCatalogue.Amount(EventTypes.DealTermsUpdated, deal.RootElement));
    }

    [Fact]
    public void An_event_type_rules_cannot_use_is_refused()
    {
        var ex = Assert.Throws<DomainException>(() => TemplateCatalogue.For(EventTypes.PartnerCreated));
        Assert.Equal("EventType", ex.Field);
    }

    [Theory]
    [InlineData("Europe/London", 2026, 3, 2, 23, 30, "2026-03-03T07:00:00")] // GMT: 23:30 local, ends 07:00 next day
    [InlineData("Europe/London", 2026, 3, 3, 5, 0, "2026-03-03T07:00:00")]   // early morning, same day
    [InlineData("Asia/Tokyo", 2026, 3, 2, 14, 30, "2026-03-02T22:00:00")]    // 23:30 JST = 14:30 UTC; 07:00 JST = 22:00 UTC
    [InlineData("America/New_York", 2026, 7, 1, 3, 0, "2026-07-01T11:00:00")] // 23:00 EDT; 07:00 EDT = 11:00 UTC
    public void Quiet_hours_end_at_seven_in_the_recipients_time_zone(string zone, int y, int mo, int d, int h, int mi, string expectedUtc)
    {
        var end = new NotificationOptions().QuietHoursEndUtc(new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Utc), NotificationOptions.Zone(zone));
        Assert.Equal(DateTime.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), end);
    }

    [Theory]
    [InlineData("Europe/London", 12)]
    [InlineData("Asia/Tokyo", 3)] // 12:00 JST
    public void Outside_quiet_hours_nothing_is_deferred(string zone, int utcHour)
    {
        Assert.Null(new NotificationOptions().QuietHoursEndUtc(new DateTime(2026, 3, 2, utcHour, 0, 0, DateTimeKind.Utc), NotificationOptions.Zone(zone)));
        Assert.Null(new NotificationOptions { QuietHoursStart = new(0, 0), QuietHoursEnd = new(0, 0) }
            .QuietHoursEndUtc(new DateTime(2026, 3, 2, 23, 0, 0, DateTimeKind.Utc), TimeZoneInfo.Utc));
    }
}
