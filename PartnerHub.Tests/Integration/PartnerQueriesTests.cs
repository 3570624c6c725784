using Bogus;
using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// Forty partners across verticals, statuses, countries, managers and tiers, made once per class
/// with a fixed Bogus seed. <see cref="Partners"/> keeps them in memory so each test can compare the
/// grid query with the same filter in LINQ to objects.
/// </summary>
public sealed class SeededPartnersDatabase : SqliteDatabase
{
    public const int Count = 40;

    public List<Partner> Partners { get; } = [];
    public List<ApplicationUser> Managers { get; } = [];
    public Actor Operator { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Operator = await AddActorAsync(Roles.Compliance);
        foreach (var name in new[] { "Zoe Zimmer", "Amir Haddad", "Lena Fischer" })
            Managers.Add(await AddUserAsync(Roles.Manager, name));

        var f = new Faker { Random = new Randomizer(31337) };
        var now = Clock.GetUtcNow().UtcDateTime;
        var names = new HashSet<string>();
        while (Partners.Count < Count)
        {
            var first = f.Name.FirstName();
            var last = f.Name.LastName();
            if (!names.Add($"{first} {last}")) continue; // distinct names keep the name sort unambiguous
            var i = Partners.Count;
            var partner = new Partner($"{first} {last}", f.Internet.Email(first, last, f.PickRandom("example.com", "affiliates.test", "ib-network.test"), $".{i}"),
                f.PickRandom<Vertical>(), f.PickRandom("GB", "DE", "CY", "AE", "ZA"), now.AddDays(-i));
            partner.UpdateProfile(partner.Name, f.Random.Bool(0.6f) ? f.Company.CompanyName() : null, partner.Email, partner.Country, "UTC", "en");
            switch (f.PickRandom<PartnerStatus>())
            {
                case PartnerStatus.Active: partner.ChangeStatus(PartnerStatus.Active, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)); break;
                case PartnerStatus.Suspended: partner.ChangeStatus(PartnerStatus.Active, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)); partner.ChangeStatus(PartnerStatus.Suspended, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)); break;
                case PartnerStatus.Terminated: partner.ChangeStatus(PartnerStatus.Terminated, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)); break;
            }
            if (f.Random.Bool(0.75f)) partner.AssignManager(f.PickRandom(Managers).Id, Operator.UserId, now);
            var uplines = Partners.Where(p => p.Status != PartnerStatus.Terminated && p.Tier < 3).ToList();
            if (i >= 8 && f.Random.Bool(0.5f) && uplines.Count > 0) partner.SetParent(f.PickRandom(uplines));

            // One save per partner, so an upline has its id before a sub-partner points at it.
            await using var db = CreateContext();
            if (partner.Parent is { } parent) db.Attach(parent);
            db.Partners.Add(partner);
            await db.SaveChangesAsync();
            Partners.Add(partner);
        }
    }
}

public class PartnerQueriesTests(SeededPartnersDatabase database) : IClassFixture<SeededPartnersDatabase>
{
    private readonly PartnerQueries _queries = new(database.Factory);
    private List<Partner> All => database.Partners;

    [Fact]
    public void Seed_covers_every_filter()
    {
        Assert.Equal(SeededPartnersDatabase.Count, All.Count);
        Assert.All(Enum.GetValues<Vertical>(), v => Assert.Contains(All, p => p.Vertical == v));
        Assert.All(Enum.GetValues<PartnerStatus>(), s => Assert.Contains(All, p => p.Status == s));
        Assert.All(database.Managers, m => Assert.Contains(All, p => p.ManagerId == m.Id));
        Assert.Contains(All, p => p.ManagerId is null);
        Assert.All(new[] { 1, 2, 3 }, t => Assert.Contains(All, p => p.Tier == t));
    }

    [Fact]
    public async Task Without_filters_every_partner_is_listed()
    {
        await AssertFiltersAsync(new PartnerQuery(), _ => true);
    }

    [Fact]
    public async Task Search_by_name_fragment_finds_the_partners_whose_name_email_or_company_contains_it()
    {
        var fragment = All[5].Name.Split(' ')[1][..4].ToLowerInvariant();

        await AssertFiltersAsync(new PartnerQuery { Search = fragment }, p => Matches(p, fragment));
    }

    [Fact]
    public async Task Search_by_email_fragment_finds_the_partners_whose_email_contains_it()
    {
        var fragment = "@ib-network";

        await AssertFiltersAsync(new PartnerQuery { Search = fragment.ToUpperInvariant() }, p => Matches(p, fragment));
    }

