using Microsoft.Extensions.Options;
using PartnerHub.Domain.Files;
using PartnerHub.Domain.Creatives;

namespace PartnerHub.Web.Features.Creatives;

/// <summary>Creatives: the marketing library, its files (stored under <c>Files:Root</c>) and their endpoints.</summary>
public static class CreativesModule
{
    public static IServiceCollection AddCreatives(this IServiceCollection services, IConfiguration config, string contentRoot) => services
        .AddSingleton(sp => CreativeStore.For(sp.GetRequiredService<IOptions<StorageOptions>>().Value, contentRoot))
        .AddScoped<CreativeService>();

    public static IEndpointRouteBuilder MapCreatives(this IEndpointRouteBuilder app) => app.MapCreativeEndpoints();
}
