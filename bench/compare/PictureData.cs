using Lagesbild.Core.Analysis;
using Lagesbild.Core.Geo;

namespace Lagesbild.Bench.Compare;

/// <summary>The picture benchmark's data: the seeded observations as the product stores them (cell key, hour of week, time).</summary>
public sealed record PictureData(ObservationColumns Columns, GridWindow Window, long From, long To)
{
    public const double Bandwidth = 500, Band = 500;

    public static PictureData Generate(int count, int seed)
    {
        // In time order, as a store that serves time windows keeps them (every engine gets the same order).
        var generated = Observations.Generate(count, seed);
        var order = Enumerable.Range(0, count).OrderBy(i => generated.T[i]).ToArray();
        var points = new Observations([.. order.Select(i => generated.X[i])], [.. order.Select(i => generated.Y[i])], [.. order.Select(i => generated.T[i])]);
        var keys = new long[count];
        var hours = new byte[count];
        var times = new long[count];
        var start = (long)(Observations.Start - DateTimeOffset.UnixEpoch).TotalSeconds;
        for (var i = 0; i < count; i++)
        {
            keys[i] = GridCell.Of(new GridPoint(points.X[i], points.Y[i])).Key;
            times[i] = (long)points.T[i];
            hours[i] = (byte)((times[i] - start) / 3600 % 168);
        }
        var window = GridWindow.Covering(new GridPoint(Observations.MinX, Observations.MinY),
            new GridPoint(Observations.MinX + Observations.Width, Observations.MinY + Observations.Height));
        return new PictureData(new ObservationColumns(keys, hours, times), window, start, start + 8 * 604_800L);
    }

    /// <summary>Kernel weights per cell offset, as the SQL peers join them: the same quartic kernel on cell centres.</summary>
    public static IEnumerable<(int Column, int Row, double Weight)> KernelOffsets()
    {
        var reach = (int)Math.Ceiling(Bandwidth / GridCell.SizeMetres);
        var scale = 3 / (Math.PI * Bandwidth * Bandwidth) * 1e6;
        for (var dr = -reach; dr <= reach; dr++)
        {
            for (var dc = -reach; dc <= reach; dc++)
            {
                var u = (dc * dc + dr * dr) * GridCell.SizeMetres * GridCell.SizeMetres / (Bandwidth * Bandwidth);
                if (u < 1)
                    yield return (dc, dr, scale * (1 - u) * (1 - u));
            }
        }
    }

    /// <summary>The distance band's offsets (the cell itself included), as Gi* joins neighbours.</summary>
    public static IEnumerable<(int Column, int Row)> BandOffsets()
    {
        var reach = (int)Math.Floor(Band / GridCell.SizeMetres);
        for (var dr = -reach; dr <= reach; dr++)
        {
            for (var dc = -reach; dc <= reach; dc++)
            {
                if (Math.Sqrt(dc * dc + dr * dr) * GridCell.SizeMetres <= Band)
                    yield return (dc, dr);
            }
        }
    }
}

/// <summary>What every engine answers for the picture: counts by cell and hour, density and Gi* z per cell.</summary>
public sealed record PictureAnswer(double[] ByCell, double[] ByHour, double[] Density, double[] Z)
{
    /// <summary>Where this answer differs from ours, or null when it agrees (counts exactly, the rest to 1e-6).</summary>
    public string? DiffersFrom(PictureAnswer ours)
    {
        if (!ByCell.SequenceEqual(ours.ByCell))
            return "cell counts differ";
        if (!ByHour.SequenceEqual(ours.ByHour))
            return "hour-of-week counts differ";
        if (Close(Density, ours.Density) is { } d)
            return $"density differs at cell {d} ({Density[d]} against {ours.Density[d]})";
        return Close(Z, ours.Z) is { } z ? $"Gi* z differs at cell {z} ({Z[z]} against {ours.Z[z]})" : null;
    }

    private static int? Close(double[] a, double[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (Math.Abs(a[i] - b[i]) > 1e-6 * Math.Max(1, Math.Abs(b[i])))
                return i;
        }
        return null;
    }
}
