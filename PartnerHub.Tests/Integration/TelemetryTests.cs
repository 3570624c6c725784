using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PartnerHub.Domain.Diagnostics;
using PartnerHub.Domain.Outbox;

namespace PartnerHub.Tests.Integration;

/// <summary>OpenTelemetry only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, naming the node; the app's own counters count.</summary>
public class TelemetryTests
{
    [Fact]
    public async Task Nothing_is_exported_without_an_OTLP_endpoint()
    {
        await using var node = new ClusterNode("otel-off", settings: new Dictionary<string, string> { ["Jobs:Enabled"] = "false" });

        Assert.Null(node.Services.GetService<TracerProvider>());
        Assert.Null(node.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_traces_and_metrics_are_set_up_and_name_the_node()
    {
        await using var node = new ClusterNode("otel-node-7", settings: new Dictionary<string, string>
        {
            ["Jobs:Enabled"] = "false",
            // Nothing listens there: the exporter's failures stay in its background thread.
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
        });

        var traces = node.Services.GetService<TracerProvider>();
        var metrics = node.Services.GetService<MeterProvider>();

        Assert.NotNull(traces);
        Assert.NotNull(metrics);
        var resource = traces.GetResource().Attributes.ToDictionary(a => a.Key, a => a.Value);
        Assert.Equal("PartnerHub", resource["service.name"]);
        Assert.Equal("otel-node-7", resource["service.instance.id"]);
        Assert.Equal("otel-node-7", resource["node.name"]);
    }

    [Fact]
    public async Task Dispatching_the_outbox_counts_events_dispatched_and_notifications_written()
    {
        var measured = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PartnerHubMetrics.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measured.AddOrUpdate(instrument.Name, value, (_, v) => v + value));
        listener.Start();
        await using var database = await SqliteDatabase.CreateAsync();
        database.Clock.Set(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        var data = new AutomationTestData(database);
        var partner = await data.PartnerAsync(name: "Metered Media");
        await data.RuleAsync(EventTypes.PayoutProcessed, "Payout sent", "Your payout is on its way.");
        await data.EventAsync(EventTypes.PayoutProcessed, partner.Id, AutomationTestData.Payout(10m, "WIRE-1"));

        var result = await data.Dispatcher().DispatchAllAsync();

        Assert.Equal(1, result.Sent);
        // Other test classes may dispatch at the same time: at least this test's event and notification are counted.
        Assert.True(measured.GetValueOrDefault("partnerhub.outbox.dispatched") >= 1);
        Assert.True(measured.GetValueOrDefault("partnerhub.notifications.written") >= 1);
    }
}
