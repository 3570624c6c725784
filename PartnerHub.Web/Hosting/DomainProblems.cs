using PartnerHub.Domain;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Web.Hosting;

/// <summary>
/// The one way an HTTP endpoint turns a service's refusal into a problem response: <see cref="AccessDeniedException"/> is 403,
/// <see cref="NotFoundException"/> 404 and <see cref="DomainException"/> the status the endpoint names (400 unless it says
/// otherwise), each with the service's message as the detail. Endpoints build the caller with <see cref="ActorOf"/>.
/// </summary>
public static class DomainProblems
{
    public static TBuilder WithDomainProblems<TBuilder>(this TBuilder builder, int refusedStatus = StatusCodes.Status400BadRequest,
        string refusedTitle = "Request refused") where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (AccessDeniedException ex)
            {
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Access denied", detail: ex.Message);
            }
            catch (NotFoundException ex)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: ex.Message);
            }
            catch (DomainException ex)
            {
                return Results.Problem(statusCode: refusedStatus, title: refusedTitle, detail: ex.Message);
            }
        });

    /// <summary>The signed-in caller of an HTTP endpoint, with the client address (forwarded headers already applied).</summary>
    public static Actor ActorOf(HttpContext http) => Actor.FromPrincipal(http.User, http.Connection.RemoteIpAddress?.ToString());
}
