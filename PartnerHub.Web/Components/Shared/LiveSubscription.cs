namespace PartnerHub.Web.Components.Shared;

/// <summary>
/// A component's subscription to a <see cref="LiveHub{TEvent}"/>: each event runs the handler on the component's dispatcher
/// (<c>InvokeAsync</c>), a failure reaches the component's error boundary (<c>DispatchExceptionAsync</c>), and disposing it stops
/// delivery. <see cref="Follow"/> changes the topics (an inbox that shows other threads after paging).
/// </summary>
public sealed class LiveSubscription<TEvent> : IDisposable where TEvent : class
{
    private readonly LiveHub<TEvent> _hub;
    private readonly Func<Func<Task>, Task> _invokeAsync;
    private readonly Func<Exception, Task> _dispatchExceptionAsync;
    private readonly Func<TEvent, Task> _handler;
    private IDisposable? _current;
    private string[] _topics = [];
    private bool _disposed;
    private readonly Lock _gate = new();

    public LiveSubscription(LiveHub<TEvent> hub, Func<Func<Task>, Task> invokeAsync, Func<Exception, Task> dispatchExceptionAsync,
        Func<TEvent, Task> handler)
    {
        _hub = hub;
        _invokeAsync = invokeAsync;
        _dispatchExceptionAsync = dispatchExceptionAsync;
        _handler = handler;
    }

    /// <summary>Listens to exactly <paramref name="topics"/> from now on (nothing is resubscribed when they did not change).</summary>
    public LiveSubscription<TEvent> Follow(IEnumerable<string> topics)
    {
        var next = topics.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        lock (_gate)
        {
            if (_disposed || (_current is not null && next.SequenceEqual(_topics, StringComparer.Ordinal))) return this;
            _current?.Dispose();
            _topics = next;
            _current = next.Length == 0 ? null : _hub.Subscribe(next, DeliverAsync);
        }
        return this;
    }

    private Task DeliverAsync(TEvent e) => _invokeAsync(async () =>
    {
        try
        {
            await _handler(e);
        }
        catch (Exception ex)
        {
            await _dispatchExceptionAsync(ex);
        }
    });

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _current?.Dispose();
            _current = null;
        }
    }
}
