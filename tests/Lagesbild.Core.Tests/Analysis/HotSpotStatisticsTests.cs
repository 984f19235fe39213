using Lagesbild.Core.Analysis;
using Lagesbild.Core.Geo;

namespace Lagesbild.Core.Tests.Analysis;

public class HotSpotStatisticsTests
{
    private static readonly GridWindow Three = new(0, 0, 3, 3);

    [Fact]
    public void Quartic_density_follows_the_kernel_by_hand()
    {
        var window = new GridWindow(0, 0, 5, 5);
        var centre = new GridCell(2, 2).Centre;
        var density = KernelDensity.Quartic(window, [(centre.X, centre.Y, 1.0)], 500);
        var peak = 3 / (Math.PI * 500 * 500) * 1e6;
        Assert.Equal(peak, density[window.IndexOf(2, 2)], 9);
        Assert.Equal(peak * 0.75 * 0.75, density[window.IndexOf(3, 2)], 9); // 250 m away: (1 - 0.25)²
        Assert.Equal(peak * 0.5 * 0.5, density[window.IndexOf(3, 3)], 9); // √2·250 m: (1 - 0.5)²
        Assert.Equal(0, density[window.IndexOf(4, 2)]); // exactly the bandwidth away
    }

    [Fact]
    public void Quartic_density_integrates_to_the_weight()
    {
        var window = new GridWindow(-20, -20, 41, 41);
        var density = KernelDensity.Quartic(window, [(125.0, 125.0, 3.0)], 2500);
        var cellKm2 = GridCell.SizeMetres * GridCell.SizeMetres / 1e6;
        Assert.Equal(3.0, density.Sum() * cellKm2, 1);
    }

    [Fact]
    public void Gi_star_matches_a_hand_computed_z()
    {
        double[] values = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        var gi = GetisOrd.Compute(Three, values, null, 250);
        // Corner 9 with its rook neighbours 6 and 8: (23 - 5·3) / (√(285/9 - 25) · √((9·3 - 9) / 8)) = 8 / √15.
        Assert.Equal(8 / Math.Sqrt(15), gi[8].Z, 9);
        Assert.Equal(0, gi[4].Z, 9);
        Assert.Equal(-gi[8].Z, gi[0].Z, 9);
        Assert.Equal(0.0389, gi[8].P, 3);
    }

    [Fact]
    public void Gi_star_finds_a_cluster_and_nothing_in_flat_noise()
    {
        var window = new GridWindow(0, 0, 30, 30);
        var values = new double[window.Count];
        var random = new Random(7);
        for (var i = 0; i < values.Length; i++)
            values[i] = random.Next(0, 3);
        for (var r = 14; r <= 16; r++)
        {
            for (var c = 14; c <= 16; c++)
                values[window.IndexOf(c, r)] = 25;
        }
        var gi = GetisOrd.Compute(window, values, null, 400);
        Assert.Equal(3, gi[window.IndexOf(15, 15)].Bin);
        Assert.All(Enumerable.Range(0, window.Count).Where(i => Math.Abs(window.CellAt(i).Column - 15) > 4 || Math.Abs(window.CellAt(i).Row - 15) > 4),
            i => Assert.True(gi[i].Bin <= 0, $"cell {window.CellAt(i)} is hot"));
    }

    [Fact]
    public void Gi_star_leaves_cells_outside_the_study_area_out()
    {
        double[] values = [1, 2, 3, 4, 5, 6, 7, 8, 100];
        var inStudy = Enumerable.Range(0, 9).Select(i => i != 8).ToArray();
        var gi = GetisOrd.Compute(Three, values, inStudy, 250);
        Assert.Equal(new GiStar(0, 1, 0), gi[8]);
        var without = GetisOrd.Compute(new GridWindow(0, 0, 3, 3), [1, 2, 3, 4, 5, 6, 7, 8, 0], inStudy, 250);
        Assert.Equal(without[0].Z, gi[0].Z, 12);
    }

