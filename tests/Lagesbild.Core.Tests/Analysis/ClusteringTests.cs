using System.Globalization;
using CsCheck;
using Lagesbild.Core.Analysis.Clustering;

namespace Lagesbild.Core.Tests.Analysis;

public class ClusteringTests
{
    private const double Eps = 49.5;
    private const double EpsSeconds = 86399.5;

    [Theory]
    [InlineData("dbscan-seed1-min10.csv", 10)]
    [InlineData("dbscan-seed2-min4.csv", 4)]
    [InlineData("dbscan-seed3-min1.csv", 1)]
    public void Dbscan_gives_scikit_learns_labels(string file, int minPoints)
    {
        var (x, y, _, expected) = Golden(file);
        Assert.Equal(expected, Dbscan.Cluster(x, y, Eps, minPoints));
    }

    [Theory]
    [InlineData("st-dbscan-seed4-min5.csv", 5)]
    [InlineData("st-dbscan-seed5-min3.csv", 3)]
    public void StDbscan_gives_scikit_learns_labels(string file, int minPoints)
    {
        var (x, y, t, expected) = Golden(file);
        Assert.Equal(expected, StDbscan.Cluster(x, y, t, Eps, EpsSeconds, minPoints));
    }

    [Fact]
    public void Golden_files_hold_clusters_border_points_and_noise()
    {
        // The golden data must exercise every rule, or matching it proves little.
        var (x, y, _, labels) = Golden("dbscan-seed2-min4.csv");
        Assert.Contains(-1, labels);
        Assert.True(labels.Max() >= 5);
        var reference = ClusteringReference.Labels(x, y, null, Eps, 0, 4);
        Assert.Equal(reference, labels);
    }

    [Fact]
    public void Dbscan_matches_brute_force_on_random_points_with_ties_on_eps()
    {
        // Integer coordinates and an integer eps put many pairs exactly on the boundary (distance == eps counts).
        Gen.Select(Points(Gen.Int[0, 60]), Gen.Int[1, 12], Gen.Int[1, 6]).Sample((points, eps, minPoints) =>
        {
            var (x, y, _) = points;
            return ClusteringReference.Labels(x, y, null, eps, 0, minPoints).SequenceEqual(Dbscan.Cluster(x, y, eps, minPoints));
        }, iter: 400);
    }

    [Fact]
    public void Dbscan_matches_brute_force_on_spread_out_real_coordinates()
    {
        Gen.Select(Gen.Double[0, 2000].Array[0, 300], Gen.Double[0.5, 300], Gen.Int[1, 8]).Sample((values, eps, minPoints) =>
        {
            var x = values.Select(v => 674_000 + v).ToArray();
            var y = values.Select((v, i) => 6_580_000 + (v * 7919 + i * 31) % 1500).ToArray();
            return ClusteringReference.Labels(x, y, null, eps, 0, minPoints).SequenceEqual(Dbscan.Cluster(x, y, eps, minPoints));
        }, iter: 200);
    }

    [Fact]
    public void StDbscan_matches_brute_force_on_random_points()
    {
        Gen.Select(Points(Gen.Int[0, 40]), Gen.Int[1, 10], Gen.Int[1, 30], Gen.Int[1, 6]).Sample((points, eps, epsSeconds, minPoints) =>
        {
            var (x, y, t) = points;
            var expected = ClusteringReference.Labels(x, y, t, eps, epsSeconds, minPoints);
            return expected.SequenceEqual(StDbscan.Cluster(x, y, t, eps, epsSeconds, minPoints));
        }, iter: 400);
    }

