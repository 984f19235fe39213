using System.Globalization;
using System.Security.Cryptography;
using Lagesbild.Core.Alarms;
using Lagesbild.Core.Alarms.Dc09;
using Lagesbild.Data;

namespace Lagesbild.Server.Features.Alarms.Dc09;

/// <summary>
/// What the receiver answers one DC-09 frame, whichever way it came (TCP, UDP). Garbage, a wrong CRC or length and a
/// frame that does not decrypt with the account's key get no answer (the panel sends again, or reports its line at
/// fault); an unknown account or message type DUH; a timestamp outside the standard's window NAK with the
/// receiver's time. A supervision message (NULL) and each event are answered ACK, an event only once it is stored
/// through the same writer as the signed events, so that an ACK means the alarm is durable.
/// </summary>
public sealed class Dc09Answers(IServiceScopeFactory scopes, PanelDirectory panels, PanelLines lines, TimeProvider time, ILogger<Dc09Answers> log)
{
    private long _ignored;
    private long _wrongKey;

    /// <summary>Frames that got no answer: unreadable, or not decrypting with the account's key.</summary>
    public long Ignored => Interlocked.Read(ref _ignored);

    /// <summary>Of those, the frames of a known account that did not decrypt with its key (or came plain for an account with one).</summary>
    public long WrongKey => Interlocked.Read(ref _wrongKey);

    /// <summary>The answer to write back, or null for none.</summary>
    public async Task<byte[]?> AnswerAsync(ReadOnlyMemory<byte> bytes, string from, CancellationToken ct)
    {
        if (!Dc09Codec.TryRead(bytes.Span, out var frame, out var reason))
        {
            Interlocked.Increment(ref _ignored);
            log.LogInformation("A DC-09 frame from {From} was ignored: {Reason}.", from, reason);
            return null;
        }
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<LagesbildDb>();
        var now = time.GetUtcNow();
        var panel = await panels.FindAsync(frame!.Account, db, ct);
        if (panel is null || (panel.Receiver is { } receiver && !string.Equals(receiver, frame.Receiver, StringComparison.OrdinalIgnoreCase))
            || (panel.Prefix is { } prefix && !string.Equals(prefix, frame.Prefix, StringComparison.OrdinalIgnoreCase)))
        {
            log.LogInformation("A DC-09 frame from {From} names account {Account} (receiver {Receiver}, prefix {Prefix}), which is not registered: DUH.", from, frame.Account, frame.Receiver, frame.Prefix);
            return Dc09Codec.Duh(frame, frame.Encrypted ? panel?.Key ?? [] : [], now);
        }
        if (panel.Key is not { } key || key.Length > 0 != frame.Encrypted || !TryDecrypt(ref frame, key))
        {
            Interlocked.Increment(ref _ignored);
            Interlocked.Increment(ref _wrongKey);
            log.LogWarning("A DC-09 frame from {From} for account {Account} does not decrypt with the account's key (or is {Plain} where the account {Has} one): no answer.",
                from, panel.Account, frame.Encrypted ? "encrypted" : "plain", panel.Key is { Length: > 0 } ? "has" : "has not");
            return null;
        }
        if (!Dc09Codec.InWindow(frame.Timestamp, now))
        {
            log.LogInformation("A DC-09 frame from {From} for account {Account} has the time {Timestamp}, outside the window around {Now}: NAK.", from, panel.Account, frame.Timestamp, now);
            return Dc09Codec.Nak(now);
        }
        IReadOnlyList<PanelEvent> events;
        try
        {
            events = frame.Id switch
            {
                Dc09Codec.NullId => [],
                Dc09Codec.SiaDcsId => SiaDcs.Parse(frame.Data ?? "") is { Count: > 0 } read ? read : throw new Dc09Exception("No SIA event in the data."),
                Dc09Codec.ContactIdId => ContactId.Parse(frame.Data ?? "") is { } one ? [one] : throw new Dc09Exception("No Contact ID event in the data."),
                _ => throw new Dc09Exception($"The message type {frame.Id} is not one the receiver knows."),
            };
        }
        catch (Dc09Exception e)
        {
            log.LogInformation("A DC-09 frame from {From} for account {Account} is not understood: {Reason} DUH.", from, panel.Account, e.Message);
            return Dc09Codec.Duh(frame, key, now);
        }
        await StoreAsync(services, db, panel, frame, events, now, ct);
        await lines.HeardAsync(panel.Id, now, services, ct);
        return Dc09Codec.Ack(frame, key, now);
    }

    private static bool TryDecrypt(ref Dc09Frame frame, byte[] key)
    {
        if (!frame.Encrypted)
            return true;
        try
        {
            frame = frame.Decrypt(key);
            return true;
        }
        catch (Dc09Exception)
        {
            return false;
        }
    }

    /// <summary>
    /// Stores the frame's events, each on its zone's sensor (the panel's own for a zone not mapped), and returns once
    /// all are durable. The event id is made of the account, the sequence, the panel's timestamp and the event's place
    /// in the frame, so that a frame sent again (no ACK reached the panel) is answered as stored, not stored twice.
    /// </summary>
    private static async Task StoreAsync(IServiceProvider services, LagesbildDb db, PanelDirectory.Known panel, Dc09Frame frame,
        IReadOnlyList<PanelEvent> events, DateTimeOffset now, CancellationToken ct)
    {
        if (events.Count == 0)
            return;
        var sensors = services.GetRequiredService<SensorDirectory>();
        var ingest = services.GetRequiredService<EventIngest>();
        var occurredAt = frame.Timestamp ?? now;
        // A frame without a timestamp (allowed in plain text) is told from a later one by the minute it came in.
        var when = frame.Timestamp is { } sent ? sent.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)
            : "r" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture);
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes($"{frame.Id}|{frame.Sequence}|{frame.Account}|{frame.Data}|{frame.Extended}|{when}")));
        var stores = new List<Task<StoredEvent>>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var sensor = await sensors.FindAsync(panel.SensorOf(e.Zone), db, ct)
                ?? throw new InvalidOperationException($"The sensor of account {panel.Account}, zone {e.Zone} is gone.");
            var eventId = string.Create(CultureInfo.InvariantCulture, $"dc09:{panel.Account}:{frame.Sequence}:{when}:{i}");
            stores.Add(ingest.StoreAsync(new EventToStore(sensor, eventId, PanelEventTypes.Of(e), occurredAt, now, null,
                PanelEventTypes.RaisesAlarm(e, sensor.IsArmed(occurredAt)), hash), ct));
        }
        // Stored together: the writer puts events that wait together in one commit.
        await Task.WhenAll(stores);
    }
}
