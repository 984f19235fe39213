using CsCheck;
using Lagesbild.Core.Geo;

namespace Lagesbild.Core.Tests.Geo;

public class GridCellTests
{
    [Fact]
    public void Key_round_trips_including_negative_columns_and_rows()
    {
        Gen.Select(Gen.Int, Gen.Int).Sample((column, row) =>
        {
            var cell = new GridCell(column, row);
            return GridCell.FromKey(cell.Key) == cell;
        }, iter: 1000);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, -1)]
    [InlineData(int.MinValue, int.MaxValue)]
    [InlineData(int.MaxValue, int.MinValue)]
    [InlineData(2698, 26323)]
    public void Key_round_trips_at_the_edges(int column, int row)
    {
        var cell = new GridCell(column, row);

        Assert.Equal(cell, GridCell.FromKey(cell.Key));
    }

    [Fact]
    public void Keys_of_distinct_cells_differ()
    {
        Assert.NotEqual(new GridCell(1, -1).Key, new GridCell(0, -1).Key);
        Assert.NotEqual(new GridCell(-1, 1).Key, new GridCell(1, -1).Key);
        Assert.NotEqual(new GridCell(0, 1).Key, new GridCell(1, 0).Key);
    }

    [Fact]
    public void Of_point_gives_a_cell_whose_bounds_contain_the_point()
    {
        Gen.Select(Gen.Double[-1e7, 1e7], Gen.Double[-1e7, 1e7]).Sample((x, y) =>
        {
            var (min, max) = GridCell.Of(new GridPoint(x, y)).Bounds;
            return min.X <= x && x < max.X && min.Y <= y && y < max.Y;
        }, iter: 1000);
    }

    [Fact]
    public void Of_known_point_and_bounds()
    {
        var cell = GridCell.Of(new GridPoint(674_571.87, 6_580_743.01));

        Assert.Equal(new GridCell(2698, 26322), cell);
        Assert.Equal((new GridPoint(674_500, 6_580_500), new GridPoint(674_750, 6_580_750)), cell.Bounds);
        Assert.Equal(new GridPoint(674_625, 6_580_625), cell.Centre);
    }

    [Fact]
    public void Of_negative_point_rounds_down()
    {
        Assert.Equal(new GridCell(-1, -1), GridCell.Of(new GridPoint(-0.5, -249.9)));
        Assert.Equal(new GridCell(-2, 0), GridCell.Of(new GridPoint(-250.1, 0)));
    }

    [Fact]
    public void Centre_is_inside_its_bounds_and_in_the_same_cell()
    {
        Gen.Select(Gen.Int[-100_000, 100_000], Gen.Int[-100_000, 100_000]).Sample((column, row) =>
        {
            var cell = new GridCell(column, row);
            var (min, max) = cell.Bounds;
            var centre = cell.Centre;
            return min.X < centre.X && centre.X < max.X && min.Y < centre.Y && centre.Y < max.Y
                && max.X - min.X == GridCell.SizeMetres && max.Y - min.Y == GridCell.SizeMetres
                && GridCell.Of(centre) == cell;
        }, iter: 1000);
    }
}
