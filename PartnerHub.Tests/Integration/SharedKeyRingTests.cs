using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerHub.Domain.Data;
using PartnerHub.Web.Hosting;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// Two nodes (two service providers, each registered as the app registers itself) on one database share one data-protection key
/// ring: what one protects (a sign-in cookie, an antiforgery token) the other reads.
/// </summary>
public class SharedKeyRingTests
{
    // The purposes the cookie handler uses for ASP.NET Core Identity's application cookie.
    private static readonly string[] CookiePurpose =
        ["Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", "Identity.Application", "v2"];

    [Fact]
    public async Task A_cookie_protected_on_one_node_is_read_on_the_other_with_one_key_in_the_database()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var nodeA = Node(database, "node-a");
        await using var nodeB = Node(database, "node-b");

        var ticket = nodeA.GetRequiredService<IDataProtectionProvider>().CreateProtector(CookiePurpose).Protect("partner@partnerhub.demo signed in");
        var read = nodeB.GetRequiredService<IDataProtectionProvider>().CreateProtector(CookiePurpose).Unprotect(ticket);
        var back = nodeA.GetRequiredService<IDataProtectionProvider>().CreateProtector(CookiePurpose)
            .Unprotect(nodeB.GetRequiredService<IDataProtectionProvider>().CreateProtector(CookiePurpose).Protect("issued by B"));

        Assert.Equal("partner@partnerhub.demo signed in", read);
        Assert.Equal("issued by B", back);
        await using var db = database.CreateContext();
        var key = Assert.Single(await db.DataProtectionKeys.ToListAsync());
        Assert.Contains("<key ", key.Xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_with_another_database_cannot_read_the_cookie()
    {
        await using var first = await SqliteDatabase.CreateAsync();
        await using var second = await SqliteDatabase.CreateAsync();
        await using var nodeA = Node(first, "node-a");
        await using var stranger = Node(second, "stranger");

        var ticket = nodeA.GetRequiredService<IDataProtectionProvider>().CreateProtector(CookiePurpose).Protect("secret");

        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() =>
            stranger.GetRequiredService<IDataProtectionProvider>().CreateProtector(CookiePurpose).Unprotect(ticket));
    }

    private static ServiceProvider Node(SqliteDatabase database, string name)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = TestEngine.Provider.ToString(),
            ["ConnectionStrings:PartnerHub"] = database.ConnectionString,
            ["Node:Name"] = name,
        }).Build();
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddPartnerHubData(config, Path.GetTempPath());
        services.AddSharedKeyRing();
        return services.BuildServiceProvider();
    }
}
