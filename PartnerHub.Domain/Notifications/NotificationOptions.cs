namespace PartnerHub.Domain.Notifications;

/// <summary>
/// Settings of automated notifications (configuration section <c>Notifications</c>; SMTP under <c>Smtp</c>).
/// The web host binds them; tests construct them.
/// </summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Quiet hours in the recipient's time zone: from this time ...</summary>
    public TimeOnly QuietHoursStart { get; set; } = new(22, 0);
    /// <summary>... until this one (the window may cross midnight). Equal start and end means no quiet hours.</summary>
    public TimeOnly QuietHoursEnd { get; set; } = new(7, 0);
    /// <summary>How long a dispatcher owns the events it claimed; after that another dispatcher may take them over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>Events claimed and committed together.</summary>
    public int BatchSize { get; set; } = 500;
    /// <summary>Names this process in the outbox's LockedBy column.</summary>
    public string DispatcherId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";
    /// <summary>When the daily digest is bundled (UTC).</summary>
    public TimeOnly DigestAtUtc { get; set; } = new(8, 0);
    /// <summary>Email attempts before a notification's email is given up (in-app delivery is unaffected).</summary>
    public int MaxEmailAttempts { get; set; } = 6;
    /// <summary>A message's email waits this long, and is not sent when the recipient has read the thread by then.</summary>
    public TimeSpan MessageEmailDelay { get; set; } = TimeSpan.FromMinutes(3);
    public SmtpSettings Smtp { get; set; } = new();
    /// <summary>On SQLite, write a batch with prepared statements (fast) rather than tracked entities (the SQL Server path).</summary>
    public bool SqliteBulkInsert { get; set; } = true;

    /// <summary>Email is a channel only when a mail server is configured.</summary>
    public bool EmailEnabled => !string.IsNullOrWhiteSpace(Smtp.Host);

    /// <summary>The time a notification due at <paramref name="localNow"/> may be shown, or null when it is not inside quiet hours.</summary>
    public DateTime? QuietHoursEndUtc(DateTime utcNow, TimeZoneInfo zone)
    {
        if (QuietHoursStart == QuietHoursEnd) return null;
        var local = TimeZoneInfo.ConvertTimeFromUtc(utcNow, zone);
        var t = TimeOnly.FromDateTime(local);
        var crossesMidnight = QuietHoursStart > QuietHoursEnd;
        var inside = crossesMidnight ? t >= QuietHoursStart || t < QuietHoursEnd : t >= QuietHoursStart && t < QuietHoursEnd;
        if (!inside) return null;
        var endDate = DateOnly.FromDateTime(local);
        if (crossesMidnight && t >= QuietHoursStart) endDate = endDate.AddDays(1);
        var endLocal = endDate.ToDateTime(QuietHoursEnd, DateTimeKind.Unspecified);
        // A local time skipped by a clock change does not exist; move past the gap.
        while (zone.IsInvalidTime(endLocal)) endLocal = endLocal.AddMinutes(30);
        return TimeZoneInfo.ConvertTimeToUtc(endLocal, zone);
    }

    /// <summary>The next digest time after <paramref name="utcNow"/>.</summary>
    public DateTime NextDigestUtc(DateTime utcNow)
    {
        var today = DateOnly.FromDateTime(utcNow).ToDateTime(DigestAtUtc, DateTimeKind.Utc);
        return today > utcNow ? today : today.AddDays(1);
    }

    /// <summary>Looks a time zone up, falling back to UTC for an unknown id (the partner form validates ids).</summary>
    public static TimeZoneInfo Zone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}

/// <summary>The mail server. No host: no email channel.</summary>
public sealed class SmtpSettings
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>Auto (STARTTLS when offered), None, StartTls or SslOnConnect.</summary>
    public string Security { get; set; } = "Auto";
    public string From { get; set; } = "PartnerHub <no-reply@partnerhub.local>";
    /// <summary>Used to make the links in emails absolute (e.g. https://partners.example.com).</summary>
    public string? PublicBaseUrl { get; set; }
}
