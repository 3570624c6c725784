using PartnerHub.Domain;
using PartnerHub.Domain.Compliance;

namespace PartnerHub.Tests.Domain;

/// <summary>The retention policy's rules: whole years 1–50, five years for the regulated kinds, the audit log never shorter.</summary>
public sealed class RetentionPolicyTests
{
    private static Dictionary<RetentionKind, int> Policy(int conversations = 5, int ledger = 5, int notifications = 5, int audit = 7) => new()
    {
        [RetentionKind.Conversations] = conversations, [RetentionKind.AnnouncementLedger] = ledger,
        [RetentionKind.Notifications] = notifications, [RetentionKind.AuditLog] = audit,
    };

    [Fact]
    public void The_defaults_keep_every_rule()
    {
        Assert.Equal([5, 5, 5, 7], RetentionPolicy.Kinds.Select(RetentionPolicy.DefaultYears));
        Assert.Null(Record.Exception(() => RetentionPolicy.Validate(RetentionPolicy.Kinds.ToDictionary(k => k, RetentionPolicy.DefaultYears))));
        Assert.DoesNotContain(RetentionKind.AuditLog, RetentionPolicy.PurgedKinds);
    }

    [Theory]
    [InlineData(RetentionKind.Conversations)]
    [InlineData(RetentionKind.AnnouncementLedger)]
    public void Regulated_records_are_kept_at_least_five_years(RetentionKind kind)
    {
        var years = Policy();
        years[kind] = 4;
        var refusal = Assert.Throws<DomainException>(() => RetentionPolicy.Validate(years));
        Assert.Equal(kind.ToString(), refusal.Field);
        Assert.Contains("at least 5 years", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("MiFID II and AMLD4", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(51)]
    public void Periods_are_whole_years_from_one_to_fifty(int years)
    {
        var refusal = Assert.Throws<DomainException>(() => RetentionPolicy.Validate(Policy(notifications: years, audit: 50)));
        Assert.Equal(nameof(RetentionKind.Notifications), refusal.Field);
        Assert.Contains("from 1 to 50", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Notifications_may_be_kept_a_single_year()
    {
        Assert.Null(Record.Exception(() => RetentionPolicy.Validate(Policy(notifications: 1))));
    }

    [Fact]
    public void The_audit_log_is_never_kept_shorter_than_the_longest_other_period()
    {
        var refusal = Assert.Throws<DomainException>(() => RetentionPolicy.Validate(Policy(ledger: 12, audit: 10)));
        Assert.Equal(nameof(RetentionKind.AuditLog), refusal.Field);
        Assert.Contains("(12 years)", refusal.Message, StringComparison.Ordinal);
        Assert.Null(Record.Exception(() => RetentionPolicy.Validate(Policy(ledger: 12, audit: 12))));
    }

    [Fact]
    public void A_missing_kind_is_refused_at_its_field()
    {
        var years = Policy();
        years.Remove(RetentionKind.AnnouncementLedger);
        Assert.Equal(nameof(RetentionKind.AnnouncementLedger), Assert.Throws<DomainException>(() => RetentionPolicy.Validate(years)).Field);
    }
}
