using PartnerHub.Domain.Messaging;
using Quartz;

namespace PartnerHub.Web.Features.Messaging;

/// <summary>
/// Replies by email: every <c>InboundMail:PollSeconds</c> (60) takes the mailbox's waiting mails (<see cref="InboundMailProcessor"/>).
/// Registered only when <c>InboundMail:Host</c> and <c>InboundMail:ReplyDomain</c> are set. A mailbox that cannot be reached is
/// logged and tried again at the next firing; nothing is lost, the mails wait in the folder.
/// </summary>
[DisallowConcurrentExecution]
public sealed class InboundMailJob(InboundMailProcessor processor, ILogger<InboundMailJob> log) : IJob
{
    public static readonly JobKey Key = new("inbound-mail", "messaging");

    public static void Register(IQuartzBuilder q, IConfiguration config)
    {
        var options = config.GetSection(InboundMailOptions.Section).Get<InboundMailOptions>() ?? new InboundMailOptions();
        if (!options.PollingEnabled) return;
        q.AddJob<InboundMailJob>(j => j.WithIdentity(Key));
        q.AddTrigger(t => t.ForJob(Key).WithIdentity("inbound-mail-trigger", "messaging").StartNow()
            .WithSimpleSchedule(TimeSpan.FromSeconds(Math.Max(1, options.PollSeconds)), null));
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            var run = await processor.PollAsync(cancellationToken);
            if (run.Total > 0)
                log.LogInformation("Inbound mail: {Accepted} replies, {Refused} refused, {Bounces} bounces, {Duplicates} already handled.",
                    run.Accepted, run.Refused, run.Bounces, run.Duplicates);
        }
        catch (Exception ex) when (ex is IOException or MailKit.ServiceNotConnectedException or MailKit.Net.Imap.ImapProtocolException
                                       or MailKit.Net.Imap.ImapCommandException or MailKit.Security.AuthenticationException
                                       or System.Net.Sockets.SocketException)
        {
            log.LogWarning(ex, "The inbound mailbox could not be read; trying again at the next poll.");
        }
    }
}
