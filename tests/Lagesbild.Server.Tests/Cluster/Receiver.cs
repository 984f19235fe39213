using System.Collections.Concurrent;
using System.Net;
using Lagesbild.Server.Tests.Rounds;

namespace Lagesbild.Server.Tests.Cluster;

/// <summary>
/// A webhook receiver that counts each message by the Idempotency-Key the outbox sends it with, and can hold its
/// answers (a slow receiver) until the test lets them go.
/// </summary>
public sealed class CountingReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, int> _received = new();
    private TaskCompletionSource _hold = Open();

    public CountingReceiver()
    {
        Url = $"http://127.0.0.1:{WebhookReceiver.FreePort()}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>Set once the first request has arrived (while answers are held).</summary>
    public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many times each message (by its key) arrived.</summary>
    public IReadOnlyDictionary<string, int> Received => _received;

    public void Hold() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _hold.TrySetResult();

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(async () =>
            {
                _received.AddOrUpdate(context.Request.Headers["Idempotency-Key"] ?? "", 1, (_, n) => n + 1);
                Arrived.TrySetResult();
                await _hold.Task;
                context.Response.StatusCode = 200;
                context.Response.Close();
            });
        }
    }

    public void Dispose()
    {
        Release();
        _listener.Close();
    }
}
