using Bunit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using PartnerHub.Domain.Identity;
using PartnerHub.Web.Hosting;

namespace PartnerHub.Tests.Components;

/// <summary>
/// The one shared bUnit setup: MudBlazor's services, loose JS interop (MudBlazor calls JS the test
/// does not need to answer), the app's <see cref="CurrentUser"/>, and a signed-in user with roles.
/// </summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor's services are only async-disposable; xunit awaits this before its synchronous Dispose, which then has nothing left to do.</summary>
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    protected MudTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IHttpContextAccessor>(new HttpContextAccessor());
        Services.AddScoped<CurrentUser>();
        Services.AddSingleton(TimeProvider.System);
    }

    /// <summary>Signs a user in for the rendered components (and the services they call through <see cref="CurrentUser"/>).</summary>
    protected void SignIn(string userId, string name, params string[] roles)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(name);
        auth.SetRoles(roles);
        auth.SetClaims(
            new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, userId),
            new System.Security.Claims.Claim(Actor.DisplayNameClaim, name));
    }

    /// <summary>MudSelect, MudMenu and dialogs render into the popover provider; render it first.</summary>
    protected IRenderedComponent<MudPopoverProvider> RenderPopovers() => Render<MudPopoverProvider>();
}
