using System.ComponentModel.DataAnnotations;

namespace Lagesbild.Server.Features.Operations;

/// <summary>What the server tells an operator's monitoring ("Telemetry" in configuration); all off by default.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Answers /metrics for Prometheus to scrape.</summary>
    public bool Prometheus { get; set; }

    /// <summary>
    /// Networks (CIDR) that may scrape /metrics besides this machine itself. A request that came through a proxy
    /// (it carries X-Forwarded-For) is refused whatever its address, so the public never reads it through the load
    /// balancer.
    /// </summary>
    public List<string> ScrapeFrom { get; set; } = [];

    public OtlpOptions Otlp { get; set; } = new();

    /// <summary>This node's name in traces and metrics (service.instance.id); the machine's name when empty.</summary>
    public string? Node { get; set; }

    /// <summary>How often the measures read from the database (outbox, escalations, rounds, the picture index) are read again.</summary>
    [Range(1, 300)]
    public int GaugeSeconds { get; set; } = 5;

    public bool Enabled => Prometheus || Otlp.Endpoint is not null;

    public sealed class OtlpOptions
    {
        /// <summary>The OpenTelemetry collector to send traces and metrics to (http://collector:4317); none when empty.</summary>
        public Uri? Endpoint { get; set; }

        /// <summary>grpc (the default, port 4317) or http/protobuf (port 4318).</summary>
        public string Protocol { get; set; } = "grpc";
    }
}
