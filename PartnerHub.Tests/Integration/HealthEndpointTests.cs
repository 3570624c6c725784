using System.Net;
using System.Text.Json;

namespace PartnerHub.Tests.Integration;

/// <summary><c>/health/live</c> and <c>/health/ready</c>: anonymous, JSON, each check's status.</summary>
public class HealthEndpointTests
{
    [Fact]
    public async Task Live_answers_without_signing_in()
    {
        await using var node = new ClusterNode("health-live");
        using var client = node.Client();

        using var response = await client.GetAsync("/health/live");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("health-live", body.RootElement.GetProperty("node").GetString());
        Assert.Empty(body.RootElement.GetProperty("checks").EnumerateObject());
    }

    [Fact]
    public async Task Ready_reports_the_database_and_the_running_scheduler()
    {
        await using var node = new ClusterNode("health-ready");
        using var client = node.Client();

        using var response = await client.GetAsync("/health/ready");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("scheduler").GetProperty("status").GetString());
        Assert.Contains("running", checks.GetProperty("scheduler").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.False(checks.TryGetProperty("redis", out _), "no Redis check without Redis:Configuration");
    }
}
