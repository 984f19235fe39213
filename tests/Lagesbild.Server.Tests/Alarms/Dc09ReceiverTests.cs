using System.Net;
using System.Net.Sockets;
using Lagesbild.Core.Alarms.Dc09;
using Lagesbild.Server.Features.Alarms.Dc09;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Lagesbild.Server.Tests.Alarms.Dc09Wire;

namespace Lagesbild.Server.Tests.Alarms;

/// <summary>Real frames over real sockets: each message type and each answer, over TCP and UDP, plain and encrypted.</summary>
public abstract class Dc09ReceiverTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : Dc09Factory
{
    private static readonly byte[] Key = Convert.FromHexString("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");

    private DateTimeOffset Now => app.Clock.GetUtcNow();

    private Task<List<(string EventId, string Type, bool Armed, long? AlarmId)>> EventsAsync(int sensorId) =>
        app.QueryAsync(async db => (await db.SensorEvents.Where(e => e.SensorId == sensorId).OrderBy(e => e.Id)
            .Select(e => new { e.EventId, e.Type, e.Armed, e.AlarmId }).ToListAsync()).Select(e => (e.EventId, e.Type, e.Armed, e.AlarmId)).ToList());

    [Fact]
    public async Task Plain_frames_over_tcp_are_answered_ack_only_once_stored_and_a_replay_is_stored_once()
    {
        var (tcp, _) = await app.ReceiverAsync();
        var (account, siteId, sensorId, _) = await PanelAsync(app, new Place(18.0600, 59.3120));
        using var panel = await ConnectAsync(tcp);

        var supervision = await AskAsync(panel, Frame("NULL", account, "", Now, sequence: "0001"));
        var burglary = Frame("ADM-CID", account, $"#{account}|1130 01 001", Now, sequence: "0002");
        var ack = await AskAsync(panel, burglary);

        Assert.Equal("ACK", supervision?.Id);
        Assert.Equal(("ACK", "0002", account), (ack?.Id, ack?.Sequence, ack?.Account));
        // Answered only once durable: the event and its alarm are there the moment the ACK is.
        var stored = Assert.Single(await EventsAsync(sensorId));
        Assert.Equal(("burglary", true), (stored.Type, stored.Armed));
        var alarm = await app.QueryAsync(db => db.Alarms.SingleAsync(a => a.Id == stored.AlarmId));
        Assert.Equal(siteId, alarm.SiteId);

        // The panel did not get the ACK and sends the frame again: answered as stored, not stored twice.
        Assert.Equal("ACK", (await AskAsync(panel, burglary))?.Id);
        Assert.Single(await EventsAsync(sensorId));

        // A restore is kept as an event of the sensor and raises nothing.
        Assert.Equal("ACK", (await AskAsync(panel, Frame("ADM-CID", account, $"#{account}|3130 01 001", Now, sequence: "0003")))?.Id);
        var events = await EventsAsync(sensorId);
        Assert.Equal(("restore", false, (long?)null), (events[^1].Type, events[^1].Armed, events[^1].AlarmId));
    }

    [Fact]
    public async Task Sia_over_udp_is_stored_and_unknown_accounts_types_and_late_clocks_are_told_so()
    {
        var (tcp, udp) = await app.ReceiverAsync();
        var (account, _, sensorId, _) = await PanelAsync(app, new Place(18.0610, 59.3125));

        var sia = await AskUdpAsync(udp, Frame("SIA-DCS", account, $"#{account}|Nri1/BA01", Now, sequence: "0007"));
        var supervision = await AskUdpAsync(udp, Frame("NULL", account, "", Now, sequence: "0008"));
        var stranger = await AskUdpAsync(udp, Frame("SIA-DCS", NewAccount(), "#FFFF|Nri1/BA01", Now));
        var unknownType = await AskUdpAsync(udp, Frame("XYZ-NEW", account, $"#{account}|1130 01 001", Now, sequence: "0009"));
        var late = await AskUdpAsync(udp, Frame("ADM-CID", account, $"#{account}|1130 01 001", Now.AddSeconds(-21), sequence: "0010"));
        var early = await AskUdpAsync(udp, Frame("ADM-CID", account, $"#{account}|1130 01 001", Now.AddSeconds(41), sequence: "0011"));
        using var panel = await ConnectAsync(tcp);
        var strangerOverTcp = await AskAsync(panel, Frame("NULL", NewAccount(), "", Now));
        var lateOverTcp = await AskAsync(panel, Frame("NULL", account, "", Now.AddMinutes(-5), sequence: "0012"));

        Assert.Equal(("ACK", "0007"), (sia?.Id, sia?.Sequence));
        Assert.Equal("ACK", supervision?.Id);
        Assert.Equal(new string?[] { "DUH", "DUH", "DUH" }, new[] { stranger?.Id, unknownType?.Id, strangerOverTcp?.Id });
        Assert.Equal(new string?[] { "NAK", "NAK", "NAK" }, new[] { late?.Id, early?.Id, lateOverTcp?.Id });
        // The NAK carries the receiver's time, for the panel to set its clock by.
        Assert.Equal(Now, late!.Timestamp);
        var stored = Assert.Single(await EventsAsync(sensorId));
        Assert.Equal("burglary", stored.Type);
        Assert.NotNull(stored.AlarmId);
    }

