using Microsoft.AspNetCore.Mvc;
using PartnerHub.Domain.Deals;
using PartnerHub.Domain.Identity;
using PartnerHub.Web.Hosting;
using Quartz;

namespace PartnerHub.Web.Features.Deals;

/// <summary>Deals: terms, versions and their history; proposals the partner accepts (settings under <c>DealTerms</c>).</summary>
public static class DealsModule
{
    public static IServiceCollection AddDeals(this IServiceCollection services, IConfiguration config)
    {
        var options = new DealTermsOptions();
        config.GetSection(DealTermsOptions.Section).Bind(options);
        services.AddSingleton(options);
        services.AddScoped<DealService>();
        services.AddScoped<DealTermsService>();
        return services;
    }

    /// <summary>
    /// <c>GET /console/compliance/terms.csv</c>: the terms history with its evidence as CSV (filters as on the history page:
    /// <c>partner</c>, <c>state=pending-past-deadline|declined</c>, <c>manager</c>, <c>vertical</c>), for operators; audited.
    /// </summary>
    public static IEndpointRouteBuilder MapDealTerms(this IEndpointRouteBuilder app)
    {
        app.MapGet("/console/compliance/terms.csv", async (HttpContext http, [FromServices] DealTermsService terms, CancellationToken ct) =>
        {
            var actor = DomainProblems.ActorOf(http);
            var filter = TermsHistoryQuery.Parse(http.Request.Query["partner"], http.Request.Query["state"], http.Request.Query["manager"], http.Request.Query["vertical"]);
            await terms.EvidenceAsync(actor, filter, 1, ct); // refuses (403) before the first byte
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"terms-history{(filter.PartnerId is { } p ? $"-partner-{p}" : "")}.csv\"";
            await terms.WriteEvidenceCsvAsync(actor, filter, http.Response.Body, ct);
        })
        .RequireAuthorization(Policies.Console)
        .WithDomainProblems();
        return app;
    }

    /// <summary>The deadline scanner (expiry and reminders), every <c>Jobs:TermsScanMinutes</c> minutes (default 15).</summary>
    public static void RegisterJobs(IQuartzBuilder q, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(config);
        var every = TimeSpan.FromMinutes(config.GetValue<double?>("Jobs:TermsScanMinutes") ?? 15);
        q.ScheduleJob<TermsDeadlineJob>(t => t.WithIdentity("deal-terms-deadlines")
            .StartNow().WithSchedule(SimpleScheduleBuilder.Create().WithInterval(every).RepeatForever()));
    }
}

/// <summary>Expires proposals past their deadline and reminds partners before it (see <see cref="DealTermsService.ScanDeadlinesAsync"/>).</summary>
[DisallowConcurrentExecution]
public sealed class TermsDeadlineJob(DealTermsService terms) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await terms.ScanDeadlinesAsync(cancellationToken);
}

/// <summary>The terms history's filters as they travel in the address (page, print page and CSV share them).</summary>
public static class TermsHistoryQuery
{
    public const string PendingPastDeadline = "pending-past-deadline";
    public const string Declined = "declined";

    public static TermsEvidenceFilter Parse(string? partner, string? state, string? manager, string? vertical) => new(
        int.TryParse(partner, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : null,
        state == PendingPastDeadline, state == Declined, string.IsNullOrWhiteSpace(manager) ? null : manager,
        Enum.TryParse<PartnerHub.Domain.Partners.Vertical>(vertical, out var v) && Enum.IsDefined(v) ? v : null);

    public static string ToQuery(TermsEvidenceFilter f)
    {
        var parts = new List<string>();
        if (f.PartnerId is { } p) parts.Add($"partner={p}");
        if (f.PendingPastDeadline) parts.Add($"state={PendingPastDeadline}");
        else if (f.DeclinedOnly) parts.Add($"state={Declined}");
        if (f.ManagerId is { } m) parts.Add("manager=" + Uri.EscapeDataString(m));
        if (f.Vertical is { } v) parts.Add($"vertical={v}");
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}
