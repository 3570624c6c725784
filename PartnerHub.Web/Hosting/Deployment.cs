using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;

namespace PartnerHub.Web.Hosting;

/// <summary>
/// Running behind a TLS-terminating proxy: the client's address and scheme come from <c>X-Forwarded-For</c> /
/// <c>X-Forwarded-Proto</c>, but only when the request arrives from a proxy named in configuration
/// (<c>ReverseProxy:KnownProxies</c>, IP addresses; <c>ReverseProxy:KnownNetworks</c>, CIDR ranges; loopback is always
/// trusted); outside Development every response carries HSTS and every cookie (sign-in, antiforgery) is <c>Secure</c>.
/// </summary>
public static class Deployment
{
    public const string Section = "ReverseProxy";

    public static WebApplicationBuilder AddDeployment(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in config.GetSection($"{Section}:KnownProxies").Get<string[]>() ?? [])
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in config.GetSection($"{Section}:KnownNetworks").Get<string[]>() ?? [])
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });

        if (!builder.Environment.IsDevelopment())
        {
            services.AddHsts(o =>
            {
                o.MaxAge = TimeSpan.FromDays(365);
                o.IncludeSubDomains = true;
            });
            services.PostConfigureAll<CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
            services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
        }
        return builder;
    }

    /// <summary>First in the pipeline: forwarded headers, then HSTS (outside Development) and the security headers.</summary>
    public static WebApplication UseDeployment(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseSecurityHeaders();
        return app;
    }
}
