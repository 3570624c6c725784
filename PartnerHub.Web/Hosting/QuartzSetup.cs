using PartnerHub.Domain.Data;
using PartnerHub.Web.Features.Announcements;
using Quartz;
using PartnerHub.Web.Features.Notifications;

namespace PartnerHub.Web.Hosting;

/// <summary>
/// Quartz hosting the features' jobs (each module's <c>RegisterJobs</c>).
/// <list type="bullet">
/// <item>SQLite (one node): Quartz's in-memory store. Every piece of durable state (the outbox, notifications, deferred and
/// digest deliveries, email retries, KYC reminders, milestones, the run log) is in the app's own tables, and each job
/// picks up whatever is due when it fires, so a restart loses nothing and missed runs catch up.</item>
/// <item>SQL Server and PostgreSQL (<c>Database:Provider=SqlServer|PostgreSql</c>): Quartz's persistent ADO.NET store with clustering, so several web
/// nodes share the schedule without firing a job twice. Quartz's own tables (qrtz_*) are created by the app's migrations from
/// the schema script inside the pinned Quartz assembly (<see cref="QuartzSchema"/>).</item>
/// <item><c>Jobs:Enabled=false</c> registers the services but runs no job (maintenance hosts, tests that want a quiet app).</item>
/// </list>
/// </summary>
public static class QuartzSetup
{
    public static WebApplicationBuilder AddScheduler(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        if (!(config.GetValue<bool?>("Jobs:Enabled") ?? true)) return builder;

        services.AddQuartz(q =>
        {
            // Quartz keeps schedulers in a process-wide repository by name: a second app in the same process (a test server with
            // other settings) needs a name of its own, or it would get the first app's scheduler and its jobs.
            q.ConfigureScheduler(s => s.InstanceName = config.GetValue<string?>("Jobs:SchedulerName") ?? "PartnerHub");
            var provider = config.GetDatabaseProvider();
            if (provider is DatabaseProvider.SqlServer or DatabaseProvider.PostgreSql)
            {
                var connectionString = config.GetConnectionString(DataServiceCollectionExtensions.ConnectionStringName)
                    ?? throw new InvalidOperationException($"Database:Provider is {provider} but ConnectionStrings:PartnerHub is empty.");
                // Each node is its own instance of one clustered scheduler: a trigger fires on one node, and when a node
                // stops checking in, another takes over its triggers and recovers its jobs.
                // The node's name (logs, Quartz's scheduler state) plus a per-process suffix: unique even for two nodes on one host.
                var node = config["Node:Name"] is { Length: > 0 } name ? name : Environment.MachineName;
                q.ConfigureScheduler(s => s.InstanceId = $"{node}-{Guid.NewGuid():N}");
                q.UsePersistentStore(s =>
                {
                    if (provider == DatabaseProvider.SqlServer) s.UseSqlServer(connectionString);
                    else s.UsePostgres(connectionString);
                    s.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(config.GetValue<double?>("Quartz:CheckinSeconds") ?? 15);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(config.GetValue<double?>("Quartz:CheckinMisfireSeconds") ?? 30);
                    });
                    s.UseSystemTextJsonSerializer();
                });
            }
            else
            {
                q.UseInMemoryStore(_ => { });
            }

            RegisterJobs(q, config);
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }

    /// <summary>Every feature's jobs. Add a feature's <c>Register</c> call here.</summary>
    public static void RegisterJobs(IQuartzBuilder q, IConfiguration config)
    {
        NotificationsModule.RegisterJobs(q, config);
        AnnouncementsModule.RegisterJobs(q, config);
        Features.Compliance.ComplianceModule.RegisterJobs(q, config);
        Features.Messaging.MessagingModule.RegisterJobs(q, config);
        PartnerHub.Web.Features.Deals.DealsModule.RegisterJobs(q, config);
    }
}
