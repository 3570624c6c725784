using PartnerHub.Domain.Partners;
using PartnerHub.Web.Components.Shared;

namespace PartnerHub.Web.Features.Partners;

/// <summary>
/// The filters and sort of the partners grid, read from and written to the address
/// (<c>?q=acme&amp;vertical=forexib,propfirm&amp;status=active&amp;country=CY&amp;manager=…&amp;tier=2&amp;sort=name&amp;desc=true</c>).
/// The grid adds the page to make a <see cref="PartnerQuery"/>.
/// </summary>
public sealed record PartnerFilter
{
    public string? Search { get; init; }
    public IReadOnlyCollection<Vertical> Verticals { get; init; } = [];
    public IReadOnlyCollection<PartnerStatus> Statuses { get; init; } = [];
    public string? Country { get; init; }
    public string? ManagerId { get; init; }
    public int? Tier { get; init; }
    /// <summary>A <see cref="PartnerRow"/> property name the grid sorts by, or null for the default order.</summary>
    public string? SortBy { get; init; }
    public bool Descending { get; init; }

    /// <summary>Value equality (the collections by their items), so an unchanged address never reloads the grid.</summary>
    public bool Equals(PartnerFilter? other) => other is not null && Search == other.Search && Country == other.Country
        && ManagerId == other.ManagerId && Tier == other.Tier && SortBy == other.SortBy && Descending == other.Descending
        && Verticals.SequenceEqual(other.Verticals) && Statuses.SequenceEqual(other.Statuses);

    public override int GetHashCode() => HashCode.Combine(Search, Country, ManagerId, Tier, SortBy, Descending, Verticals.Count, Statuses.Count);

    public static PartnerFilter FromUrl(string? search, string? verticals, string? statuses, string? country, string? manager, int? tier,
        string? sort, bool? descending)
    {
        var sortBy = Sortable.FirstOrDefault(s => s.Equals(sort, StringComparison.OrdinalIgnoreCase));
        return new()
        {
            Search = UrlQuery.Text(search),
            Verticals = UrlQuery.List<Vertical>(verticals),
            Statuses = UrlQuery.List<PartnerStatus>(statuses),
            Country = UrlQuery.Text(country),
            ManagerId = UrlQuery.Text(manager),
            Tier = tier is >= 1 and <= 4 ? tier : null,
            SortBy = sortBy,
            Descending = sortBy is not null && descending == true,
        };
    }

    public IReadOnlyDictionary<string, object?> ToUrl() => new Dictionary<string, object?>
    {
        ["q"] = UrlQuery.Text(Search),
        ["vertical"] = UrlQuery.WriteList(Verticals),
        ["status"] = UrlQuery.WriteList(Statuses),
        ["country"] = UrlQuery.Text(Country),
        ["manager"] = UrlQuery.Text(ManagerId),
        ["tier"] = Tier,
        ["sort"] = SortBy?.ToLowerInvariant(),
        ["desc"] = SortBy is null ? null : UrlQuery.Flag(Descending),
    };

    /// <summary>The columns the grid sorts by (the names <see cref="PartnerQueries"/> understands).</summary>
    private static readonly string[] Sortable =
    [
        nameof(PartnerRow.Name), nameof(PartnerRow.Vertical), nameof(PartnerRow.Status), nameof(PartnerRow.Tier),
        nameof(PartnerRow.ManagerName), nameof(PartnerRow.AwaitingReplySince),
    ];
}
