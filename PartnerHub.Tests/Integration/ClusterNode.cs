using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// The app as one node of a cluster (Production, its own SQLite file unless given one, <c>Node:Name</c>, and
/// <c>Redis:Configuration</c> when given), hosted in-process by <see cref="WebApplicationFactory{TEntryPoint}"/>.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("partnerhub-node-").FullName;

    public ClusterNode(string name, string? redis = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:PartnerHub", $"Data Source={Path.Combine(folder, "node.db")}");
            b.UseSetting("Bootstrap:AdminEmail", "owner@cluster.test");
            b.UseSetting("Bootstrap:AdminPassword", "First!Admin2026");
            b.UseSetting("Files:Root", Path.Combine(folder, "files"));
            b.UseSetting("Security:RequireOperatorMfa", "false");
            b.UseSetting("Node:Name", name);
            if (redis is not null) b.UseSetting("Redis:Configuration", redis);
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) b.UseSetting(key, value);
        });
    }

    public WebApplicationFactory<Program> Factory { get; }

    public IServiceProvider Services => Factory.Services;

    /// <summary>An anonymous client on https (the app's cookies are Secure outside Development).</summary>
    public HttpClient Client() => Factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"),
    });

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { /* the OS may hold the file briefly */ }
    }
}
