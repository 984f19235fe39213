using Lagesbild.Bench.Cluster;
using Xunit.Abstractions;

namespace Lagesbild.Cluster.Tests;

/// <summary>
/// Two product nodes on one PostgreSQL database and one Redis, a stream of signed sensor events and the guards'
/// consoles spread over both nodes; one node is killed with SIGKILL in the middle of the stream and started again.
/// Nothing that got an answer may be lost or doubled: every answered event stored once, every answered event's
/// alarm on a guard's console (live, or read after the console reconnected to the other node), no push heard twice
/// on one console, every overdue alarm escalated exactly once although both nodes run the escalation pass, and every
/// morning round that came due undone marked missed once, with its notice sent through the outbox to a webhook.
/// </summary>
public sealed class KillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_node_killed_mid_stream_loses_and_doubles_nothing()
    {
        var work = Directory.CreateTempSubdirectory("lagesbild-kill-");
        try
        {
            var log = new StringWriter();
            var result = await ClusterRun.RunAsync(new ClusterSettings
            {
                ServerDll = ServerDll(),
                Postgres = Required("LAGESBILD_TEST_POSTGRES"),
                Redis = Required("LAGESBILD_TEST_REDIS"),
                WorkDirectory = work.FullName,
                Nodes = 2,
                Rates = [100],
                Seconds = 12,
                Kills = [true],
                Sites = 12,
                Guards = 12,
                Rounds = 12,
                PictureRequests = 0,
                Log = log,
            });
            output.WriteLine(log.ToString());
            output.WriteLine(result.Line);
            Assert.Equal(result.Events, result.Answered);
            Assert.Equal(result.Answered, result.Stored);
            Assert.Equal(result.Answered, result.Delivered);
            Assert.Equal(0, result.Lost);
            Assert.Equal(0, result.Duplicates);
            // Half the consoles were on the killed node: each found the other node and read what it missed.
            Assert.True(result.Reconnections >= 6, $"{result.Reconnections} consoles reconnected; the 6 on the killed node should have");
            // Every fourth guard never acknowledges: his alarms must escalate, once each, whichever node's pass runs first.
            Assert.True(result.Escalated > 0, "no alarm escalated: the run did not exercise the escalation pass");
            Assert.Equal(0, result.EscalationDuplicates);
            Assert.Equal(0, result.EscalationsDue);
            // Twelve morning rounds came due during the stream, undone: each marked missed once, told once, and its
            // notice received by the webhook; a message whose sender died before marking it sent may arrive again,
            // with the same Idempotency-Key, which the receiver drops.
            var outbox = result.Outbox;
            Assert.Equal(12, outbox.RoundsDue);
            Assert.Equal(outbox.RoundsDue, outbox.RoundsMissed);
            Assert.Equal(outbox.RoundsDue, outbox.Notices);
            Assert.Equal(outbox.Messages, outbox.Sent);
            Assert.Equal(outbox.Messages, outbox.Received);
            Assert.Equal(0, outbox.Strangers);
        }
        catch
        {
            foreach (var file in work.EnumerateFiles("node*.log"))
                output.WriteLine($"--- {file.Name}\n{string.Join('\n', File.ReadLines(file.FullName).TakeLast(60))}");
            throw;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value
            : throw new InvalidOperationException($"{variable} is not set. Run the tests with scripts/test: it starts a throwaway PostgreSQL with PostGIS and a Redis and sets it.");

    /// <summary>The server built with this test project, in the same configuration.</summary>
    private static string ServerDll()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Lagesbild.slnx")))
            directory = directory.Parent;
        if (directory is null)
            throw new InvalidOperationException("The repository (Lagesbild.slnx) was not found above the test's folder.");
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var dll = Path.Combine(directory.FullName, "src", "Lagesbild.Server", "bin", configuration, "net10.0", "lagesbild.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the server first (dotnet build Lagesbild.slnx).", dll);
    }
}
