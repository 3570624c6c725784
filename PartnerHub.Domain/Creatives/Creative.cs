using PartnerHub.Domain.Partners;

namespace PartnerHub.Domain.Creatives;

public enum CreativeType { Banner = 1, LandingPage = 2, Copy = 3, Video = 4 }

public enum CreativeStatus { Draft = 1, Published = 2, Deprecated = 3 }

/// <summary>A banner, landing page or piece of copy partners promote. Visible to the segments in <see cref="Visibility"/> (all partners of the vertical when empty).</summary>
public class Creative
{
    private readonly List<CreativeVisibility> _visibility = [];

    private Creative() { }

    public Creative(string name, CreativeType type, Vertical? vertical, DateTime createdAt, string? createdById)
    {
        Name = Guard.Required(name, nameof(Name), 160);
        Type = Guard.Defined(type, nameof(Type));
        Vertical = vertical;
        CreatedAt = createdAt;
        CreatedById = createdById;
        Status = CreativeStatus.Draft;
    }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public CreativeType Type { get; private set; }
    public Vertical? Vertical { get; private set; }
    public string? Description { get; set; }
    /// <summary>The file, stored outside wwwroot (see the creatives service); null for copy-only assets.</summary>
    public string? FileName { get; private set; }
    public string? ContentType { get; private set; }
    public long? SizeBytes { get; private set; }
    public string? StoragePath { get; private set; }
    public int? Width { get; private set; }
    public int? Height { get; private set; }
    /// <summary>Where the tracking link lands; the partner's id is appended per partner.</summary>
    public string? LandingUrl { get; set; }
    public CreativeStatus Status { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string? CreatedById { get; private set; }
    public DateTime? PublishedAt { get; private set; }
    public DateTime? DeprecatedAt { get; private set; }
    public DateTime? DownloadsStopAt { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyCollection<CreativeVisibility> Visibility => _visibility;

    public void AttachFile(string fileName, string contentType, long sizeBytes, string storagePath, int? width, int? height)
    {
        FileName = Guard.Required(fileName, nameof(FileName), 255);
        ContentType = Guard.Required(contentType, nameof(ContentType), 100);
        SizeBytes = sizeBytes;
        StoragePath = storagePath;
        Width = width;
        Height = height;
        Version++;
    }

    public void SetVisibility(IEnumerable<int> segmentIds)
    {
        var wanted = segmentIds.Distinct().ToList();
        _visibility.RemoveAll(v => !wanted.Contains(v.SegmentId));
        foreach (var id in wanted.Where(w => _visibility.All(v => v.SegmentId != w)))
            _visibility.Add(new CreativeVisibility(id));
        Version++;
    }

    public void Publish(DateTime at)
    {
        if (Status != CreativeStatus.Draft) throw new DomainException($"Only a draft can be published; this one is {Status}.");
        Status = CreativeStatus.Published;
        PublishedAt = at;
        Version++;
    }

    public void Deprecate(DateTime at, DateTime downloadsStopAt)
    {
        if (Status != CreativeStatus.Published) throw new DomainException($"Only a published asset can be deprecated; this one is {Status}.");
        if (downloadsStopAt < at) throw new DomainException("Downloads cannot stop in the past.", nameof(DownloadsStopAt));
        Status = CreativeStatus.Deprecated;
        DeprecatedAt = at;
        DownloadsStopAt = downloadsStopAt;
        Version++;
    }

    public bool CanDownload(DateTime now) => Status == CreativeStatus.Published
        || (Status == CreativeStatus.Deprecated && DownloadsStopAt > now);
}

public class CreativeVisibility
{
    private CreativeVisibility() { }
    internal CreativeVisibility(int segmentId) => SegmentId = segmentId;
    public int CreativeId { get; private set; }
    public int SegmentId { get; private set; }
}

/// <summary>Who downloaded what, so a deprecation can notify exactly them.</summary>
public class CreativeDownload
{
    private CreativeDownload() { }

    public CreativeDownload(int creativeId, int partnerId, DateTime at)
    {
        CreativeId = creativeId;
        PartnerId = partnerId;
        DownloadedAt = at;
    }

    public long Id { get; private set; }
    public int CreativeId { get; private set; }
    public int PartnerId { get; private set; }
    public DateTime DownloadedAt { get; private set; }
}
