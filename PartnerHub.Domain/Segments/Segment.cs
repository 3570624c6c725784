using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Partners;

namespace PartnerHub.Domain.Segments;

public enum PerformanceMetric { Clicks = 1, Registrations = 2, Ftds = 3, Deposits = 4, NetGamingRevenue = 5, Lots = 6, Volume = 7, NetDeposits = 8, SignUps = 9, ChallengesSold = 10, FundedAccounts = 11 }

/// <summary>"FTDs in the last 30 days >= 5": a performance threshold over a window.</summary>
public sealed record PerformanceThreshold(PerformanceMetric Metric, int WindowDays, decimal Minimum);

/// <summary>The criteria of a segment. Every list that is empty means "any"; all criteria combine with AND.</summary>
public sealed record SegmentCriteria
{
    public IReadOnlyList<Vertical> Verticals { get; init; } = [];
    public IReadOnlyList<PartnerStatus> Statuses { get; init; } = [];
    public IReadOnlyList<string> Countries { get; init; } = [];
    public IReadOnlyList<int> Tiers { get; init; } = [];
    public IReadOnlyList<int> DealIds { get; init; } = [];
    public IReadOnlyList<DealType> DealTypes { get; init; } = [];
    public IReadOnlyList<string> ManagerIds { get; init; } = [];
    public IReadOnlyList<KycStatus> KycStatuses { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<PerformanceThreshold> Thresholds { get; init; } = [];
    /// <summary>Only partners in the downline of this master IB.</summary>
    public int? DownlineOfPartnerId { get; init; }
}

/// <summary>A saved, named audience. Evaluated in the database at use, never cached as a member list.</summary>
public class Segment
{
    private Segment() { }

    public Segment(string name, SegmentCriteria criteria, DateTime createdAt, string? createdById)
    {
        Name = Guard.Required(name, nameof(Name), 120);
        Criteria = criteria;
        CreatedAt = UpdatedAt = createdAt;
        CreatedById = createdById;
    }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public string? Description { get; set; }
    public SegmentCriteria Criteria { get; private set; } = new();
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public string? CreatedById { get; private set; }
    public int Version { get; private set; }

    public void Update(string name, string? description, SegmentCriteria criteria, DateTime at)
    {
        Name = Guard.Required(name, nameof(Name), 120);
        Description = Guard.Optional(description, nameof(Description), 500);
        Criteria = criteria;
        UpdatedAt = at;
        Version++;
    }
}
