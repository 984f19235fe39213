using System.IO.Compression;
using System.Text.Json.Serialization;
using Lagesbild.Core.Geo;
using Lagesbild.Data;
using Microsoft.AspNetCore.ResponseCompression;
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
        services.AddExceptionHandler<DatabaseUnavailable>();
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
        services.AddSecurityHeaders();
        services.AddResponseCompression(o =>
        {
            // Over HTTPS too (a deployment terminates TLS here or in front); sign-in, whose answers carry tokens, is
            // never compressed (UseApiCompression), so that answer sizes cannot reveal a secret (BREACH).
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["application/json", "application/geo+json", "application/problem+json", "text/csv"];
        });
        // The fastest level: a picture of the city compresses about as well, in a fraction of the time.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return builder;
    }

    /// <summary>Compresses the API's JSON, GeoJSON and CSV for clients that accept Brotli or gzip, except sign-in's answers.</summary>
    public static IApplicationBuilder UseApiCompression(this IApplicationBuilder app) =>
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api/auth"), branch => branch.UseResponseCompression());

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
        services.AddSingleton<PassLocks>();
        return services;
    }
}

/// <summary>The database's tables, migrated to this version before anything reads them.</summary>
public sealed class DatabaseMigration(LagesbildDb db) : IStartupStep
{
    public Task RunAsync(CancellationToken cancellationToken) => DataStore.PrepareAsync(db, cancellationToken);
}
