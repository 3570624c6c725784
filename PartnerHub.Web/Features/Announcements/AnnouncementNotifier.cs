using System.Collections.Immutable;

namespace PartnerHub.Web.Features.Announcements;

public enum AnnouncementChange { Saved = 1, SendStarted = 2, Sent = 3, Revised = 4, Read = 5, Acknowledged = 6, SendFailed = 7 }

/// <summary>Something happened to an announcement; <see cref="PartnerId"/> is set for a partner's own read or acknowledgement.</summary>
public sealed record AnnouncementEvent(int AnnouncementId, AnnouncementChange Change, int? PartnerId = null);

/// <summary>
/// Pushes announcement changes into open circuits (console progress, partner badges and banners), the way
/// <c>MessageNotifier</c> does for messages: subscribe on first render, a failing handler never stops the others.
/// </summary>
public sealed class AnnouncementNotifier(ILogger<AnnouncementNotifier> logger)
{
    private ImmutableList<Func<AnnouncementEvent, Task>> handlers = [];

    public IDisposable Subscribe(Func<AnnouncementEvent, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ImmutableInterlocked.Update(ref handlers, list => list.Add(handler));
        return new Subscription(this, handler);
    }

    public async Task PublishAsync(AnnouncementEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        await Task.WhenAll(handlers.Select(h => InvokeAsync(h, e)));
    }

    private async Task InvokeAsync(Func<AnnouncementEvent, Task> handler, AnnouncementEvent e)
    {
        try
        {
            await handler(e);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "An announcement event handler failed for announcement {AnnouncementId}", e.AnnouncementId);
        }
    }

    private void Unsubscribe(Func<AnnouncementEvent, Task> handler) => ImmutableInterlocked.Update(ref handlers, list => list.Remove(handler));

    private sealed class Subscription(AnnouncementNotifier owner, Func<AnnouncementEvent, Task> handler) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) owner.Unsubscribe(handler);
        }
    }
}
