using Quartz;
using PartnerHub.Web.Features.Segments;
using PartnerHub.Domain.Notifications;

namespace PartnerHub.Web.Features.Notifications;

/// <summary>
/// The automation feature's Quartz jobs. Each is thin: it calls one Domain service (tested without Quartz) and returns.
/// None runs twice at once (<see cref="DisallowConcurrentExecutionAttribute"/>; on SQL Server the clustered store also keeps
/// nodes from running the same firing). Every piece of state they work on lives in the app's tables (outbox, notifications,
/// run log, KYC reminders, milestones), so a restart loses nothing and the next firing catches up.
/// </summary>
public static class AutomationJobs
{
    public static readonly JobKey Dispatcher = new("outbox-dispatcher", "automation");
    public static readonly JobKey Scanners = new("scanners", "automation");
    public static readonly JobKey Digest = new("daily-digest", "automation");
    public static readonly JobKey Email = new("email-sender", "automation");

    /// <summary>Adds the automation jobs and their schedules (intervals from <c>Jobs:*</c> configuration, with defaults).</summary>
    public static void Register(IQuartzBuilder q, IConfiguration config)
    {
        var dispatchEvery = TimeSpan.FromSeconds(config.GetValue<double?>("Jobs:DispatchSeconds") ?? 2);
        var scanEvery = TimeSpan.FromMinutes(config.GetValue<double?>("Jobs:ScanMinutes") ?? 5);
        var emailEvery = TimeSpan.FromSeconds(config.GetValue<double?>("Jobs:EmailSeconds") ?? 30);

        q.AddJob<OutboxDispatchJob>(j => j.WithIdentity(Dispatcher));
        q.AddTrigger(t => t.ForJob(Dispatcher).WithIdentity("outbox-dispatcher-trigger", "automation").StartNow().WithSimpleSchedule(dispatchEvery, null));

        q.AddJob<ScannersJob>(j => j.WithIdentity(Scanners));
        // The first scan comes one interval after start (the app has just started; the next runs catch up on anything due).
        q.AddTrigger(t => t.ForJob(Scanners).WithIdentity("scanners-trigger", "automation").StartAt(DateTimeOffset.UtcNow.Add(scanEvery)).WithSimpleSchedule(scanEvery, null));

        // Hourly: each run bundles what arrived before the latest daily cut (Notifications:DigestAtUtc), so a missed day catches up.
        q.AddJob<DigestJob>(j => j.WithIdentity(Digest));
        q.AddTrigger(t => t.ForJob(Digest).WithIdentity("daily-digest-trigger", "automation").StartNow().WithSimpleSchedule(TimeSpan.FromHours(1), null));

        q.AddJob<EmailSenderJob>(j => j.WithIdentity(Email));
        q.AddTrigger(t => t.ForJob(Email).WithIdentity("email-sender-trigger", "automation").StartNow().WithSimpleSchedule(emailEvery, null));
    }
}

/// <summary>Delivers the outbox: batches until nothing is claimable, then tells circuits about deferred notifications now due.</summary>
[DisallowConcurrentExecution]
public sealed class OutboxDispatchJob(NotificationDispatcher dispatcher, ILogger<OutboxDispatchJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var result = await dispatcher.DispatchAllAsync(cancellationToken);
        // Which node did the work (the scheduler instance names the node in a cluster).
        if (result.Events > 0)
            log.LogInformation("Outbox: dispatched {Events} events on {Instance} ({Sent} sent, {Deferred} deferred, {Failed} failed)",
                result.Events, context.Scheduler.SchedulerInstanceId, result.Sent, result.Deferred, result.Failed);
        await dispatcher.SignalNowVisibleAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }
}

/// <summary>Payout thresholds, KYC due dates and milestones.</summary>
[DisallowConcurrentExecution]
public sealed class ScannersJob(AutomationScanners scanners) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await scanners.ScanPayoutThresholdsAsync(cancellationToken);
        await scanners.ScanKycDueAsync(cancellationToken);
        await scanners.ScanMilestonesAsync(cancellationToken);
    }
}

/// <summary>The daily digest.</summary>
[DisallowConcurrentExecution]
public sealed class DigestJob(NotificationDigest digest) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await digest.SendDueAsync(cancellationToken);
}

/// <summary>Sends due notification emails (retries with backoff are the service's); a few batches per firing.</summary>
[DisallowConcurrentExecution]
public sealed class EmailSenderJob(EmailDelivery email) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 10; i++)
        {
            var (sent, failed) = await email.SendDueAsync(cancellationToken);
            if (sent + failed < EmailDelivery.BatchSize) break;
        }
    }
}
