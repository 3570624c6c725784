using PartnerHub.Domain.Deals;
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
