using Microsoft.AspNetCore.Components.Authorization;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Web.Hosting;

/// <summary>
/// The signed-in user as an <see cref="Actor"/> for service calls. Pages pass it in; services re-check
/// role and ownership with it. The client's IP is the one captured from the HTTP request that opened the
/// circuit (<see cref="ClientAddress"/>), or, on a plain HTTP request, that request's (after forwarded headers).
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider auth, ClientAddress client, IHttpContextAccessor http)
{
    public async Task<Actor> GetAsync()
    {
        var state = await auth.GetAuthenticationStateAsync();
        var ipAddress = client.Value ?? http.HttpContext?.Connection.RemoteIpAddress?.ToString();
        return Actor.FromPrincipal(state.User, ipAddress);
    }
}
