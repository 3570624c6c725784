namespace PartnerHub.Domain.Compliance;

/// <summary>One kind's period as the policy stands (a default when no rule was saved).</summary>
public sealed record RetentionPeriod(RetentionKind Kind, int Years, bool IsDefault, string? UpdatedByName, DateTime? UpdatedAt);

/// <summary>
/// The rules a retention policy must keep: whole years from 1 to 50; conversations and the announcement ledger at least five
/// years (MiFID II / AMLD4 record keeping); the audit log never shorter than the longest other period. The audit log's period
/// is a floor the policy guarantees, not something the purge acts on: its entries are hash-chained and are never deleted.
/// </summary>
public static class RetentionPolicy
{
    public const int MinimumYears = 1;
    public const int MaximumYears = 50;
    /// <summary>MiFID II and AMLD4 ask for five years of client communication and transaction records.</summary>
    public const int RegulatoryMinimumYears = 5;

    public static IReadOnlyList<RetentionKind> Kinds { get; } =
        [RetentionKind.Conversations, RetentionKind.AnnouncementLedger, RetentionKind.Notifications, RetentionKind.AuditLog];

    /// <summary>The kinds the purge deletes (everything but the audit log).</summary>
    public static IReadOnlyList<RetentionKind> PurgedKinds { get; } =
        [RetentionKind.Conversations, RetentionKind.AnnouncementLedger, RetentionKind.Notifications];

    public static int DefaultYears(RetentionKind kind) => kind switch
    {
        RetentionKind.AuditLog => 7,
        _ => 5,
    };

    public static string Display(this RetentionKind kind) => kind switch
    {
        RetentionKind.Conversations => "Conversations",
        RetentionKind.AnnouncementLedger => "Announcement ledger",
        RetentionKind.Notifications => "Notifications",
        RetentionKind.AuditLog => "Audit log",
        _ => kind.ToString(),
    };

    /// <summary>
    /// Checks a whole policy (every kind's years) and throws a <see cref="DomainException"/> naming the kind's field
    /// (<c>nameof(RetentionKind.X)</c>) at the first rule it breaks.
    /// </summary>
    public static void Validate(IReadOnlyDictionary<RetentionKind, int> years)
    {
        ArgumentNullException.ThrowIfNull(years);
        foreach (var kind in Kinds)
        {
            if (!years.TryGetValue(kind, out var y))
                throw new DomainException($"Give a period for {kind.Display().ToLowerInvariant()}.", kind.ToString());
            if (y is < MinimumYears or > MaximumYears)
                throw new DomainException($"Give a whole number of years from {MinimumYears} to {MaximumYears}.", kind.ToString());
            if (kind is RetentionKind.Conversations or RetentionKind.AnnouncementLedger && y < RegulatoryMinimumYears)
                throw new DomainException(
                    $"Keep {kind.Display().ToLowerInvariant()} at least {RegulatoryMinimumYears} years: MiFID II and AMLD4 record keeping require it.",
                    kind.ToString());
        }
        var longest = PurgedKinds.Max(k => years[k]);
        if (years[RetentionKind.AuditLog] < longest)
            throw new DomainException(
                $"Keep the audit log at least as long as the longest other period ({longest} years): it is the evidence of what happened to those records.",
                nameof(RetentionKind.AuditLog));
    }
}
