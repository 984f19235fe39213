using System.Diagnostics;

namespace Lagesbild.Bench.Cluster;

/// <summary>
/// One product node: a server process of its own with its own data folder, on the cluster's one database. It can be
/// killed as a crash kills it (SIGKILL: no shutdown, nothing flushed) and started again on the same address.
/// </summary>
public sealed partial class Node(int number, string serverDll, IReadOnlyList<string> settings, string dataDirectory, string logFile) : IAsyncDisposable
{
    [System.Text.RegularExpressions.GeneratedRegex(@"Now listening on: (http://[0-9.]+:[0-9]+)")]
    private static partial System.Text.RegularExpressions.Regex Listening();

    private Process? _process;
    private Uri? _url;
    private TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Number => number;

    /// <summary>Where the node listens: a port the system gave it at its first start (no race with other processes for a port chosen in advance), the same one after a restart.</summary>
    public Uri Url => _url ?? throw new InvalidOperationException($"Node {number} has not started.");

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
        var address = _url is { } known ? $"http://127.0.0.1:{known.Port}" : "http://127.0.0.1:0";
        foreach (var argument in new[] { serverDll, "--urls", address, "--data", dataDirectory, "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information" }.Concat(settings))
            start.ArgumentList.Add(argument);
        _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Node {number} did not start.");
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
                return;
            lock (log)
                log.WriteLine(line.Data);
            if (Listening().Match(line.Data) is { Success: true } match)
                _listening.TrySetResult(new Uri(match.Groups[1].Value + "/"));
        };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) lock (log) log.WriteLine(line.Data); };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => { lock (log) log.Dispose(); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>Waits until the node listens and answers /health (migrated, started, its alarm path warm).</summary>
    public async Task WaitReadyAsync(TimeSpan within)
    {
        var until = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
        var process = _process ?? throw new InvalidOperationException($"Node {number} has not started.");
        var listening = await Task.WhenAny(_listening.Task, process.WaitForExitAsync(), Task.Delay(within));
        if (listening != _listening.Task)
            throw new InvalidOperationException($"Node {number} did not start listening{(process.HasExited ? $" (it exited with {process.ExitCode})" : "")}; see {logFile}.");
        _url = await _listening.Task;
        if (!await AnswersHealthAsync(_url, until, () => !process.HasExited))
            throw new InvalidOperationException(process.HasExited ? $"Node {number} exited with {process.ExitCode} while starting; see {logFile}."
                : $"Node {number} did not answer /health within {within.TotalSeconds:0} s; see {logFile}.");
    }

    /// <summary>Asks <paramref name="url"/>/health until it answers 200 (true), the time runs out or <paramref name="alive"/> says the process is gone (false).</summary>
    public static async Task<bool> AnswersHealthAsync(Uri url, long until, Func<bool> alive)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        while (Stopwatch.GetTimestamp() < until && alive())
        {
            try
            {
                using var response = await http.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                    return true;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        return false;
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
