using PartnerHub.Domain.Commissions;
using PartnerHub.Domain.Messaging;

namespace PartnerHub.Tests.Domain;

/// <summary>Record threads and cards are named after their record, never "About a CommissionLine"; message authors always have a name.</summary>
public sealed class RecordTitlesTests
{
    [Fact]
    public void Each_record_type_reads_as_a_person_names_it()
    {
        Assert.Equal("Payout · 12 Oct 2026 · 1,250 USD", RecordTitles.Payout(new DateTime(2026, 10, 12, 15, 30, 0, DateTimeKind.Utc), 1250m, "usd"));
        Assert.Equal("Payout · 1 Nov 2026 · 12,345.5 EUR", RecordTitles.Payout(new DateTime(2026, 11, 1), 12345.50m, "EUR"));
        Assert.Equal("Commission line · Oct 2026 · Lots", RecordTitles.CommissionLine(new DateOnly(2026, 10, 1), CommissionBasis.Lots));
        Assert.Equal("Commission line · Sep 2026 · Revenue share", RecordTitles.CommissionLine(new DateOnly(2026, 9, 1), CommissionBasis.RevShare));
        Assert.Equal("Deal version 3 · 1 Nov 2026", RecordTitles.DealVersion(3, new DateOnly(2026, 11, 1)));
        Assert.Equal("Creative · Spring banner", RecordTitles.Creative("Spring banner"));
        Assert.Equal("Traffic flag · Duplicate IPs", RecordTitles.TrafficFlag("Duplicate IPs"));
    }

    [Fact]
    public void A_long_flag_reason_is_cut_with_an_ellipsis()
    {
        var title = RecordTitles.TrafficFlag(new string('x', 200));
        Assert.Equal("Traffic flag · ".Length + RecordTitles.MaxReasonLength, title.Length);
        Assert.EndsWith("…", title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LinkedRecordType.Payout, """{"amount":1250.0,"currency":"USD","status":"Paid","requestedAt":"2026-10-12T08:00:00Z"}""", "Payout · 12 Oct 2026 · 1,250 USD")]
    [InlineData(LinkedRecordType.CommissionLine, """{"periodStart":"2026-10-01","basis":"Lots","amount":10}""", "Commission line · Oct 2026 · Lots")]
    [InlineData(LinkedRecordType.DealVersion, """{"deal":"Standard","number":3,"effectiveFrom":"2026-11-01"}""", "Deal version 3 · 1 Nov 2026")]
    [InlineData(LinkedRecordType.Creative, """{"name":"Spring banner"}""", "Creative · Spring banner")]
    [InlineData(LinkedRecordType.TrafficQualityFlag, """{"reason":"Duplicate IPs","severity":"High"}""", "Traffic flag · Duplicate IPs")]
    public void A_message_snapshot_gives_the_same_title_as_the_record(LinkedRecordType type, string json, string expected) =>
        Assert.Equal(expected, RecordTitles.FromSnapshot(type, json));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"amount":1}""")]
    public void A_snapshot_without_the_figures_gives_no_title(string? json) =>
        Assert.Null(RecordTitles.FromSnapshot(LinkedRecordType.Payout, json));

    [Fact]
    public void Authors_are_named_from_their_login_their_partner_or_their_role()
    {
        var at = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var partner = new Message(1, MessageAuthorKind.Partner, null, 7, "hi", at);
        var partnerWithLogin = new Message(1, MessageAuthorKind.Partner, "u1", 7, "hi", at);
        var operatorMessage = new Message(1, MessageAuthorKind.Operator, null, null, "hello", at);
        var system = new Message(1, MessageAuthorKind.System, null, null, "Payout sent", at);

        Assert.Equal("Oliver Grant", MessageViewProjection.AuthorName(partnerWithLogin, "Oliver Grant", "Grant Media"));
        Assert.Equal("Grant Media", MessageViewProjection.AuthorName(partner, null, "Grant Media"));
        Assert.Equal("Grant Media", MessageViewProjection.AuthorName(partnerWithLogin, " ", "Grant Media"));
        Assert.Equal("Maya Levi", MessageViewProjection.AuthorName(operatorMessage, "Maya Levi", null));
        Assert.Equal(MessageViewProjection.ProgramTeamName, MessageViewProjection.AuthorName(operatorMessage, null, null));
        Assert.Equal(MessageViewProjection.SystemName, MessageViewProjection.AuthorName(system, "Someone", null));
    }
}
