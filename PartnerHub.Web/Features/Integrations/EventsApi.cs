using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Net.Http.Headers;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Integrations;
using PartnerHub.Domain.Users;

namespace PartnerHub.Web.Features.Integrations;

/// <summary>
/// <c>POST /api/v1/events</c>: external tracking systems report events about partners; <c>GET /api/v1/events/schema.json</c>
/// publishes the body's JSON Schema. Answers (all errors are RFC 9457 problem details):
/// 202 accepted (<c>{"id":..,"status":"accepted"}</c>); 202 again with the first event's id and <c>"status":"duplicate"</c>
/// when the same integration repeats an Idempotency-Key; 400 naming the bad field (or header); 401 no or unknown key;
/// 403 revoked key; 409 an Idempotency-Key reused for a different event; 413 body over 64 KB; 415 not JSON;
/// 422 unknown partner; 429 with <c>Retry-After</c> over the integration's limit (or, without a valid key, the client IP's).
/// </summary>
public static class EventsApi
{
    public const string Route = "/api/v1/events";
    public const string ApiKeyHeader = "X-Api-Key";
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Route).DisableAntiforgery().AllowAnonymous()
            .AddEndpointFilter(async (context, next) =>
            {
                // Problems are answered here as JSON; the app's HTML status pages must not replace them.
                if (context.HttpContext.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
                return await next(context);
            });
        group.MapGet("/schema.json", () => Results.Text(EventSchema.Json, "application/schema+json"));
        group.MapPost("", PostAsync);
        return app;
    }

    private static async Task<IResult> PostAsync(HttpContext http, ApiKeyService keys, EventIngestion ingestion,
        PartnerHub.Web.Hosting.RequestLimits limits, CancellationToken ct)
    {
        var check = await keys.CheckAsync(PresentedKey(http.Request), ct);
        if (limits.RefuseEvent(http, check.Status == ApiKeyStatus.Valid ? check.IntegrationId : null) is { } retryAfter)
        {
            PartnerHub.Web.Hosting.RequestLimits.SetTooManyRequests(http, retryAfter);
            return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                detail: check.Status == ApiKeyStatus.Valid
                    ? $"This integration sent more events than its limit allows. {KeyedRateLimiter.TryAgainIn(retryAfter)}"
                    : $"Too many requests without a valid API key from this address. {KeyedRateLimiter.TryAgainIn(retryAfter)}");
        }
        switch (check.Status)
        {
            case ApiKeyStatus.Missing:
                http.Response.Headers.WWWAuthenticate = "ApiKey";
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required",
                    detail: $"Send the integration's key in the {ApiKeyHeader} header (or Authorization: Bearer).");
            case ApiKeyStatus.Unknown:
                http.Response.Headers.WWWAuthenticate = "ApiKey";
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unknown API key",
                    detail: "No integration has this key.");
            case ApiKeyStatus.Revoked:
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "API key revoked",
                    detail: "This integration's key was revoked in admin. Ask for a new one.");
        }

        if (!http.Request.HasJsonContentType())
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "JSON required",
                detail: "Send the event as application/json.");
        if (http.Request.ContentLength > MaxBodyBytes)
            return TooLarge();

        JsonDocument document;
        try
        {
            // Read at most MaxBodyBytes + 1, whatever Content-Length says (chunked bodies have none).
            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBodyBytes) return TooLarge();
            }
            buffer.Position = 0;
            document = await JsonDocument.ParseAsync(buffer, new JsonDocumentOptions { MaxDepth = 16 }, ct);
        }
        catch (JsonException ex)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"The body is not valid JSON: {ex.Message}"] });
        }

        using (document)
        {
            var result = await ingestion.IngestAsync(check, http.Request.Headers[IdempotencyKeyHeader].ToString(), document.RootElement,
                http.Connection.RemoteIpAddress?.ToString(), ct);
            switch (result.Status)
            {
                case IngestStatus.Accepted:
                    return Results.Json(new EventAccepted(result.EventId!.Value, "accepted"), statusCode: StatusCodes.Status202Accepted);
                case IngestStatus.Duplicate:
                    http.Response.Headers["Idempotent-Replayed"] = "true";
                    return Results.Json(new EventAccepted(result.EventId!.Value, "duplicate"), statusCode: StatusCodes.Status202Accepted);
                case IngestStatus.Invalid:
                    return Results.ValidationProblem(result.Errors!, title: "The event is not valid.");
                case IngestStatus.UnknownPartner:
                    return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Unknown partner", detail: result.Detail);
                default:
                    return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency-Key reused", detail: result.Detail);
            }
        }
    }

    /// <summary>X-Api-Key, or else an Authorization: Bearer token.</summary>
    private static string? PresentedKey(HttpRequest request)
    {
        var key = request.Headers[ApiKeyHeader].ToString();
        if (!string.IsNullOrWhiteSpace(key)) return key;
        var authorization = request.Headers[HeaderNames.Authorization].ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }

    private static IResult TooLarge() => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large",
        detail: $"An event body may be at most {MaxBodyBytes / 1024} KB.");

    /// <summary>The 202 body: the outbox event's id, and whether this request was the first ("accepted") or a repeat ("duplicate").</summary>
    public sealed record EventAccepted(long Id, string Status);
}
