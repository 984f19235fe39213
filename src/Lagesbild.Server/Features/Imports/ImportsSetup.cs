using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Imports;

public static class ImportsSetup
{
    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section)
            .Validate(o => o.BatchRows >= 1 && o.EarlyStopRows >= 1 && o.MaxKeptRefusals >= 0, "Import: BatchRows and EarlyStopRows are at least 1.").ValidateOnStart();
        services.AddScoped<ObservationImport>();
        services.AddScoped<ImportJobs>();
        services.AddSingleton<ImportRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<ImportRunner>());
        return services;
    }

    public static IEndpointRouteBuilder MapImports(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapImportsApi();
        return app;
    }
}
