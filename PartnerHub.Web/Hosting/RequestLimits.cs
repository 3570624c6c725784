using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Web.Hosting;

/// <summary>Registers the request and usage limits read from the <c>RateLimits</c> section.</summary>
public static class RequestLimitsRegistration
{
    public static IServiceCollection AddRequestLimits(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<RateLimitOptions>(config.GetSection(RateLimitOptions.Section));
        services.AddSingleton<RequestLimits>();
        services.AddSingleton<IUsageLimiter>(sp => new UsageLimiter(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitOptions>>().Value));
        return services;
    }
}

/// <summary>
/// Limits on HTTP requests whose partition is only known inside the endpoint (<see cref="RateLimitOptions"/>): the
/// sign-in form (per client IP and per posted email, checked in <c>Login.razor</c> before the password is tried, so a
/// limited person sees the sign-in page with a message, with status 429 and <c>Retry-After</c>) and the events API
/// (per valid integration key, and per client IP for missing, unknown or revoked keys, decided after the key lookup).
/// The client IP is the one after forwarded headers (<see cref="Deployment"/>).
/// </summary>
public sealed class RequestLimits : IDisposable
{
    private readonly KeyedRateLimiter signInByIp;
    private readonly KeyedRateLimiter signInByAccount;
    private readonly KeyedRateLimiter eventsByKey;
    private readonly KeyedRateLimiter eventsWithoutKeyByIp;

    public RequestLimits(IOptions<RateLimitOptions> options)
    {
        var o = options.Value;
        signInByIp = new KeyedRateLimiter(_ => o.SignInPerIpPerMinute);
        signInByAccount = new KeyedRateLimiter(_ => o.SignInPerAccountPerMinute);
        eventsByKey = new KeyedRateLimiter(_ => o.EventsPerKeyPerMinute);
        eventsWithoutKeyByIp = new KeyedRateLimiter(_ => o.EventsWithoutValidKeyPerIpPerMinute);
    }

    /// <summary>
    /// Counts one sign-in attempt from this request's IP and for <paramref name="email"/> (when given). Over a limit it
    /// sets 429 and <c>Retry-After</c> on the response and returns the message to show; otherwise null.
    /// </summary>
    public string? RefuseSignIn(HttpContext http, string? email)
    {
        ArgumentNullException.ThrowIfNull(http);
        var retry = signInByIp.TryAcquire(ClientIp(http));
        if (retry is null && !string.IsNullOrWhiteSpace(email))
            retry = signInByAccount.TryAcquire(email.Trim().ToUpperInvariant());
        if (retry is not { } after) return null;
        SetTooManyRequests(http, after);
        return $"Error: Too many sign-in attempts. {KeyedRateLimiter.TryAgainIn(after)}";
    }

    /// <summary>Counts one events API request: per integration for a valid key, else per client IP. Null when allowed.</summary>
    public TimeSpan? RefuseEvent(HttpContext http, int? integrationId)
    {
        ArgumentNullException.ThrowIfNull(http);
        return integrationId is { } id
            ? eventsByKey.TryAcquire("integration:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : eventsWithoutKeyByIp.TryAcquire(ClientIp(http));
    }

    public static void SetTooManyRequests(HttpContext http, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers[HeaderNames.RetryAfter] = KeyedRateLimiter.Seconds(retryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string ClientIp(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public void Dispose()
    {
        signInByIp.Dispose();
        signInByAccount.Dispose();
        eventsByKey.Dispose();
        eventsWithoutKeyByIp.Dispose();
    }
}
