using System.Globalization;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Segments;
using PartnerHub.Web.Components.Shared;

namespace PartnerHub.Web.Features.Segments;

/// <summary>The segment editor's form model: a mutable copy of a <see cref="SegmentCriteria"/>, with the typed lists as text.</summary>
public sealed class SegmentCriteriaModel
{
    public List<Vertical> Verticals { get; set; } = [];
    public List<PartnerStatus> Statuses { get; set; } = [];
    public string? Countries { get; set; }
    public List<int> Tiers { get; set; } = [];
    public List<DealType> DealTypes { get; set; } = [];
    public string? DealIds { get; set; }
    public List<string> ManagerIds { get; set; } = [];
    public List<KycStatus> KycStatuses { get; set; } = [];
    public string? Tags { get; set; }
    public List<ThresholdRow> Thresholds { get; set; } = [];
    public SegmentPartnerOption? DownlineOf { get; set; }

    /// <summary>One performance threshold as the editor shows it.</summary>
    public sealed class ThresholdRow
    {
        public PerformanceMetric Metric { get; set; } = PerformanceMetric.Ftds;
        public decimal Minimum { get; set; } = 1;
        public int WindowDays { get; set; } = 30;
    }

    /// <summary>Copies <paramref name="c"/> in; <paramref name="downlineOf"/> is the master IB its DownlineOfPartnerId names.</summary>
    public void Load(SegmentCriteria c, SegmentPartnerOption? downlineOf)
    {
        Verticals = [.. c.Verticals];
        Statuses = [.. c.Statuses];
        Countries = string.Join(", ", c.Countries);
        Tiers = [.. c.Tiers];
        DealTypes = [.. c.DealTypes];
        DealIds = string.Join(", ", c.DealIds);
        ManagerIds = [.. c.ManagerIds];
        KycStatuses = [.. c.KycStatuses];
        Tags = string.Join(", ", c.Tags);
        Thresholds = c.Thresholds.Select(t => new ThresholdRow { Metric = t.Metric, Minimum = t.Minimum, WindowDays = t.WindowDays }).ToList();
        DownlineOf = downlineOf;
    }

    /// <summary>
    /// The criteria for the service, which checks them. The deal ids are the one thing read here: when one is not a number this
    /// puts a message at DealIds and returns false; otherwise it takes that message away.
    /// </summary>
    public bool TryBuild(FieldErrors errors, out SegmentCriteria criteria)
    {
        criteria = new SegmentCriteria();
        var ids = new List<int>();
        foreach (var part in SegmentText.SplitList(DealIds))
        {
            if (!int.TryParse(part.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                errors.Set("DealIds", $"'{part}' is not a deal id.");
                return false;
            }
            ids.Add(id);
        }
        errors.Remove("DealIds");
        criteria = new SegmentCriteria
        {
            Verticals = Verticals, Statuses = Statuses, Countries = SegmentText.SplitList(Countries), Tiers = Tiers, DealIds = ids,
            DealTypes = DealTypes, ManagerIds = ManagerIds, KycStatuses = KycStatuses, Tags = SegmentText.SplitList(Tags),
            Thresholds = Thresholds.Select(t => new PerformanceThreshold(t.Metric, t.WindowDays, t.Minimum)).ToList(),
            DownlineOfPartnerId = DownlineOf?.Id,
        };
        return true;
    }
}
