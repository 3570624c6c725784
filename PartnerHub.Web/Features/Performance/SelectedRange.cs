using PartnerHub.Domain.Performance;

namespace PartnerHub.Web.Features.Performance;

/// <summary>
/// The date range a section shows: one of the presets (the last N days up to today) or a custom range.
/// Shared by the performance and network sections through <see cref="RangePicker"/>.
/// </summary>
public sealed record SelectedRange(DateOnly From, DateOnly To, int? PresetDays)
{
    public const int DefaultDays = 30;

    public int Days => To.DayNumber - From.DayNumber + 1;

    public static SelectedRange Preset(int days, DateOnly today)
    {
        var (from, to) = PerformanceService.Range(days, today);
        return new SelectedRange(from, to, days);
    }

    public static SelectedRange Custom(DateOnly from, DateOnly to) => new(from, to, null);

    /// <summary>Today in UTC, the day the daily figures are counted in.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>"the last 30 days" or "2 Jan 2026 – 31 Jan 2026".</summary>
    public string Describe() => PresetDays is { } d
        ? $"the last {d} days"
        : $"{From.ToString("d MMM yyyy", PerformanceKpis.Culture)} – {To.ToString("d MMM yyyy", PerformanceKpis.Culture)}";

    /// <summary>What the change is measured against: "the previous 30 days".</summary>
    public string PreviousPeriod() => Days == 1 ? "the previous day" : $"the previous {Days} days";
}
