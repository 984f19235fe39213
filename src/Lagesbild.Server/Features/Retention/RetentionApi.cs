using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Retention;

/// <summary>A type of data's retention: the rule, and when it was last culled and how much.</summary>
public sealed record RetentionStatus(
    string Type, string Period, int Days, string CountedFrom, IReadOnlyList<string> Removed, IReadOnlyList<string> Kept,
    DateTimeOffset? LastRunAt, int LastCulled, long TotalCulled);

public sealed record RetentionOverview(IReadOnlyList<RetentionStatus> Types);

public static class RetentionApi
{
    public static RouteGroupBuilder MapRetentionApi(this RouteGroupBuilder api)
    {
        api.MapGet("/retention", async (LagesbildDb db, IOptions<RetentionOptions> options, CancellationToken ct) =>
            TypedResults.Ok(await OverviewAsync(db, options.Value, ct)))
            .WithTags("Retention")
            .WithSummary("The retention policy (gallring): each type of data, its period (ISO 8601), what the period counts from, what is removed and " +
                "what is kept for the statistics, and when it was last culled and how many rows (any signed-in user).");
        return api;
    }

    public static async Task<RetentionOverview> OverviewAsync(LagesbildDb db, RetentionOptions options, CancellationToken ct)
    {
        var runs = await db.RetentionRuns.AsNoTracking().ToDictionaryAsync(r => r.DataType, StringComparer.Ordinal, ct);
        return new RetentionOverview(RetentionPolicy.Rules(options).Select(rule =>
        {
            var run = runs.GetValueOrDefault(rule.Type);
            return new RetentionStatus(rule.Type, rule.Period, rule.Days, rule.CountedFrom, rule.Removed, rule.Kept,
                run?.LastRunAt, run?.LastCulled ?? 0, run?.TotalCulled ?? 0);
        }).ToList());
    }
}

/// <summary>Culls what is past its period, every hour by default; a pass that fails runs again at the next tick.</summary>
public sealed class RetentionWorker(IServiceScopeFactory scopes, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionWorker> log)
    : Hosting.PeriodicWorker(scopes, time, log)
{
    protected override bool Enabled => options.Value.Worker;

    protected override TimeSpan Period => TimeSpan.FromMinutes(options.Value.WorkerMinutes);

    protected override IEnumerable<(string, Func<IServiceProvider, CancellationToken, Task>)> Steps() =>
        RetentionPolicy.Types.Select(type => (type, (Func<IServiceProvider, CancellationToken, Task>)((services, ct) => services.GetRequiredService<RetentionPass>().CullAsync(type, ct))));
}
