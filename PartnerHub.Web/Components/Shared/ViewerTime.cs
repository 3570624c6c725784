using System.Globalization;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Web.Components.Shared;

/// <summary>
/// Dates and times as the viewer reads them: in the partner's own time zone in the portal, in the operator's profile zone in
/// the console. One per circuit; the shell loads the zone once (<see cref="LoadAsync"/>) before it renders the page, so every
/// component formats synchronously. Until loaded (or for an anonymous viewer) the zone is UTC. Exports keep UTC with an offset
/// and do not use this.
/// </summary>
public sealed class ViewerTime
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>Reads the viewer's zone (<see cref="ViewerZones"/>). Unknown ids fall back to UTC.</summary>
    public async Task LoadAsync(Actor actor, ViewerZones zones, CancellationToken ct = default) => Use(await zones.ZoneOfAsync(actor, ct));

    /// <summary>Sets the zone from an IANA (or Windows) id; an unknown or empty id means UTC.</summary>
    public void Use(string? timeZoneId) =>
        Zone = !string.IsNullOrWhiteSpace(timeZoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The instant in the viewer's zone (input is UTC; an unspecified kind is taken as UTC).</summary>
    public DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>Midnight of the viewer's day that contains <paramref name="utcNow"/>, as UTC ("today" as the viewer means it).</summary>
    public DateTime DayStartUtc(DateTime utcNow)
    {
        var midnight = Local(utcNow).Date;
        return Zone.IsInvalidTime(midnight) ? utcNow.Date : TimeZoneInfo.ConvertTimeToUtc(midnight, Zone);
    }

    /// <summary>"2 Nov 2026 14:05".</summary>
    public string DateTime(DateTime utc) => Local(utc).ToString("d MMM yyyy HH:mm", Invariant);

    /// <summary>"2 Nov 2026 14:05", or nothing for no time.</summary>
    public string DateTime(DateTime? utc) => utc is { } at ? DateTime(at) : "";

    /// <summary>"2 Nov 2026".</summary>
    public string Date(DateTime utc) => Local(utc).ToString("d MMM yyyy", Invariant);

    /// <summary>"14:05".</summary>
    public string Time(DateTime utc) => Local(utc).ToString("HH:mm", Invariant);

    /// <summary>The zone's offset at that instant, "UTC+01:00" (or "UTC"), to label a time where the zone matters.</summary>
    public string Offset(DateTime utc)
    {
        var offset = Zone.GetUtcOffset(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        return offset == TimeSpan.Zero ? "UTC" : "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", Invariant);
    }

    /// <summary>An elapsed time as people say it: "just now", "12 min", "3 h 5 min", "2 d 4 h".</summary>
    public static string Age(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1)) return "just now";
        if (span < TimeSpan.FromHours(1)) return $"{(int)span.TotalMinutes} min";
        if (span < TimeSpan.FromDays(1)) return span.Minutes == 0 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalHours} h {span.Minutes} min";
        return span.Hours == 0 ? $"{(int)span.TotalDays} d" : $"{(int)span.TotalDays} d {span.Hours} h";
    }
}

public enum WhenFormat { DateTime, Date, Time }
