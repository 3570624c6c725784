using PartnerHub.Domain.Partners;

namespace PartnerHub.Web.Features.Partners;

/// <summary>The filters above the partners grid. The grid adds sort and page to make a <see cref="PartnerQuery"/>.</summary>
public sealed record PartnerFilter
{
    public string? Search { get; init; }
    public IReadOnlyCollection<Vertical> Verticals { get; init; } = [];
    public IReadOnlyCollection<PartnerStatus> Statuses { get; init; } = [];
    public string? Country { get; init; }
    public string? ManagerId { get; init; }
    public int? Tier { get; init; }
}
