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
/// <item>SQL Server (<c>Database:Provider=SqlServer</c>): Quartz's persistent ADO.NET store with clustering, so several web
/// nodes share the schedule without firing a job twice. Quartz's own tables (QRTZ_*) must exist: run Quartz.NET's
/// <c>tables_sqlserver.sql</c> for the package version once (see README).</item>
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
            q.ConfigureScheduler(s => s.InstanceName = "PartnerHub");
            if (config.GetDatabaseProvider() == DatabaseProvider.SqlServer)
            {
                var connectionString = config.GetConnectionString(DataServiceCollectionExtensions.ConnectionStringName)
                    ?? throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:PartnerHub is empty.");
                q.UsePersistentStore(s =>
                {
                    s.UseSqlServer(connectionString);
                    s.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(15));
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
        PartnerHub.Web.Features.Deals.DealsModule.RegisterJobs(q, config);
    }
}
