using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Lagesbild.Data;
using Lagesbild.Server.Features.Audit;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Observations;

namespace Lagesbild.Server.Features.Imports;

/// <summary>
/// `lagesbild import --input FILE --source NAME [configuration]`: the very large first load, through the same import
/// as the API, on the database the server's configuration names (--data DIR, or --Database:Provider=Postgres with
/// --ConnectionStrings:Lagesbild=...). Progress goes to standard error, one summary line to standard output.
/// </summary>
public static class ImportCommand
{
    public static bool Matches(string[] args) => args is ["import", ..];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        var input = new Option<string>("--input") { Description = "The CSV of observations (docs/api.md).", Required = true };
        var source = new Option<string>("--source") { Description = "The system the rows come from; with source_id it makes the import idempotent.", Required = true };
        var refusalsFile = new Option<string?>("--refusals") { Description = "A CSV to write the refused rows to (line,column,reason)." };
        source.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is not { Length: > 0 and <= ImportJobs.MaxSourceLength } s || !Core.Privacy.PlainText.IsClean(s))
                r.AddError($"--source is 1 to {ImportJobs.MaxSourceLength} characters of plain text.");
        });
        var command = new Command("import", "Import observations from a CSV into the database.") { input, source, refusalsFile };
        command.TreatUnmatchedTokensAsErrors = false;
        var parsed = new RootCommand("Lägesbild") { command }.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
                await error.WriteLineAsync(problem.Message);
            return 2;
        }
        var path = parsed.GetValue(input)!;
        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"--input: there is no file {path}.");
            return 2;
        }
        using var host = Build([.. parsed.UnmatchedTokens]);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LagesbildDb>();
        await using (await StartupLock.WaitAsync(db, ct))
            await host.Services.RunStartupStepsAsync(ct);

        var clock = Stopwatch.StartNew();
        var job = new ImportJob
        {
            CreatedByName = ImportActor.Operator.User.Name,
            Source = parsed.GetValue(source)!,
            FileName = Path.GetFileName(path),
            Path = Path.GetFullPath(path),
            SizeBytes = new FileInfo(path).Length,
            State = ImportState.Queued,
            CreatedAt = host.Services.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        db.ImportJobs.Add(job);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        var import = scope.ServiceProvider.GetRequiredService<ObservationImport>();
        var ended = await import.RunAsync(job.Id, ImportActor.Operator, j => error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"import: {j.RowsRead} rows read ({(j.SizeBytes == 0 ? 100 : 100.0 * j.BytesRead / j.SizeBytes):0.0} %), {j.Stored} stored, {j.Skipped} skipped, {j.Refused} refused, {clock.Elapsed.TotalSeconds:0.0} s")), ct);
        var seconds = clock.Elapsed.TotalSeconds;
        if (parsed.GetValue(refusalsFile) is { } refusals)
            await WriteRefusalsAsync(scope.ServiceProvider.GetRequiredService<ImportJobs>(), job.Id, refusals, ct);
        if (ended.LastError is { } reason)
            await error.WriteLineAsync($"import: {ended.State}: {reason}");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"import: rows={ended.RowsRead} stored={ended.Stored} skipped={ended.Skipped} refused={ended.Refused} seconds={seconds:0.###} rows_per_s={(seconds > 0 ? ended.RowsRead / seconds : 0):0}"));
        return ended.State == ImportState.Completed ? 0 : 1;
    }

    /// <summary>The server's storage, districts and import, configured as the server is, without starting it.</summary>
    private static IHost Build(string[] configuration)
    {
        var builder = Host.CreateApplicationBuilder(CommandLine.Normalize(configuration));
        // Standard output carries the one summary line.
        builder.Logging.ClearProviders();
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        services.AddOptions<DataOptions>().BindConfiguration(DataOptions.Section);
        services.AddSingleton(TimeProvider.System);
        services.AddStorage();
        services.AddDistricts();
        services.AddAudit();
        services.AddHttpContextAccessor();
        services.AddScoped<AuditTrail>();
        services.AddScoped<ObservationWriter>();
        services.AddImports();
        return builder.Build();
    }

    /// <summary>The refusals as CSV, a chunk at a time.</summary>
    private static async Task WriteRefusalsAsync(ImportJobs jobs, long jobId, string path, CancellationToken ct)
    {
        await using var file = new StreamWriter(path);
        var chunk = new List<IReadOnlyList<string>>();
        var header = true;
        await foreach (var refusal in jobs.RefusalsAsync(jobId).WithCancellation(ct))
        {
            chunk.Add(ImportJobs.RefusalRow(refusal));
            if (chunk.Count == 10_000)
                await FlushAsync();
        }
        await FlushAsync();

        async Task FlushAsync()
        {
            if (chunk.Count == 0 && !header)
                return;
            await file.WriteAsync(CsvTable.Write(ImportJobs.RefusalColumns, chunk, header));
            (header, chunk) = (false, []);
        }
    }
}
