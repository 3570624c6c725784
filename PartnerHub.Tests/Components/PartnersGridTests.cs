using Bogus;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Tests.Integration;
using PartnerHub.Web.Features.Partners;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Components;

/// <summary>The partners grid against a real SQLite database: what an operator sees for given filters.</summary>
public sealed class PartnersGridTests : MudTestContext, IClassFixture<PartnersGridTests.Data>
{
    public sealed class Data : SqliteDatabase
    {
        public List<Partner> Partners { get; } = [];
        public ApplicationUser Manager { get; private set; } = default!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Manager = await AddUserAsync(Roles.Manager, "Maya Manager");
            var faker = new Faker { Random = new Randomizer(4242) };
            await using var db = CreateContext();
            for (var i = 0; i < 37; i++)
            {
                var vertical = (Vertical)(i % 3 + 1);
                var p = new Partner($"{faker.Company.CompanyName()} {i:D2}", $"grid{i}@partners.test", vertical, i % 2 == 0 ? "GB" : "DE", Clock.GetUtcNow().UtcDateTime);
                if (i % 4 == 0) p.AssignManager(Manager.Id, null, Clock.GetUtcNow().UtcDateTime);
                db.Partners.Add(p);
                Partners.Add(p);
            }
            await db.SaveChangesAsync();
        }
    }

    private readonly Data data;

    public PartnersGridTests(Data data)
    {
        this.data = data;
        Services.AddSingleton(data.Factory);
        Services.AddSingleton<TimeProvider>(data.Clock); // the grid's "unanswered for" hours count from the data's clock, not the wall clock
        Services.AddScoped<PartnerQueries>();
        SignIn("compliance-1", "Cora Compliance", Roles.Compliance);
    }

    [Fact]
    public void First_page_shows_25_partners_sorted_by_name_and_the_total()
    {
        var cut = Render<PartnersGrid>(p => p.Add(g => g.Filter, new PartnerFilter()));

        cut.WaitForAssertion(() => Assert.Equal(25, Rows(cut).Count));
        var expected = data.Partners.Select(p => p.Name).Order(StringComparer.Ordinal).Take(25).ToList();
        Assert.Equal(expected, Rows(cut).Select(r => r.QuerySelector("a")!.TextContent).ToList());
        Assert.Equal(37, cut.Instance.Total);
        Assert.Contains("1-25 of 37", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Filtering_by_vertical_and_country_shows_only_matching_partners()
    {
        var filter = new PartnerFilter { Verticals = [Vertical.ForexIb], Country = "DE" };
        var cut = Render<PartnersGrid>(p => p.Add(g => g.Filter, filter));

        var expected = data.Partners.Where(p => p.Vertical == Vertical.ForexIb && p.Country == "DE").Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        cut.WaitForAssertion(() => Assert.Equal(expected, Rows(cut).Select(r => r.QuerySelector("a")!.TextContent).ToList()));
        Assert.All(Rows(cut), r => Assert.Contains("Forex IB", r.TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Changing_the_filter_reloads_the_grid_from_the_server()
    {
        var cut = Render<PartnersGrid>(p => p.Add(g => g.Filter, new PartnerFilter()));
        cut.WaitForAssertion(() => Assert.Equal(25, Rows(cut).Count));

        cut.Render(p => p.Add(g => g.Filter, new PartnerFilter { ManagerId = data.Manager.Id }));

        var expected = data.Partners.Count(p => p.ManagerId == data.Manager.Id);
        cut.WaitForAssertion(() => Assert.Equal(expected, Rows(cut).Count));
        Assert.All(Rows(cut), r => Assert.Contains("Maya Manager", r.TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void A_search_with_no_match_says_so()
    {
        var cut = Render<PartnersGrid>(p => p.Add(g => g.Filter, new PartnerFilter { Search = "zz-no-such-partner" }));

        cut.WaitForAssertion(() => Assert.Contains("No partner matches these filters.", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(Rows(cut));
    }

    [Fact]
    public void Each_row_links_to_the_partner_profile()
    {
        var cut = Render<PartnersGrid>(p => p.Add(g => g.Filter, new PartnerFilter { Search = "grid7@" }));

        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));
        var partner = data.Partners.Single(p => p.Email == "grid7@partners.test");
        Assert.Equal($"/console/partners/{partner.Id}", Rows(cut)[0].QuerySelector("a")!.GetAttribute("href"));
    }

    private static IReadOnlyList<AngleSharp.Dom.IElement> Rows(IRenderedComponent<PartnersGrid> cut) =>
        cut.FindAll("tbody tr.mud-table-row").Where(r => r.QuerySelector("a") is not null).ToList();
}
