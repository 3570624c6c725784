using Microsoft.AspNetCore.DataProtection;
using PartnerHub.Domain.Data;
using PartnerHub.Web.Components.Shared;
using StackExchange.Redis;

namespace PartnerHub.Web.Hosting;

/// <summary>
/// What lets several nodes serve one PartnerHub (README, "Run a cluster"): one data-protection key ring in the database, so a
/// cookie or antiforgery token issued by one node is read by every other; the live stream over Redis pub/sub when
/// <c>Redis:Configuration</c> is set (without it, one node, as before); and the node's name (<c>Node:Name</c>, default the
/// machine name) in logs and telemetry.
/// </summary>
public static class Cluster
{
    /// <summary>The data-protection application name every node shares (keys are isolated per application name).</summary>
    public const string ApplicationName = "PartnerHub";

    public static WebApplicationBuilder AddCluster(this WebApplicationBuilder builder)
    {
        var node = NodeName(builder.Configuration);
        builder.Services.AddSingleton(new NodeIdentity(node));
        builder.Services.AddSharedKeyRing();
        builder.Services.AddLiveStream(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// Every request (and the circuit it carries) logs inside a <c>NodeName</c> scope, so the console (with scopes) and OTLP logs
    /// say which node wrote them; OTLP also carries the node on every record as the resource's <c>service.instance.id</c>.
    /// </summary>
    public static WebApplication UseNodeLogScope(this WebApplication app)
    {
        var node = app.Services.GetRequiredService<NodeIdentity>().Name;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PartnerHub.Node");
        var scope = new Dictionary<string, object> { ["NodeName"] = node };
        app.Use(async (context, next) =>
        {
            using (logger.BeginScope(scope)) await next(context);
        });
        return app;
    }

    public static string NodeName(IConfiguration config) =>
        config["Node:Name"] is { Length: > 0 } name ? name : Environment.MachineName;

    /// <summary>Data-protection keys in the database (<see cref="AppDbContext.DataProtectionKeys"/>), under one application name.</summary>
    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<AppDbContext>();
        return services;
    }

    /// <summary>
    /// The live hubs' <see cref="ILiveBackplane"/>: Redis pub/sub when <c>Redis:Configuration</c> is set (the multiplexer starts even
    /// if Redis is down, and reconnects), otherwise this node alone.
    /// </summary>
    public static IServiceCollection AddLiveStream(this IServiceCollection services, IConfiguration config)
    {
        if (RedisOptions(config) is { } options)
        {
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
            services.AddSingleton<ILiveBackplane, RedisLiveBackplane>();
        }
        else
        {
            services.AddSingleton<ILiveBackplane>(SingleNodeBackplane.Instance);
        }
        return services;
    }

    /// <summary><c>Redis:Configuration</c> (StackExchange.Redis syntax, e.g. <c>redis:6379</c>), or null when unset.</summary>
    public static ConfigurationOptions? RedisOptions(IConfiguration config)
    {
        if (config["Redis:Configuration"] is not { Length: > 0 } configuration) return null;
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ClientName ??= "partnerhub-" + NodeName(config);
        return options;
    }
}

/// <summary>This node's name (<c>Node:Name</c>, default the machine name).</summary>
public sealed record NodeIdentity(string Name);