    [Fact]
    public void Labels_do_not_depend_on_how_the_points_spread_over_cells()
    {
        // Far-apart groups push the grid to its hashed index; the labels must be the same as close together.
        Gen.Select(Points(Gen.Int[0, 50]), Gen.Int[1, 8]).Sample((points, minPoints) =>
        {
            var (x, y, _) = points;
            var far = x.Select((v, i) => i % 2 == 0 ? v : v + 1e9).ToArray();
            return ClusteringReference.Labels(far, y, null, 5.5, 0, minPoints).SequenceEqual(Dbscan.Cluster(far, y, 5.5, minPoints));
        }, iter: 100);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Many_cells_are_joined_in_parallel_as_brute_force_says(int seed)
    {
        // Spread over more cells than one parallel task takes, so that several threads join clusters at once.
        var random = new Random(seed);
        var x = new double[12_000];
        var y = new double[12_000];
        var t = new double[12_000];
        for (var i = 0; i < x.Length; i++)
        {
            var inCluster = i % 3 != 0;
            var (cx, cy) = inCluster ? (random.Next(0, 40) * 300, random.Next(0, 40) * 300) : (0, 0);
            x[i] = inCluster ? cx + random.Next(-60, 61) : random.Next(0, 12_000);
            y[i] = inCluster ? cy + random.Next(-60, 61) : random.Next(0, 12_000);
            t[i] = random.Next(0, 20) * 3600;
        }
        Assert.Equal(ClusteringReference.Labels(x, y, null, 20.5, 0, 4), Dbscan.Cluster(x, y, 20.5, 4));
        Assert.Equal(ClusteringReference.Labels(x, y, t, 20.5, 7200, 3), StDbscan.Cluster(x, y, t, 20.5, 7200, 3));
    }

    [Fact]
    public void An_empty_input_has_no_labels()
    {
        Assert.Empty(Dbscan.Cluster([], [], Eps, 3));
        Assert.Empty(StDbscan.Cluster([], [], [], Eps, EpsSeconds, 3));
    }

    [Fact]
    public void One_point_with_min_points_one_is_its_own_cluster()
    {
        Assert.Equal([0], Dbscan.Cluster([1.0], [2.0], Eps, 1));
        Assert.Equal([-1], Dbscan.Cluster([1.0], [2.0], Eps, 2));
    }

    [Theory]
    [InlineData(0.0, 3)]
    [InlineData(-1.0, 3)]
    [InlineData(double.NaN, 3)]
    [InlineData(double.PositiveInfinity, 3)]
    [InlineData(10.0, 0)]
    public void Bad_parameters_are_refused(double eps, int minPoints)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Dbscan.Cluster([1.0], [2.0], eps, minPoints));
        Assert.Throws<ArgumentOutOfRangeException>(() => StDbscan.Cluster([1.0], [2.0], [0.0], eps, 10, minPoints));
        Assert.NotNull(ClusterSettings.CheckEps(eps) ?? ClusterSettings.CheckMinPoints(minPoints));
    }

    [Fact]
    public void Bad_points_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Dbscan.Cluster([1.0, double.NaN], [2.0, 3.0], Eps, 1));
        Assert.Throws<ArgumentException>(() => Dbscan.Cluster([1.0, 2.0], [2.0], Eps, 1));
        Assert.Throws<ArgumentException>(() => StDbscan.Cluster([1.0], [2.0], [double.NaN], Eps, 10, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => StDbscan.Cluster([1.0], [2.0], [0.0], Eps, 0, 1));
    }

    private static Gen<(double[] X, double[] Y, double[] T)> Points(Gen<int> coordinate) =>
        Gen.Select(coordinate, coordinate, Gen.Int[0, 100]).Array[0, 120]
            .Select(points => (points.Select(p => (double)p.Item1).ToArray(), points.Select(p => (double)p.Item2).ToArray(), points.Select(p => (double)p.Item3).ToArray()));

    private static (double[] X, double[] Y, double[] T, int[] Labels) Golden(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Analysis", "Golden", file)).Skip(1)
            .Select(line => line.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
        return (lines.Select(l => l[0]).ToArray(), lines.Select(l => l[1]).ToArray(), lines.Select(l => l[2]).ToArray(), lines.Select(l => (int)l[3]).ToArray());
    }
}
