using System.Globalization;
using System.Text.RegularExpressions;
using Lagesbild.Data;
using Lagesbild.Server.Features.Imports;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Tests.Imports;

/// <summary>
/// The import engine stopped and started again (a killed server, a cancel), and the command line: nothing committed is
/// lost and nothing is written twice.
/// </summary>
public abstract partial class ImportResumeTests<TFactory>(TFactory app) : IClassFixture<TFactory>, IDisposable
    where TFactory : LagesbildFactory
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lagesbild-import-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Source() => $"round-log-{Api.UniqueLetters()[..8]}";

    private sealed class Killed : Exception;

    /// <summary>A job of the operator's on a file in the data folder, as the API or the command line leaves it queued.</summary>
    private async Task<long> JobAsync(string source, string csv)
    {
        var folder = ImportJobs.Folder(app.DataDirectory);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, csv);
        return await app.QueryAsync(async db =>
        {
            var job = new ImportJob { CreatedByName = "test", Source = source, FileName = "f.csv", Path = path, SizeBytes = csv.Length, State = ImportState.Queued, CreatedAt = LagesbildFactory.Now };
            db.ImportJobs.Add(job);
            await db.SaveChangesAsync();
            return job.Id;
        });
    }

    /// <summary>Runs the engine with small batches; <paramref name="afterBatch"/> hears each committed batch.</summary>
    private async Task<ImportJob> RunAsync(long id, int batchRows, Action<ImportJob>? afterBatch = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var import = ActivatorUtilities.CreateInstance<ObservationImport>(scope.ServiceProvider, Options.Create(new ImportOptions { BatchRows = batchRows }));
        return await import.RunAsync(id, ImportActor.Operator, afterBatch, CancellationToken.None);
    }

    private Task<ImportJob> JobOfAsync(long id) => app.QueryAsync(db => db.ImportJobs.AsNoTracking().SingleAsync(j => j.Id == id));

    private Task<int> StoredAsync(string source) => app.QueryAsync(db => db.Observations.CountAsync(o => o.ImportSource == source));

    [Fact]
    public async Task A_killed_import_left_running_is_taken_up_at_start_after_its_last_committed_line_doubling_nothing()
    {
        var source = Source();
        var id = await JobAsync(source, ImportFiles.Csv(Places.Next(), 100));
        var batches = 0;

        // The process dies after its third batch committed, in the middle of the fourth.
        await Assert.ThrowsAsync<Killed>(() => RunAsync(id, 20, _ =>
        {
            if (++batches == 3)
                throw new Killed();
        }));
        var left = await JobOfAsync(id);
        Assert.Equal(ImportState.Running, left.State);
        Assert.Equal((60, 60, 61), (left.RowsRead, left.Stored, left.LineReached));
        Assert.Equal(60, await StoredAsync(source));

        // A server that starts finds it running in its data folder and goes on.
        var runner = ActivatorUtilities.CreateInstance<ImportRunner>(app.Services);
        await runner.StartAsync(CancellationToken.None);
        var ended = left;
        for (var i = 0; i < 200 && ended.State == ImportState.Running; i++)
        {
            await Task.Delay(25);
            ended = await JobOfAsync(id);
        }
        await runner.StopAsync(CancellationToken.None);

        Assert.Equal(ImportState.Completed, ended.State);
        Assert.Equal((100, 100, 0), (ended.RowsRead, ended.Stored, ended.Skipped));
        Assert.Equal(100, await StoredAsync(source));
    }

    [Fact]
    public async Task Progress_behind_the_rows_stored_skips_them_rather_than_doubling_them()
    {
        var source = Source();
        var id = await JobAsync(source, ImportFiles.Csv(Places.Next(), 50));
        await Assert.ThrowsAsync<Killed>(() => RunAsync(id, 10, j => throw new Killed()));
        // As if the progress had been committed further back than the rows (it never is: they share a transaction).
        await app.QueryAsync(db => db.ImportJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.LineReached, 1).SetProperty(j => j.Stored, 0).SetProperty(j => j.RowsRead, 0)));

        var ended = await RunAsync(id, 10);

        Assert.Equal((50, 40, 10), (ended.RowsRead, ended.Stored, ended.Skipped));
        Assert.Equal(50, await StoredAsync(source));
    }

    [Fact]
    public async Task A_cancel_stops_at_the_next_batch_without_writing_it_and_a_resume_goes_on()
    {
        var source = Source();
        var id = await JobAsync(source, ImportFiles.Csv(Places.Next(), 50));

        var cancelled = await RunAsync(id, 10, job =>
        {
            if (job.RowsRead == 20)
                app.QueryAsync(db => db.ImportJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, ImportState.Cancelled))).GetAwaiter().GetResult();
        });

        Assert.Equal(ImportState.Cancelled, cancelled.State);
        Assert.Equal(20, cancelled.Stored);
        Assert.Equal(20, await StoredAsync(source));
        await app.QueryAsync(db => db.ImportJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, ImportState.Queued)));
        var resumed = await RunAsync(id, 10);
        Assert.Equal(ImportState.Completed, resumed.State);
        Assert.Equal((50, 50), (resumed.RowsRead, resumed.Stored));
        Assert.Equal(50, await StoredAsync(source));
    }

    private string[] Configuration() => app.Provider == DatabaseProvider.Postgres
        ? ["--Database:Provider=Postgres", $"--ConnectionStrings:Lagesbild={app.ConnectionString}"]
        : ["--data", app.DataDirectory];

    private async Task<(int Code, string Output, string Error)> CommandAsync(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var code = await ImportCommand.RunAsync(["import", .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [GeneratedRegex(@"^import: rows=(\d+) stored=(\d+) skipped=(\d+) refused=(\d+) seconds=[0-9.]+ rows_per_s=\d+\n$")]
    private static partial Regex Summary();

    [Fact]
    public async Task The_command_line_imports_through_the_same_engine_prints_one_line_and_writes_the_refusals()
    {
        var source = Source();
        var place = Places.Next();
        var input = Path.Combine(_folder, "history.csv");
        await File.WriteAllTextAsync(input, ImportFiles.Csv(place, 60, i => i == 7 ? ImportFiles.Row(place, i).Replace(",Internal,", ",Open,", StringComparison.Ordinal) : null));
        var refusals = Path.Combine(_folder, "refused.csv");

        var (code, output, error) = await CommandAsync(["--input", input, "--source", source, "--refusals", refusals, .. Configuration()]);

        Assert.True(code == 0, error);
        var summary = Summary().Match(output.ReplaceLineEndings("\n"));
        Assert.True(summary.Success, output);
        Assert.Equal(["60", "59", "0", "1"], summary.Groups.Values.Skip(1).Select(g => g.Value));
        Assert.Contains("import: 60 rows read (100.0 %)", error, StringComparison.Ordinal);
        Assert.Equal(["line,column,reason", "9,classification,\"classification 'Open' is not one of Public, Internal, Restricted, Confidential.\""],
            (await File.ReadAllTextAsync(refusals)).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        Assert.Equal(59, await StoredAsync(source));

        var again = await CommandAsync(["--input", input, "--source", source, .. Configuration()]);
        Assert.Equal(0, again.Code);
        Assert.Equal(["60", "0", "59", "1"], Summary().Match(again.Output.ReplaceLineEndings("\n")).Groups.Values.Skip(1).Select(g => g.Value));
        Assert.Equal(59, await StoredAsync(source));
    }

    [Fact]
    public async Task The_command_line_answers_2_for_bad_arguments_and_1_when_the_file_stops_it()
    {
        var input = Path.Combine(_folder, "wrong.csv");
        await File.WriteAllTextAsync(input, "id,what,where\n1,Dealing,Rinkeby\n");

        Assert.Equal(2, (await CommandAsync(["--input", input, .. Configuration()])).Code);
        Assert.Equal(2, (await CommandAsync(["--input", Path.Combine(_folder, "missing.csv"), "--source", "x", .. Configuration()])).Code);
        Assert.Equal(2, (await CommandAsync(["--input", input, "--source", "", .. Configuration()])).Code);
        var (code, output, error) = await CommandAsync(["--input", input, "--source", Source(), .. Configuration()]);
        Assert.Equal(1, code);
        Assert.Contains("lacks the column(s) source_id, category, lat, lon, occurred_from, classification", error, StringComparison.Ordinal);
        Assert.StartsWith("import: rows=0 stored=0 skipped=0 refused=0 ", output, StringComparison.Ordinal);
    }
}

public sealed class ImportResumeOnSqlite(SqliteLagesbild app) : ImportResumeTests<SqliteLagesbild>(app);

public sealed class ImportResumeOnPostgres(PostgresLagesbild app) : ImportResumeTests<PostgresLagesbild>(app);
