using System.Collections.Concurrent;

namespace Lagesbild.Core.Geo;

/// <summary>
/// A square cell of the analysis grid in SWEREF 99 TM. The key packs column and row into one integer so
/// that a bounding box is a range scan over an index on (cell key, time) on every database.
/// </summary>
public readonly record struct GridCell(int Column, int Row)
{
    public const double SizeMetres = 250;

    public long Key => ((long)Column << 32) | (uint)Row;

    public static GridCell Of(GridPoint point) =>
        new((int)Math.Floor(point.X / SizeMetres), (int)Math.Floor(point.Y / SizeMetres));

    public static GridCell FromKey(long key) => new((int)(key >> 32), (int)(uint)key);

    public GridPoint Centre => new((Column + 0.5) * SizeMetres, (Row + 0.5) * SizeMetres);

    /// <summary>Centres in WGS84 already projected back: a picture names thousands of cells, and the projection is the costly part.</summary>
    private static readonly ConcurrentDictionary<long, (double Lon, double Lat)> CentresLonLat = new();

    /// <summary>A city's cells are some tens of thousands; past this many the centres are projected each time.</summary>
    private const int CentresKept = 1 << 20;

    /// <summary>The centre in WGS84 longitude and latitude.</summary>
    public (double Lon, double Lat) CentreLonLat
    {
        get
        {
            if (CentresLonLat.TryGetValue(Key, out var known))
                return known;
            var centre = Sweref99Tm.Unproject(Centre);
            if (CentresLonLat.Count < CentresKept)
                CentresLonLat.TryAdd(Key, centre);
            return centre;
        }
    }

    /// <summary>The corners south-west and north-east, in metres.</summary>
    public (GridPoint Min, GridPoint Max) Bounds =>
        (new GridPoint(Column * SizeMetres, Row * SizeMetres), new GridPoint((Column + 1) * SizeMetres, (Row + 1) * SizeMetres));
}
