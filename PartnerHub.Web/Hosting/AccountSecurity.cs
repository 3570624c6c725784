using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Web.Hosting;

/// <summary>
/// Sessions that end when they must: the cookie is re-checked every <see cref="SecurityOptions.RevalidateSeconds"/>
/// (security stamp and lockout), and <see cref="AccountGate"/> keeps a user who must change the password or enrol
/// two-factor authentication on the page that does it.
/// </summary>
public static class AccountSecurity
{
    /// <summary>Call after AddIdentityCore: replaces its security stamp validator.</summary>
    public static IServiceCollection AddAccountSecurity(this IServiceCollection services, IConfiguration config, bool demo)
    {
        services.Configure<SecurityOptions>(o =>
        {
            o.RevalidateSeconds = Math.Max(0, config.GetValue<int?>("Security:RevalidateSeconds") ?? 60);
            o.RequireOperatorMfa = config.GetValue<bool?>("Security:RequireOperatorMfa") ?? !demo;
        });
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<SecurityOptions>>((o, security) =>
            o.ValidationInterval = TimeSpan.FromSeconds(security.Value.RevalidateSeconds));
        services.Replace(ServiceDescriptor.Scoped<ISecurityStampValidator, LockoutAwareSecurityStampValidator>());
        return services;
    }

    public static IApplicationBuilder UseAccountGate(this IApplicationBuilder app) => app.UseMiddleware<AccountGate>();
}

/// <summary>The template's validator, which also refuses a user who is locked out (by an admin or by failed sign-ins).</summary>
public sealed class LockoutAwareSecurityStampValidator(
    IOptions<SecurityStampValidatorOptions> options, SignInManager<ApplicationUser> signInManager, ILoggerFactory logger)
    : SecurityStampValidator<ApplicationUser>(options, signInManager, logger)
{
    protected override async Task<ApplicationUser?> VerifySecurityStamp(ClaimsPrincipal? principal)
    {
        var user = await base.VerifySecurityStamp(principal);
        return user is not null && await SignInManager.UserManager.IsLockedOutAsync(user) ? null : user;
    }
}

/// <summary>
/// One gate, two reasons: a user still holding a one-time password goes to ChangePassword; an operator without
/// two-factor authentication (when <see cref="SecurityOptions.RequireOperatorMfa"/>) goes to EnableAuthenticator.
/// Until then every authorised page redirects there, every other authorised endpoint (file downloads, CSV exports)
/// answers 403, and so does the Blazor hub, so no interactive circuit starts. Sign-in, sign-out, static assets and the
/// page that resolves the reason stay open. The reasons come from the cookie's claims, which the security stamp
/// validator refreshes every <see cref="SecurityOptions.RevalidateSeconds"/>.
/// </summary>
public sealed class AccountGate(RequestDelegate next, IOptions<SecurityOptions> options)
{
    public const string ChangePasswordPath = "/Account/Manage/ChangePassword";
    public const string EnrolPath = "/Account/Manage/EnableAuthenticator";

    private static readonly string[] OpenPaths =
        [ChangePasswordPath, EnrolPath, "/Account/Manage/SetPassword", "/Account/Logout", "/Account/Login", "/Account/AccessDenied", "/Account/Lockout"];
    private static readonly string[] GuardedPrefixes = ["/console", "/portal", "/admin", "/files", "/api", "/_blazor"];

    public Task InvokeAsync(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true || Destination(user, options.Value) is not { } destination)
            return next(context);
        var path = context.Request.Path;
        if (OpenPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
            return next(context);
        var endpoint = context.GetEndpoint();
        var guarded = endpoint?.Metadata.GetMetadata<IAuthorizeData>() is not null
            || GuardedPrefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
        if (!guarded)
            return next(context);
        var isPage = endpoint?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
        if (isPage && HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Redirect(destination);
            return Task.CompletedTask;
        }
        // A problem body, not a bare status: an empty 403 would be re-executed by the status code pages as a POST to the
        // not-found page, which answers an empty 400 (its antiforgery check), hiding why the request was refused.
        return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Account action required",
            detail: destination == ChangePasswordPath
                ? "Change your one-time password before you continue."
                : "Set up two-factor authentication before you continue.",
            extensions: new Dictionary<string, object?> { ["location"] = destination }).ExecuteAsync(context);
    }

    /// <summary>Where the user must go first, or null when nothing is owed.</summary>
    public static string? Destination(ClaimsPrincipal user, SecurityOptions options)
    {
        if (user.HasClaim(PartnerClaimsPrincipalFactory.MustChangePasswordClaim, "true"))
            return ChangePasswordPath;
        if (options.RequireOperatorMfa && Roles.Operators.Any(user.IsInRole)
            && !user.HasClaim(PartnerClaimsPrincipalFactory.TwoFactorClaim, "true"))
            return EnrolPath;
        return null;
    }
}
