using PartnerHub.Domain.Creatives;
using PartnerHub.Domain.Identity;
using PartnerHub.Web.Hosting;
using PartnerHub.Domain.Users;

namespace PartnerHub.Web.Features.Creatives;

/// <summary>
/// Creative files over HTTP: <c>/files/creatives/{id}</c> downloads (an attachment, recorded and audited) and
/// <c>/files/creatives/{id}/preview</c> shows an image inline. The endpoint only requires a signed-in user; the
/// service decides with the <see cref="Actor"/> built from the request's user, as pages do with <c>CurrentUser</c>.
/// </summary>
public static class CreativeEndpoints
{
    public static string DownloadUrl(int creativeId) => $"/files/creatives/{creativeId}";
    public static string PreviewUrl(int creativeId) => $"/files/creatives/{creativeId}/preview";

    public static IEndpointRouteBuilder MapCreativeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // A refused download (the asset's downloads have stopped) is 410 Gone.
        var files = endpoints.MapGroup("/files/creatives").RequireAuthorization()
            .WithDomainProblems(StatusCodes.Status410Gone, "No longer available");
        files.MapGet("/{id:int}", DownloadAsync);
        files.MapGet("/{id:int}/preview", PreviewAsync);
        return endpoints;
    }

    private static Task<IResult> DownloadAsync(int id, HttpContext http, CreativeService creatives, CancellationToken ct) =>
        ServeAsync(http, async actor =>
        {
            var file = await creatives.OpenDownloadAsync(actor, id, ct);
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        });

    private static Task<IResult> PreviewAsync(int id, HttpContext http, CreativeService creatives, CancellationToken ct) =>
        ServeAsync(http, async actor =>
        {
            var file = await creatives.OpenPreviewAsync(actor, id, ct);
            // Shown inside <img> only: a document opened directly may run nothing (SVG demo artwork included).
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
            http.Response.Headers.CacheControl = "private, max-age=300";
            return TypedResults.File(file.Content, file.ContentType);
        });

    private static async Task<IResult> ServeAsync(HttpContext http, Func<Actor, Task<IResult>> serve)
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return await serve(DomainProblems.ActorOf(http));
    }
}
