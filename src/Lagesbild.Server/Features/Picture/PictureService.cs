using Lagesbild.Core.Access;
using Lagesbild.Core.Analysis;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Scenes;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Observations;
using Lagesbild.Server.Features.Scenes;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Picture;

public sealed record PictureWindow(DateTimeOffset From, DateTimeOffset To, string Hours);

public sealed record PictureCellDto(int Column, int Row, double X, double Y, double Lon, double Lat, double Count);

public sealed record PictureScene(int Id, string Name, SceneStatus Status, string? District, double[] Centre);

public sealed record PictureResponse(
    PictureWindow Window,
    double Total,
    double CellSize,
    IReadOnlyList<PictureCellDto> Grid,
    double[] HourOfWeek,
    IReadOnlyDictionary<ObservationCategory, double> ByCategory,
    IReadOnlyList<PictureScene> Scenes);

/// <summary>The lägesbild for an area and a time window: grid counts, hour-of-week profile, categories and scenes.</summary>
public sealed class PictureService(LagesbildDb db, SceneService scenes, PictureIndexCache index, TimeProvider time, AuditTrail audit)
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(28);

    /// <summary>The filter with its window filled in: by default the last 28 days up to now.</summary>
    public ObservationFilter WithWindow(ObservationFilter filter, TimeSpan? length = null)
    {
        var to = filter.To ?? time.GetUtcNow();
        return filter with { From = filter.From ?? to - (length ?? DefaultWindow), To = to };
    }

    public async Task<PictureResponse> BuildAsync(ObservationFilter filter, CurrentUser user, CancellationToken ct)
    {
        filter = WithWindow(filter);
        var picture = await CountAsync(filter, user, ct);
        var grid = picture.Grid.Select(c =>
        {
            var centre = c.Cell.Centre;
            var (lon, lat) = c.Cell.CentreLonLat;
            return new PictureCellDto(c.Cell.Column, c.Cell.Row, centre.X, centre.Y, Math.Round(lon, 6), Math.Round(lat, 6), Math.Round(c.Count, 3));
        }).ToList();
        var sceneList = await scenes.ListAsync(null, filter.DistrictId, null, ct);
        var inArea = sceneList
            .Where(s => filter.Bbox is not { } box || box.Contains(s.Properties.Centre[0], s.Properties.Centre[1]))
            .Select(s => new PictureScene((int)s.Id, s.Properties.Name, s.Properties.Status, s.Properties.District, s.Properties.Centre))
            .ToList();
        return new PictureResponse(
            new PictureWindow(filter.From!.Value, filter.To!.Value, filter.Hours.ToString()),
            Math.Round(picture.Total, 3),
            GridCell.SizeMetres,
            grid,
            picture.HourOfWeek.Select(v => Math.Round(v, 3)).ToArray(),
            picture.ByCategory.OrderBy(c => c.Key).ToDictionary(c => c.Key, c => Math.Round(c.Value, 3)),
            inArea);
    }

    /// <summary>
    /// The counts of a window (which must be filled in) among the observations the user may see: on grid cells,
    /// by hour of week and by category. The picture and the hot spot analysis both count this way.
    /// </summary>
    public async Task<Core.Analysis.Picture> CountAsync(ObservationFilter filter, CurrentUser user, CancellationToken ct)
    {
        var visible = Permissions.VisibleClassifications(user.Roles);
        var observations = filter.Apply(db.Observations.AsNoTracking(), visible);
        // Observations known to the hour are counted by the in-memory index (a box too, by the positions it holds,
        // when the box lies in the service area; one reaching beyond it by the database); the few with an interval
        // are spread over their hours here (aoristic weighting).
        var indexed = (filter.Bbox is not { } box || index.Covers(box)) && filter.DistrictId is null or (> 0 and < ushort.MaxValue);
        var counts = indexed ? await CountIndexedAsync(filter, visible, ct) : await CountInDatabaseAsync(observations, ct);
        var intervals = await filter.Apply(db.Observations.AsNoTracking().Where(o => o.OccurredTo != null), visible, seekCells: false)
            .Select(o => new { Sample = new ObservationSample(o.CellKey, o.Category, o.OccurredFrom, o.OccurredTo), o.Classification })
            .ToListAsync(ct);
        if (counts.ByClassification is { } tiers)
        {
            // The index counted its observations by classification: with the intervals' the audit needs no read of its own.
            var used = tiers.ToDictionary();
            foreach (var interval in intervals)
                used[interval.Classification] = used.GetValueOrDefault(interval.Classification) + 1;
            await audit.AggregateAsync(user, "picture", used, ct);
        }
        else
        {
            await audit.AggregateAsync(user, "picture", observations, ct);
        }
        return PictureBuilder.Build(counts, intervals.Select(i => i.Sample), filter.Hours);
    }

    private async Task<PointCounts> CountIndexedAsync(ObservationFilter filter, IReadOnlyCollection<Classification> visible, CancellationToken ct)
    {
        var only = PictureFilter.Of(visible, filter.Categories, filter.DistrictId, filter.Hours);
        return await index.CountAsync(db, filter.From!.Value.ToUnixTimeMilliseconds(), filter.To!.Value.ToUnixTimeMilliseconds(), only, filter.Bbox, ct);
    }

    /// <summary>
    /// The same counts by the database: one GROUP BY over cell, category and hour of week, summed three ways here (a
    /// box's month is a few thousand groups; three statements read the same rows three times).
    /// </summary>
    internal static async Task<PointCounts> CountInDatabaseAsync(IQueryable<Observation> observations, CancellationToken ct)
    {
        var groups = await observations.Where(o => o.OccurredTo == null)
            .GroupBy(o => new { o.CellKey, o.Category, o.HourOfWeek })
            .Select(g => new { g.Key.CellKey, g.Key.Category, g.Key.HourOfWeek, Count = g.Count() })
            .ToListAsync(ct);
        return new PointCounts(
            groups.GroupBy(g => g.CellKey).ToDictionary(g => g.Key, g => g.Sum(c => c.Count)),
            groups.GroupBy(g => g.Category).ToDictionary(g => g.Key, g => g.Sum(c => c.Count)),
            groups.GroupBy(g => g.HourOfWeek).ToDictionary(g => g.Key, g => g.Sum(c => c.Count)));
    }
}
