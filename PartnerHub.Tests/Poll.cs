namespace PartnerHub.Tests;

/// <summary>Waits for a condition another thread makes true: checked every 10 ms, failing after a bound instead of hanging.</summary>
public static class Poll
{
    public static Task UntilAsync(Func<bool> condition, int timeoutSeconds = 30) =>
        UntilAsync(() => Task.FromResult(condition()), timeoutSeconds);

    /// <summary>The same for a condition that needs I/O to check; <paramref name="describe"/> says what was still missing at the bound.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, int timeoutSeconds = 30, Func<string>? describe = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        while (!await condition())
        {
            if (timeout.IsCancellationRequested)
                throw new TimeoutException(describe?.Invoke() ?? $"The condition was not met within {timeoutSeconds} s.");
            await Task.Delay(10, CancellationToken.None);
        }
    }
}
