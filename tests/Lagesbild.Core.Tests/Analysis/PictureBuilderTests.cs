using Lagesbild.Core.Analysis;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Time;

namespace Lagesbild.Core.Tests.Analysis;

public class PictureBuilderTests
{
    private static readonly TimeSpan Cet = TimeSpan.FromHours(1);
    private static readonly GridCell CellA = new(2698, 26322);
    private static readonly GridCell CellB = new(2699, 26322);
    private static readonly GridCell CellC = new(2698, 26323);

    // Wednesday 2026-01-14, winter time: hour of week 48 + hour.
    private static DateTimeOffset Wednesday(int hour) => new(2026, 1, 14, hour, 0, 0, Cet);

    private static ObservationSample Sample(GridCell cell, ObservationCategory category, DateTimeOffset from, DateTimeOffset? to = null) =>
        new(cell.Key, category, from, to);

    [Fact]
    public void Every_observation_counts_once_by_cell_category_and_hour()
    {
        var samples = new[]
        {
            Sample(CellA, ObservationCategory.Dealing, Wednesday(10)),
            Sample(CellA, ObservationCategory.Syringes, Wednesday(10), Wednesday(12)),
            Sample(CellB, ObservationCategory.Dealing, Wednesday(20)),
            Sample(CellC, ObservationCategory.Use, Wednesday(20)),
        };

        var picture = PictureBuilder.Build(samples, HourSet.All);

        Assert.Equal(4.0, picture.Total, 1e-12);
        // Ordered by key: column first, then row.
        Assert.Equal([new PictureCell(CellA, 2.0), new PictureCell(CellC, 1.0), new PictureCell(CellB, 1.0)], picture.Grid);
        Assert.Equal(2.0, picture.ByCategory[ObservationCategory.Dealing], 1e-12);
        Assert.Equal(1.0, picture.ByCategory[ObservationCategory.Syringes], 1e-12);
        Assert.Equal(1.0, picture.ByCategory[ObservationCategory.Use], 1e-12);
        Assert.Equal(3, picture.ByCategory.Count);
        Assert.Equal(HourOfWeek.Count, picture.HourOfWeek.Length);
        Assert.Equal(1.5, picture.HourOfWeek[48 + 10], 1e-12);
        Assert.Equal(0.5, picture.HourOfWeek[48 + 11], 1e-12);
        Assert.Equal(2.0, picture.HourOfWeek[48 + 20], 1e-12);
        Assert.Equal(picture.Total, picture.HourOfWeek.Sum(), 1e-12);
    }

    [Fact]
    public void The_grid_is_ordered_by_cell_key()
    {
        var samples = new[]
        {
            Sample(new GridCell(5, 1), ObservationCategory.Other, Wednesday(10)),
            Sample(new GridCell(-3, 7), ObservationCategory.Other, Wednesday(10)),
            Sample(new GridCell(5, 0), ObservationCategory.Other, Wednesday(10)),
        };

        var picture = PictureBuilder.Build(samples, HourSet.All);

        Assert.Equal([new GridCell(-3, 7), new GridCell(5, 0), new GridCell(5, 1)], picture.Grid.Select(c => c.Cell));
    }

    [Fact]
    public void An_hour_filter_keeps_only_the_share_inside_the_hours()
    {
        var evenings = HourSet.Window([0, 1, 2, 3, 4], 18, 24);
        var samples = new[]
        {
            Sample(CellA, ObservationCategory.Syringes, Wednesday(16), Wednesday(20)), // half inside
            Sample(CellA, ObservationCategory.Dealing, Wednesday(21)),                 // inside
            Sample(CellB, ObservationCategory.Dealing, Wednesday(10)),                 // outside
        };

        var picture = PictureBuilder.Build(samples, evenings);

        Assert.Equal(1.5, picture.Total, 1e-12);
        var cell = Assert.Single(picture.Grid);
        Assert.Equal(CellA, cell.Cell);
        Assert.Equal(1.5, cell.Count, 1e-12);
        Assert.Equal(0.5, picture.ByCategory[ObservationCategory.Syringes], 1e-12);
        Assert.Equal(1.0, picture.ByCategory[ObservationCategory.Dealing], 1e-12);
        Assert.Equal(0.0, picture.HourOfWeek[48 + 16]);
        Assert.Equal(0.0, picture.HourOfWeek[48 + 10]);
        Assert.Equal(0.25, picture.HourOfWeek[48 + 18], 1e-12);
        Assert.Equal(picture.Total, picture.HourOfWeek.Sum(), 1e-12);
    }

    [Fact]
    public void No_samples_give_an_empty_picture()
    {
        var picture = PictureBuilder.Build([], HourSet.All);

        Assert.Equal(0.0, picture.Total);
        Assert.Empty(picture.Grid);
        Assert.Empty(picture.ByCategory);
        Assert.All(picture.HourOfWeek, v => Assert.Equal(0.0, v));
    }
}
