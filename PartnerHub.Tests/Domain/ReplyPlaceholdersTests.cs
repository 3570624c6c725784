using PartnerHub.Domain;
using PartnerHub.Domain.Messaging;

namespace PartnerHub.Tests.Domain;

/// <summary>Filling saved replies: values escaped for Markdown, unknown placeholders and absent records refused at the body field.</summary>
public sealed class ReplyPlaceholdersTests
{
    private static readonly Dictionary<string, string> Payout = new()
    {
        ["partner.name"] = "Oliver Grant",
        ["payout.amount"] = "1,250.00 USD",
        ["payout.status"] = "Paid",
    };

    [Fact]
    public void Placeholders_are_replaced_by_the_threads_values()
    {
        var text = ReplyPlaceholders.Fill("Hi {{partner.name}}, {{ payout.amount }} is {{payout.status}}", Payout, LinkedRecordType.Payout);

        Assert.DoesNotContain("{{", text);
        Assert.Equal("<p>Hi Oliver Grant, 1,250.00 USD is Paid</p>", SafeMarkdown.ToHtml(text).Trim());
    }

    [Fact]
    public void Values_are_escaped_so_markdown_and_links_in_a_name_read_literally()
    {
        var values = new Dictionary<string, string> { ["partner.name"] = "**Boss** [click](javascript:alert(1)) <b>x</b>" };

        var html = SafeMarkdown.ToHtml(ReplyPlaceholders.Fill("Hi {{partner.name}}", values, null));

        Assert.DoesNotContain("<strong>", html);
        Assert.DoesNotContain("<a ", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("**Boss**", html);
    }

    [Theory]
    [InlineData("1,250.00 USD", "1,250.00 USD")]
    [InlineData("Grant & Sons <Ltd>", @"Grant \& Sons \<Ltd\>")]
    [InlineData("- not a list", @"\- not a list")]
    [InlineData("1. not a list", @"1\. not a list")]
    [InlineData("two\nlines `code`", "two lines 'code'")]
    public void A_value_keeps_ordinary_punctuation_and_loses_its_markdown_meaning(string value, string escaped) =>
        Assert.Equal(escaped, ReplyPlaceholders.Escape(value));

    [Fact]
    public void An_unknown_placeholder_is_refused_at_the_body_with_the_known_ones()
    {
        var ex = Assert.Throws<DomainException>(() => ReplyPlaceholders.Fill("Hi {{partner.nick}}", Payout, LinkedRecordType.Payout));

        Assert.Equal(nameof(SavedReply.Body), ex.Field);
        Assert.Contains("{{partner.nick}} is not a saved-reply placeholder", ex.Message);
        Assert.Contains("{{payout.amount}}", ex.Message);
    }

    [Fact]
    public void A_record_placeholder_in_a_thread_without_that_record_is_refused()
    {
        var direct = Assert.Throws<DomainException>(() => ReplyPlaceholders.Fill("Paid {{payout.amount}}", Payout, null));
        Assert.Equal("{{payout.amount}} needs a conversation about a payout; this one is not about a record.", direct.Message);

        var line = Assert.Throws<DomainException>(() => ReplyPlaceholders.Fill("{{deal.version}}", Payout, LinkedRecordType.CommissionLine));
        Assert.Contains("about a commission line", line.Message);
    }

    [Fact]
    public void An_unclosed_placeholder_is_refused_at_save()
    {
        var ex = Assert.Throws<DomainException>(() => ReplyPlaceholders.Validate("Hi {{partner.name"));
        Assert.Equal(nameof(SavedReply.Body), ex.Field);
        ReplyPlaceholders.Validate("No placeholders at all");
    }
}
