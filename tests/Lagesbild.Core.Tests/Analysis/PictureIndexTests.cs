using CsCheck;
using Lagesbild.Core.Analysis;
using Lagesbild.Core.Geo;

namespace Lagesbild.Core.Tests.Analysis;

public class PictureIndexTests
{
    private static readonly GridWindow Window = new(100, 200, 12, 10);

    [Fact]
    public void Counts_match_a_plain_count_for_any_window_of_time()
    {
        var observation = Gen.Select(Gen.Int[95, 115], Gen.Int[195, 212], Gen.Int[0, 167], Gen.Long[0, 1000]);
        Gen.Select(observation.Array[0, 400], Gen.Long[-10, 1010], Gen.Long[-10, 1010]).Sample((rows, a, b) =>
        {
            var (from, to) = (Math.Min(a, b), Math.Max(a, b));
            var columns = new ObservationColumns(
                rows.Select(r => new GridCell(r.Item1, r.Item2).Key).ToArray(), rows.Select(r => (byte)r.Item3).ToArray(), rows.Select(r => r.Item4).ToArray());

            var counts = new PictureIndex(Window, columns).Count(from, to);

            var inWindow = rows.Where(r => r.Item4 >= from && r.Item4 < to).ToList();
            var byCell = new double[Window.Count];
            foreach (var r in inWindow.Where(r => Window.IndexOf(r.Item1, r.Item2) >= 0))
                byCell[Window.IndexOf(r.Item1, r.Item2)]++;
            var byHour = new double[168];
            foreach (var r in inWindow)
                byHour[r.Item3]++;
            return counts.Total == inWindow.Count && counts.ByCell.SequenceEqual(byCell) && counts.ByHour.SequenceEqual(byHour);
        }, iter: 300);
    }

    [Fact]
    public void A_box_counts_exactly_the_observations_inside_it_edges_included()
    {
        // Positions on a 0.001-degree lattice, so that many lie exactly on the box's edges.
        var observation = Gen.Select(Gen.Int[0, 40], Gen.Int[0, 40], Gen.Int[0, 167], Gen.Long[0, 100]);
        Gen.Select(observation.Array[0, 300], Gen.Int[0, 40], Gen.Int[0, 40], Gen.Int[0, 40], Gen.Int[0, 40]).Sample((rows, a, b, c, d) =>
        {
            var box = new LonLatBox(18 + Math.Min(a, b) / 1000.0, 59.3 + Math.Min(c, d) / 1000.0, 18 + Math.Max(a, b) / 1000.0, 59.3 + Math.Max(c, d) / 1000.0);
            var points = rows.Select(r => (Lon: 18 + r.Item1 / 1000.0, Lat: 59.3 + r.Item2 / 1000.0, Hour: r.Item3, Time: r.Item4)).ToList();
            var cells = points.Select(p => GridCell.Of(Sweref99Tm.Project(p.Lon, p.Lat))).ToList();
            var window = GridWindow.Around(cells.DefaultIfEmpty(new GridCell(2600, 26300)));
            var columns = new ObservationColumns(
                cells.Select(c => c.Key).ToArray(), points.Select(p => (byte)p.Hour).ToArray(), points.Select(p => p.Time).ToArray(),
                Lons: points.Select(p => p.Lon).ToArray(), Lats: points.Select(p => p.Lat).ToArray());

            var counts = new PictureIndex(window, columns).Count(10, 90, PictureFilter.All, box);

            var inside = points.Select((p, i) => (p, Cell: cells[i])).Where(x => x.p.Time is >= 10 and < 90 && box.Contains(x.p.Lon, x.p.Lat)).ToList();
            var byCell = new double[window.Count];
            foreach (var x in inside)
                byCell[window.IndexOf(x.Cell)]++;
            return counts.Total == inside.Count && counts.ByCell.SequenceEqual(byCell) && counts.ByHour.Sum() == inside.Count;
        }, iter: 200);
    }

