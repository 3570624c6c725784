using System.Globalization;
using System.Threading.RateLimiting;
using PartnerHub.Domain.Users;

namespace PartnerHub.Domain.Identity;

/// <summary>
/// How often one client may do things that cost others (configuration section <c>RateLimits</c>). Every limit is per
/// minute and per partition (an IP, an account, an integration key, a user); 0 or less switches that limit off.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sign-in form posts from one client IP.</summary>
    public int SignInPerIpPerMinute { get; set; } = 10;
    /// <summary>Sign-in form posts naming one email address, from anywhere.</summary>
    public int SignInPerAccountPerMinute { get; set; } = 5;
    /// <summary>Events API posts with one valid integration key.</summary>
    public int EventsPerKeyPerMinute { get; set; } = 600;
    /// <summary>Events API posts with a missing, unknown or revoked key, from one client IP.</summary>
    public int EventsWithoutValidKeyPerIpPerMinute { get; set; } = 20;
    /// <summary>Messages one partner user sends (a downline broadcast counts once).</summary>
    public int PartnerMessagesPerMinute { get; set; } = 10;
    /// <summary>Messages one operator sends.</summary>
    public int OperatorMessagesPerMinute { get; set; } = 60;
    /// <summary>Uploads (message attachments, creative files) by one user; a message with files counts once.</summary>
    public int UploadsPerMinute { get; set; } = 20;
}

/// <summary>
/// Fixed one-minute windows of permits per key, over <see cref="PartitionedRateLimiter"/> (the primitive ASP.NET Core's
/// rate-limiting middleware uses). Thread-safe; idle partitions are dropped by the limiter itself.
/// </summary>
public sealed class KeyedRateLimiter : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly PartitionedRateLimiter<string> limiter;

    /// <param name="permitsFor">Permits per window for a key; 0 or less means no limit.</param>
    public KeyedRateLimiter(Func<string, int> permitsFor)
    {
        ArgumentNullException.ThrowIfNull(permitsFor);
        limiter = PartitionedRateLimiter.Create<string, string>(key => permitsFor(key) is var permits && permits > 0
            ? RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits, Window = Window, QueueLimit = 0, AutoReplenishment = true,
            })
            : RateLimitPartition.GetNoLimiter(key));
    }

    /// <summary>Takes one permit for <paramref name="key"/>: null when allowed, else how long until the window reopens.</summary>
    public TimeSpan? TryAcquire(string key)
    {
        using var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) && retry > TimeSpan.Zero ? retry : Window;
    }

    /// <summary>Whole seconds, at least 1, for a <c>Retry-After</c> header or a message.</summary>
    public static int Seconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

    /// <summary>"Try again in 42 seconds." / "Try again in 1 minute."</summary>
    public static string TryAgainIn(TimeSpan retryAfter)
    {
        var seconds = Seconds(retryAfter);
        return seconds switch
        {
            1 => "Try again in 1 second.",
            < 60 => string.Create(CultureInfo.InvariantCulture, $"Try again in {seconds} seconds."),
            60 => "Try again in 1 minute.",
            _ => string.Create(CultureInfo.InvariantCulture, $"Try again in {(seconds + 59) / 60} minutes."),
        };
    }

    public void Dispose() => limiter.Dispose();
}

public enum LimitedAction
{
    SendMessage,
    Upload,
}

/// <summary>
/// Limits on what a signed-in user does inside a circuit (where there is no HTTP request for the rate-limiting
/// middleware to see): services call it before doing the work.
/// </summary>
public interface IUsageLimiter
{
    /// <summary>Takes one permit of <paramref name="action"/> for <paramref name="actor"/>.</summary>
    /// <exception cref="DomainException">On <paramref name="field"/>, saying when to try again, when over the limit.</exception>
    void Acquire(Actor actor, LimitedAction action, string field);
}

/// <summary>Per-user limits from <see cref="RateLimitOptions"/>: partners and operators have their own message limits.</summary>
public sealed class UsageLimiter : IUsageLimiter, IDisposable
{
    private readonly KeyedRateLimiter messages;
    private readonly KeyedRateLimiter uploads;

    public UsageLimiter(RateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        messages = new KeyedRateLimiter(key => key.StartsWith("partner:", StringComparison.Ordinal)
            ? options.PartnerMessagesPerMinute : options.OperatorMessagesPerMinute);
        uploads = new KeyedRateLimiter(_ => options.UploadsPerMinute);
    }

    public void Acquire(Actor actor, LimitedAction action, string field)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var key = (actor.IsPartner ? "partner:" : "operator:") + actor.UserId;
        var (limiter, what) = action switch
        {
            LimitedAction.SendMessage => (messages, "You are sending messages faster than allowed."),
            LimitedAction.Upload => (uploads, "You are uploading files faster than allowed."),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
        if (limiter.TryAcquire(key) is { } retry)
            throw new DomainException($"{what} {KeyedRateLimiter.TryAgainIn(retry)}", field);
    }

    public void Dispose()
    {
        messages.Dispose();
        uploads.Dispose();
    }
}
