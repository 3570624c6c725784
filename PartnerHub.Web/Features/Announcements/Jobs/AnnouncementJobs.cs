using PartnerHub.Domain.Announcements;
using Quartz;

namespace PartnerHub.Web.Features.Announcements.Jobs;

/// <summary>
/// The announcement jobs and their schedules. The host calls <see cref="Register"/> inside its <c>AddQuartz</c>
/// (see <c>QuartzSetup.RegisterJobs</c>; the reminder interval is <c>Jobs:ReminderMinutes</c>, default 60);
/// each job is thin: it reads the time, calls one Domain service and returns.
/// </summary>
public static class AnnouncementJobs
{
    public static void Register(IQuartzBuilder q, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(config);
        var remindEvery = TimeSpan.FromMinutes(config.GetValue<double?>("Jobs:ReminderMinutes") ?? 60);
        // At start, then every Jobs:ResumeSendsSeconds (60): complete sends a stopped process or a dead node left in Sending
        // (their ledger transaction rolled back) once they are Jobs:ResumeSendsAfterSeconds (120) old.
        var resumeEvery = TimeSpan.FromSeconds(config.GetValue<double?>("Jobs:ResumeSendsSeconds") ?? 60);
        q.ScheduleJob<ResumeInterruptedAnnouncementsJob>(t => t.WithIdentity("announcements-resume")
            .StartNow().WithSchedule(SimpleScheduleBuilder.Create().WithInterval(resumeEvery).RepeatForever()));
        q.ScheduleJob<SendDueAnnouncementsJob>(t => t.WithIdentity("announcements-send-due")
            .StartNow().WithSchedule(SimpleScheduleBuilder.Create().WithInterval(TimeSpan.FromMinutes(1)).RepeatForever()));
        q.ScheduleJob<AcknowledgementRemindersJob>(t => t.WithIdentity("announcements-reminders")
            .StartAt(DateTimeOffset.UtcNow.Add(remindEvery)).WithSchedule(SimpleScheduleBuilder.Create().WithInterval(remindEvery).RepeatForever()));
    }
}

/// <summary>Completes interrupted sends (no partial ledger, no duplicate: see <see cref="AnnouncementService.CompleteSendAsync"/>).</summary>
[DisallowConcurrentExecution]
public sealed class ResumeInterruptedAnnouncementsJob(AnnouncementService announcements, TimeProvider clock, IConfiguration config,
    ILogger<ResumeInterruptedAnnouncementsJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // A send this old is not running anywhere (a live send completes in seconds); younger ones are left to their node.
        var after = TimeSpan.FromSeconds(config.GetValue<double?>("Jobs:ResumeSendsAfterSeconds") ?? 120);
        var resumed = await announcements.ResumeInterruptedAsync(clock.GetUtcNow().UtcDateTime - after, cancellationToken);
        if (resumed > 0) log.LogWarning("Completed {Count} announcement send(s) interrupted by a stopped process or node.", resumed);
    }
}

/// <summary>Sends the scheduled announcements whose time has come.</summary>
[DisallowConcurrentExecution]
public sealed class SendDueAnnouncementsJob(AnnouncementService announcements, TimeProvider clock) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await announcements.SendDueAsync(clock.GetUtcNow().UtcDateTime, cancellationToken); // the service tells open pages
    }
}

/// <summary>Reminds outstanding recipients (at most once a day each) and escalates overdue ones to their manager (once).</summary>
[DisallowConcurrentExecution]
public sealed class AcknowledgementRemindersJob(ReminderService reminders, TimeProvider clock) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await reminders.SendRemindersAsync(now, ReminderService.DefaultInterval, cancellationToken);
        await reminders.EscalateOverdueAsync(now, cancellationToken);
    }
}