    [Fact]
    public async Task Search_by_company_fragment_finds_the_partner()
    {
        var company = All.First(p => p.Company is not null).Company!;
        var fragment = company[..Math.Min(6, company.Length)];

        await AssertFiltersAsync(new PartnerQuery { Search = fragment }, p => Matches(p, fragment));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("\\")]
    public async Task Search_treats_LIKE_wildcards_as_plain_text(string text)
    {
        await AssertFiltersAsync(new PartnerQuery { Search = text }, p => Matches(p, text));
    }

    [Fact]
    public async Task Filter_by_vertical()
    {
        Vertical[] verticals = [Vertical.ForexIb, Vertical.PropTradingAffiliate];

        await AssertFiltersAsync(new PartnerQuery { Verticals = verticals }, p => verticals.Contains(p.Vertical));
    }

    [Fact]
    public async Task Filter_by_status()
    {
        PartnerStatus[] statuses = [PartnerStatus.Suspended, PartnerStatus.Terminated];

        await AssertFiltersAsync(new PartnerQuery { Statuses = statuses }, p => statuses.Contains(p.Status));
    }

    [Fact]
    public async Task Filter_by_country_ignores_case_and_spaces()
    {
        await AssertFiltersAsync(new PartnerQuery { Country = " cy " }, p => p.Country == "CY");
    }

    [Fact]
    public async Task Filter_by_manager()
    {
        var manager = database.Managers[1].Id;

        await AssertFiltersAsync(new PartnerQuery { ManagerId = manager }, p => p.ManagerId == manager);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Filter_by_tier(int tier)
    {
        await AssertFiltersAsync(new PartnerQuery { Tier = tier }, p => p.Tier == tier);
    }

    [Fact]
    public async Task Filters_combine_with_and()
    {
        var query = new PartnerQuery
        {
            Verticals = [Vertical.ForexIb, Vertical.IGamingAffiliate],
            Statuses = [PartnerStatus.Active, PartnerStatus.Applied],
            Tier = 1,
        };

        await AssertFiltersAsync(query, p => query.Verticals.Contains(p.Vertical) && query.Statuses.Contains(p.Status) && p.Tier == 1);
    }

    [Fact]
    public async Task Sorted_by_name_ascending_by_default()
    {
        var page = await _queries.SearchAsync(database.Operator, new PartnerQuery { PageSize = 100 });

        Assert.Equal(All.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Id), page.Items.Select(r => r.Id));
    }

    [Fact]
    public async Task Sorted_by_name_descending()
    {
        var page = await _queries.SearchAsync(database.Operator, new PartnerQuery { SortBy = nameof(PartnerRow.Name), Descending = true, PageSize = 100 });

        Assert.Equal(All.OrderByDescending(p => p.Name, StringComparer.Ordinal).Select(p => p.Id), page.Items.Select(r => r.Id));
    }

