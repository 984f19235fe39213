using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Users;

public static class UsersSetup
{
    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddScoped<UserAccounts>();
        services.AddScoped<Organisations>();
        services.AddStartupStep<AdminBootstrap>(StartupStage.Accounts);
        return services;
    }

    /// <summary>Users and organisations, and each organisation's scope.</summary>
    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder app)
    {
        var api = app.MapApi();
        api.MapUsersApi();
        api.MapOrganisationScopeApi();
        return app;
    }
}
