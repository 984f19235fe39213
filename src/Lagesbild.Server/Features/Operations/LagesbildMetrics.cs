using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Operations;

/// <summary>
/// The product's own measures, in one meter ("Lagesbild"): what an operator watches besides requests and the runtime
/// (docs/operations.md). The alarm latency is recorded as alarms are pushed; the rest are gauges over the last
/// <see cref="OperationsReading"/>, which a worker reads from the database every few seconds rather than per scrape.
/// </summary>
public sealed class LagesbildMetrics
{
    public const string MeterName = "Lagesbild";

    private readonly Histogram<double>? _alarmLatency;

    public LagesbildMetrics(IMeterFactory meters, OperationsReadings readings, IOptions<TelemetryOptions> options)
    {
        // Made only where telemetry reads them: every host in a process shares the meter's name, and a meter listener
        // hears them all, so a test host without telemetry must not feed (or, stopping, end) another host's measures.
        if (!options.Value.Enabled)
            return;
        var meter = meters.Create(MeterName);
        _alarmLatency = meter.CreateHistogram(
            "lagesbild.alarm.latency", unit: "s",
            description: "From a sensor event's receipt to its alarm's push to the consoles.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        Gauge(meter, "lagesbild.outbox.depth", "{message}", "Outbox messages not yet sent.", r => r.OutboxDepth);
        Gauge(meter, "lagesbild.outbox.oldest_age", "s", "Age of the oldest outbox message not yet sent; 0 when none waits.", r => r.OutboxOldestAge.TotalSeconds);
        Gauge(meter, "lagesbild.escalation.overdue", "{alarm}", "Alarms dispatched whose acknowledge-by time has passed without an escalation.", r => r.EscalationsOverdue);
        Gauge(meter, "lagesbild.escalation.lag", "s", "Now minus the oldest acknowledge-by time still waiting for its escalation; 0 when none.", r => r.EscalationLag.TotalSeconds);
        Gauge(meter, "lagesbild.rounds.missed_pass.lag", "s", "Now minus the oldest deadline of a round not done and not yet marked missed; 0 when none.", r => r.MissedRoundLag.TotalSeconds);
        Gauge(meter, "lagesbild.picture.index.behind", "{observation}", "Observations in the database that this node's picture index has not read yet.", r => r.PictureIndexBehind);
        Gauge(meter, "lagesbild.picture.index.lag", "s", "Age of the oldest observation this node's picture index has not read yet; 0 when it holds all.", r => r.PictureIndexLag.TotalSeconds);
        meter.CreateObservableGauge("lagesbild.health", () => readings.Current is { } r
                ? r.Health.Select(h => new Measurement<int>(h.Value ? 1 : 0, new KeyValuePair<string, object?>("check", h.Key)))
                : [],
            unit: "1", description: "1 when the check (database, redis, startup) passes, 0 when it does not.");
        meter.CreateObservableGauge("lagesbild.operations.reading_age", () => readings.Current is { } r
                ? [new Measurement<double>(Math.Max(0, (readings.Clock.GetUtcNow() - r.At).TotalSeconds))]
                : Array.Empty<Measurement<double>>(),
            unit: "s", description: "Age of the readings above: it grows when the database cannot be read.");

        void Gauge(Meter m, string name, string unit, string description, Func<OperationsReading, double> value) =>
            m.CreateObservableGauge(name, () => readings.Current is { } r ? [new Measurement<double>(value(r))] : Array.Empty<Measurement<double>>(), unit, description);
    }

    /// <summary>An alarm pushed to the consoles <paramref name="latency"/> after its event was received.</summary>
    public void AlarmDelivered(TimeSpan latency, bool joined) =>
        _alarmLatency?.Record(Math.Max(0, latency.TotalSeconds), new KeyValuePair<string, object?>("alarm.event", joined ? "joined" : "opened"));
}
