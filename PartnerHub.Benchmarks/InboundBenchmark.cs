using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using MimeKit.Utils;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;
using PartnerHub.Domain.Notifications;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Users;
using PartnerHub.Tests.Integration;

namespace PartnerHub.Benchmarks;

/// <summary>
/// The `inbound` scenario: N emailed replies (default 200, each with a quoted history and a signature to strip) from a partner
/// to its thread's reply address are appended to a real dovecot mailbox (the tests' <see cref="DovecotServer"/>), then one
/// <see cref="InboundMailProcessor.PollAsync"/> takes them all; the same N are then appended again and polled (all duplicates).
/// Prints mails per second and checks that exactly N messages were written.
/// </summary>
public static class InboundBenchmark
{
    public static async Task RunAsync(IServiceProvider provider, IDbContextFactory<AppDbContext> factory, string folder, int count)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("The inbound scenario starts Debian's dovecot.");
        await using var imap = await DovecotServer.StartAsync();
        var options = imap.Options("reply.bench.test");
        options.BatchSize = 100;
        var now = DateTime.UtcNow;
        long threadId;
        string partnerEmail;
        string token;
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            partnerEmail = $"inbound-bench-{Guid.NewGuid():N}"[..24] + "@partners.test";
            var partner = new Partner("Inbound Bench Partner", partnerEmail, Vertical.IGamingAffiliate, "GB", now.AddDays(-30));
            partner.ChangeStatus(PartnerStatus.Active, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            db.Partners.Add(partner);
            await db.SaveChangesAsync();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = partnerEmail, Email = partnerEmail, EmailConfirmed = true, DisplayName = "Inbound Bench Partner", PartnerId = partner.Id, CreatedAt = now };
            if (!(await users.CreateAsync(user, $"Bench-{Guid.NewGuid():N}")).Succeeded || !(await users.AddToRoleAsync(user, Roles.Partner)).Succeeded)
                throw new InvalidOperationException("The bench partner's login could not be created.");
            var thread = MessageThread.Direct(partner.Id, now);
            db.MessageThreads.Add(thread);
            await db.SaveChangesAsync();
            threadId = thread.Id;
            var address = new ReplyAddress(thread.Id, Notification.PartnerKey(partner.Id), now);
            db.ReplyAddresses.Add(address);
            await db.SaveChangesAsync();
            token = address.Address(options.ReplyDomain!);
        }

        var mails = Enumerable.Range(1, count).Select(i =>
        {
            var mail = new MimeMessage { MessageId = MimeUtils.GenerateMessageId("client.bench"), Subject = $"Re: New message from Maya Levi ({i})" };
            mail.From.Add(MailboxAddress.Parse(partnerEmail));
            mail.To.Add(MailboxAddress.Parse(token));
            mail.Body = new TextPart("plain")
            {
                Text = $"Reply number {i}: confirmed, thanks.\n\n-- \nInbound Bench Partner\n\nOn Mon, 2 Mar 2026 at 12:03, PartnerHub <no-reply@partnerhub.test> wrote:\n> Your statement is ready.\n> Read and answer in PartnerHub\n",
            };
            return mail;
        }).ToArray();

        var store = new AttachmentStore(Path.Combine(folder, "files"));
        var processor = new InboundMailProcessor(factory, TimeProvider.System, options, store);
        var append = Stopwatch.StartNew();
        await imap.AppendAsync(mails);
        append.Stop();
        var first = Stopwatch.StartNew();
        var run = await processor.PollAsync();
        first.Stop();
        await imap.AppendAsync(mails);
        var second = Stopwatch.StartNew();
        var again = await processor.PollAsync();
        second.Stop();

        await using var check = await factory.CreateDbContextAsync();
        var written = await check.Messages.CountAsync(m => m.ThreadId == threadId && m.Channel == MessageChannel.Email);
        Console.WriteLine($"Appended {count:N0} mails to dovecot (IMAP APPEND) in {append.Elapsed.TotalSeconds:N2} s.");
        Console.WriteLine($"| run | mails | accepted | duplicates | refused | seconds | mails/s |");
        Console.WriteLine($"|---|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| first poll | {run.Total:N0} | {run.Accepted:N0} | {run.Duplicates:N0} | {run.Refused:N0} | {first.Elapsed.TotalSeconds:N2} | {run.Total / first.Elapsed.TotalSeconds:N0} |");
        Console.WriteLine($"| same mails again | {again.Total:N0} | {again.Accepted:N0} | {again.Duplicates:N0} | {again.Refused:N0} | {second.Elapsed.TotalSeconds:N2} | {again.Total / second.Elapsed.TotalSeconds:N0} |");
        Console.WriteLine($"Messages written by email in the thread: {written:N0} (expected {count:N0}).");
        if (written != count) throw new InvalidOperationException($"Expected {count} messages, found {written}.");
    }
}
