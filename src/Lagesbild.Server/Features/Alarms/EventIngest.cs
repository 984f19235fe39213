using System.Security.Cryptography;
using System.Text.Json;
using Lagesbild.Core.Alarms;
using Lagesbild.Data;

namespace Lagesbild.Server.Features.Alarms;

/// <summary>The outcome of one sensor event: stored (or stored before), not trusted, or unreadable.</summary>
public abstract record IngestResult
{
    public sealed record Stored(EventReceipt Receipt, bool Replayed) : IngestResult;
    public sealed record Unauthorized(string Reason) : IngestResult;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : IngestResult;
}

/// <summary>
/// One pipeline for every way an event arrives (HTTP, MQTT, and DC-09 panels through <see cref="StoreAsync"/>): check the signature over the raw body and the
/// replay window, then hand the event to the <see cref="EventWriter"/>, which stores it with what it causes (an
/// alarm opened or joined, and dispatched) in one transaction; only then answer, and push the alarm to the
/// consoles. The same event id from a sensor is the same event.
/// </summary>
public sealed class EventIngest(LagesbildDb db, SensorDirectory directory, EventWriter writer, AlarmPush push, Operations.LagesbildMetrics metrics, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Ingests one event; over MQTT the topic names the sensor too, and the two must agree. A rehearsal (the start's
    /// own requests, <see cref="AlarmWarmUp"/>) is checked alike and goes through the writer armed, rolled back and
    /// pushed to nobody.
    /// </summary>
    public async Task<IngestResult> IngestAsync(byte[] body, string? signature, CancellationToken ct, string? topicSensorId = null, bool rehearsal = false)
    {
        var (checkedEvent, refused) = await CheckAsync(body, signature, ct, topicSensorId);
        if (checkedEvent is not { } sent)
            return refused!;
        var stored = rehearsal ? await writer.StoreAsync(sent with { Armed = true }, ct, rehearsal: true) : await StoreAsync(sent, ct);
        return new IngestResult.Stored(stored.Receipt, stored.Replayed);
    }

    /// <summary>What a sensor's push says about its event.</summary>
    public static AlarmSignal Signal(EventToStore sent) => new(sent.EventId, sent.Sensor.Sensor.Name, sent.Sensor.Sensor.Kind, sent.Type, sent.OccurredAt);

    /// <summary>Reads and checks an event (its signature, its time, its fields): the event ready to store, or why not.</summary>
    public async Task<(EventToStore? Event, IngestResult? Refused)> CheckAsync(byte[] body, string? signature, CancellationToken ct, string? topicSensorId = null)
    {
        SensorEventBody? sent;
        try
        {
            sent = JsonSerializer.Deserialize<SensorEventBody>(body, Json);
        }
        catch (JsonException)
        {
            return (null, new IngestResult.Invalid(new() { ["body"] = ["The body is not JSON: {sensorId, eventId, type, occurredAt, mediaUrl?}."] }));
        }
        if (sent?.SensorId is not { } sensorId)
            return (null, new IngestResult.Unauthorized("The event names no sensor."));
        if (topicSensorId is not null && topicSensorId != sensorId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            return (null, new IngestResult.Unauthorized("The topic and the body name different sensors."));
        var sensor = await directory.FindAsync(sensorId, db, ct);
        // Unknown sensor and wrong signature answer alike, so that the answer tells nothing about which sensors exist.
        if (sensor?.Secret is not { } secret || !SensorSignature.Verify(secret, body, signature))
            return (null, new IngestResult.Unauthorized("The signature does not match the body and the sensor's secret."));
        var now = time.GetUtcNow();
        if (sent.OccurredAt is not { } occurredAt || !SensorSignature.WithinReplayWindow(occurredAt, now))
            return (null, new IngestResult.Unauthorized("occurredAt is missing or too far from the server's clock (a replay?)."));
        if (Check(sent) is { Count: > 0 } errors)
            return (null, new IngestResult.Invalid(errors));
        return (new EventToStore(sensor, sent.EventId!, sent.Type!, occurredAt, now, sent.MediaUrl, sensor.IsArmed(occurredAt), Convert.ToHexStringLower(SHA256.HashData(body))), null);
    }

    /// <summary>
    /// Stores a checked event through the one writer, whichever way it came (a signed body, a DC-09 frame), and
    /// pushes the alarm it opened or joined to the consoles once it is stored.
    /// </summary>
    public async Task<StoredEvent> StoreAsync(EventToStore sent, CancellationToken ct)
    {
        var stored = await writer.StoreAsync(sent, ct);
        if (stored is { Replayed: false, Alarm: { } alarm, Audience: { } audience } && await push.SendAsync(alarm, audience, Signal(sent), stored.Joined))
            metrics.AlarmDelivered(time.GetUtcNow() - sent.ReceivedAt, stored.Joined);
        return stored;
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
}
