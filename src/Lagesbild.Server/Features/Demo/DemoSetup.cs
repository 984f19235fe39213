using Lagesbild.Server.Features.Alarms.Dc09;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Residents;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Demo;

public static class DemoSetup
{
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<DemoSchools>();
        services.AddScoped<DemoAlarms>();
        services.AddScoped<DemoCameras>();
        services.AddScoped<DemoOutcomes>();
        services.AddScoped<DemoReports>();
        services.AddScoped<DemoMappings>();
        services.AddScoped<DemoLineage>();
        services.AddScoped<DemoAlerts>();
        services.AddScoped<DemoPoliceEvents>();
        services.AddStartupStep<DemoData>(StartupStage.DemoData);
        return services;
    }
}

/// <summary>With --demo: the demo data, seeded once, and a welcome that says where to go once the server listens.</summary>
public sealed class DemoData(
    IOptions<DemoOptions> options, IServiceProvider services, IHostApplicationLifetime lifetime, ILoggerFactory loggers) : IStartupStep
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
            return;
        var started = TimeProvider.System.GetTimestamp();
        // Made only with --demo: the seeder reaches into most features, whose options are validated later, as the host starts.
        if (await services.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken))
            loggers.CreateLogger("Lagesbild").LogInformation("Demo data seeded in {Elapsed}.", TimeProvider.System.GetElapsedTime(started));
        var server = services.GetRequiredService<IServer>();
        var receiver = services.GetRequiredService<Dc09Receiver>();
        lifetime.ApplicationStarted.Register(() => PrintWelcome(server, receiver));
    }

    private static void PrintWelcome(IServer server, Dc09Receiver receiver)
    {
        // The addresses the server listens on, as WebApplication.Urls gives them.
        var urls = server.Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var addresses = urls.Count > 0 ? string.Join(", ", urls) : "http://localhost:5000";
        Console.WriteLine();
        Console.WriteLine($"Lägesbild (demo) is running: open {addresses}");
        Console.WriteLine($"Demo sign-ins, all with the password {DemoAccounts.Password}:");
        foreach (var account in DemoAccounts.All)
            Console.WriteLine($"  {account.Email,-36} {account.Role,-15} {account.DescriptionEn}");
        Console.WriteLine($"Residents' page (no sign-in): {addresses.Split(", ")[0]}/public");
        Console.WriteLine($"Open311 GeoReport v2: {addresses.Split(", ")[0]}{Open311Api.Base}/discovery.json, api_key for posting reports: {ApiKeys.DemoKey}");
        if (receiver.TcpEndPoint is { } dc09)
            Console.WriteLine($"SIA DC-09 receiver: {dc09.Address} port {dc09.Port} (TCP and UDP), demo panel account {DemoAlarms.PanelAccountNumber} (plain text) at Förskola Rinkeby 1, zone 1 always armed; see README.");
        Console.WriteLine("Demo data is synthetic, on Stockholm's real districts. Press Ctrl+C to stop.");
        Console.WriteLine();
    }
}
