using Lagesbild.Core.Analysis;
using Lagesbild.Core.Time;

namespace Lagesbild.Core.Tests.Analysis;

public class ActivityProfileTests
{
    private static readonly TimeSpan Cet = TimeSpan.FromHours(1);

    [Fact]
    public void The_busiest_hour_is_one_and_the_rest_are_scaled_to_it()
    {
        // Monday 2026-01-05 10:xx twice, Tuesday 12:xx once, and a two-hour interval Tuesday 14-16.
        var observations = new (DateTimeOffset, DateTimeOffset?)[]
        {
            (new DateTimeOffset(2026, 1, 5, 10, 5, 0, Cet), null),
            (new DateTimeOffset(2026, 1, 12, 10, 55, 0, Cet), null),
            (new DateTimeOffset(2026, 1, 6, 12, 0, 0, Cet), null),
            (new DateTimeOffset(2026, 1, 6, 14, 0, 0, Cet), new DateTimeOffset(2026, 1, 6, 16, 0, 0, Cet)),
        };

        var profile = ActivityProfile.FromObservations(observations);

        Assert.Equal(HourOfWeek.Count, profile.Length);
        Assert.Equal(1.0, profile.Max());
        Assert.Equal(1.0, profile[10]);
        Assert.Equal(0.5, profile[24 + 12]);
        Assert.Equal(0.25, profile[24 + 14]);
        Assert.Equal(0.25, profile[24 + 15]);
        Assert.Equal(2.0, profile.Sum(), 1e-12);
    }

    [Fact]
    public void Values_are_rounded_to_four_decimals()
    {
        var profile = ActivityProfile.FromObservations(
        [
            (new DateTimeOffset(2026, 1, 5, 10, 0, 0, Cet), null),
            (new DateTimeOffset(2026, 1, 5, 10, 0, 0, Cet), null),
            (new DateTimeOffset(2026, 1, 5, 10, 0, 0, Cet), null),
            (new DateTimeOffset(2026, 1, 5, 11, 0, 0, Cet), null),
        ]);

        Assert.Equal(0.3333, profile[11]);
    }

    [Fact]
    public void No_observations_give_all_zeros()
    {
        var profile = ActivityProfile.FromObservations([]);

        Assert.Equal(HourOfWeek.Count, profile.Length);
        Assert.All(profile, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Check_accepts_no_profile_and_a_good_one()
    {
        Assert.Null(ActivityProfile.Check(null));
        Assert.Null(ActivityProfile.Check(new double[HourOfWeek.Count]));
        Assert.Null(ActivityProfile.Check(Enumerable.Repeat(1.0, HourOfWeek.Count).ToArray()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(167)]
    [InlineData(169)]
    public void Check_refuses_the_wrong_length(int length)
    {
        Assert.Equal($"activeHours needs 168 values, one per hour of the week; it has {length}.", ActivityProfile.Check(new double[length]));
    }

    [Theory]
    [InlineData(1.0001)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Check_refuses_a_value_outside_zero_to_one(double value)
    {
        var profile = new double[HourOfWeek.Count];
        profile[42] = value;

        Assert.Equal("activeHours[42] must be between 0 and 1.", ActivityProfile.Check(profile));
    }
}
