namespace Lagesbild.Server.Features.Audit;

/// <summary>
/// The audit log's settings. <see cref="Enabled"/> exists only so that the benchmark (bench/audit) can measure what
/// writing the log costs: a server with it off keeps no record of who read what, which no authority may run with.
/// </summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Whether audit entries are written (the default). Off only to measure the cost of writing them.</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>Says loudly, at start, that a server keeps no audit log.</summary>
public sealed class AuditOffWarning(Microsoft.Extensions.Options.IOptions<AuditOptions> options, ILogger<AuditOffWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
            logger.LogWarning("AUDIT IS OFF (Audit:Enabled=false): no read or export is recorded. This setting exists only to measure the audit log's cost; never run a server with real data like this.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
