using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerHub.Domain.Identity;
using PartnerHub.Domain.Users;

namespace PartnerHub.Tests.Integration;

/// <summary>Two app hosts on one database: the sign-in cookie node A issues opens the console on node B.</summary>
public class CookieAcrossNodesTests
{
    private const string Password = "Cluster!Pass2026x";

    [Fact]
    public async Task A_cookie_issued_by_node_A_opens_the_console_on_node_B_and_not_on_a_node_of_another_database()
    {
        var folder = Directory.CreateTempSubdirectory("partnerhub-cookie-").FullName;
        try
        {
            var shared = new Dictionary<string, string>
            {
                ["ConnectionStrings:PartnerHub"] = $"Data Source={Path.Combine(folder, "shared.db")}",
                ["Jobs:Enabled"] = "false",
            };
            await using var nodeA = new ClusterNode("cookie-a", settings: shared);
            await using var nodeB = new ClusterNode("cookie-b", settings: shared);
            await using var stranger = new ClusterNode("cookie-stranger", settings: new Dictionary<string, string> { ["Jobs:Enabled"] = "false" });
            var managerId = await CreateManagerAsync(nodeA);
            var cookie = await CookieIssuedByAsync(nodeA, managerId);

            using var onB = await GetAsync(nodeB, "/console", cookie);
            using var onStranger = await GetAsync(stranger, "/console", cookie);

            Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, onStranger.StatusCode);
            Assert.Contains("/Account/Login", onStranger.Headers.Location?.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { /* the OS may hold the file briefly */ }
        }
    }

    private static async Task<string> CreateManagerAsync(ClusterNode node)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = $"manager-{Guid.NewGuid():N}"[..20] + "@cluster.test";
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Cluster Manager", LockoutEnabled = true };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Manager)).Succeeded);
        return user.Id;
    }

    /// <summary>The auth cookie node A's cookie handler would issue to this user now (as after a completed sign-in).</summary>
    private static async Task<string> CookieIssuedByAsync(ClusterNode node, string userId)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
        var principal = await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByIdAsync(userId))!);
        var options = node.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var now = DateTimeOffset.UtcNow;
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(1) },
            IdentityConstants.ApplicationScheme);
        return $"{options.Cookie.Name}={options.TicketDataFormat.Protect(ticket)}";
    }

    private static async Task<HttpResponseMessage> GetAsync(ClusterNode node, string path, string cookie)
    {
        using var client = node.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}
