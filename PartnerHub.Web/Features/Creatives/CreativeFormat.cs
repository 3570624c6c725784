using System.Globalization;
using MudBlazor;
using PartnerHub.Domain.Creatives;

namespace PartnerHub.Web.Features.Creatives;

/// <summary>How creatives read on screen, the same in the console and the portal.</summary>
public static class CreativeFormat
{
    public static string Type(CreativeType type) => type switch
    {
        CreativeType.Banner => "Banner",
        CreativeType.LandingPage => "Landing page",
        CreativeType.Copy => "Copy",
        CreativeType.Video => "Video",
        _ => type.ToString(),
    };

    public static string TypeIcon(CreativeType type) => type switch
    {
        CreativeType.Banner => Icons.Material.Filled.Image,
        CreativeType.LandingPage => Icons.Material.Filled.Web,
        CreativeType.Copy => Icons.Material.Filled.Article,
        _ => Icons.Material.Filled.Movie,
    };

    public static Color StatusColor(CreativeStatus status) => status switch
    {
        CreativeStatus.Draft => Color.Default,
        CreativeStatus.Published => Color.Success,
        CreativeStatus.Deprecated => Color.Warning,
        _ => Color.Default,
    };

    public static string Date(DateTime value) => value.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>"Deprecated — downloads stop on 12 Dec 2026" (or "stopped" once the date has passed).</summary>
    public static string DeprecatedLabel(DateTime? downloadsStopAt, bool canDownload) => downloadsStopAt is not { } stop
        ? "Deprecated"
        : canDownload ? $"Deprecated — downloads stop on {Date(stop)}" : $"Deprecated — downloads stopped on {Date(stop)}";

    /// <summary>"PNG · 300×250 · 24 KB".</summary>
    public static string FileSummary(string? contentType, long? sizeBytes, int? width, int? height)
    {
        var parts = new List<string>();
        if (contentType is not null) parts.Add(Kind(contentType));
        if (width is { } w && height is { } h) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{w}×{h}"));
        if (sizeBytes is { } size) parts.Add(Size(size));
        return string.Join(" · ", parts);
    }

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MB"),
    };

    private static string Kind(string contentType) => contentType switch
    {
        "image/png" => "PNG",
        "image/jpeg" => "JPEG",
        "image/gif" => "GIF",
        "image/webp" => "WebP",
        "image/svg+xml" => "SVG",
        "application/pdf" => "PDF",
        "application/zip" => "ZIP",
        _ => contentType,
    };
}
