using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace PartnerHub.Web.Components.Shared;

/// <summary>
/// Filters, sort and search kept in the address: a page reads them with <c>[SupplyParameterFromQuery]</c> and writes them with
/// <see cref="Navigate"/>, a new history entry (so Back returns to the previous view and the URL can be bookmarked). Default
/// values are left out of the address.
/// </summary>
public static class UrlQuery
{
    /// <summary>Goes to the current page with these query values (null removes one), adding a history entry.</summary>
    public static void Navigate(NavigationManager navigation, IReadOnlyDictionary<string, object?> values)
    {
        ArgumentNullException.ThrowIfNull(navigation);
        var target = navigation.GetUriWithQueryParameters(values);
        if (target != navigation.Uri) navigation.NavigateTo(target, forceLoad: false, replace: false);
    }

    /// <summary>An enum from its name in the address (any case); the default when missing or unknown.</summary>
    public static T Enum<T>(string? value, T fallback = default) where T : struct, Enum => Optional<T>(value) ?? fallback;

    /// <summary>A defined enum value by name (numbers are not names), or null.</summary>
    public static T? Optional<T>(string? value) where T : struct, Enum =>
        !string.IsNullOrWhiteSpace(value) && !int.TryParse(value, out _) && System.Enum.TryParse<T>(value, ignoreCase: true, out var parsed)
            && System.Enum.IsDefined(parsed) ? parsed : null;

    /// <summary>An enum written to the address: its name in lower case, or null (left out) for the default.</summary>
    public static string? Write<T>(T value, T fallback = default) where T : struct, Enum =>
        EqualityComparer<T>.Default.Equals(value, fallback) ? null : value.ToString().ToLowerInvariant();

    /// <summary>An optional enum written to the address: its name in lower case, or null (left out).</summary>
    public static string? WriteOptional<T>(T? value) where T : struct, Enum => value?.ToString().ToLowerInvariant();

    /// <summary>Enum values written as a comma-separated list of names, or null when empty.</summary>
    public static string? WriteList<T>(IEnumerable<T> values) where T : struct, Enum
    {
        var list = values.Select(v => v.ToString().ToLowerInvariant()).ToList();
        return list.Count == 0 ? null : string.Join(',', list);
    }

    /// <summary>Enum values from a comma-separated list of names; unknown names are ignored.</summary>
    public static IReadOnlyCollection<T> List<T>(string? value) where T : struct, Enum =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Optional<T>).OfType<T>().Distinct().ToList();

    /// <summary>A flag written to the address: "true" when set, else left out.</summary>
    public static string? Flag(bool value) => value ? "true" : null;

    /// <summary>Text written to the address: trimmed, left out when empty.</summary>
    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A day as yyyy-MM-dd, or null.</summary>
    public static string? Day(DateTime? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A yyyy-MM-dd day from the address, or null when missing or malformed.</summary>
    public static DateTime? Day(string? value) =>
        DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
