namespace PartnerHub.Domain;

/// <summary>One page of a server-side list and the total count behind it.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

internal static class LikePattern
{
    /// <summary>"%text%" with LIKE wildcards in the user's text escaped (escape char '\').</summary>
    public static string Contains(string text) =>
        "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
