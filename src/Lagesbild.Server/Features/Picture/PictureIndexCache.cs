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

    /// <summary>The counts of a window (Unix milliseconds) among the observations that pass the filter.</summary>
    public async Task<WindowCounts> CountAsync(LagesbildDb db, long from, long to, PictureFilter filter, CancellationToken ct)
    {
        var state = await CurrentAsync(db, ct);
        return state.Main.Count(from, to, filter).Plus(state.Tail.Count(from, to, filter));
    }

    private async Task<State> CurrentAsync(LagesbildDb db, CancellationToken ct)
    {
        if (_state is { } known && known.Window == Window && await UnchangedAsync(db, known, ct))
            return known;
        await _gate.WaitAsync(ct);
        try
        {
            var state = _state;
            var window = Window;
            if (state is not null && state.Window == window && await UnchangedAsync(db, state, ct))
                return state;
            // The revision id is read first: a change that commits between the two reads is then loaded again next time.
            var newestRevision = await NewestRevisionAsync(db, ct);
            var newest = await db.Observations.MaxAsync(o => (long?)o.Id, ct) ?? 0;
            if (state is null || state.Window != window || newest - state.MainLastId > TailLimit || time.GetUtcNow() - state.LoadedAt > FullLoadEvery
                || newestRevision != state.NewestRevisionId)
            {
                var mainLast = Math.Max(0, newest - Overlap);
                var main = await LoadAsync(db, window, 0, mainLast, ct);
                state = new State(window, main, mainLast, await LoadAsync(db, window, mainLast, long.MaxValue, ct), newest, newestRevision, time.GetUtcNow());
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
    private async Task<bool> UnchangedAsync(LagesbildDb db, State state, CancellationToken ct)
    {
        if (time.GetUtcNow() - state.LoadedAt > FullLoadEvery)
            return false;
        if (await NewestRevisionAsync(db, ct) != state.NewestRevisionId)
            return false;
        var newest = await db.Observations.MaxAsync(o => (long?)o.Id, ct) ?? 0;
        if (newest != state.NewestId)
            return false;
        return await db.Observations.Standing().CountAsync(o => o.Id > state.MainLastId && o.OccurredTo == null, ct) == state.Tail.Length;
    }

    private static async Task<long> NewestRevisionAsync(LagesbildDb db, CancellationToken ct) =>
        await db.ObservationRevisions.MaxAsync(r => (long?)r.Id, ct) ?? 0;

    private static async Task<PictureIndex> LoadAsync(LagesbildDb db, GridWindow window, long afterId, long upToId, CancellationToken ct)
    {
        var keys = new List<long>();
        var hours = new List<byte>();
        var times = new List<long>();
        var categories = new List<byte>();
        var classifications = new List<byte>();
        var districtIds = new List<ushort>();
        var rows = db.Observations.AsNoTracking().Standing()
            .Where(o => o.OccurredTo == null && o.Id > afterId && o.Id <= upToId)
            .Select(o => new { o.CellKey, o.HourOfWeek, o.OccurredFrom, o.Category, o.Classification, o.DistrictId })
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(ct))
        {
            keys.Add(row.CellKey);
            hours.Add((byte)row.HourOfWeek);
            times.Add(row.OccurredFrom.ToUnixTimeMilliseconds());
            categories.Add((byte)row.Category);
            classifications.Add((byte)row.Classification);
            districtIds.Add((ushort)(row.DistrictId ?? 0));
        }
        return new PictureIndex(window, new ObservationColumns([.. keys], [.. hours], [.. times], [.. categories], [.. classifications], [.. districtIds]));
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
            await index.CountAsync(db, 0, 0, PictureFilter.All, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not fatal: the first request loads the index instead.
            log.LogWarning(e, "The picture index could not be loaded at start.");
        }
    }
}
