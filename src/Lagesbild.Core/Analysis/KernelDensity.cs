namespace Lagesbild.Core.Analysis;

/// <summary>Kernel density with the quartic (biweight) kernel, as in crime mapping: K(d) = 3/(πh²)·(1 − d²/h²)² for d &lt; h.</summary>
public static class KernelDensity
{
    /// <summary>
    /// Density at the centre of each cell of the window, in weight per km², from weighted points in SWEREF 99 TM
    /// metres (grid counts pass their cell centres with the count as weight).
    /// </summary>
    public static double[] Quartic(GridWindow window, IEnumerable<(double X, double Y, double Weight)> points, double bandwidth)
    {
        if (!double.IsFinite(bandwidth) || bandwidth <= 0)
            throw new ArgumentOutOfRangeException(nameof(bandwidth), bandwidth, "The bandwidth must be a number greater than 0.");
        var density = new double[window.Count];
        var size = Geo.GridCell.SizeMetres;
        var h2 = bandwidth * bandwidth;
        var scale = 3 / (Math.PI * h2) * 1e6;
        var reach = (int)Math.Ceiling(bandwidth / size);
        foreach (var (x, y, weight) in points)
        {
            var column = (int)Math.Floor(x / size);
            var row = (int)Math.Floor(y / size);
            for (var r = Math.Max(row - reach, window.MinRow); r <= Math.Min(row + reach, window.MinRow + window.Rows - 1); r++)
            {
                var dy = (r + 0.5) * size - y;
                for (var c = Math.Max(column - reach, window.MinColumn); c <= Math.Min(column + reach, window.MinColumn + window.Columns - 1); c++)
                {
                    var dx = (c + 0.5) * size - x;
                    var u = (dx * dx + dy * dy) / h2;
                    if (u < 1)
                        density[window.IndexOf(c, r)] += weight * scale * (1 - u) * (1 - u);
                }
            }
        }
        return density;
    }

    /// <summary>The centres of the cells with a count, weighted by it: grid counts as points for the density.</summary>
    public static IEnumerable<(double X, double Y, double Weight)> CellCentres(GridWindow window, double[] byCell)
    {
        for (var i = 0; i < byCell.Length; i++)
        {
            if (byCell[i] <= 0)
                continue;
            var centre = window.CellAt(i).Centre;
            yield return (centre.X, centre.Y, byCell[i]);
        }
    }
}
