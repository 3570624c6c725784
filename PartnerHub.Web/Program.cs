using PartnerHub.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPartnerHub();

var app = builder.Build();

// `--seed-partners N [--seed-days D]` adds N partners with D days of history (default 30) for benchmarks, then exits.
if (await app.RunMaintenanceCommandsAsync()) return;

app.UsePartnerHub();
await app.PrepareDatabaseAsync();
await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
