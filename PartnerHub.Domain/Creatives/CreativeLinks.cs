using System.Globalization;

namespace PartnerHub.Domain.Creatives;

/// <summary>Per-partner tracking links: the creative's landing URL with the partner's reference appended.</summary>
public static class CreativeLinks
{
    public const string Parameter = "ref";

    /// <summary>The reference a partner's traffic carries: <c>P{partnerId}</c>.</summary>
    public static string Reference(int partnerId) => "P" + partnerId.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// <c>https://brand.example/welcome?ref=P42</c>: the same partner always gets the same link. An existing query
    /// keeps its parameters (the reference is added with <c>&amp;</c>), and a fragment stays at the end. Null when the
    /// creative has no landing URL.
    /// </summary>
    public static string? TrackingLink(string? landingUrl, int partnerId)
    {
        if (string.IsNullOrWhiteSpace(landingUrl)) return null;
        var url = landingUrl.Trim();
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        var fragment = hash >= 0 ? url[hash..] : "";
        var main = hash >= 0 ? url[..hash] : url;
        var separator = !main.Contains('?', StringComparison.Ordinal) ? "?" : main.EndsWith('?') || main.EndsWith('&') ? "" : "&";
        return $"{main}{separator}{Parameter}={Reference(partnerId)}{fragment}";
    }

    /// <summary>An absolute http(s) URL, or a <see cref="DomainException"/> on field "LandingUrl".</summary>
    public static string? ValidLandingUrl(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var trimmed = value.Trim();
        if (trimmed.Length > 400) throw new DomainException("The landing URL must be at most 400 characters.", nameof(Creative.LandingUrl));
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host))
            throw new DomainException("The landing URL must be a full http:// or https:// address.", nameof(Creative.LandingUrl));
        return trimmed;
    }

    /// <summary>
    /// The partner's main tracking link for the dashboard: the first landing page's link among the assets it can use, else the
    /// first asset's link; null when none has a landing URL.
    /// </summary>
    public static string? MainLink(IEnumerable<PortalCreative> assets) =>
        assets.Where(a => a.TrackingLink is not null && !a.IsDeprecated)
            .OrderBy(a => a.Type == CreativeType.LandingPage ? 0 : 1).ThenBy(a => a.Id)
            .Select(a => a.TrackingLink).FirstOrDefault();
}
