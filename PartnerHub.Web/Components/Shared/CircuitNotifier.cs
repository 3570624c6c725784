using System.Collections.Immutable;

namespace PartnerHub.Web.Components.Shared;

/// <summary>
/// A process-wide channel that pushes events into open circuits (STYLE.md point 9). Components publish after a
/// successful service call and subscribe on first render (disposing the subscription with the component); one
/// handler's failure is logged and never stops the others. Each feature derives its own singleton.
/// </summary>
public abstract class CircuitNotifier<TEvent>(ILogger logger) where TEvent : class
{
    private ImmutableList<Func<TEvent, Task>> handlers = [];

    public IDisposable Subscribe(Func<TEvent, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ImmutableInterlocked.Update(ref handlers, list => list.Add(handler));
        return new Subscription(this, handler);
    }

    /// <summary>How many handlers are subscribed (tests check that components unsubscribe).</summary>
    public int SubscriberCount => handlers.Count;

    public async Task PublishAsync(TEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        await Task.WhenAll(handlers.Select(h => InvokeAsync(h, e)).ToArray());
    }

    private async Task InvokeAsync(Func<TEvent, Task> handler, TEvent e)
    {
        try
        {
            await handler(e);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A {EventType} handler failed for {Event}", typeof(TEvent).Name, e);
        }
    }

    private void Unsubscribe(Func<TEvent, Task> handler) => ImmutableInterlocked.Update(ref handlers, list => list.Remove(handler));

    private sealed class Subscription(CircuitNotifier<TEvent> owner, Func<TEvent, Task> handler) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) owner.Unsubscribe(handler);
        }
    }
}
