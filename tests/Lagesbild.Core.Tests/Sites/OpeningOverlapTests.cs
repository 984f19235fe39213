using Lagesbild.Core.Sites;
using Lagesbild.Core.Time;

namespace Lagesbild.Core.Tests.Sites;

public sealed class OpeningOverlapTests
{
    // Open Monday 08:00-16:30 (hours 8-16 of the week, 16 half) and closed the rest of the week.
    private static readonly double[] Open = Exposure.OpenHoursOfWeek(new OpeningHours(new Dictionary<DayOfWeek, DailyHours>
    {
        [DayOfWeek.Monday] = new(new TimeOnly(8, 0), new TimeOnly(16, 30)),
    }));

    private static bool[] Active(params int[] hours)
    {
        var active = new bool[HourOfWeek.Count];
        foreach (var h in hours)
            active[h] = true;
        return active;
    }

    [Fact]
    public void The_overlap_is_the_active_hours_in_opening_hours()
    {
        // Active Monday 07, 16 and 20 and Tuesday 08 (hour 32): only Monday 16 (open half of it) overlaps.
        Assert.Equal([16], OpeningOverlap.Hours(Active(7, 16, 20, 32), Open));
        Assert.Empty(OpeningOverlap.Hours(Active(20, 21, 22), Open));
    }

    [Fact]
    public void An_overlap_is_told_when_it_starts_or_grows_and_not_again_when_it_stays_or_shrinks()
    {
        Assert.Equal([15, 16], OpeningOverlap.Started([15, 16], []));
        Assert.Empty(OpeningOverlap.Started([15, 16], [15, 16]));
        Assert.Empty(OpeningOverlap.Started([16], [15, 16]));
        Assert.Equal([14], OpeningOverlap.Started([14, 15, 16], [15, 16]));
    }

    [Fact]
    public void The_hours_told_are_stored_and_read_back()
    {
        Assert.Equal("7,8,31", OpeningOverlap.Write([7, 8, 31]));
        Assert.Equal([7, 8, 31], OpeningOverlap.Read("7,8,31"));
        Assert.Empty(OpeningOverlap.Read(null));
        Assert.Empty(OpeningOverlap.Read(""));
    }
}
