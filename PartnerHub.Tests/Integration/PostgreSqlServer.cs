using System.Diagnostics;

namespace PartnerHub.Tests.Integration;

/// <summary>
/// A PostgreSQL server for tests that need PostgreSQL whatever engine the suite runs on: the suite's server when
/// <c>PARTNERHUB_TEST_PG</c> is set (CI's second pass), else one this fixture starts with <c>.ci/postgres.sh</c> (Debian's
/// postgresql, a temp folder, a free loopback port) and stops when disposed. Use with <see cref="PostgreSqlFactAttribute"/>.
/// </summary>
public sealed class PostgreSqlServer : IAsyncLifetime
{
    private string? stateFile;

    public string ConnectionString { get; private set; } = "";

    /// <summary>Whether a server is configured or can be started here.</summary>
    public static bool Available =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TestEngine.ServerVariable))
        || Directory.Exists("/usr/lib/postgresql") && Directory.EnumerateFiles("/usr/lib/postgresql", "initdb", SearchOption.AllDirectories).Any();

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(TestEngine.ServerVariable) is { Length: > 0 } configured)
        {
            ConnectionString = configured;
            return;
        }
        stateFile = Path.Combine(Path.GetTempPath(), $"partnerhub-pg-state-{Guid.NewGuid():N}");
        var output = await ScriptAsync("start");
        ConnectionString = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
    }

    public async Task DisposeAsync()
    {
        if (stateFile is not null) await ScriptAsync("stop");
    }

    private async Task<string> ScriptAsync(string verb)
    {
        var script = Path.Combine(RepositoryRoot(), ".ci", "postgres.sh");
        var start = new ProcessStartInfo("bash", [script, verb]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PARTNERHUB_PG_STATE"] = stateFile;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run " + script);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($".ci/postgres.sh {verb} failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PartnerHub.sln"))) return dir.FullName;
        throw new InvalidOperationException("PartnerHub.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// A test that needs PostgreSQL (with <see cref="PostgreSqlServer"/>): it runs in every pass where PostgreSQL is configured or
/// installed, and is skipped, with the reason printed, only where it is neither.
/// </summary>
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute()
    {
        if (!PostgreSqlServer.Available)
            Skip = $"Needs PostgreSQL: install Debian's postgresql (the test starts its own server) or set {TestEngine.ServerVariable}.";
    }
}
