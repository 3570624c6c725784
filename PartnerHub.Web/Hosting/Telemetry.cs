using Microsoft.AspNetCore.Components.Server.Circuits;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PartnerHub.Domain.Diagnostics;

namespace PartnerHub.Web.Hosting;

/// <summary>
/// OpenTelemetry, only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard variable; <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>
/// and the other <c>OTEL_*</c> variables apply too): traces (ASP.NET Core requests, EF Core commands), metrics (ASP.NET Core,
/// EF Core, and the app's <see cref="PartnerHubMetrics"/>: outbox dispatched, notifications written, emails sent and failed,
/// circuits open) and logs (with their scopes, so the <c>NodeName</c> scope), all exported over OTLP. The resource names the
/// service <c>PartnerHub</c> and this node (<c>service.instance.id</c> and <c>node.name</c> = <c>Node:Name</c>), so every span,
/// metric point and log record says which node produced it. Without the variable nothing is registered.
/// </summary>
public static class Telemetry
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ServiceName = "PartnerHub";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        // The circuits gauge counts on every node, exported or not (a MeterListener can read it).
        builder.Services.AddSingleton<CircuitHandler, CircuitCounter>();
        if (string.IsNullOrWhiteSpace(builder.Configuration[EndpointVariable])) return builder;

        var node = Cluster.NodeName(builder.Configuration);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r
                .AddService(ServiceName, serviceInstanceId: node)
                .AddAttributes([new KeyValuePair<string, object>("node.name", node)]))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation()
                .AddEntityFrameworkCoreInstrumentation())
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddMeter("Microsoft.EntityFrameworkCore")
                .AddMeter(PartnerHubMetrics.MeterName))
            .WithLogging(_ => { }, o =>
            {
                o.IncludeScopes = true;
                o.IncludeFormattedMessage = true;
            })
            .UseOtlpExporter();
        return builder;
    }

    /// <summary>Moves <see cref="PartnerHubMetrics.CircuitsOpen"/> as circuits open and close on this node.</summary>
    private sealed class CircuitCounter : CircuitHandler
    {
        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            PartnerHubMetrics.CircuitOpened();
            return Task.CompletedTask;
        }

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            PartnerHubMetrics.CircuitClosed();
            return Task.CompletedTask;
        }
    }
}
