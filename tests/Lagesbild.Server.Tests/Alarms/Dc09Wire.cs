using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lagesbild.Core.Access;
using Lagesbild.Core.Alarms.Dc09;
using Lagesbild.Server.Features.Alarms.Dc09;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lagesbild.Server.Tests.Alarms;

/// <summary>A server whose DC-09 receiver listens on a free loopback port, closing idle connections after two seconds.</summary>
public abstract class Dc09Factory(TestStore store) : LagesbildFactory(store)
{
    public const double IdleSeconds = 2;
    public const int PerAddress = 50;

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Alarms:Dc09:Port", "0"),
        new("Alarms:Dc09:IdleSeconds", IdleSeconds.ToString(CultureInfo.InvariantCulture)),
        new("Alarms:Dc09:MaxConnectionsPerAddress", PerAddress.ToString(CultureInfo.InvariantCulture)),
    ];

    public async Task<(IPEndPoint Tcp, IPEndPoint Udp)> ReceiverAsync() =>
        await Services.GetRequiredService<Dc09Receiver>().Listening.WaitAsync(TimeSpan.FromSeconds(10)) ?? throw new InvalidOperationException("The receiver is off.");
}

public sealed class Dc09Sqlite() : Dc09Factory(new SqliteStore());

public sealed class Dc09Postgres() : Dc09Factory(new PostgresStore());

/// <summary>A panel's side of the wire: frames built with the codec, sent over TCP or UDP, answers read back.</summary>
public static class Dc09Wire
{
    private static int _accounts = 0x1000;

    /// <summary>An account number no other test uses.</summary>
    public static string NewAccount() => Interlocked.Increment(ref _accounts).ToString("X4", CultureInfo.InvariantCulture);

    public static byte[] Frame(string id, string account, string data, DateTimeOffset? at, byte[]? key = null, string sequence = "0001") =>
        Dc09Codec.Build(id, sequence, "12", "34", account, data, at, key ?? []);

    public static async Task<TcpClient> ConnectAsync(IPEndPoint to, IPAddress? from = null)
    {
        var client = from is null ? new TcpClient() : new TcpClient(new IPEndPoint(from, 0));
        await client.ConnectAsync(to);
        return client;
    }

    /// <summary>Sends a frame on a connection and reads one answer (to its CR); null when none came within the wait.</summary>
    public static async Task<Dc09Frame?> AskAsync(TcpClient client, byte[] frame, byte[]? key = null, double waitSeconds = 5)
    {
        var stream = client.GetStream();
        await stream.WriteAsync(frame);
        return await ReadAnswerAsync(stream, key, waitSeconds);
    }

    public static async Task<Dc09Frame?> ReadAnswerAsync(NetworkStream stream, byte[]? key, double waitSeconds)
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(waitSeconds));
        var answer = new List<byte>();
        var one = new byte[1];
        try
        {
            while (answer.Count == 0 || answer[^1] != 0x0D)
            {
                if (await stream.ReadAsync(one, wait.Token) == 0)
                    return null;
                answer.Add(one[0]);
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        return Read([.. answer], key);
    }

    public static async Task<Dc09Frame?> AskUdpAsync(IPEndPoint to, byte[] frame, byte[]? key = null, double waitSeconds = 5)
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await udp.SendAsync(frame, to);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(waitSeconds));
        try
        {
            return Read((await udp.ReceiveAsync(wait.Token)).Buffer, key);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static Dc09Frame Read(byte[] answer, byte[]? key)
    {
        Assert.True(Dc09Codec.TryRead(answer, out var read, out var reason), reason);
        return read!.Encrypted && key is not null ? read.Decrypt(key) : read!;
    }

    /// <summary>A site with a sensor that is always armed and a panel whose zone 1 is that sensor; the panel's account.</summary>
    public static async Task<(string Account, int SiteId, int SensorId, int PanelId)> PanelAsync(
        LagesbildFactory app, Place place, string? key = null, int supervisionSeconds = 0, int graceSeconds = 0)
    {
        var site = await app.SiteAsync(place, await app.HomeOrganisationAsync(), kind: "School");
        using var coordinator = app.ClientFor(Role.Coordinator);
        var sensor = await coordinator.PostJsonAsync("/api/sensors", new { siteId = site.Id(), kind = "Door", name = "Inbrottslarm", armingMode = "AlwaysArmed" }, HttpStatusCode.Created);
        var sensorId = sensor.GetProperty("id").GetInt32();
        var account = NewAccount();
        var panel = await coordinator.PostJsonAsync("/api/alarm-panels", new
        {
            account,
            name = "Centralapparat",
            siteId = site.Id(),
            sensorId,
            key,
            supervisionSeconds,
            graceSeconds,
            zones = new[] { new { zone = 1, sensorId } },
        }, HttpStatusCode.Created);
        return (account, (int)site.Id(), sensorId, panel.GetProperty("id").GetInt32());
    }
}
