namespace PartnerHub.Web.Components.Shared;

/// <summary>
/// Runs only the latest of a burst of calls. Each <see cref="RunAsync"/> cancels the call before it (its pause, or through the
/// token its work) and then waits <c>delay</c> before starting, so typing sends one query rather than one per key; with a zero
/// delay a newer load simply replaces one still running. A cancelled call ends quietly. A component owns one per kind of
/// work, calls it from its dispatcher (one call at a time), and disposes it with itself, which cancels whatever is pending.
/// </summary>
public sealed class Debouncer : IDisposable
{
    private CancellationTokenSource? pending;
    private bool disposed;

    /// <summary>
    /// Cancels the previous call, waits <paramref name="delay"/>, then runs <paramref name="action"/> with a token that the next
    /// call (or <see cref="Dispose"/>) cancels. Completes when the action does, or as soon as this call is cancelled.
    /// </summary>
    public async Task RunAsync(TimeSpan delay, Func<CancellationToken, Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (disposed) return;
        pending?.Cancel();
        pending?.Dispose();
        var cts = pending = new CancellationTokenSource();
        var ct = cts.Token;
        try
        {
            if (delay > TimeSpan.Zero) await Task.Delay(delay, ct);
            await action(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // a newer call replaced this one, or the owner went away
        }
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        pending?.Cancel();
        pending?.Dispose();
        pending = null;
    }
}