    [Fact]
    public void A_box_needs_positions() =>
        Assert.Throws<InvalidOperationException>(() =>
            new PictureIndex(Window, new ObservationColumns([], [], [])).Count(0, 10, PictureFilter.All, new LonLatBox(18, 59, 18.1, 59.1)));

    [Fact]
    public void Parts_count_as_one_index_of_all_their_observations_also_when_counted_in_parallel()
    {
        // More observations than one thread counts, so that the parallel path and the merge of its tallies are taken.
        var random = new Random(22);
        var n = 300_000;
        var keys = Enumerable.Range(0, n).Select(_ => new GridCell(100 + random.Next(12), 200 + random.Next(10)).Key).ToArray();
        var hours = Enumerable.Range(0, n).Select(_ => (byte)random.Next(168)).ToArray();
        var times = Enumerable.Range(0, n).Select(_ => (long)random.Next(1000)).ToArray();
        var categories = Enumerable.Range(0, n).Select(_ => (byte)random.Next(3)).ToArray();
        var whole = new PictureIndex(Window, new ObservationColumns(keys, hours, times, categories));
        var split = n / 3;
        var parts = new[]
        {
            new PictureIndex(Window, new ObservationColumns(keys[..split], hours[..split], times[..split], categories[..split])),
            new PictureIndex(Window, new ObservationColumns(keys[split..], hours[split..], times[split..], categories[split..])),
        };

        var expected = Enumerable.Range(0, n).Where(i => times[i] is >= 5 and < 995).ToList();
        foreach (var counts in new[] { whole.Count(5, 995), PictureIndex.Count(parts, 5, 995, PictureFilter.All) })
        {
            Assert.Equal(expected.Count, counts.Total);
            Assert.Equal(expected.Count, counts.ByCell.Sum());
            Assert.Equal(expected.Count(i => hours[i] == 7), counts.ByHour[7]);
            Assert.Equal(expected.Count(i => categories[i] == 2), counts.ByCategory[2]);
            Assert.Equal(expected.Count(i => keys[i] == new GridCell(105, 205).Key), counts.ByCell[Window.IndexOf(105, 205)]);
        }
    }

    [Fact]
    public void The_window_includes_its_start_and_excludes_its_end()
    {
        var key = new GridCell(101, 201).Key;
        var index = new PictureIndex(Window, new ObservationColumns([key, key, key, key], [1, 2, 3, 4], [10, 10, 20, 30]));

        Assert.Equal(3, index.Count(10, 30).Total);
        Assert.Equal(1, index.Count(20, 21).Total);
        Assert.Equal(0, index.Count(31, 40).Total);
        Assert.Equal(2, index.Count(10, 20).ByCell[Window.IndexOf(101, 201)]);
    }

    [Fact]
    public void A_window_too_large_to_number_is_refused() =>
        Assert.Throws<ArgumentException>(() => new PictureIndex(new GridWindow(0, 0, 300, 300), new ObservationColumns([], [], [])));

    [Fact]
    public void The_full_picture_is_the_density_and_gi_star_of_the_counts()
    {
        var key = new GridCell(105, 205).Key;
        var index = new PictureIndex(Window, new ObservationColumns(Enumerable.Repeat(key, 20).ToArray(), new byte[20], Enumerable.Range(0, 20).Select(i => (long)i).ToArray()));
        var counts = index.Count(0, 100);

        var picture = FullPicture.Of(Window, counts, null, 500, 250);

        var cell = Window.IndexOf(105, 205);
        Assert.Equal(20 * 3 / (Math.PI * 500 * 500) * 1e6, picture.Density[cell], 6);
        Assert.Equal(GetisOrd.Compute(Window, counts.ByCell, null, 250)[cell], picture.GiStar[cell]);
        Assert.Equal(3, picture.GiStar[cell].Bin);
    }
}