    [Fact]
    public void Gi_star_of_equal_values_is_zero()
    {
        var gi = GetisOrd.Compute(Three, Enumerable.Repeat(4.0, 9).ToArray(), null, 250);
        Assert.All(gi, g => Assert.Equal(new GiStar(0, 1, 0), g));
    }

    [Fact]
    public void Benjamini_Hochberg_keeps_the_ranks_below_the_line()
    {
        Assert.Equal([true, false, false, false], FalseDiscovery.Significant([0.01, 0.04, 0.03, 0.5], 0.05));
        Assert.Equal([true, true, true, true], FalseDiscovery.Significant([0.04, 0.02, 0.03, 0.01], 0.05));
        // A later rank under its line carries the earlier ones over theirs.
        Assert.Equal([true, true, true, false], FalseDiscovery.Significant([0.03, 0.034, 0.0374, 0.9], 0.05));
        Assert.Empty(FalseDiscovery.Significant([], 0.05));
    }

    [Fact]
    public void Mann_Kendall_matches_hand_computed_values()
    {
        var rising = Trend.Of([1, 2, 3, 4, 5]);
        Assert.Equal(10, rising.S);
        Assert.Equal(9 / Math.Sqrt(50.0 / 3), rising.Z, 9);
        Assert.Equal(0.0275, rising.P, 4);
        var tied = Trend.Of([1, 1, 2]);
        Assert.Equal(2, tied.S);
        Assert.Equal(1 / Math.Sqrt(48.0 / 18), tied.Z, 9);
        Assert.Equal(new Trend(0, 0, 1), Trend.Of([3, 3, 3]));
        Assert.Equal(-rising.Z, Trend.Of([5, 4, 3, 2, 1]).Z, 12);
    }

    [Theory]
    [InlineData("0000000001", HotSpotPattern.New)]
    [InlineData("0000000111", HotSpotPattern.Consecutive)]
    [InlineData("0010000011", HotSpotPattern.Sporadic)]
    [InlineData("00-0000011", HotSpotPattern.Oscillating)]
    [InlineData("-000000001", HotSpotPattern.Oscillating)]
    [InlineData("1111111110", HotSpotPattern.Historical)]
    [InlineData("0000000000", HotSpotPattern.None)]
    [InlineData("0000011110", HotSpotPattern.None)]
    public void Patterns_read_from_hot_and_cold_bins(string history, HotSpotPattern expected)
    {
        var bins = history.Select(c => c == '-' ? -2 : c - '0').ToArray();
        var flat = new double[bins.Length];
        Assert.Equal(expected, EmergingHotSpots.Pattern(bins, flat));
    }

    [Fact]
    public void Mostly_hot_cells_are_read_by_their_trend()
    {
        var allHot = Enumerable.Repeat(3, 12).ToArray();
        var rising = Enumerable.Range(0, 12).Select(i => 2.0 + i).ToArray();
        Assert.Equal(HotSpotPattern.Intensifying, EmergingHotSpots.Pattern(allHot, rising));
        Assert.Equal(HotSpotPattern.Diminishing, EmergingHotSpots.Pattern(allHot, rising.Reverse().ToArray()));
        Assert.Equal(HotSpotPattern.Persistent, EmergingHotSpots.Pattern(allHot, [4, 5, 4, 5, 4, 5, 4, 5, 4, 5, 4, 5]));
    }

    [Fact]
    public void A_cell_turning_hot_in_the_last_week_is_new_across_a_grid()
    {
        var window = new GridWindow(0, 0, 20, 20);
        var weeks = Enumerable.Range(0, 8).Select(week =>
        {
            var counts = new double[window.Count];
            for (var i = 0; i < counts.Length; i++)
                counts[i] = (i * 7 + week * 3) % 2;
            if (week == 7)
                counts[window.IndexOf(10, 10)] = counts[window.IndexOf(10, 11)] = counts[window.IndexOf(11, 10)] = 30;
            return counts;
        }).ToList();
        var patterns = EmergingHotSpots.Classify(window, weeks, null, 250);
        Assert.Equal(HotSpotPattern.New, patterns[window.IndexOf(10, 10)]);
        Assert.Equal(HotSpotPattern.None, patterns[window.IndexOf(2, 2)]);
    }
}