    [Fact]
    public async Task Encrypted_frames_are_answered_encrypted_and_a_wrong_key_or_plain_text_gets_no_answer()
    {
        var (tcp, udp) = await app.ReceiverAsync();
        var (account, _, sensorId, _) = await PanelAsync(app, new Place(18.0620, 59.3130), key: Convert.ToHexString(Key));
        var answers = app.Services.GetRequiredService<Dc09Answers>();
        var wrongBefore = answers.WrongKey;
        using var panel = await ConnectAsync(tcp);
        var wrongKey = Key.Select(b => (byte)(b ^ 0x55)).ToArray();

        var supervision = await AskAsync(panel, Frame("NULL", account, "", Now, Key, "0001"), Key);
        var burglary = await AskAsync(panel, Frame("ADM-CID", account, $"#{account}|1130 01 001", Now, Key, "0002"), Key);
        var overUdp = await AskUdpAsync(udp, Frame("SIA-DCS", account, $"#{account}|Nri1/BA01", Now, Key, "0003"), Key);
        var forged = await AskAsync(panel, Frame("ADM-CID", account, $"#{account}|1130 01 001", Now, wrongKey, "0004"), waitSeconds: 0.5);
        var plain = await AskAsync(panel, Frame("ADM-CID", account, $"#{account}|1130 01 001", Now, sequence: "0005"), waitSeconds: 0.5);
        var forgedOverUdp = await AskUdpAsync(udp, Frame("ADM-CID", account, $"#{account}|1130 01 001", Now, wrongKey, "0006"), waitSeconds: 0.5);

        Assert.Equal(("ACK", true), (supervision?.Id, supervision?.Encrypted));
        Assert.Equal(("ACK", true, "0002"), (burglary?.Id, burglary?.Encrypted, burglary?.Sequence));
        Assert.Equal(("ACK", true), (overUdp?.Id, overUdp?.Encrypted));
        Assert.Null(forged);
        Assert.Null(plain);
        Assert.Null(forgedOverUdp);
        Assert.Equal(wrongBefore + 3, answers.WrongKey);
        Assert.Equal(2, (await EventsAsync(sensorId)).Count);
        // The key is never read back.
        using var coordinator = app.ClientFor(Core.Access.Role.Coordinator);
        var listed = await coordinator.GetStringAsync("/api/alarm-panels");
        Assert.DoesNotContain(Convert.ToHexString(Key), listed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"encrypted\":true", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_frames_get_no_answer_and_the_connection_goes_on_or_closes_cleanly()
    {
        var (tcp, udp) = await app.ReceiverAsync();
        var (account, _, sensorId, _) = await PanelAsync(app, new Place(18.0630, 59.3135));
        var good = Frame("ADM-CID", account, $"#{account}|1130 01 001", Now, sequence: "0100");
        var wrongCrc = (byte[])good.Clone();
        wrongCrc[1] = wrongCrc[1] == (byte)'0' ? (byte)'1' : (byte)'0';
        var wrongLength = (byte[])good.Clone();
        wrongLength[8] = wrongLength[8] == (byte)'0' ? (byte)'1' : (byte)'0';
        using var panel = await ConnectAsync(tcp);

        Assert.Null(await AskAsync(panel, wrongCrc, waitSeconds: 0.15));
        Assert.Null(await AskAsync(panel, wrongLength, waitSeconds: 0.15));
        Assert.Null(await AskAsync(panel, good[..^1], waitSeconds: 0.15)); // no CR: the next LF starts afresh
        var next = await AskAsync(panel, Frame("ADM-CID", account, $"#{account}|1130 01 001", Now, sequence: "0101"));
        Assert.Equal(("ACK", "0101"), (next?.Id, next?.Sequence));
        Assert.Null(await AskUdpAsync(udp, wrongCrc, waitSeconds: 0.15));
        Assert.Single(await EventsAsync(sensorId));

        // 64 KB of garbage: skipped, and no answer; the connection stays usable or is closed, never answered wrongly.
        using (var flooder = await ConnectAsync(tcp))
        {
            var garbage = new byte[64 * 1024];
            new Random(20).NextBytes(garbage);
            try
            {
                await flooder.GetStream().WriteAsync(garbage);
                Assert.Null(await ReadAnswerAsync(flooder.GetStream(), null, 0.3));
            }
            catch (IOException)
            {
                // Closed by the receiver: as good.
            }
        }
        using var after = await ConnectAsync(tcp);
        var ack = await AskAsync(after, Frame("NULL", account, "", Now, sequence: "0102"));
        Assert.Equal("ACK", ack?.Id);
        Assert.Single(await EventsAsync(sensorId));
    }

    [Fact]
    public async Task A_slow_sender_is_closed_after_the_idle_time_while_others_are_served()
    {
        var (tcp, _) = await app.ReceiverAsync();
        var (account, _, _, _) = await PanelAsync(app, new Place(18.0640, 59.3140));
        using var slow = await ConnectAsync(tcp);
        var started = System.Diagnostics.Stopwatch.StartNew();
        await slow.GetStream().WriteAsync("\n1234004A\"ADM-CID\"00"u8.ToArray());

        // Another panel keeps talking while the slow one hangs: it is answered throughout.
        using var other = await ConnectAsync(tcp);
        var closed = slow.GetStream().ReadAsync(new byte[16]).AsTask();
        var sequence = 0;
        while (!closed.IsCompleted && started.Elapsed < TimeSpan.FromSeconds(5))
        {
            Assert.Equal("ACK", (await AskAsync(other, Frame("NULL", account, "", Now, sequence: $"{++sequence:D4}")))?.Id);
            await Task.WhenAny(closed, Task.Delay(200));
        }

        Assert.Equal(0, await closed); // closed by the receiver
        Assert.InRange(started.Elapsed.TotalSeconds, Dc09Factory.IdleSeconds * 0.8, 5);
        Assert.True(sequence >= 3, $"the other panel was answered {sequence} times while the slow one hung");
        Assert.Equal("ACK", (await AskAsync(other, Frame("NULL", account, "", Now, sequence: "0099")))?.Id);
    }

    [Fact]
    public async Task A_thousand_connections_from_one_address_do_not_keep_others_out()
    {
        var (tcp, _) = await app.ReceiverAsync();
        var (account, _, _, _) = await PanelAsync(app, new Place(18.0650, 59.3145));
        var crowd = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 1000; i++)
            {
                try
                {
                    crowd.Add(await ConnectAsync(tcp, IPAddress.Parse("127.0.0.3")));
                }
                catch (SocketException)
                {
                    // Refused at the door: as good.
                }
            }
            using var neighbour = await ConnectAsync(tcp, IPAddress.Parse("127.0.0.4"));
            var ack = await AskAsync(neighbour, Frame("NULL", account, "", Now));

            Assert.Equal("ACK", ack?.Id);
            // Past the cap, the crowd's connections were closed (and the first ones, idle, may be closed by now too).
            var answered = 0;
            foreach (var client in crowd.Take(Dc09Factory.PerAddress + 20))
            {
                try
                {
                    if ((await AskAsync(client, Frame("NULL", account, "", Now), waitSeconds: 0.2))?.Id == "ACK")
                        answered++;
                }
                catch (IOException)
                {
                }
            }
            Assert.InRange(answered, 0, Dc09Factory.PerAddress);
        }
        finally
        {
            foreach (var client in crowd)
                client.Dispose();
        }
    }
}

public sealed class Dc09ReceiverOnSqlite(Dc09Sqlite app) : Dc09ReceiverTests<Dc09Sqlite>(app);

public sealed class Dc09ReceiverOnPostgres(Dc09Postgres app) : Dc09ReceiverTests<Dc09Postgres>(app);
