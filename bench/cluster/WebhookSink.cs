using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Lagesbild.Bench.Cluster;

/// <summary>
/// The city's incident system as the product's outbox sees it: an HTTP endpoint on loopback that takes every POST,
/// answers 200, and counts each Idempotency-Key it was sent: how many messages arrived, and how many arrived again.
/// </summary>
public sealed class WebhookSink : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public WebhookSink()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>Each Idempotency-Key received, with how many times.</summary>
    public ConcurrentDictionary<string, int> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>Posts that came without an Idempotency-Key.</summary>
    public int Unkeyed { get; private set; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            if (context.Request.Headers["Idempotency-Key"] is { Length: > 0 } key)
                Keys.AddOrUpdate(key, 1, (_, times) => times + 1);
            else
                Unkeyed++;
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}
