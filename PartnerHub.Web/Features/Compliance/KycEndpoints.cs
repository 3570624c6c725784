using PartnerHub.Domain.Compliance;
using PartnerHub.Web.Hosting;

namespace PartnerHub.Web.Features.Compliance;

/// <summary>
/// <c>GET /files/kyc/{id}</c>: the document uploaded for a KYC requirement, for an operator or the partner it belongs to
/// (the service re-checks and audits the download). Always a download with the type detected at upload and <c>nosniff</c>.
/// </summary>
public static class KycEndpoints
{
    public static string Url(long requirementId) => FormattableString.Invariant($"/files/kyc/{requirementId}");

    public static IEndpointRouteBuilder MapKycEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/files/kyc/{id:long}", DownloadAsync).RequireAuthorization().WithDomainProblems();
        return app;
    }

    private static async Task<IResult> DownloadAsync(long id, HttpContext http, KycService kyc, CancellationToken ct)
    {
        var file = await kyc.OpenDocumentAsync(DomainProblems.ActorOf(http), id, ct);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.File(file.Content, file.ContentType, file.FileName);
    }
}
