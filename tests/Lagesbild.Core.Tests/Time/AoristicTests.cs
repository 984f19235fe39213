using CsCheck;
using Lagesbild.Core.Time;

namespace Lagesbild.Core.Tests.Time;

public class AoristicTests
{
    private static readonly TimeSpan Cet = TimeSpan.FromHours(1);
    private static readonly TimeSpan Cest = TimeSpan.FromHours(2);

    // Wednesday 2026-01-14 and Thursday 2026-01-15, winter time.
    private static DateTimeOffset Winter(int day, int hour, int minute = 0) => new(2026, 1, day, hour, minute, 0, Cet);

    private const int Wednesday = 2 * 24;
    private const int Thursday = 3 * 24;
    private const int Saturday = 5 * 24;
    private const int Sunday = 6 * 24;

    [Fact]
    public void A_point_event_puts_all_its_weight_in_one_hour()
    {
        var weights = Aoristic.Weights(Winter(14, 16, 45), null);

        Assert.Equal(1.0, weights[Wednesday + 16]);
        Assert.Equal(1.0, weights.Sum());
    }

    [Fact]
    public void An_end_not_after_the_start_is_a_point_event_at_the_start()
    {
        Assert.Equal(1.0, Aoristic.Weights(Winter(14, 16), Winter(14, 16))[Wednesday + 16]);
        Assert.Equal(1.0, Aoristic.Weights(Winter(14, 16), Winter(14, 10))[Wednesday + 16]);
    }

    [Fact]
    public void An_overnight_interval_spreads_equal_weights_over_its_hours()
    {
        // Found at 07:00, may have been left at any time since 16:00 the day before: 15 hours.
        var weights = Aoristic.Weights(Winter(14, 16), Winter(15, 7));

        var expected = new double[HourOfWeek.Count];
        for (var h = Wednesday + 16; h <= Thursday + 6; h++)
            expected[h] = 1.0 / 15;
        Assert.Equal(expected, weights, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Partial_hours_get_their_share_of_the_interval()
    {
        var weights = Aoristic.Weights(Winter(14, 16, 30), Winter(14, 18));

        Assert.Equal(1.0 / 3, weights[Wednesday + 16], 1e-12);
        Assert.Equal(2.0 / 3, weights[Wednesday + 17], 1e-12);
        Assert.Equal(1.0, weights.Sum(), 1e-12);
    }

    [Fact]
    public void The_autumn_night_counts_the_repeated_hour_twice()
    {
        // 22:00 CEST Saturday to 06:00 CET Sunday is 9 real hours; 02:00-03:00 happens twice.
        var weights = Aoristic.Weights(new DateTimeOffset(2026, 10, 24, 22, 0, 0, Cest), new DateTimeOffset(2026, 10, 25, 6, 0, 0, Cet));

        var expected = new double[HourOfWeek.Count];
        foreach (var h in new[] { Saturday + 22, Saturday + 23, Sunday + 0, Sunday + 1, Sunday + 3, Sunday + 4, Sunday + 5 })
            expected[h] = 1.0 / 9;
        expected[Sunday + 2] = 2.0 / 9;
        Assert.Equal(expected, weights, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void The_spring_night_skips_the_missing_hour()
    {
        // 00:00 CET to 05:00 CEST Sunday is 4 real hours: 00, 01, 03 and 04 local.
        var weights = Aoristic.Weights(new DateTimeOffset(2026, 3, 29, 0, 0, 0, Cet), new DateTimeOffset(2026, 3, 29, 5, 0, 0, Cest));

        var expected = new double[HourOfWeek.Count];
        foreach (var h in new[] { Sunday + 0, Sunday + 1, Sunday + 3, Sunday + 4 })
            expected[h] = 0.25;
        Assert.Equal(expected, weights, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void An_interval_longer_than_the_maximum_is_cut_to_a_week()
    {
        var from = Winter(14, 16, 30);

        var weights = Aoristic.Weights(from, from.AddDays(30));

        Assert.Equal(1.0, weights.Sum(), 1e-12);
        Assert.All(weights, w => Assert.Equal(1.0 / HourOfWeek.Count, w, 1e-12));
    }

    [Fact]
    public void Weights_always_sum_to_one()
    {
        var start2026 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var anyTime = Gen.Long[0, 365L * 24 * 3600].Select(s => start2026.AddSeconds(s));
        // Within three days of either daylight-saving change.
        var nearDst = Gen.Select(Gen.OneOf(Gen.Const(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero)), Gen.Const(new DateTimeOffset(2026, 10, 25, 1, 0, 0, TimeSpan.Zero))), Gen.Long[-3 * 86400, 3 * 86400])
            .Select((change, s) => change.AddSeconds(s));
        var duration = Gen.OneOf(Gen.Long[0, 7 * 86400], Gen.Long[0, 6 * 3600]).Select(s => TimeSpan.FromSeconds(s));
        var offset = Gen.Int[-12, 14].Select(h => TimeSpan.FromHours(h));

        Gen.Select(Gen.OneOf(anyTime, nearDst), duration, offset).Sample((from, length, written) =>
        {
            var start = from.ToOffset(written);
            var weights = Aoristic.Weights(start, start + length);
            return Math.Abs(weights.Sum() - 1) < 1e-9 && weights.All(w => w >= 0);
        }, iter: 2000);
    }

    [Fact]
    public void AddTo_scales_and_accumulates()
    {
        var profile = new double[HourOfWeek.Count];

        Aoristic.AddTo(profile, Winter(14, 16), null, 2);
        Aoristic.AddTo(profile, Winter(14, 16), Winter(14, 18), 3);

        Assert.Equal(3.5, profile[Wednesday + 16], 1e-12);
        Assert.Equal(1.5, profile[Wednesday + 17], 1e-12);
        Assert.Equal(5.0, profile.Sum(), 1e-12);
    }

    [Fact]
    public void ShareIn_all_hours_is_one()
    {
        Assert.Equal(1.0, Aoristic.ShareIn(HourSet.All, Winter(14, 16), Winter(15, 7)));
        Assert.Equal(1.0, Aoristic.ShareIn(HourSet.All, Winter(14, 16), null));
    }

    [Fact]
    public void ShareIn_counts_the_part_inside_the_hours()
    {
        var weekdayEvenings = HourSet.Window([0, 1, 2, 3, 4], 18, 24);

        Assert.Equal(6.0 / 15, Aoristic.ShareIn(weekdayEvenings, Winter(14, 16), Winter(15, 7)), 1e-12);
        Assert.Equal(1.0, Aoristic.ShareIn(weekdayEvenings, Winter(14, 19), null));
        Assert.Equal(0.0, Aoristic.ShareIn(weekdayEvenings, Winter(14, 12), null));
        Assert.Equal(0.0, Aoristic.ShareIn(weekdayEvenings, Winter(15, 1), Winter(15, 7)));
    }
}
