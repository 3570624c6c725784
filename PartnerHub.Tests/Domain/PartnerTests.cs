using PartnerHub.Domain;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Tests.Domain;

public class PartnerTests
{
    private static readonly (PartnerStatus From, PartnerStatus To)[] AllowedTransitions =
    [
        (PartnerStatus.Applied, PartnerStatus.Active),
        (PartnerStatus.Applied, PartnerStatus.Terminated),
        (PartnerStatus.Active, PartnerStatus.Suspended),
        (PartnerStatus.Active, PartnerStatus.Terminated),
        (PartnerStatus.Suspended, PartnerStatus.Active),
        (PartnerStatus.Suspended, PartnerStatus.Terminated),
    ];

    public static TheoryData<PartnerStatus, PartnerStatus> Allowed()
    {
        var data = new TheoryData<PartnerStatus, PartnerStatus>();
        foreach (var (from, to) in AllowedTransitions) data.Add(from, to);
        return data;
    }

    /// <summary>Every other pair of statuses, including staying put and leaving Terminated.</summary>
    public static TheoryData<PartnerStatus, PartnerStatus> Refused()
    {
        var data = new TheoryData<PartnerStatus, PartnerStatus>();
        foreach (var from in Enum.GetValues<PartnerStatus>())
            foreach (var to in Enum.GetValues<PartnerStatus>())
                if (!AllowedTransitions.Contains((from, to)))
                    data.Add(from, to);
        return data;
    }

