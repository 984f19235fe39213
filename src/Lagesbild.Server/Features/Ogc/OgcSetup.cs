namespace Lagesbild.Server.Features.Ogc;

public static class OgcSetup
{
    public const string Path = "/ogc";

    public static IServiceCollection AddOgc(this IServiceCollection services)
    {
        services.AddScoped<OgcCollections>();
        return services;
    }

    /// <summary>The OGC API under /ogc, signed in as /api is (a bearer or personal token, Basic with the token, or the web cookie).</summary>
    public static IEndpointRouteBuilder MapOgc(this IEndpointRouteBuilder app)
    {
        app.MapGroup(Path).RequireAuthorization().ExcludeFromDescription().MapOgcApi();
        return app;
    }

    /// <summary>
    /// Every 401 under /ogc says how to sign in, so that a GIS client can ask its user (QGIS asks for Basic): a personal
    /// API token as a bearer, or as the password of Basic.
    /// </summary>
    public static IApplicationBuilder UseOgcChallenge(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.Path.StartsWithSegments(Path))
        {
            context.Response.OnStarting(() =>
            {
                if (context.Response.StatusCode == StatusCodes.Status401Unauthorized)
                {
                    context.Response.Headers.WWWAuthenticate = new Microsoft.Extensions.Primitives.StringValues(
                        ["Bearer realm=\"Lagesbild\"", "Basic realm=\"Lagesbild\", charset=\"UTF-8\""]);
                }
                return Task.CompletedTask;
            });
        }
        return next(context);
    });
}
