using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lagesbild.Server.Tests.PoliceEvents;

/// <summary>What the stub answers to one request: a status, a body, an ETag, and how long it waits first.</summary>
public sealed record StubAnswer(int Status, string? Body = null, string? ETag = null, TimeSpan Delay = default);

/// <summary>
/// The police's feed on a local port (HttpListener): answers each request as <see cref="Answer"/> says and records the
/// If-None-Match each request sent. A real HTTP server, so the poll goes through the product's own HttpClient.
/// </summary>
public sealed class FeedStub : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();

    public FeedStub()
    {
        var port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/api/events");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    /// <summary>How the stub answers, given the request's If-None-Match (null when it sent none).</summary>
    public Func<string?, StubAnswer> Answer { get; set; } = _ => new StubAnswer(404);

    /// <summary>The If-None-Match of each request, in order (empty when none was sent).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The feed's usual behaviour: this document with this ETag, and 304 to a client that already holds it.</summary>
    public static Func<string?, StubAnswer> Serving(string body, string etag) =>
        ifNoneMatch => ifNoneMatch == etag ? new StubAnswer(304, ETag: etag) : new StubAnswer(200, body, etag);

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
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
            _ = Task.Run(() => RespondAsync(context));
        }
    }

    // Each request on its own, so that a slow answer (the timeout test) holds up no other.
    private async Task RespondAsync(HttpListenerContext context)
    {
        var ifNoneMatch = context.Request.Headers["If-None-Match"];
        Requests.Enqueue(ifNoneMatch ?? "");
        var answer = Answer(ifNoneMatch);
        try
        {
            if (answer.Delay > TimeSpan.Zero)
                await Task.Delay(answer.Delay, _stop.Token);
            context.Response.StatusCode = answer.Status;
            if (answer.ETag is not null)
                context.Response.Headers["ETag"] = answer.ETag;
            if (answer.Body is not null)
            {
                var bytes = Encoding.UTF8.GetBytes(answer.Body);
                context.Response.ContentType = "application/json; charset=utf-8";
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
            }
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The client gave up (the timeout test) or the stub is stopping.
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }
}
