using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Analysis;

public static class AnalysisSetup
{
    public static IServiceCollection AddAnalysis(this IServiceCollection services)
    {
        services.AddOptions<AnalysisOptions>().BindConfiguration(AnalysisOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services
        .AddSingleton<StudyAreas>()
        .AddScoped<HotSpotService>()
        .AddScoped<CandidateService>();
    }

    public static IEndpointRouteBuilder MapAnalysis(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapAnalysisApi();
        return app;
    }
}
