using System.Collections.Concurrent;
using PartnerHub.Web.Components.Shared;

namespace PartnerHub.Tests.Components;

/// <summary>The debouncer behind the live counts and range loads: of a burst of calls only the last one runs; cancelled calls end quietly.</summary>
public sealed class DebouncerTests
{
    private static readonly TimeSpan LongPause = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Of_several_quick_calls_only_the_last_runs()
    {
        using var debouncer = new Debouncer();
        var ran = new ConcurrentQueue<int>();
        var lastRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The first two wait far longer than the test runs, so only being cancelled can end them; the last one runs at once.
        // Nothing depends on how fast this machine makes the three calls.
        Task Call(int n, TimeSpan pause) => debouncer.RunAsync(pause, _ =>
        {
            ran.Enqueue(n);
            if (n == 3) lastRan.SetResult();
            return Task.CompletedTask;
        });
        var calls = new[] { Call(1, LongPause), Call(2, LongPause), Call(3, TimeSpan.Zero) };

        await lastRan.Task.WaitAsync(Patience);
        await Task.WhenAll(calls).WaitAsync(Patience);
        Assert.Equal([3], ran);
    }

    [Fact]
    public async Task A_new_call_cancels_the_work_of_the_one_still_running()
    {
        using var debouncer = new Debouncer();
        var started = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = debouncer.RunAsync(TimeSpan.Zero, async ct =>
        {
            started.SetResult(ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        var firstToken = await started.Task.WaitAsync(Patience);

        var second = debouncer.RunAsync(TimeSpan.Zero, _ => Task.CompletedTask);

        Assert.True(firstToken.IsCancellationRequested);
        await first.WaitAsync(Patience);
        await second.WaitAsync(Patience);
    }

    [Fact]
    public async Task Disposing_cancels_the_pending_call_and_later_calls_do_nothing()
    {
        var debouncer = new Debouncer();
        var ran = false;
        var pending = debouncer.RunAsync(LongPause, _ =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        debouncer.Dispose();
        await pending.WaitAsync(Patience);
        await debouncer.RunAsync(TimeSpan.Zero, _ =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        Assert.False(ran);
    }
}
