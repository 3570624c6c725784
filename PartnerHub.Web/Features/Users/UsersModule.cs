using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Web.Components.Account;
using PartnerHub.Web.Hosting;
using PartnerHub.Domain.Users;

namespace PartnerHub.Web.Features.Users;

/// <summary>
/// Identity: sign-in with ASP.NET Core Identity (cookies revalidated by <see cref="AccountSecurity"/>), the role policies pages
/// use, the password policy, and the administration of users and accounts.
/// </summary>
public static class UsersModule
{
    public static WebApplicationBuilder AddUsers(this WebApplicationBuilder builder, bool demo)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(o =>
        {
            o.DefaultScheme = IdentityConstants.ApplicationScheme;
            o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
        }).AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "PartnerHub.Auth";
            o.SlidingExpiration = true;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Console, p => p.RequireRole(Roles.Admin, Roles.Manager, Roles.Compliance))
            .AddPolicy(Policies.ConsoleWrite, p => p.RequireRole(Roles.Admin, Roles.Manager))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Portal, p => p.RequireRole(Roles.Partner).RequireClaim(Actor.PartnerIdClaim));
        services.AddIdentityCore<ApplicationUser>(o =>
            {
                o.SignIn.RequireConfirmedAccount = false;
                o.User.RequireUniqueEmail = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Stores.SchemaVersion = AppDbContext.IdentitySchema;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddPasswordPolicy()
            .AddClaimsPrincipalFactory<PartnerClaimsPrincipalFactory>();
        services.AddSingleton<IEmailSender<ApplicationUser>, IdentityNoOpEmailSender>();
        services.AddAccountSecurity(builder.Configuration, demo);
        services.AddScoped<UserAdministration>();
        services.AddScoped<OperatorTimeZone>();
        services.AddScoped<AccountAudit>();
        services.AddScoped<AccountDeletion>();
        services.AddScoped<ViewerZones>();
        return builder;
    }

    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder app)
    {
        app.MapAdditionalIdentityEndpoints();
        return app;
    }
}
