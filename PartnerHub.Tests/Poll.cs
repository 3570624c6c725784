namespace PartnerHub.Tests;

/// <summary>Waits for a condition another thread makes true: checked every 10 ms, failing after a bound instead of hanging.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, int timeoutSeconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        while (!condition())
        {
            if (timeout.IsCancellationRequested) throw new TimeoutException($"The condition was not met within {timeoutSeconds} s.");
            await Task.Delay(10, CancellationToken.None);
        }
    }
}
