using PartnerHub.Domain.Messaging;
using PartnerHub.Web.Hosting;

namespace PartnerHub.Web.Features.Messaging;

/// <summary>
/// <c>GET /files/attachments/{id}</c>: a message attachment, for a signed-in user who can read its thread
/// (the service re-checks and audits the download). Always a download (<c>Content-Disposition: attachment</c>)
/// with the type the server detected at upload and <c>nosniff</c>, never rendered inline.
/// </summary>
public static class AttachmentEndpoints
{
    public static string Url(long attachmentId) => FormattableString.Invariant($"/files/attachments/{attachmentId}");

    public static IEndpointRouteBuilder MapAttachmentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/files/attachments/{id:long}", DownloadAsync).RequireAuthorization().WithDomainProblems();
        return app;
    }

    private static async Task<IResult> DownloadAsync(long id, HttpContext http, MessagingService messaging, CancellationToken ct)
    {
        var file = await messaging.OpenAttachmentAsync(DomainProblems.ActorOf(http), id, ct);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.File(file.Content, file.ContentType, file.FileName);
    }
}
