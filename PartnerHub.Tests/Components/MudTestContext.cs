using Bunit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using PartnerHub.Domain.Identity;
using PartnerHub.Web.Hosting;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Components;

/// <summary>
/// The one shared bUnit setup: MudBlazor's services, loose JS interop (MudBlazor calls JS the test
/// does not need to answer), the app's <see cref="CurrentUser"/>, and a signed-in user with roles.
/// </summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    /// <summary>
    /// WaitFor* waits up to 10 s (bUnit's default is 1 s): a component that loads from a server engine (PostgreSQL), on a
    /// shared CI machine, can take more than a second to show its first data. A passing wait returns as soon as it passes.
    /// </summary>
    static MudTestContext() => DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor's services are only async-disposable; xunit awaits this before its synchronous Dispose, which then has nothing left to do.</summary>
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    protected MudTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IHttpContextAccessor>(new HttpContextAccessor());
        Services.AddScoped<ClientAddress>();
        Services.AddScoped<CurrentUser>();
        Services.AddScoped<PartnerHub.Web.Components.Shared.ViewerTime>();
        Services.AddScoped<PartnerHub.Web.Components.Layout.ThemePreference>();
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

    /// <summary>
    /// Signs <paramref name="user"/> in with one role, the policies that role passes in the app
    /// (Console/ConsoleWrite for Admin and Manager, Console for Compliance, Portal for partners),
    /// and the claims the app issues (user id, display name, partner id).
    /// </summary>
    protected void SignInAs(PartnerHub.Domain.Identity.ApplicationUser user, string role)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(user.DisplayName);
        auth.SetRoles(role);
        if (role is Roles.Admin or Roles.Manager) auth.SetPolicies(Policies.Console, Policies.ConsoleWrite);
        else if (role == Roles.Compliance) auth.SetPolicies(Policies.Console);
        else auth.SetPolicies(Policies.Portal);
        var claims = new List<System.Security.Claims.Claim>
        {
            new(System.Security.Claims.ClaimTypes.NameIdentifier, user.Id),
            new(Actor.DisplayNameClaim, user.DisplayName),
        };
        if (user.PartnerId is { } pid)
            claims.Add(new(Actor.PartnerIdClaim, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        auth.SetClaims([.. claims]);
    }

    /// <summary>MudSelect, MudMenu and dialogs render into the popover provider; render it first.</summary>
    protected IRenderedComponent<MudPopoverProvider> RenderPopovers() => Render<MudPopoverProvider>();
}
