using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PartnerHub.Domain.Data;
using Quartz;
using StackExchange.Redis;

namespace PartnerHub.Web.Hosting;

/// <summary>
/// <c>/health/live</c>: the process answers (no check runs). <c>/health/ready</c>: the database answers, Redis answers when
/// <c>Redis:Configuration</c> is set, and the Quartz scheduler is running (when this node runs jobs). Both are anonymous and
/// answer JSON: the overall status and each check's status, description and duration; 503 when not healthy.
/// </summary>
public static class Health
{
    public const string Ready = "ready";

    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        var checks = builder.Services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>("database", tags: [Ready]);
        if (Cluster.RedisOptions(builder.Configuration) is not null)
            checks.AddRedis(sp => sp.GetRequiredService<IConnectionMultiplexer>(), "redis", HealthStatus.Unhealthy, [Ready], TimeSpan.FromSeconds(5));
        checks.AddCheck<SchedulerHealthCheck>("scheduler", tags: [Ready]);
        return builder;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJsonAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteJsonAsync })
            .AllowAnonymous();
        return app;
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            node = context.RequestServices.GetRequiredService<NodeIdentity>().Name,
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                // Anonymous: a failure names its exception type, never its message (which may carry host names or paths).
                description = e.Value.Description ?? (e.Value.Exception is { } ex ? ex.GetBaseException().GetType().Name : null),
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>Healthy when this node's Quartz scheduler is running (not created-only, standby or shut down); healthy too on a node that runs no jobs.</summary>
public sealed class SchedulerHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<ISchedulerFactory>() is not { } factory)
            return HealthCheckResult.Healthy("This node runs no jobs (Jobs:Enabled=false).");
        var scheduler = await factory.GetScheduler(cancellationToken);
        if (scheduler.Status != SchedulerStatus.Running) return HealthCheckResult.Unhealthy($"The scheduler is {scheduler.Status}, not running.");
        var meta = await scheduler.GetMetadata(cancellationToken);
        return HealthCheckResult.Healthy($"{meta.SchedulerName} running ({(meta.JobStoreClustered ? "clustered" : "in-memory")} store).");
    }
}
