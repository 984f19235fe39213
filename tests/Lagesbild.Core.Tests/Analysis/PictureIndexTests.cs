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
