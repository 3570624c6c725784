using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace PartnerHub.Web.Hosting;

/// <summary>
/// Headers on every response (pages, static files, API problems, file downloads), added as the response starts so an
/// error page that clears the headers still gets them. The Content-Security-Policy allows scripts only from this origin
/// (Blazor's <c>blazor.web.js</c>, MudBlazor's JS and the app's modules are files; no eval) plus the one inline script
/// Blazor renders, the <c>&lt;ImportMap /&gt;</c>, by a per-request nonce (<see cref="NonceOf"/>, passed to it in
/// <c>App.razor</c>); inline styles (MudBlazor sets <c>style</c> attributes); images from this origin and <c>data:</c>;
/// connections to this origin (<c>'self'</c> covers the circuit's same-origin WebSocket in current browsers). No one may
/// frame the app, change its base URL, or post its forms elsewhere.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "PartnerHub.CspNonce";

    public static string PolicyFor(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>This request's script nonce, for the one inline script the app renders (the import map).</summary>
    public static string NonceOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items[NonceKey] is string nonce) return nonce;
        nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        return nonce;
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers[HeaderNames.ContentSecurityPolicy] = PolicyFor(NonceOf(context));
            headers[HeaderNames.XContentTypeOptions] = "nosniff";
            headers[HeaderNames.XFrameOptions] = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
