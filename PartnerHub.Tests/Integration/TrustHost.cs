using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerHub.Domain.Data;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Partners;
using PartnerHub.Domain.Integrations;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// The app in Production behind a proxy at <see cref="Proxy"/> (<c>ReverseProxy:KnownProxies</c>), on its own SQLite
/// file, with low rate limits. The test server has no TCP connection, so a first middleware sets the connection's
/// address to the <see cref="PeerHeader"/> header's value (default: the proxy), the way a socket would.
/// </summary>
public sealed partial class TrustHost : IAsyncLifetime
{
    public const string Proxy = "10.0.0.1";
    public const string PeerHeader = "X-Test-Peer";
    public const string AdminEmail = "owner@trust.test";
    public const string AdminPassword = "First!Admin2026";
    private readonly string folder = Directory.CreateTempSubdirectory("partnerhub-trust-").FullName;
    private readonly HostDatabase database = new();

    public WebApplicationFactory<Program> Factory { get; private set; } = default!;
    public int PartnerId { get; private set; }

    public async Task InitializeAsync()
    {
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            database.Apply(b);
            b.UseSetting("Bootstrap:AdminEmail", AdminEmail);
            b.UseSetting("Bootstrap:AdminPassword", AdminPassword);
            b.UseSetting("Storage:Root", Path.Combine(folder, "files"));
            b.UseSetting("ReverseProxy:KnownProxies:0", Proxy);
            b.UseSetting("Security:RequireOperatorMfa", "false");
            b.UseSetting("RateLimits:SignInPerIpPerMinute", "3");
            b.UseSetting("RateLimits:SignInPerAccountPerMinute", "2");
            b.UseSetting("RateLimits:EventsPerKeyPerMinute", "2");
            b.UseSetting("RateLimits:EventsWithoutValidKeyPerIpPerMinute", "2");
            b.ConfigureServices(s => s.AddSingleton<IStartupFilter, PeerAddressFilter>());
        });
        using (Factory.CreateClient()) { } // starts the host: migrations and the first admin
        await using var scope = Factory.Services.CreateAsyncScope();
        PartnerId = await scope.ServiceProvider.GetRequiredService<PartnerService>().CreateAsync(Admin(), new NewPartner
        {
            Name = "Trusted Media", Email = "trusted@trust.test", Vertical = Vertical.IGamingAffiliate, Country = "MT",
        });
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await database.DisposeAsync();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { /* the OS may hold the file briefly */ }
    }

    public static Actor Admin() => new("trust-admin", "Trust Admin", new HashSet<string> { Roles.Admin }, null);

    public AppDbContext Db() => Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    /// <summary>A new integration key (its own rate-limit partition).</summary>
    public async Task<string> NewKeyAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(Admin(), "Tracker " + Guid.NewGuid().ToString("N")[..6])).ApiKey;
    }

    /// <summary>A client on https (cookies are Secure outside Development) that keeps cookies and does not follow redirects.</summary>
    public HttpClient Client() => Factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"),
    });

    /// <summary>Opens the sign-in page and posts the form, as <paramref name="clientIp"/> through the known proxy.</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string clientIp, string email, string password)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        get.Headers.Add("X-Forwarded-For", clientIp);
        var page = await (await client.SendAsync(get)).Content.ReadAsStringAsync();
        var token = TokenPattern().Match(page).Groups[1].Value;
        var post = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
                ["Input.Email"] = email, ["Input.Password"] = password,
            }),
        };
        post.Headers.Add("X-Forwarded-For", clientIp);
        return await client.SendAsync(post);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private sealed class PeerAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                var peer = context.Request.Headers[PeerHeader].ToString();
                context.Connection.RemoteIpAddress = IPAddress.Parse(peer.Length > 0 ? peer : Proxy);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
