using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using Lagesbild.Core.Alarms.Dc09;
using Lagesbild.Server.Features.Demo;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Alarms.Dc09;

/// <summary>
/// The SIA DC-09 receiver ("Alarms:Dc09" in configuration): off until Port is set (with --demo, on DemoPort). It
/// listens on loopback unless Address says otherwise, so that setting a port alone exposes nothing to the network.
/// </summary>
public sealed class Dc09Options
{
    public const string Section = "Alarms:Dc09";

    /// <summary>The TCP and UDP port; 0 picks a free one (tests). Unset: no receiver.</summary>
    [Range(0, 65535)]
    public int? Port { get; set; }

    /// <summary>The address to listen on: 127.0.0.1 unless set (0.0.0.0 or :: for every interface).</summary>
    [Required]
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The port the demo listens on when Port is not set.</summary>
    [Range(1, 65535)]
    public int DemoPort { get; set; } = 12345;

    /// <summary>A connection that sends no whole frame for this long is closed (a slow or stuck sender).</summary>
    [Range(0.05, 3600)]
    public double IdleSeconds { get; set; } = 30;

    /// <summary>Open TCP connections one remote address may hold; more are closed at once.</summary>
    [Range(1, 100_000)]
    public int MaxConnectionsPerAddress { get; set; } = 50;

    /// <summary>Open TCP connections in all.</summary>
    [Range(1, 1_000_000)]
    public int MaxConnections { get; set; } = 10_000;
}

