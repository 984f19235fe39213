using Lagesbild.Core.Access;
using Lagesbild.Server.Features.Demo;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Demo;

/// <summary>The server started as with --demo (a smaller demo: 3,000 observations), signed in with the demo accounts.</summary>
public abstract class DemoLagesbild(TestStore store) : LagesbildFactory(store)
{
    /// <summary>The published demo password, written out so that a change to it shows here.</summary>
    public const string DemoPassword = "Lagesbild-demo-1";

    public const int Observations = 3000;

    /// <summary>The product's own work factor: signing in with it stays tested here, on both providers.</summary>
    protected override int? PasswordIterations => null;

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Demo:Enabled", "true"),
        new("Demo:Observations", Observations.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        // Two parties, as in the demo itself (the test server turns confirmation off for one organisation).
        new("Scenes:Confirmation:Active", "Police"),
        new("Scenes:Confirmation:Ceased", "Police"),
        // The demo's DC-09 port is fixed (12345) and two factories run at once: here any free port.
        new("Alarms:Dc09:Port", "0"),
        // The start's rehearsal once, and no wait for the runtime's compiling: the suite starts many servers in one
        // process, where that compiling never rests; AlarmTests rehearses the path itself.
        new("Alarms:WarmUpRounds", "1"),
        new("Alarms:WarmUpSettleSeconds", "0"),
    ];

    protected override Task<IReadOnlyList<(Role Role, string Email, string Password)>> CreateAccountsAsync() =>
        Task.FromResult<IReadOnlyList<(Role, string, string)>>(DemoAccounts.All.Select(a => (a.Role, a.Email, DemoPassword)).ToList());
}

public sealed class SqliteDemoLagesbild() : DemoLagesbild(new SqliteStore());

public sealed class PostgresDemoLagesbild() : DemoLagesbild(new PostgresStore());
