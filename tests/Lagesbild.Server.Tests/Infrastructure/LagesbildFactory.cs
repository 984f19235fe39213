using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lagesbild.Core.Access;
using Lagesbild.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Lagesbild.Server.Tests.Infrastructure;

/// <summary>
/// The whole server on a database of its own, with a clock that stands still, one organisation and one
/// signed-in user per role. One factory serves one test class on one provider.
/// </summary>
public abstract class LagesbildFactory(TestStore store) : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The fixed "now" of every test: a Friday morning in Stockholm (11:00 local).</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    public const string Password = "Test-password-1";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"lagesbild-test-{Guid.NewGuid():N}");
    private readonly Dictionary<Role, string> _tokens = [];
    private readonly Dictionary<Role, int> _userIds = [];
    private string? _connectionString;

    public FakeTimeProvider Clock { get; } = new(Now);

    public DatabaseProvider Provider => store.Provider;

    /// <summary>The database's connection string (null on SQLite, whose file is in the data folder), for a second node on it.</summary>
    public string? ConnectionString => _connectionString;

    /// <summary>The server's data folder (the SQLite file, the sign-in keys), a temporary folder of this factory's own.</summary>
    public string DataDirectory => _dataDirectory;

    public IReadOnlyDictionary<Role, int> UserIds => _userIds;

    /// <summary>
    /// PBKDF2 rounds for the passwords this server hashes, or null for the product's own work factor (100,000). A
    /// factory signs its eleven users in at start, and at the product's cost that was over a minute of the suite's
    /// CPU; the demo's factories keep the product's cost, so that signing in with it stays tested on both providers.
    /// </summary>
    protected virtual int? PasswordIterations => 1_000;

    /// <summary>Settings on top of the provider's, for factories that need more (the demo).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> ExtraSettings => [];

    public async Task InitializeAsync()
    {
        _connectionString = await store.CreateAsync(_dataDirectory);
        // Starts the host (in memory, or on Kestrel for a factory that asked for a real port): PrepareAsync finds the
        // store's copy migrated and loads the district catalogue.
        StartServer();
        var accounts = await CreateAccountsAsync();
        var ids = await QueryAsync(db => db.Users.ToDictionaryAsync(u => u.Email, u => u.Id));
        foreach (var (role, email, password) in accounts)
        {
            _tokens[role] = await SignInAsync(email, password);
            _userIds[role] = ids[email];
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await store.DropAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temporary folder behind.
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", store.Provider.ToString());
        builder.UseSetting("Data:Directory", _dataDirectory);
        builder.UseSetting("Demo:Enabled", "false");
        // The tests drive the rounds pass and the outbox themselves, at the fake clock's times.
        builder.UseSetting("Rounds:Worker", "false");
        builder.UseSetting("Notifications:Worker", "false");
        builder.UseSetting("Alarms:Worker", "false");
        builder.UseSetting("Retention:Worker", "false");
        builder.UseSetting("Meetings:Worker", "false");
        // Small, so that a test can fill a window past the limit of the candidate search.
        builder.UseSetting("Analysis:MaxClusterPoints", "300");
        // High, so that tests filing many reports are not held back; the flood test sets its own.
        builder.UseSetting("Open311:PostsPerAddressPerMinute", "100000");
        builder.UseSetting("Open311:PostsPerKeyPerMinute", "100000");
        // Every test user is of one city organisation, so there is no other party to confirm a status change: the
        // two-party tests (SceneProposalTests) turn confirmation on with a police organisation of their own.
        builder.UseSetting("Scenes:Confirmation:Active", "None");
        builder.UseSetting("Scenes:Confirmation:Ceased", "None");
        if (_connectionString is not null)
            builder.UseSetting("ConnectionStrings:Lagesbild", _connectionString);
        foreach (var (key, value) in ExtraSettings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            if (PasswordIterations is { } iterations)
                services.Configure<PasswordHasherOptions>(o => o.IterationCount = iterations);
            // Tests move the clock by days (rounds, deadlines); the tokens they signed in with must outlast that.
            services.PostConfigure<Microsoft.AspNetCore.Authentication.BearerToken.BearerTokenOptions>(
                Microsoft.AspNetCore.Authentication.BearerToken.BearerTokenDefaults.AuthenticationScheme,
                o => o.BearerTokenExpiration = TimeSpan.FromDays(365));
        });
    }

    /// <summary>Creates the accounts the tests sign in with; answers them with their passwords.</summary>
    protected virtual async Task<IReadOnlyList<(Role Role, string Email, string Password)>> CreateAccountsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LagesbildDb>();
        var organisation = new Organisation { Name = "Testkommunen", Kind = OrganisationKind.City };
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync();
        // One hash serves every account (it carries its own salt), which keeps start-up quick.
        var hash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>()
            .HashPassword(new User { Email = "", DisplayName = "" }, Password);
        var accounts = Enum.GetValues<Role>().Select(role => (Role: role, Email: EmailOf(role), Password)).ToList();
        db.Users.AddRange(accounts.Select(a => new User
        {
            Email = a.Email,
            DisplayName = $"Test {a.Role}",
            OrganisationId = organisation.Id,
            Roles = [a.Role],
            PasswordHash = hash,
            CreatedAt = Now,
        }));
        await db.SaveChangesAsync();
        return accounts;
    }

    public static string EmailOf(Role role) => string.Create(CultureInfo.InvariantCulture, $"{role}@test.example").ToLowerInvariant();

    /// <summary>A client signed in (bearer) as the test user with this role.</summary>
    public HttpClient ClientFor(Role role)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[role]);
        return client;
    }

    public async Task<string> SignInAsync(string email, string password)
    {
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenResponse>();
        return body?.AccessToken ?? throw new InvalidOperationException("The sign-in answered no accessToken.");
    }

    /// <summary>The bearer token of the test user with this role, for clients that are not HttpClients (SignalR).</summary>
    public string TokenOf(Role role) => _tokens[role];

    /// <summary>Runs a server service in a scope of its own, as a worker's pass does.</summary>
    public async Task<T> RunAsync<TService, T>(Func<TService, Task<T>> work)
        where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>Runs a query on the server's own database, for what the API does not show (audit, row counts).</summary>
    public async Task<T> QueryAsync<T>(Func<LagesbildDb, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<LagesbildDb>());
    }

    private sealed record TokenResponse(string? AccessToken);
}

public sealed class SqliteLagesbild() : LagesbildFactory(new SqliteStore());

public sealed class PostgresLagesbild() : LagesbildFactory(new PostgresStore());
