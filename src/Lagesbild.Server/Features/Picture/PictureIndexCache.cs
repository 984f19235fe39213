using Lagesbild.Core.Analysis;
using Lagesbild.Core.Geo;
using Lagesbild.Data;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Observations;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Picture;

/// <summary>
/// The city's picture index (observations known to the hour, packed and sorted by time), kept in memory as a
/// cache of the database. It is loaded on first use. The main part holds every observation up to some id less
/// <see cref="Overlap"/>; each use asks the database for the newest id and the number of observations after the
/// main part (a range of the primary key), and when either changed it reads that tail again, so a new
/// observation counts at once on this server and on others, also one whose transaction committed after a
/// higher id's. Only a transaction that commits more than <see cref="Overlap"/> ids late could be missed, and
/// then only until the next full load, which happens at least every <see cref="FullLoadEvery"/>. A recorded
/// observation changes only by a correction or a withdrawal, and each of those writes an ObservationRevision in
/// the same transaction: each use also asks for the newest revision id, and when it changed the whole index is
/// loaded again (corrections are rare, and a full load is simpler than patching the packed columns). Withdrawn
/// observations are never loaded.
/// </summary>
public sealed class PictureIndexCache(DistrictCatalog districts, TimeProvider time)
{
    /// <summary>Ids read again behind the main part on every change.</summary>
    public const long Overlap = 1_000;

    /// <summary>A tail longer than this is folded into the main part (a full load).</summary>
    private const long TailLimit = 50_000;

    public static readonly TimeSpan FullLoadEvery = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private State? _state;

    private sealed record State(GridWindow Window, PictureIndex Main, long MainLastId, PictureIndex Tail, long NewestId, long NewestRevisionId, DateTimeOffset LoadedAt);

    private (GridWindow Grid, int DistrictsVersion)? _window;

    /// <summary>The newest observation id the index has read (the measure of how far it is behind); none before it is loaded.</summary>
    public long? NewestId => _state?.NewestId;

    /// <summary>
    /// The grid the index counts on: every cell of the service area (the districts and a margin), fixed until the
    /// municipality's areas are imported again.
    /// </summary>
    public GridWindow Window
    {
        get
        {
            if (_window is not { } known || known.DistrictsVersion != districts.Version)
                _window = known = (Covering(districts.ServiceArea), districts.Version);
            return known.Grid;
        }
    }

    private static GridWindow Covering(NetTopologySuite.Geometries.Envelope area) => GridWindow.CoveringLonLat(area.MinX, area.MinY, area.MaxX, area.MaxY);

    /// <summary>
    /// Whether the index counts every observation inside a box: when the box lies inside the service area, whose
    /// cells the index numbers (an observation outside the area, recorded before the areas changed, cannot be in it).
    /// </summary>
    public bool Covers(LonLatBox box) => LonLatBox.Of(districts.ServiceArea).Contains(box);

    /// <summary>The counts of a window (Unix milliseconds) among the observations that pass the filter, and lie in the box if one is given.</summary>
    public async Task<PointCounts> CountAsync(LagesbildDb db, long from, long to, PictureFilter filter, LonLatBox? box, CancellationToken ct)
    {
        var state = await CurrentAsync(db, ct);
        return PictureIndex.CountPoints([state.Main, state.Tail], from, to, filter, box);
    }

