using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;

namespace Lagesbild.Server.Components;

/// <summary>The Blazor UI: Swedish first, with English, MudBlazor components and a Leaflet map.</summary>
public static class UiSetup
{
    public static readonly CultureInfo[] Cultures = [new("sv-SE"), new("en")];

    public static IServiceCollection AddLagesbildUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddLocalization();
        services.AddScoped<Shared.Operations>();
        return services;
    }

    public static WebApplication UseLagesbildLocalization(this WebApplication app)
    {
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Cultures[0]),
            SupportedCultures = Cultures,
            SupportedUICultures = Cultures,
            // The user's choice (a cookie) wins; the browser's language is not asked: Swedish is the default.
            RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()],
        });
        return app;
    }

    public static WebApplication MapLagesbildUi(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapGet("/culture", Results<RedirectHttpResult, ValidationProblem> (string culture, string? redirectUri, HttpContext context) =>
        {
            // Only a path on this site: "/\\evil.example" starts with a slash, yet a browser goes to another host.
            if (redirectUri is { Length: > 0 } && !RedirectHttpResult.IsLocalUrl(redirectUri))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["redirectUri"] = ["redirectUri must be a path on this site."] });
            var chosen = Cultures.FirstOrDefault(c => c.Name == culture) ?? Cultures[0];
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Lax, HttpOnly = false, IsEssential = true });
            return TypedResults.LocalRedirect(redirectUri is { Length: > 0 } uri ? uri : "/");
        }).ExcludeFromDescription();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
