using System.Text.RegularExpressions;
using Lagesbild.Server.Features.Demo;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Users;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lagesbild.Server.Tests.Hosting;

/// <summary>
/// Program.cs stays a list of features: it adds and maps each feature with one call and registers nothing itself;
/// each feature brings its own options and its own start-up step, and the steps run in their stated order.
/// </summary>
public sealed partial class FeatureListTests(SqliteLagesbild app) : IClassFixture<SqliteLagesbild>
{
    [GeneratedRegex(@"\.(AddScoped|AddSingleton|AddTransient|AddHostedService|AddOptions|AddDbContext\w*|AddHttpClient|Configure|MapGroup|MapGet|MapPost|MapPut|MapPatch|MapDelete|MapMethods|MapHub)\b")]
    private static partial Regex RegistersItself();

    [GeneratedRegex(@"^builder\.Services\.Add\w+\(\);$")]
    private static partial Regex OneFeature();

    [Fact]
    public void Program_adds_each_feature_with_one_call_and_registers_nothing_itself()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "src", "Lagesbild.Server", "Program.cs"));

        Assert.DoesNotContain(lines, line => RegistersItself().IsMatch(line));
        var services = lines.Where(line => line.StartsWith("builder.Services", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(services);
        Assert.All(services, line => Assert.Matches(OneFeature(), line));
        Assert.Contains("builder.Services.AddStorage();", services);
    }

    [Fact]
    public void Hosting_declares_only_hosting_wide_options()
    {
        var options = typeof(HostingSetup).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(HostingSetup).Namespace && (t.Name.EndsWith("Options", StringComparison.Ordinal) || t.GetField("Section") is { IsLiteral: true }))
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(["DataOptions", "DatabaseOptions", "ReverseProxyOptions"], options);
        Assert.Equal(typeof(DemoSetup).Namespace, typeof(DemoOptions).Namespace);
        Assert.Equal(typeof(DistrictsSetup).Namespace, typeof(MapOptions).Namespace);
    }

    [Fact]
    public void The_server_prepares_storage_then_districts_then_demo_data_then_the_first_administrator()
    {
        Assert.Equal([typeof(DatabaseMigration), typeof(DistrictCatalogLoad), typeof(DemoData), typeof(AdminBootstrap)], StartupSteps.InOrder(app.Services));
    }

    [Fact]
    public void Every_api_route_needs_sign_in_unless_it_says_otherwise()
    {
        var api = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .ToList();

        Assert.NotEmpty(api);
        Assert.All(api, e => Assert.True(
            e.Metadata.GetMetadata<IAuthorizeData>() is not null || e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
            $"{e.RoutePattern.RawText} neither needs sign-in nor allows anonymous callers."));
    }

    [Fact]
    public async Task Steps_run_stage_by_stage_in_the_order_added_in_one_scope_each_made_when_its_turn_comes()
    {
        var services = new ServiceCollection();
        services.AddSingleton<Ledger>();
        services.AddScoped<ScopeMark>();
        services.AddStartupStep<Bootstrap>(StartupStage.Accounts);
        services.AddStartupStep<Seed>(StartupStage.DemoData);
        services.AddStartupStep<LoadCatalogue>(StartupStage.ReferenceData);
        services.AddStartupStep<Migrate>(StartupStage.Storage);
        services.AddStartupStep<LoadCalendar>(StartupStage.ReferenceData);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        using var stopping = new CancellationTokenSource();

        await provider.RunStartupStepsAsync(stopping.Token);

        var ledger = provider.GetRequiredService<Ledger>();
        Assert.Equal(
            [
                "made Migrate", "ran Migrate", "made LoadCatalogue", "ran LoadCatalogue", "made LoadCalendar", "ran LoadCalendar",
                "made Seed", "ran Seed", "made Bootstrap", "ran Bootstrap",
            ],
            ledger.Lines);
        Assert.Single(ledger.Scopes.Distinct());
        Assert.All(ledger.Tokens, token => Assert.Equal(stopping.Token, token));
    }

    private static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Lagesbild.slnx")))
            root = root.Parent;
        return root?.FullName ?? throw new InvalidOperationException("No Lagesbild.slnx above the tests.");
    }

    private sealed class Ledger
    {
        public List<string> Lines { get; } = [];

        public List<ScopeMark> Scopes { get; } = [];

        public List<CancellationToken> Tokens { get; } = [];
    }

    private sealed class ScopeMark;

    private abstract class Recorded : IStartupStep
    {
        private readonly Ledger _ledger;
        private readonly ScopeMark _scope;

        protected Recorded(Ledger ledger, ScopeMark scope)
        {
            _ledger = ledger;
            _scope = scope;
            ledger.Lines.Add($"made {GetType().Name}");
        }

        public Task RunAsync(CancellationToken cancellationToken)
        {
            _ledger.Lines.Add($"ran {GetType().Name}");
            _ledger.Scopes.Add(_scope);
            _ledger.Tokens.Add(cancellationToken);
            return Task.CompletedTask;
        }
    }

    private sealed class Migrate(Ledger ledger, ScopeMark scope) : Recorded(ledger, scope);

    private sealed class LoadCatalogue(Ledger ledger, ScopeMark scope) : Recorded(ledger, scope);

    private sealed class LoadCalendar(Ledger ledger, ScopeMark scope) : Recorded(ledger, scope);

    private sealed class Seed(Ledger ledger, ScopeMark scope) : Recorded(ledger, scope);

    private sealed class Bootstrap(Ledger ledger, ScopeMark scope) : Recorded(ledger, scope);
}
