using MimeKit;
using PartnerHub.Domain.Messaging;

namespace PartnerHub.Tests.Domain;

/// <summary>What of an emailed reply is the person's own text, and which mails no person wrote.</summary>
public sealed class EmailReplyTextTests
{
    [Theory]
    [InlineData("Thanks!\n\nOn Mon, 2 Mar 2026 at 12:03, PartnerHub <no-reply@partnerhub.test> wrote:\n> Your statement is ready.\n> Link", "Thanks!")]
    [InlineData("Thanks!\nOn Mon, 2 Mar 2026 at 12:03, Maya Levi\n<maya@partnerhub.test> wrote:\n> quoted", "Thanks!")]
    [InlineData("Inline answer.\n> quoted line\n>> older line\nMore of mine.", "Inline answer.\nMore of mine.")]
    [InlineData("Confirmed.\n\n-----Original Message-----\nFrom: PartnerHub\nSent: Monday\nSubject: New message", "Confirmed.")]
    [InlineData("Confirmed.\n\nFrom: PartnerHub <no-reply@partnerhub.test>\nSent: Monday, March 2, 2026 12:03 PM\nTo: Oliver\nSubject: New message\n\nYour statement", "Confirmed.")]
    [InlineData("See you Monday.\n-- \nOliver Grant\nGrant Media Ltd", "See you Monday.")]
    [InlineData("See you Monday.\r\n--\r\nOliver", "See you Monday.")]
    [InlineData("From: the start of my sentence is not a header block.", "From: the start of my sentence is not a header block.")]
    [InlineData("> only a quote\nOn Mon, 2 Mar 2026, X wrote:", "")]
    public void Quoted_history_and_signatures_are_stripped(string text, string expected) =>
        Assert.Equal(expected, EmailReplyText.Strip(text));

    [Fact]
    public void An_html_only_reply_is_read_as_text_without_its_quoted_blockquote()
    {
        var mail = new MimeMessage { Body = new TextPart("html") { Text = "<div>Yes &amp; thanks</div><blockquote>Your statement</blockquote>" } };
        Assert.Equal("Yes & thanks", EmailReplyText.Strip(EmailReplyText.TextOf(mail)));
    }

    private static MimeMessage Mail(string subject = "Re: New message from Maya Levi", params (string Name, string Value)[] headers)
    {
        var mail = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = "Hi" } };
        foreach (var (name, value) in headers) mail.Headers.Add(name, value);
        return mail;
    }

    [Theory]
    [InlineData("Auto-Submitted", "auto-replied")]
    [InlineData("Auto-Submitted", "auto-generated")]
    [InlineData("Precedence", "bulk")]
    [InlineData("Precedence", "junk")]
    [InlineData("Precedence", "list")]
    [InlineData("X-Autoreply", "yes")]
    public void Auto_reply_headers_are_recognised(string header, string value) =>
        Assert.NotNull(AutomaticMail.AutoReplyReason(Mail(headers: (header, value))));

    [Theory]
    [InlineData("Out of office: New message from Maya Levi")]
    [InlineData("Automatic reply: New message from Maya Levi")]
    [InlineData("Re: Out of Office until Monday")]
    public void Auto_reply_subjects_are_recognised(string subject) =>
        Assert.NotNull(AutomaticMail.AutoReplyReason(Mail(subject)));

    [Fact]
    public void A_person_s_reply_is_not_an_auto_reply_even_with_auto_submitted_no() =>
        Assert.Null(AutomaticMail.AutoReplyReason(Mail(headers: ("Auto-Submitted", "no"))));

    [Fact]
    public void A_delivery_report_names_the_returned_message_and_whether_it_failed()
    {
        MimeMessage Report(string action)
        {
            var status = new MessageDeliveryStatus();
            status.StatusGroups.Add(new HeaderList { { "Reporting-MTA", "dns; mx.example" } });
            status.StatusGroups.Add(new HeaderList { { "Final-Recipient", "rfc822; a@example.com" }, { "Action", action }, { "Status", "5.1.1" } });
            var returned = new MimeMessage { MessageId = "abc.1@reply.partnerhub.test" };
            return new MimeMessage { Body = new MultipartReport("delivery-status") { new TextPart("plain") { Text = "Returned" }, status, new MessagePart { Message = returned } } };
        }

        var failed = AutomaticMail.DeliveryReport(Report("failed"));
        Assert.NotNull(failed);
        Assert.True(failed.Value.Failed);
        Assert.Equal(["abc.1@reply.partnerhub.test"], failed.Value.OriginalMessageIds);
        Assert.False(AutomaticMail.DeliveryReport(Report("delayed"))!.Value.Failed);
        Assert.Null(AutomaticMail.DeliveryReport(Mail()));
    }

    [Theory]
    [InlineData("reply+abcdefghijklmnopqrstuvwxyz234567@reply.example.com", "abcdefghijklmnopqrstuvwxyz234567")]
    [InlineData("REPLY+ABCDEFGHIJKLMNOPQRSTUVWXYZ234567@Reply.Example.com", "abcdefghijklmnopqrstuvwxyz234567")]
    [InlineData("reply+abcdefghijklmnopqrstuvwxyz234567@other.example.com", null)]
    [InlineData("reply+short@reply.example.com", null)]
    [InlineData("support@reply.example.com", null)]
    public void A_reply_address_yields_its_token_only_on_the_reply_domain(string address, string? token) =>
        Assert.Equal(token, ReplyAddress.TokenOf(address, "reply.example.com"));

    [Fact]
    public void Reply_tokens_are_random_and_well_formed()
    {
        var tokens = Enumerable.Range(0, 200).Select(_ => new ReplyAddress(1, "p:1", DateTime.UtcNow).Token).ToList();
        Assert.Equal(200, tokens.Distinct().Count());
        Assert.All(tokens, t => Assert.Equal(t, ReplyAddress.TokenOf($"reply+{t}@r.example", "r.example")));
    }
}
