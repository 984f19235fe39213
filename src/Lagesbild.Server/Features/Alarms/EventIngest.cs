using System.Security.Cryptography;
using System.Text.Json;
using Lagesbild.Core.Alarms;
using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Alarms;

/// <summary>The outcome of one sensor event: stored (or stored before), not trusted, or unreadable.</summary>
public abstract record IngestResult
{
    public sealed record Stored(EventReceipt Receipt, bool Replayed) : IngestResult;
    public sealed record Unauthorized(string Reason) : IngestResult;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : IngestResult;
}

/// <summary>
/// One pipeline for every way an event arrives (HTTP, MQTT): check the signature over the raw body and the
/// replay window, store the event and what it causes (an alarm opened or joined, and dispatched) in one
/// transaction, and only then answer. The same event id from a sensor is the same event.
/// </summary>
public sealed class EventIngest(LagesbildDb db, SensorService sensors, AlarmDispatcher dispatcher, AlarmPush push, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Ingests one event; over MQTT the topic names the sensor too, and the two must agree.</summary>
    public async Task<IngestResult> IngestAsync(byte[] body, string? signature, CancellationToken ct, string? topicSensorId = null)
    {
        SensorEventBody? sent;
        try
        {
            sent = JsonSerializer.Deserialize<SensorEventBody>(body, Json);
        }
        catch (JsonException)
        {
            return new IngestResult.Invalid(new() { ["body"] = ["The body is not JSON: {sensorId, eventId, type, occurredAt, mediaUrl?}."] });
        }
        if (sent?.SensorId is not { } sensorId)
            return new IngestResult.Unauthorized("The event names no sensor.");
        if (topicSensorId is not null && topicSensorId != sensorId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            return new IngestResult.Unauthorized("The topic and the body name different sensors.");
        var sensor = await db.Sensors.AsNoTracking().Include(s => s.Site).SingleOrDefaultAsync(s => s.Id == sensorId, ct);
        // Unknown sensor and wrong signature answer alike, so that the answer tells nothing about which sensors exist.
        if (sensor is null || sensors.SecretOf(sensor) is not { } secret || !SensorSignature.Verify(secret, body, signature))
            return new IngestResult.Unauthorized("The signature does not match the body and the sensor's secret.");
        var now = time.GetUtcNow();
        if (sent.OccurredAt is not { } occurredAt || !SensorSignature.WithinReplayWindow(occurredAt, now))
            return new IngestResult.Unauthorized("occurredAt is missing or too far from the server's clock (a replay?).");
        if (Check(sent) is { Count: > 0 } errors)
            return new IngestResult.Invalid(errors);

        var hash = Convert.ToHexStringLower(SHA256.HashData(body));
        if (await ReceiptOfAsync(sensorId, sent.EventId!, ct) is { } earlier)
            return new IngestResult.Stored(earlier, Replayed: true);
        var armed = sensors.IsArmed(sensor, occurredAt);
        var stored = new SensorEvent
        {
            SensorId = sensorId,
            EventId = sent.EventId!,
            Type = sent.Type!,
            OccurredAt = occurredAt.ToUniversalTime(),
            ReceivedAt = now,
            MediaUrl = sent.MediaUrl,
            Armed = armed,
            BodyHash = hash,
        };
        var joined = false;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (armed)
                (stored.AlarmId, joined) = await dispatcher.OpenOrJoinAsync(sensor, stored, ct);
            db.SensorEvents.Add(stored);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same event arrived twice at once: the first one stored is the answer.
            db.ChangeTracker.Clear();
            if (await ReceiptOfAsync(sensorId, sent.EventId!, ct) is { } winner)
                return new IngestResult.Stored(winner, Replayed: true);
            throw;
        }
        if (stored.AlarmId is { } alarmId)
            await push.SignalAsync(alarmId, new AlarmSignal(stored.EventId, sensor.Name, sensor.Kind, stored.Type, stored.OccurredAt), joined, ct);
        return new IngestResult.Stored(new EventReceipt(stored.EventId, armed, stored.AlarmId), Replayed: false);
    }

    private static Dictionary<string, string[]> Check(SensorEventBody sent)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(sent.EventId) || sent.EventId.Length > 100)
            errors["eventId"] = ["eventId is 1 to 100 characters."];
        if (string.IsNullOrWhiteSpace(sent.Type) || sent.Type.Length > 64)
            errors["type"] = ["type is 1 to 64 characters (person, motion, door-open ...)."];
        if (sent.MediaUrl is { } url && (url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http" or "rtsp")))
            errors["mediaUrl"] = ["mediaUrl must be an http(s) or rtsp address."];
        return errors;
    }

    private Task<EventReceipt?> ReceiptOfAsync(int sensorId, string eventId, CancellationToken ct) =>
        db.SensorEvents.AsNoTracking().Where(e => e.SensorId == sensorId && e.EventId == eventId)
            .Select(e => new EventReceipt(e.EventId, e.Armed, e.AlarmId)).SingleOrDefaultAsync(ct);
}
