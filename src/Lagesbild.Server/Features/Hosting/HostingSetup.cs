using System.Text.Json.Serialization;
using Lagesbild.Core.Geo;
using Lagesbild.Data;
using Lagesbild.Server.Features.Demo;
using Lagesbild.Server.Features.Districts;
using Microsoft.EntityFrameworkCore;
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
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MapOptions>().BindConfiguration(MapOptions.Section).ValidateDataAnnotations().ValidateOnStart();
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
        return builder;
    }

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
        services.AddSingleton<DistrictCatalog>();
        return services;
    }

    /// <summary>Migrates, loads the districts and, with --demo, seeds the demo data; then says where to go.</summary>
    public static async Task PrepareAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LagesbildDb>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Lagesbild");
        await DataStore.PrepareAsync(db, app.Lifetime.ApplicationStopping);
        await scope.ServiceProvider.GetRequiredService<DistrictCatalog>().LoadAsync(db, app.Lifetime.ApplicationStopping);
        if (scope.ServiceProvider.GetRequiredService<IOptions<DemoOptions>>().Value.Enabled)
        {
            var started = TimeProvider.System.GetTimestamp();
            if (await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(app.Lifetime.ApplicationStopping))
                logger.LogInformation("Demo data seeded in {Elapsed}.", TimeProvider.System.GetElapsedTime(started));
            app.Lifetime.ApplicationStarted.Register(() => PrintDemoWelcome(app));
        }
        await Users.AdminBootstrap.EnsureAsync(db, app.Configuration, scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IPasswordHasher<User>>(),
            scope.ServiceProvider.GetRequiredService<TimeProvider>(), logger, app.Lifetime.ApplicationStopping);
    }

    private static void PrintDemoWelcome(WebApplication app)
    {
        var addresses = app.Urls.Count > 0 ? string.Join(", ", app.Urls) : "http://localhost:5000";
        Console.WriteLine();
        Console.WriteLine($"Lägesbild (demo) is running: open {addresses}");
        Console.WriteLine($"Demo sign-ins, all with the password {DemoAccounts.Password}:");
        foreach (var account in DemoAccounts.All)
            Console.WriteLine($"  {account.Email,-36} {account.Role,-15} {account.DescriptionEn}");
        Console.WriteLine($"Residents' page (no sign-in): {addresses.Split(", ")[0]}/public");
        Console.WriteLine($"Open311 GeoReport v2: {addresses.Split(", ")[0]}{Residents.Open311Api.Base}/discovery.json, api_key for posting reports: {Residents.ApiKeys.DemoKey}");
        Console.WriteLine("Demo data is synthetic, on Stockholm's real districts. Press Ctrl+C to stop.");
        Console.WriteLine();
    }
}