    [Fact]
    public void New_partner_is_applied_top_level_with_normalised_email_and_country()
    {
        var partner = new Partner("  Ada Lovelace ", "Ada.Lovelace@Example.COM", Vertical.ForexIb, "gb", Fakes.Now);

        Assert.Equal("Ada Lovelace", partner.Name);
        Assert.Equal("ada.lovelace@example.com", partner.Email);
        Assert.Equal("GB", partner.Country);
        Assert.Equal(PartnerStatus.Applied, partner.Status);
        Assert.Equal(KycStatus.NotStarted, partner.KycStatus);
        Assert.Equal(1, partner.Tier);
        Assert.Null(partner.ParentId);
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Partner_status_moves_along_an_allowed_transition(PartnerStatus from, PartnerStatus to)
    {
        var partner = PartnerIn(from);
        var version = partner.Version;

        partner.ChangeStatus(to, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal(to, partner.Status);
        Assert.True(partner.Version > version);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Partner_status_refuses_any_other_transition(PartnerStatus from, PartnerStatus to)
    {
        var partner = PartnerIn(from);

        var ex = Assert.Throws<DomainException>(() => partner.ChangeStatus(to, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)));

        Assert.Equal("Status", ex.Field);
        Assert.Equal(from, partner.Status);
    }

    [Fact]
    public void Partner_status_refuses_an_unknown_status()
    {
        var partner = Fakes.Partner();

        var ex = Assert.Throws<DomainException>(() => partner.ChangeStatus((PartnerStatus)99, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)));

        Assert.Equal("Status", ex.Field);
        Assert.Equal(PartnerStatus.Applied, partner.Status);
    }

    [Fact]
    public void Partner_cannot_become_its_own_parent()
    {
        var partner = Fakes.Partner();

        var ex = Assert.Throws<DomainException>(() => partner.SetParent(partner));

        Assert.Equal("ParentId", ex.Field);
        Assert.Null(partner.Parent);
        Assert.Equal(1, partner.Tier);
    }

    [Fact]
    public void Partner_cannot_become_its_own_ancestor()
    {
        var (a, b, c) = Chain();

        var ex = Assert.Throws<DomainException>(() => a.SetParent(c));

        Assert.Equal("ParentId", ex.Field);
        Assert.Null(a.Parent);
        Assert.Equal(1, a.Tier);
        Assert.Same(a, b.Parent);
        Assert.Same(b, c.Parent);
    }

    [Fact]
    public void Partner_cannot_be_placed_under_its_direct_sub_partner()
    {
        var (a, b, _) = Chain();

        var ex = Assert.Throws<DomainException>(() => a.SetParent(b));

        Assert.Equal("ParentId", ex.Field);
    }

    [Fact]
    public void Partner_cannot_be_placed_under_a_terminated_partner()
    {
        var parent = Fakes.Partner(1);
        parent.ChangeStatus(PartnerStatus.Terminated, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var child = Fakes.Partner(2);

        var ex = Assert.Throws<DomainException>(() => child.SetParent(parent));

        Assert.Equal("ParentId", ex.Field);
        Assert.Null(child.Parent);
    }

    [Fact]
    public void Tier_is_the_depth_in_the_IB_tree()
    {
        var (a, b, c) = Chain();

        Assert.Equal(1, a.Tier);
        Assert.Equal(2, b.Tier);
        Assert.Equal(3, c.Tier);
        Assert.Same(b, c.Parent);
    }

    [Fact]
    public void A_sub_partner_may_move_up_under_its_grand_parent_or_to_the_top()
    {
        var (a, _, c) = Chain();

        c.SetParent(a);
        Assert.Equal(2, c.Tier);
        Assert.Same(a, c.Parent);

        c.SetParent(null);
        Assert.Equal(1, c.Tier);
        Assert.Null(c.Parent);
        Assert.Null(c.ParentId);
    }

    [Fact]
    public void Assigning_a_manager_closes_the_previous_assignment_and_keeps_the_history()
    {
        var partner = Fakes.Partner();
        var first = partner.AssignManager("manager-1", "admin-1", Fakes.Now.AddDays(-10));

        var second = partner.AssignManager("manager-2", "admin-1", Fakes.Now);

        Assert.Equal("manager-2", partner.ManagerId);
        Assert.Equal(2, partner.Assignments.Count);
        Assert.Equal(Fakes.Now, first.EndedAt);
        Assert.Null(second.EndedAt);
        Assert.Equal(new[] { "manager-1", "manager-2" }, partner.Assignments.Select(a => a.ManagerId));
        Assert.Single(partner.Assignments, a => a.EndedAt is null);
    }

    [Fact]
    public void Assigning_the_same_manager_twice_is_refused()
    {
        var partner = Fakes.Partner();
        partner.AssignManager("manager-1", "admin-1", Fakes.Now.AddDays(-1));

        var ex = Assert.Throws<DomainException>(() => partner.AssignManager("manager-1", "admin-1", Fakes.Now));

        Assert.Equal("ManagerId", ex.Field);
        var only = Assert.Single(partner.Assignments);
        Assert.Null(only.EndedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Assigning_no_manager_is_refused(string managerId)
    {
        var partner = Fakes.Partner();

        var ex = Assert.Throws<DomainException>(() => partner.AssignManager(managerId, "admin-1", Fakes.Now));

        Assert.Equal("ManagerId", ex.Field);
        Assert.Empty(partner.Assignments);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-email")]
    [InlineData("ada@localhost")]
    [InlineData("ada lovelace@example.com")]
    [InlineData("Ada <ada@example.com>")]
    [InlineData("@example.com")]
    public void Invalid_email_is_refused(string email)
    {
        var ex = Assert.Throws<DomainException>(() => new Partner("Ada Lovelace", email, Vertical.ForexIb, "GB", Fakes.Now));

        Assert.Equal("Email", ex.Field);
    }

    [Fact]
    public void Invalid_email_in_a_profile_update_is_refused_and_the_old_email_kept()
    {
        var partner = Fakes.Partner();
        var email = partner.Email;

        var ex = Assert.Throws<DomainException>(() => partner.UpdateProfile("New Name", null, "nope", "GB", "UTC", "en"));

        Assert.Equal("Email", ex.Field);
        Assert.Equal(email, partner.Email);
    }

    [Theory]
    [InlineData("")]
    [InlineData("G")]
    [InlineData("GBR")]
    [InlineData("G1")]
    [InlineData("12")]
    public void Invalid_country_is_refused(string country)
    {
        var ex = Assert.Throws<DomainException>(() => new Partner("Ada Lovelace", "ada@example.com", Vertical.ForexIb, country, Fakes.Now));

        Assert.Equal("Country", ex.Field);
    }

    [Fact]
    public void Unknown_vertical_is_refused()
    {
        var ex = Assert.Throws<DomainException>(() => new Partner("Ada Lovelace", "ada@example.com", (Vertical)99, "GB", Fakes.Now));

        Assert.Equal("Vertical", ex.Field);
    }

    [Fact]
    public void Blank_name_is_refused()
    {
        var ex = Assert.Throws<DomainException>(() => new Partner("  ", "ada@example.com", Vertical.ForexIb, "GB", Fakes.Now));

        Assert.Equal("Name", ex.Field);
    }

    [Fact]
    public void Negative_payout_threshold_is_refused()
    {
        var partner = Fakes.Partner();

        var ex = Assert.Throws<DomainException>(() => partner.SetPayoutTerms(PayoutMethod.Crypto, "USD", -0.01m));

        Assert.Equal("PayoutThreshold", ex.Field);
        Assert.Equal(100m, partner.PayoutThreshold);
    }

    [Fact]
    public void Zero_payout_threshold_is_accepted_and_currency_upper_cased()
    {
        var partner = Fakes.Partner();

        partner.SetPayoutTerms(PayoutMethod.Skrill, "eur", 0m);

        Assert.Equal(0m, partner.PayoutThreshold);
        Assert.Equal("EUR", partner.Currency);
        Assert.Equal(PayoutMethod.Skrill, partner.PayoutMethod);
    }

    [Theory]
    [InlineData("US")]
    [InlineData("US1")]
    [InlineData("")]
    public void Invalid_payout_currency_is_refused(string currency)
    {
        var partner = Fakes.Partner();

        var ex = Assert.Throws<DomainException>(() => partner.SetPayoutTerms(PayoutMethod.BankWire, currency, 100m));

        Assert.Equal("Currency", ex.Field);
    }

    [Fact]
    public void Unknown_payout_method_is_refused()
    {
        var partner = Fakes.Partner();

        var ex = Assert.Throws<DomainException>(() => partner.SetPayoutTerms((PayoutMethod)99, "USD", 100m));

        Assert.Equal("PayoutMethod", ex.Field);
    }

    [Fact]
    public void Unknown_time_zone_is_refused()
    {
        var partner = Fakes.Partner();

        var ex = Assert.Throws<DomainException>(() => partner.UpdateProfile(partner.Name, null, partner.Email, partner.Country, "Mars/Olympus_Mons", "en"));

        Assert.Equal("TimeZone", ex.Field);
        Assert.Equal("UTC", partner.TimeZone);
    }

    [Fact]
    public void Tags_are_lower_cased_trimmed_and_distinct()
    {
        var partner = Fakes.Partner();
        partner.SetTags(["VIP", "old"]);

        partner.SetTags([" Asia ", "vip", "VIP"]);

        Assert.Equal(new[] { "asia", "vip" }, partner.Tags.Select(t => t.Tag).Order());
    }

    private static Partner PartnerIn(PartnerStatus status)
    {
        var partner = Fakes.Partner((int)status);
        switch (status)
        {
            case PartnerStatus.Active:
                partner.ChangeStatus(PartnerStatus.Active, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
                break;
            case PartnerStatus.Suspended:
                partner.ChangeStatus(PartnerStatus.Active, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
                partner.ChangeStatus(PartnerStatus.Suspended, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
                break;
            case PartnerStatus.Terminated:
                partner.ChangeStatus(PartnerStatus.Terminated, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
                break;
        }
        Assert.Equal(status, partner.Status);
        return partner;
    }

    /// <summary>a &lt;- b &lt;- c, built in memory (ids are all 0, so the cycle check must go by reference).</summary>
    private static (Partner A, Partner B, Partner C) Chain()
    {
        var partners = Fakes.Partners().Generate(3);
        var (a, b, c) = (partners[0], partners[1], partners[2]);
        a.SetParent(null);
        b.SetParent(a);
        c.SetParent(b);
        return (a, b, c);
    }
}

/// <summary>Erasure on the entity: only a terminated partner, once; the pseudonym replaces every personal field.</summary>
public sealed class PartnerErasureRulesTests
{
    private static readonly DateTime At = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Ending_the_relationship_records_when_and_only_a_terminated_partner_can_be_pseudonymised()
    {
        var partner = new Partner("Ann Lee", "ann@example.net", Vertical.ForexIb, "GB", At.AddYears(-2));
        partner.SetContact("+44 7700 900123");
        partner.SetBeneficiary("GB33BUKB20201555555555");
        partner.ChangeStatus(PartnerStatus.Active, At.AddYears(-2));
        Assert.Null(partner.EndedAt);
        var active = Assert.Throws<DomainException>(() => partner.Pseudonymise(At));
        Assert.Contains("Terminated", active.Message, StringComparison.Ordinal);

        partner.ChangeStatus(PartnerStatus.Terminated, At.AddDays(-1));
        Assert.Equal(At.AddDays(-1), partner.EndedAt);
        partner.Pseudonymise(At);
        Assert.Equal(Partner.ErasedName(partner.Id), partner.Name);
        Assert.Equal(Partner.ErasedEmail(partner.Id), partner.Email);
        Assert.Null(partner.Company);
        Assert.Null(partner.Phone);
        Assert.Null(partner.PayoutBeneficiary);
        Assert.Equal(At, partner.ErasedAt);
        Assert.Throws<DomainException>(() => partner.Pseudonymise(At));
    }

    [Theory]
    [InlineData("Thanks ann lee!", "Thanks Erased partner #7!")]
    [InlineData("Ann Leeds is someone else", "Ann Leeds is someone else")]
    [InlineData("Write to ANN@EXAMPLE.NET today", "Write to erased-partner-7@erased.invalid today")]
    [InlineData("Cost $5 for Ann Lee", "Cost $5 for Erased partner #7")]
    public void The_sweep_replaces_whole_identifiers_ignoring_case(string text, string expected)
    {
        IReadOnlyList<PartnerHub.Domain.Privacy.PersonalIdentifier> ids =
            [new("Ann Lee", Partner.ErasedName(7)), new("ann@example.net", Partner.ErasedEmail(7))];
        Assert.Equal(expected, PartnerHub.Domain.Privacy.PersonalDataSweep.Replace(text, ids));
    }
}
