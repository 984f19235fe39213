using System.Text.Json.Serialization;
using Lagesbild.Core.Geo;
using Lagesbild.Data;
using Microsoft.Extensions.Options;
using NetTopologySuite.IO.Converters;

namespace Lagesbild.Server.Features.Hosting;

public static class HostingSetup
{
    public static WebApplicationBuilder AddLagesbildHosting(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateOnStart();
        services.AddOptions<DataOptions>().BindConfiguration(DataOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemFields.NameAsJson);
        services.AddExceptionHandler<BadRequestProblems>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddValidation();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            o.SerializerOptions.Converters.Add(new InstantConverter());
            o.SerializerOptions.Converters.Add(new FiniteNumberConverter());
            o.SerializerOptions.Converters.Add(new PlainTextConverter());
            o.SerializerOptions.Converters.Add(new GeoJsonConverterFactory(PolygonInput.Wgs84));
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Lägesbild API";
            document.Info.Description = "The shared situational picture of open drug scenes: districts, scenes, observations, the picture " +
                "for an area and a time window, and outcome indicators. Sign in with POST /api/auth/login and send the token as a bearer.";
            return Task.CompletedTask;
        }));
        services.AddSingleton<Reference.ApiReferences>();
        services.AddHealthChecks().AddDbContextCheck<LagesbildDb>();
        services.AddSecurityHeaders();
        return builder;
    }

    /// <summary>The /api group for a feature's routes: each needs a signed-in user unless it says otherwise.</summary>
    public static RouteGroupBuilder MapApi(this IEndpointRouteBuilder app) => app.MapGroup("/api").RequireAuthorization();

    /// <summary>The database, read from configuration when first needed (so that tests and hosts can set it late).</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddDbContextPool<LagesbildDb>((provider, options) =>
        {
            var configuration = provider.GetRequiredService<IConfiguration>();
            var database = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider;
            var connectionString = configuration.GetConnectionString("Lagesbild");
            if (database == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Lagesbild is not set.");
            DataStore.Configure(options, database, connectionString ?? DataStore.SqliteConnectionString(provider.GetRequiredService<IOptions<DataOptions>>().Value.Directory));
        });
        services.AddStartupStep<DatabaseMigration>(StartupStage.Storage);
        return services;
    }
}

/// <summary>The database's tables, migrated to this version before anything reads them.</summary>
public sealed class DatabaseMigration(LagesbildDb db) : IStartupStep
{
    public Task RunAsync(CancellationToken cancellationToken) => DataStore.PrepareAsync(db, cancellationToken);
}