/// <summary>
/// Listens for DC-09 frames over TCP and UDP and writes back what <see cref="Dc09Answers"/> answers. A TCP stream is
/// read frame by frame (LF to CR, at most <see cref="Dc09Codec.MaxFrameBytes"/>; bytes outside a frame, and a frame
/// that grows too long, are skipped to the next LF), its frames answered in order. Each connection is closed after
/// <see cref="Dc09Options.IdleSeconds"/> without a whole frame, and each remote address holds a few connections at
/// most, so that one broken or hostile sender cannot starve the others. A UDP datagram is one frame.
/// </summary>
public sealed class Dc09Receiver(Dc09Answers answers, PanelLines lines, IOptions<Dc09Options> options, IOptions<DemoOptions> demo,
    TimeProvider time, ILogger<Dc09Receiver> log) : BackgroundService
{
    private const byte Lf = 0x0A;
    private const byte Cr = 0x0D;

    /// <summary>UDP frames answered at once; past that the next datagrams wait in the socket's buffer.</summary>
    private const int UdpInFlight = 256;

    private readonly ConcurrentDictionary<IPAddress, int> _perAddress = new();
    private readonly TaskCompletionSource<(IPEndPoint Tcp, IPEndPoint Udp)?> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _connections;

    /// <summary>Where the receiver listens, once it does; null when it is off.</summary>
    public Task<(IPEndPoint Tcp, IPEndPoint Udp)?> Listening => _listening.Task;

    /// <summary>Where the receiver listens now; null before it does, or when it is off.</summary>
    public IPEndPoint? TcpEndPoint { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var port = settings.Port ?? (demo.Value.Enabled ? settings.DemoPort : null);
        if (port is null)
        {
            _listening.TrySetResult(null);
            return;
        }
        TcpListener tcp;
        UdpClient udp;
        try
        {
            var address = IPAddress.Parse(settings.Address);
            tcp = new TcpListener(address, port.Value);
            tcp.Start(backlog: 1024);
            var bound = (IPEndPoint)tcp.LocalEndpoint;
            udp = new UdpClient(new IPEndPoint(address, bound.Port));
            TcpEndPoint = bound;
            _listening.TrySetResult((bound, (IPEndPoint)udp.Client.LocalEndPoint!));
            lines.ListeningSince = time.GetUtcNow();
            log.LogInformation("The DC-09 receiver listens on {Address} port {Port} (TCP and UDP).", address, bound.Port);
        }
        catch (Exception e) when (e is SocketException or FormatException)
        {
            _listening.TrySetException(e);
            log.LogError(e, "The DC-09 receiver cannot listen on {Address} port {Port}.", settings.Address, port);
            return;
        }
        using (udp)
        {
            try
            {
                await Task.WhenAll(AcceptAsync(tcp, settings, stoppingToken), ReceiveAsync(udp, stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            finally
            {
                tcp.Stop();
                lines.ListeningSince = null;
            }
        }
    }

    private async Task AcceptAsync(TcpListener listener, Dc09Options settings, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var socket = await listener.AcceptSocketAsync(ct);
            var remote = ((IPEndPoint)socket.RemoteEndPoint!).Address;
            var fromAddress = _perAddress.AddOrUpdate(remote, 1, (_, n) => n + 1);
            var all = Interlocked.Increment(ref _connections);
            if (fromAddress > settings.MaxConnectionsPerAddress || all > settings.MaxConnections)
            {
                Release(remote);
                socket.Dispose();
                if (fromAddress == settings.MaxConnectionsPerAddress + 1)
                    log.LogWarning("{Address} holds {Count} DC-09 connections already; further ones are closed.", remote, settings.MaxConnectionsPerAddress);
                continue;
            }
            _ = ServeAsync(socket, remote, TimeSpan.FromSeconds(settings.IdleSeconds), ct);
        }
    }

    private void Release(IPAddress remote)
    {
        Interlocked.Decrement(ref _connections);
        if (_perAddress.AddOrUpdate(remote, 0, (_, n) => n - 1) <= 0)
            _perAddress.TryRemove(new KeyValuePair<IPAddress, int>(remote, 0));
    }

    private async Task ServeAsync(Socket socket, IPAddress remote, TimeSpan idle, CancellationToken stop)
    {
        var from = socket.RemoteEndPoint!.ToString()!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(idle);
        var frame = new byte[Dc09Codec.MaxFrameBytes];
        var length = 0;
        var inFrame = false;
        var received = new byte[4096];
        try
        {
            socket.NoDelay = true;
            while (true)
            {
                var count = await socket.ReceiveAsync(received, SocketFlags.None, timeout.Token);
                if (count == 0)
                    return;
                for (var i = 0; i < count; i++)
                {
                    var b = received[i];
                    if (b == Lf)
                        (inFrame, length) = (true, 0);
                    else if (!inFrame)
                        continue; // garbage between frames: skipped to the next LF
                    if (length == frame.Length)
                    {
                        (inFrame, length) = (false, 0); // longer than a frame may be: skipped to the next LF
                        continue;
                    }
                    frame[length++] = b;
                    if (b != Cr)
                        continue;
                    inFrame = false;
                    var answer = await answers.AnswerAsync(frame.AsMemory(0, length), from, stop);
                    length = 0;
                    if (answer is not null)
                        await socket.SendAsync(answer, SocketFlags.None, stop);
                    timeout.CancelAfter(idle);
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stop.IsCancellationRequested)
        {
            log.LogInformation("A DC-09 connection from {From} sent no whole frame for {Idle}: closed.", from, idle);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The panel went away, or the server is stopping.
        }
        catch (Exception e)
        {
            // Not answered: the panel sends the frame again.
            log.LogError(e, "A DC-09 frame from {From} could not be handled; the connection is closed.", from);
        }
        finally
        {
            socket.Dispose();
            Release(remote);
        }
    }

    private async Task ReceiveAsync(UdpClient udp, CancellationToken ct)
    {
        using var inFlight = new SemaphoreSlim(UdpInFlight);
        while (!ct.IsCancellationRequested)
        {
            UdpReceiveResult datagram;
            try
            {
                datagram = await udp.ReceiveAsync(ct);
            }
            catch (SocketException)
            {
                continue; // an ICMP "port unreachable" for an earlier answer, on some systems
            }
            await inFlight.WaitAsync(ct);
            _ = AnswerAsync(udp, datagram, inFlight, ct);
        }
    }

    private async Task AnswerAsync(UdpClient udp, UdpReceiveResult datagram, SemaphoreSlim inFlight, CancellationToken ct)
    {
        try
        {
            if (datagram.Buffer.Length > Dc09Codec.MaxFrameBytes)
                return;
            if (await answers.AnswerAsync(datagram.Buffer, datagram.RemoteEndPoint.ToString(), ct) is { } answer)
                await udp.SendAsync(answer, datagram.RemoteEndPoint, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "A DC-09 datagram from {From} could not be handled.", datagram.RemoteEndPoint);
        }
        finally
        {
            inFlight.Release();
        }
    }
}
