using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Messaging;

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
        app.MapGet("/files/attachments/{id:long}", DownloadAsync).RequireAuthorization();
        return app;
    }

    private static async Task<IResult> DownloadAsync(long id, HttpContext http, MessagingService messaging, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(http.User, http.Connection.RemoteIpAddress?.ToString());
        try
        {
            var file = await messaging.OpenAttachmentAsync(actor, id, ct);
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.CacheControl = "private, no-store";
            return Results.File(file.Content, file.ContentType, file.FileName);
        }
        catch (AccessDeniedException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You cannot open this attachment.", detail: ex.Message);
        }
        catch (NotFoundException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: ex.Message);
        }
    }
}
