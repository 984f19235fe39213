using Lagesbild.Core.Indicators;
using Lagesbild.Core.Measures;
using Lagesbild.Core.Scenes;
using Lagesbild.Data;
using Lagesbild.Server.Features.Districts;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Indicators;

/// <summary>One stadsdelsområde on the dashboard: its scenes and measures beside its survey figures.</summary>
/// <param name="ActiveScenes">Scenes active today in its districts.</param>
/// <param name="Measures">Its planned and ongoing measures.</param>
/// <param name="Cost">What all its measures (but cancelled ones) cost, in kronor.</param>
public sealed record BoroughOutcome(string Borough, int ActiveScenes, int Measures, long Cost);

/// <summary>The figures behind the outcome dashboard, read once per visit.</summary>
public sealed record OutcomeData(
    IReadOnlyList<IReadOnlyList<StatusChange>> Histories,
    IReadOnlyList<BoroughOutcome> Boroughs,
    IReadOnlyList<IndicatorSeries> Indicators);

public sealed class OutcomeDashboard(LagesbildDb db, DistrictCatalog districts, IndicatorSeriesReader indicators, Measures.MeasureService measures, TimeProvider time)
{
    public async Task<OutcomeData> ReadAsync(CancellationToken ct)
    {
        // One read of the scenes and their histories: for the city's series and for the boroughs' counts today.
        var now = time.GetUtcNow();
        var scenes = (await db.Scenes.AsNoTracking().Select(s => new { s.DistrictId, History = s.History.Select(h => new { h.Status, h.At, h.Id }).ToList() }).ToListAsync(ct))
            .Select(s => (s.DistrictId, History: (IReadOnlyList<StatusChange>)s.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new StatusChange(h.Status, h.At)).ToList()))
            .ToList();
        var histories = scenes.Select(s => s.History).ToList();
        var activeByDistrict = scenes.Where(s => SceneLifecycle.IsActiveAt(s.History, now))
            .GroupBy(s => s.DistrictId ?? 0).ToDictionary(g => g.Key, g => g.Count());
        var measureViews = await measures.ListAsync(null, null, null, [], ct);
        var boroughs = districts.All.GroupBy(d => d.Borough)
            .Select(g =>
            {
                var ids = g.Select(d => d.Id).ToHashSet();
                var inBorough = measureViews.Where(m => m.Properties.DistrictId is { } d && ids.Contains(d) && m.Properties.Status != MeasureStatus.Cancelled).ToList();
                return new BoroughOutcome(g.Key,
                    ids.Sum(id => activeByDistrict.GetValueOrDefault(id)),
                    inBorough.Count(m => m.Properties.Status is MeasureStatus.Planned or MeasureStatus.Ongoing),
                    inBorough.Sum(m => m.Properties.Cost ?? 0));
            })
            .OrderBy(b => b.Borough, StringComparer.Create(new System.Globalization.CultureInfo("sv-SE"), false))
            .ToList();
        return new OutcomeData(histories, boroughs, await indicators.ReadAsync(null, null, ct));
    }
}
