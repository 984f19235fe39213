using System.Diagnostics;

namespace Lagesbild.Bench.Cluster;

/// <summary>
/// One product node: a server process of its own with its own data folder, on the cluster's one database. It can be
/// killed as a crash kills it (SIGKILL: no shutdown, nothing flushed) and started again on the same address.
/// </summary>
public sealed class Node(int number, string serverDll, Uri url, IReadOnlyList<string> settings, string dataDirectory, string logFile) : IAsyncDisposable
{
    private Process? _process;

    public int Number => number;

    public Uri Url => url;

    public bool Running => _process is { HasExited: false };

    public void Start()
    {
        // From the server's own folder, its content root, where a published server has its wwwroot.
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(serverDll))!,
        };
        foreach (var argument in new[] { serverDll, "--urls", url.ToString().TrimEnd('/'), "--data", dataDirectory }.Concat(settings))
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Node {number} did not start.");
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) lock (log) log.WriteLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) lock (log) log.WriteLine(line.Data); };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => { lock (log) log.Dispose(); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>Waits until the node answers /health (migrated, started, its alarm path warm).</summary>
    public async Task WaitReadyAsync(TimeSpan within)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        var until = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            if (_process is { HasExited: true } exited)
                throw new InvalidOperationException($"Node {number} exited with {exited.ExitCode} while starting; see {logFile}.");
            try
            {
                using var response = await http.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Node {number} did not answer /health within {within.TotalSeconds:0} s; see {logFile}.");
    }

    /// <summary>SIGKILL, as a crash or the kernel's out-of-memory killer ends a process.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
            return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>Asks the node to stop (SIGTERM) and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is not { HasExited: false } process)
            return;
        Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
        process.Dispose();
    }
}