    private async Task<State> CurrentAsync(LagesbildDb db, CancellationToken ct)
    {
        if (_state is { } known && known.Window == Window && Unchanged(known, await FreshnessAsync(db, known.MainLastId, ct)))
            return known;
        await _gate.WaitAsync(ct);
        try
        {
            var state = _state;
            var window = Window;
            var fresh = await FreshnessAsync(db, state?.MainLastId ?? 0, ct);
            if (state is not null && state.Window == window && Unchanged(state, fresh))
                return state;
            // The newest revision and id come from one statement, so from one moment: a change that commits after it is
            // loaded next time.
            var newest = fresh.NewestId;
            if (state is null || state.Window != window || newest - state.MainLastId > TailLimit || time.GetUtcNow() - state.LoadedAt > FullLoadEvery
                || fresh.NewestRevisionId != state.NewestRevisionId)
            {
                var mainLast = Math.Max(0, newest - Overlap);
                var main = await LoadAsync(db, window, 0, mainLast, ct);
                state = new State(window, main, mainLast, await LoadAsync(db, window, mainLast, long.MaxValue, ct), newest, fresh.NewestRevisionId, time.GetUtcNow());
            }
            else
            {
                state = state with { Tail = await LoadAsync(db, window, state.MainLastId, long.MaxValue, ct), NewestId = newest };
            }
            _state = state;
            return state;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Whether the database holds what the state holds: no correction or withdrawal since, the same newest id and as
    /// many rows after the main part.
    /// </summary>
    private bool Unchanged(State state, Freshness fresh) =>
        time.GetUtcNow() - state.LoadedAt <= FullLoadEvery && fresh.NewestRevisionId == state.NewestRevisionId && fresh.NewestId == state.NewestId
        && fresh.TailCount == state.Tail.Length;

    /// <summary>What the index's currency is checked by, read on every use.</summary>
    private sealed class Freshness
    {
        public long NewestRevisionId { get; init; }
        public long NewestId { get; init; }
        public long TailCount { get; init; }
    }

    /// <summary>
    /// The newest revision id, the newest observation id and the number of standing observations known to the hour after
    /// the main part (as <see cref="ObservationQueries.Standing"/> and the loads select them), in one statement: one
    /// round trip on every picture instead of three.
    /// </summary>
    private static Task<Freshness> FreshnessAsync(LagesbildDb db, long mainLastId, CancellationToken ct) =>
        db.Database.SqlQuery<Freshness>($"""
            SELECT COALESCE((SELECT MAX("Id") FROM "ObservationRevisions"), 0) AS "NewestRevisionId",
                   COALESCE((SELECT MAX("Id") FROM "Observations"), 0) AS "NewestId",
                   (SELECT COUNT(*) FROM "Observations" WHERE "Id" > {mainLastId} AND "OccurredTo" IS NULL AND "WithdrawnAt" IS NULL) AS "TailCount"
            """).SingleAsync(ct);

    private static async Task<PictureIndex> LoadAsync(LagesbildDb db, GridWindow window, long afterId, long upToId, CancellationToken ct)
    {
        var keys = new List<long>();
        var hours = new List<byte>();
        var times = new List<long>();
        var categories = new List<byte>();
        var classifications = new List<byte>();
        var districtIds = new List<ushort>();
        var lons = new List<double>();
        var lats = new List<double>();
        var rows = db.Observations.AsNoTracking().Standing()
            .Where(o => o.OccurredTo == null && o.Id > afterId && o.Id <= upToId)
            .Select(o => new { o.CellKey, o.HourOfWeek, o.OccurredFrom, o.Category, o.Classification, o.DistrictId, o.Lon, o.Lat })
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(ct))
        {
            keys.Add(row.CellKey);
            hours.Add((byte)row.HourOfWeek);
            times.Add(row.OccurredFrom.ToUnixTimeMilliseconds());
            categories.Add((byte)row.Category);
            classifications.Add((byte)row.Classification);
            districtIds.Add((ushort)(row.DistrictId ?? 0));
            lons.Add(row.Lon);
            lats.Add(row.Lat);
        }
        return new PictureIndex(window, new ObservationColumns([.. keys], [.. hours], [.. times], [.. categories], [.. classifications], [.. districtIds], [.. lons], [.. lats]));
    }
}

/// <summary>Loads the picture index once the server has started, so that the first map of the day does not wait for it.</summary>
public sealed class PictureIndexWarmUp(IServiceScopeFactory scopes, PictureIndexCache index, ILogger<PictureIndexWarmUp> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LagesbildDb>();
            await index.CountAsync(db, 0, 0, PictureFilter.All, null, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not fatal: the first request loads the index instead.
            log.LogWarning(e, "The picture index could not be loaded at start.");
        }
    }
}
