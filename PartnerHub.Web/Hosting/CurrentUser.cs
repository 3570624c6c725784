using Microsoft.AspNetCore.Components.Authorization;
using PartnerHub.Domain.Identity;

namespace PartnerHub.Web.Hosting;

/// <summary>
/// The signed-in user as an <see cref="Actor"/> for service calls. Pages pass it in; services re-check
/// role and ownership with it. The client's IP is taken from the connection that opened the circuit.
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider auth, IHttpContextAccessor http)
{
    private string? ipAddress;

    public async Task<Actor> GetAsync()
    {
        var state = await auth.GetAuthenticationStateAsync();
        ipAddress ??= http.HttpContext?.Connection.RemoteIpAddress?.ToString();
        return Actor.FromPrincipal(state.User, ipAddress);
    }
}
