using PartnerHub.Domain.Integrations;

namespace PartnerHub.Web.Features.Integrations;

/// <summary>Integrations: API keys of tracking systems and the events API they post to.</summary>
public static class IntegrationsModule
{
    public static IServiceCollection AddIntegrations(this IServiceCollection services) => services
        .AddScoped<ApiKeyService>()
        .AddScoped<EventIngestion>();

    public static IEndpointRouteBuilder MapIntegrations(this IEndpointRouteBuilder app) => app.MapEventsApi();
}
