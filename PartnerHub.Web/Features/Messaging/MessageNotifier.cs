using System.Collections.Immutable;

namespace PartnerHub.Web.Features.Messaging;

public enum MessageEventKind { Sent = 1, Edited = 2, Retracted = 3, Read = 4 }

/// <summary>Something happened on a thread; <see cref="ActorUserId"/> is who did it (so a circuit can ignore its own events).</summary>
public sealed record MessageEvent(long ThreadId, int PartnerId, int? CounterpartPartnerId, long MessageId, MessageEventKind Kind)
{
    public string? ActorUserId { get; init; }
}

/// <summary>
/// The one process-wide channel that pushes message events into open circuits (STYLE.md point 9).
/// Components publish after a successful service call and subscribe on first render; a handler's
/// failure never stops the others.
/// </summary>
public sealed class MessageNotifier(ILogger<MessageNotifier> logger)
{
    private ImmutableList<Func<MessageEvent, Task>> handlers = [];

    public IDisposable Subscribe(Func<MessageEvent, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ImmutableInterlocked.Update(ref handlers, list => list.Add(handler));
        return new Subscription(this, handler);
    }

    public async Task PublishAsync(MessageEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var current = handlers;
        var tasks = current.Select(h => InvokeAsync(h, e)).ToArray();
        await Task.WhenAll(tasks);
    }

    private async Task InvokeAsync(Func<MessageEvent, Task> handler, MessageEvent e)
    {
        try
        {
            await handler(e);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A message event handler failed for thread {ThreadId}", e.ThreadId);
        }
    }

    private void Unsubscribe(Func<MessageEvent, Task> handler) => ImmutableInterlocked.Update(ref handlers, list => list.Remove(handler));

    private sealed class Subscription(MessageNotifier owner, Func<MessageEvent, Task> handler) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) owner.Unsubscribe(handler);
        }
    }
}
