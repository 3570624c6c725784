using System.Diagnostics.Metrics;

namespace PartnerHub.Domain.Diagnostics;

/// <summary>
/// The app's own instruments, on the <see cref="MeterName"/> meter (exported over OTLP with the ASP.NET Core and EF Core ones when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; readable by any <see cref="MeterListener"/> otherwise). Each is counted where its
/// one writer does the work: the outbox dispatcher, the notification writer, the email sender; the Web host reports open circuits.
/// </summary>
public static class PartnerHubMetrics
{
    public const string MeterName = "PartnerHub";

    private static readonly Meter Meter = new(MeterName, "1.0");

    /// <summary>Outbox events a dispatcher processed and committed (<c>partnerhub.outbox.dispatched</c>).</summary>
    public static readonly Counter<long> OutboxDispatched =
        Meter.CreateCounter<long>("partnerhub.outbox.dispatched", "{event}", "Outbox events dispatched");

    /// <summary>Notifications written to the database by the notification writer (<c>partnerhub.notifications.written</c>).</summary>
    public static readonly Counter<long> NotificationsWritten =
        Meter.CreateCounter<long>("partnerhub.notifications.written", "{notification}", "Notifications written");

    /// <summary>Notification emails the SMTP server accepted (<c>partnerhub.emails.sent</c>).</summary>
    public static readonly Counter<long> EmailsSent =
        Meter.CreateCounter<long>("partnerhub.emails.sent", "{email}", "Notification emails sent");

    /// <summary>Notification email attempts that failed (retried later, or given up) (<c>partnerhub.emails.failed</c>).</summary>
    public static readonly Counter<long> EmailsFailed =
        Meter.CreateCounter<long>("partnerhub.emails.failed", "{email}", "Notification email attempts failed");

    private static int _circuitsOpen;

    /// <summary>Blazor Server circuits open in this process (<c>partnerhub.circuits.open</c>); the Web host's circuit handler moves it.</summary>
    public static readonly ObservableGauge<int> CircuitsOpen =
        Meter.CreateObservableGauge("partnerhub.circuits.open", () => Volatile.Read(ref _circuitsOpen), "{circuit}", "Blazor Server circuits open on this node");

    public static void CircuitOpened() => Interlocked.Increment(ref _circuitsOpen);

    public static void CircuitClosed() => Interlocked.Decrement(ref _circuitsOpen);
}
