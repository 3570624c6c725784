using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Identity;
using PartnerHub.Web.Hosting;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Components;

/// <summary>
/// Inside a circuit there is no HttpContext: the actor's IP comes from the address captured on the request that opened
/// the circuit (App.razor → Routes → <see cref="ClientAddress"/>), not from <c>IHttpContextAccessor</c>.
/// </summary>
public sealed class CircuitClientIpTests : MudTestContext
{
    [Fact]
    public async Task In_a_circuit_without_an_http_context_the_actor_carries_the_ip_captured_when_the_circuit_opened()
    {
        SignIn("circuit-user", "Circuit User", Roles.Manager);
        Services.GetRequiredService<ClientAddress>().Value = "198.51.100.23";

        var actor = await Services.GetRequiredService<CurrentUser>().GetAsync();

        Assert.Equal("198.51.100.23", actor.IpAddress);
    }

    [Fact]
    public void Routes_stores_the_client_ip_it_is_given_for_the_circuit()
    {
        SignIn("circuit-user", "Circuit User", Roles.Manager);
        ComponentFactories.AddStub<Microsoft.AspNetCore.Components.Routing.Router>(); // only the root's own code runs

        Render<PartnerHub.Web.Components.Routes>(p => p.Add(r => r.ClientIp, "198.51.100.24"));

        Assert.Equal("198.51.100.24", Services.GetRequiredService<ClientAddress>().Value);
    }
}