    [Theory]
    [InlineData(nameof(PartnerRow.Tier), false)]
    [InlineData(nameof(PartnerRow.Tier), true)]
    [InlineData(nameof(PartnerRow.Country), false)]
    [InlineData(nameof(PartnerRow.Status), true)]
    public async Task Sorted_by_a_column_then_by_name(string column, bool descending)
    {
        Func<Partner, object> key = column switch
        {
            nameof(PartnerRow.Tier) => p => p.Tier,
            nameof(PartnerRow.Country) => p => p.Country,
            _ => p => p.Status,
        };
        var ordered = descending ? All.OrderByDescending(key) : All.OrderBy(key);

        var page = await _queries.SearchAsync(database.Operator, new PartnerQuery { SortBy = column, Descending = descending, PageSize = 100 });

        Assert.Equal(ordered.ThenBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Id), page.Items.Select(r => r.Id));
    }

    [Fact]
    public async Task Second_page_of_ten_holds_items_eleven_to_twenty_and_the_full_total()
    {
        var page = await _queries.SearchAsync(database.Operator, new PartnerQuery { Page = 1, PageSize = 10 });

        Assert.Equal(All.OrderBy(p => p.Name, StringComparer.Ordinal).Skip(10).Take(10).Select(p => p.Id), page.Items.Select(r => r.Id));
        Assert.Equal(SeededPartnersDatabase.Count, page.Total);
    }

    [Fact]
    public async Task Page_past_the_end_is_empty_but_keeps_the_total()
    {
        var page = await _queries.SearchAsync(database.Operator, new PartnerQuery { Page = 9, PageSize = 10 });

        Assert.Empty(page.Items);
        Assert.Equal(SeededPartnersDatabase.Count, page.Total);
    }

    [Fact]
    public async Task Page_size_is_at_least_one_and_at_most_the_maximum()
    {
        var tiny = await _queries.SearchAsync(database.Operator, new PartnerQuery { PageSize = 0 });
        var huge = await _queries.SearchAsync(database.Operator, new PartnerQuery { PageSize = 100_000 });

        Assert.Single(tiny.Items);
        Assert.Equal(SeededPartnersDatabase.Count, huge.Items.Count);
    }

    [Fact]
    public async Task Row_shows_the_upline_and_manager_names()
    {
        var sub = All.First(p => p.ParentId is not null && p.ManagerId is not null);
        var manager = database.Managers.Single(m => m.Id == sub.ManagerId);

        var page = await _queries.SearchAsync(database.Operator, new PartnerQuery { Search = sub.Email });

        var row = Assert.Single(page.Items);
        Assert.Equal(sub.Id, row.Id);
        Assert.Equal(All.Single(p => p.Id == sub.ParentId).Name, row.ParentName);
        Assert.Equal(manager.DisplayName, row.ManagerName);
        Assert.Equal(sub.Tier, row.Tier);
        Assert.Null(row.AwaitingReplySince);
    }

    [Fact]
    public async Task Profile_header_row_shows_the_upline_and_manager_names()
    {
        var sub = All.Last(p => p.ParentId is not null && p.ManagerId is not null);

        var row = await _queries.GetRowAsync(database.Operator, sub.Id);

        Assert.NotNull(row);
        Assert.Equal(sub.Name, row.Name);
        Assert.Equal(All.Single(p => p.Id == sub.ParentId).Name, row.ParentName);
        Assert.Equal(database.Managers.Single(m => m.Id == sub.ManagerId).DisplayName, row.ManagerName);
        Assert.Null(await _queries.GetRowAsync(database.Operator, 999_999));
    }

    [Fact]
    public async Task A_partner_cannot_search_the_directory()
    {
        var partnerActor = new Actor("partner-user", "Some Partner", new HashSet<string> { Roles.Partner }, All[0].Id);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _queries.SearchAsync(partnerActor, new PartnerQuery()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _queries.QuickSearchAsync(partnerActor, All[0].Name));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _queries.ManagersAsync(partnerActor));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _queries.GetRowAsync(partnerActor, All[0].Id));
    }

    [Fact]
    public async Task Quick_search_returns_a_few_hits_by_name()
    {
        var fragment = "an";

        var hits = await _queries.QuickSearchAsync(database.Operator, fragment, take: 5);

        var expected = All.Where(p => Matches(p, fragment)).OrderBy(p => p.Name, StringComparer.Ordinal).Take(5).Select(p => p.Id);
        Assert.Equal(expected, hits.Select(h => h.Id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("  b  ")]
    public async Task Quick_search_needs_two_characters(string text)
    {
        Assert.Empty(await _queries.QuickSearchAsync(database.Operator, text));
    }

    [Fact]
    public async Task Managers_lists_only_users_with_the_Manager_role_by_name()
    {
        var managers = await _queries.ManagersAsync(database.Operator);

        Assert.Equal(database.Managers.Select(m => m.DisplayName).Order(StringComparer.Ordinal), managers.Select(m => m.Name));
    }

    private async Task AssertFiltersAsync(PartnerQuery query, Func<Partner, bool> expected)
    {
        var page = await _queries.SearchAsync(database.Operator, query with { PageSize = PartnerQueries.MaxPageSize });

        var want = All.Where(expected).Select(p => p.Id).Order().ToList();
        Assert.Equal(want, page.Items.Select(r => r.Id).Order().ToList());
        Assert.Equal(want.Count, page.Total);
    }

    /// <summary>What the search box promises: name, email or company contains the text, ignoring case.</summary>
    private static bool Matches(Partner p, string text)
    {
        var t = text.Trim();
        return p.Name.Contains(t, StringComparison.OrdinalIgnoreCase)
            || p.Email.Contains(t, StringComparison.OrdinalIgnoreCase)
            || (p.Company?.Contains(t, StringComparison.OrdinalIgnoreCase) ?? false);
    }
}
