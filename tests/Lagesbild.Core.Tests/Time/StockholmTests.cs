using Lagesbild.Core.Time;

namespace Lagesbild.Core.Tests.Time;

public class StockholmTests
{
    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void ToLocal_in_winter_is_one_hour_ahead_of_utc()
    {
        Assert.Equal(new DateTime(2026, 1, 15, 13, 0, 0), Stockholm.ToLocal(Utc(2026, 1, 15, 12)));
    }

    [Fact]
    public void ToLocal_in_summer_is_two_hours_ahead_of_utc()
    {
        Assert.Equal(new DateTime(2026, 7, 15, 14, 0, 0), Stockholm.ToLocal(Utc(2026, 7, 15, 12)));
    }

    [Fact]
    public void ToLocal_ignores_the_offset_the_instant_was_written_with()
    {
        var instant = new DateTimeOffset(2026, 1, 15, 7, 0, 0, TimeSpan.FromHours(-5));

        Assert.Equal(new DateTime(2026, 1, 15, 13, 0, 0), Stockholm.ToLocal(instant));
    }

    [Fact]
    public void ToLocal_around_the_spring_change_skips_two_oclock()
    {
        Assert.Equal(new DateTime(2026, 3, 29, 1, 59, 0), Stockholm.ToLocal(Utc(2026, 3, 29, 0, 59)));
        Assert.Equal(new DateTime(2026, 3, 29, 3, 0, 0), Stockholm.ToLocal(Utc(2026, 3, 29, 1)));
    }

    [Fact]
    public void ToLocal_around_the_autumn_change_repeats_two_oclock()
    {
        Assert.Equal(new DateTime(2026, 10, 25, 2, 30, 0), Stockholm.ToLocal(Utc(2026, 10, 25, 0, 30)));
        Assert.Equal(new DateTime(2026, 10, 25, 2, 30, 0), Stockholm.ToLocal(Utc(2026, 10, 25, 1, 30)));
    }

    [Theory]
    [InlineData(2026, 1, 15, 13, 2026, 1, 15, 12)]
    [InlineData(2026, 7, 15, 14, 2026, 7, 15, 12)]
    [InlineData(2026, 1, 1, 0, 2025, 12, 31, 23)]
    public void ToInstant_of_an_ordinary_time(int y, int mo, int d, int h, int uy, int umo, int ud, int uh)
    {
        var instant = Stockholm.ToInstant(new DateTime(y, mo, d, h, 0, 0));

        Assert.Equal(Utc(uy, umo, ud, uh), instant);
        Assert.Equal(TimeSpan.Zero, instant.Offset);
    }

    [Fact]
    public void ToInstant_of_a_skipped_spring_time_is_an_hour_later()
    {
        // 02:30 on 2026-03-29 does not exist; it is read as 03:30 CEST = 01:30 UTC.
        var instant = Stockholm.ToInstant(new DateTime(2026, 3, 29, 2, 30, 0));

        Assert.Equal(Utc(2026, 3, 29, 1, 30), instant);
        Assert.Equal(new DateTime(2026, 3, 29, 3, 30, 0), Stockholm.ToLocal(instant));
    }

    [Fact]
    public void ToInstant_of_an_ambiguous_autumn_time_is_the_first_one()
    {
        // 02:30 on 2026-10-25 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET).
        Assert.Equal(Utc(2026, 10, 25, 0, 30), Stockholm.ToInstant(new DateTime(2026, 10, 25, 2, 30, 0)));
    }

    [Theory]
    [InlineData(DateTimeKind.Utc)]
    [InlineData(DateTimeKind.Local)]
    [InlineData(DateTimeKind.Unspecified)]
    public void ToInstant_reads_any_DateTime_as_Stockholm_wall_time(DateTimeKind kind)
    {
        var local = new DateTime(2026, 1, 15, 13, 0, 0, kind);

        Assert.Equal(Utc(2026, 1, 15, 12), Stockholm.ToInstant(local));
    }

    [Fact]
    public void StartOfDay_on_the_spring_change_day_is_in_winter_time_and_the_day_is_23_hours()
    {
        var start = Stockholm.StartOfDay(new DateOnly(2026, 3, 29));

        Assert.Equal(Utc(2026, 3, 28, 23), start);
        Assert.Equal(TimeSpan.FromHours(23), Stockholm.StartOfDay(new DateOnly(2026, 3, 30)) - start);
    }

    [Fact]
    public void StartOfDay_on_the_autumn_change_day_is_in_summer_time_and_the_day_is_25_hours()
    {
        var start = Stockholm.StartOfDay(new DateOnly(2026, 10, 25));

        Assert.Equal(Utc(2026, 10, 24, 22), start);
        Assert.Equal(TimeSpan.FromHours(25), Stockholm.StartOfDay(new DateOnly(2026, 10, 26)) - start);
    }
}
