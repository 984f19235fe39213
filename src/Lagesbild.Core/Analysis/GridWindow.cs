using Lagesbild.Core.Geo;

namespace Lagesbild.Core.Analysis;

/// <summary>A rectangle of analysis grid cells (<see cref="GridCell"/>), numbered row by row from the south-west.</summary>
public sealed record GridWindow(int MinColumn, int MinRow, int Columns, int Rows)
{
    /// <summary>The number of cells; a window too large to hold in memory throws (see <see cref="Cells"/>).</summary>
    public int Count => checked((int)Cells);

    /// <summary>The number of cells, without overflow, to check a window before using it.</summary>
    public long Cells => (long)Columns * Rows;

    public static GridWindow Around(IEnumerable<GridCell> cells, int margin = 0)
    {
        int minC = int.MaxValue, minR = int.MaxValue, maxC = int.MinValue, maxR = int.MinValue;
        foreach (var cell in cells)
        {
            minC = Math.Min(minC, cell.Column);
            minR = Math.Min(minR, cell.Row);
            maxC = Math.Max(maxC, cell.Column);
            maxR = Math.Max(maxR, cell.Row);
        }
        return minC == int.MaxValue
            ? new GridWindow(0, 0, 0, 0)
            : new GridWindow(minC - margin, minR - margin, maxC - minC + 1 + 2 * margin, maxR - minR + 1 + 2 * margin);
    }

    /// <summary>The cells whose squares meet a box of SWEREF 99 TM metres.</summary>
    public static GridWindow Covering(GridPoint min, GridPoint max)
    {
        var low = GridCell.Of(min);
        var high = GridCell.Of(max);
        return new GridWindow(low.Column, low.Row, high.Column - low.Column + 1, high.Row - low.Row + 1);
    }

    /// <summary>The cells that cover a box of WGS84 longitude and latitude, projected (all four corners, since the grid is not aligned with meridians).</summary>
    public static GridWindow CoveringLonLat(double minLon, double minLat, double maxLon, double maxLat)
    {
        var corners = new List<GridPoint> { Sweref99Tm.Project(minLon, minLat), Sweref99Tm.Project(maxLon, maxLat), Sweref99Tm.Project(minLon, maxLat), Sweref99Tm.Project(maxLon, minLat) };
        // A parallel bends towards the pole on either side of the central meridian: across it, the box's southern edge
        // reaches furthest south (and its northern edge least far north) on the meridian itself, between the corners.
        if (minLon < Sweref99Tm.CentralMeridian && maxLon > Sweref99Tm.CentralMeridian)
            corners.AddRange([Sweref99Tm.Project(Sweref99Tm.CentralMeridian, minLat), Sweref99Tm.Project(Sweref99Tm.CentralMeridian, maxLat)]);
        return Covering(new GridPoint(corners.Min(c => c.X), corners.Min(c => c.Y)), new GridPoint(corners.Max(c => c.X), corners.Max(c => c.Y)));
    }

    public int IndexOf(GridCell cell) => IndexOf(cell.Column, cell.Row);

    /// <summary>The cell's index, or -1 outside the window.</summary>
    public int IndexOf(int column, int row)
    {
        var c = column - MinColumn;
        var r = row - MinRow;
        return c < 0 || r < 0 || c >= Columns || r >= Rows ? -1 : r * Columns + c;
    }

    public GridCell CellAt(int index) => new(MinColumn + index % Columns, MinRow + index / Columns);
}
