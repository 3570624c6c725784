namespace PartnerHub.Domain.Data;

/// <summary>
/// Quartz.NET's persistent, clustered job store needs its QRTZ_ tables. The migrations create them from the schema script that
/// ships inside the pinned Quartz assembly (the one its job store would run itself), so the tables always match the Quartz
/// version the app runs, and no one runs a script by hand. The script creates only what is missing and drops nothing.
/// </summary>
public static class QuartzSchema
{
    /// <summary>Quartz's default table prefix, used by the app's scheduler configuration.</summary>
    public const string TablePrefix = "qrtz_";

    /// <summary>Quartz 4.7's tables, children before parents (the order a Down migration drops them in).</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "fired_triggers", "paused_trigger_grps", "paused_job_grps", "scheduler_state", "locks", "execution_history",
        "misfire_history", "job_status", "simple_triggers", "cron_triggers", "simprop_triggers", "blob_triggers", "triggers",
        "calendars", "job_details",
    ];

    /// <summary>The statements for one dialect (<c>postgres</c>, <c>sqlServer</c>), each sent as its own command.</summary>
    public static IReadOnlyList<string> Statements(string dialect, string prefix = TablePrefix)
    {
        var assembly = typeof(Quartz.IScheduler).Assembly;
        var name = $"Quartz.Impl.AdoJobStore.Schema.create_{dialect}.sql";
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Quartz {assembly.GetName().Version} has no schema script '{name}'.");
        var script = new StreamReader(stream).ReadToEnd();
        // '{0}' is the prefix, '{1}' the same without a schema qualifier (for index and constraint names).
        var bare = prefix.Contains('.', StringComparison.Ordinal) ? prefix[(prefix.LastIndexOf('.') + 1)..] : prefix;
        return script.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n--;;\n", StringSplitOptions.None)
            .Select(s => s.Replace("{0}", prefix, StringComparison.Ordinal).Replace("{1}", bare, StringComparison.Ordinal).Trim())
            .Where(s => s.Split('\n').Any(line => line.Trim() is { Length: > 0 } t && !t.StartsWith("--", StringComparison.Ordinal)))
            .ToList();
    }
}
