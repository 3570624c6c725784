using System.Collections.Concurrent;
using PartnerHub.Domain.Announcements;
using PartnerHub.Domain.Identity;
using PartnerHub.Web.Features.Segments;
using PartnerHub.Domain.Users;

namespace PartnerHub.Web.Features.Announcements;

/// <summary>
/// Runs the ledger write of a send off the circuit, so the console stays responsive while 100,000 rows are written;
/// the service tells the console (<see cref="IAnnouncementSignal"/>) as the status changes. If the process stops mid-send the
/// transaction rolls back and <see cref="AnnouncementService.ResumeInterruptedAsync"/> completes it at the next start.
/// </summary>
public sealed class AnnouncementSender(IServiceScopeFactory scopes, IAnnouncementSignal signal, ILogger<AnnouncementSender> logger,
    IHostApplicationLifetime lifetime)
{
    private readonly ConcurrentDictionary<int, Task> running = new();

    /// <summary>Starts completing the send of <paramref name="announcementId"/> (already marked Sending) in the background.</summary>
    public Task StartAsync(Actor actor, int announcementId)
    {
        running.GetOrAdd(announcementId, id => Task.Run(() => CompleteAsync(actor, id)));
        return Task.CompletedTask;
    }

    private async Task CompleteAsync(Actor actor, int id)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<AnnouncementService>();
            var result = await service.CompleteSendAsync(actor, id, lifetime.ApplicationStopping);
            logger.LogInformation("Announcement {Id} is {Status} to {Recipients} recipients.", id, result.Status, result.RecipientCount);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Sending announcement {Id} failed; it stays Sending and is completed at the next start.", id);
            signal.Changed(new AnnouncementChange(id, AnnouncementChangeKind.SendFailed));
        }
        finally
        {
            running.TryRemove(id, out _);
        }
    }
}
