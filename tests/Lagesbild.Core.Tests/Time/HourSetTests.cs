using CsCheck;
using Lagesbild.Core.Time;

namespace Lagesbild.Core.Tests.Time;

public class HourSetTests
{
    [Fact]
    public void TryParse_reads_hours_and_inclusive_ranges()
    {
        Assert.True(HourSet.TryParse("18-23,42-47", out var set, out var error));

        Assert.Null(error);
        Assert.Equal([18, 19, 20, 21, 22, 23, 42, 43, 44, 45, 46, 47], set.Hours);
        Assert.False(set.IsAll);
    }

    [Fact]
    public void TryParse_accepts_single_hours_spaces_and_overlaps()
    {
        Assert.True(HourSet.TryParse(" 0 , 167,5-6,6-7 ", out var set, out _));

        Assert.Equal([0, 5, 6, 7, 167], set.Hours);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void TryParse_of_nothing_is_all_hours(string? text)
    {
        Assert.True(HourSet.TryParse(text, out var set, out var error));

        Assert.Null(error);
        Assert.True(set.IsAll);
        Assert.Equal(HourOfWeek.Count, set.Hours.Count());
    }

    [Theory]
    [InlineData("168", "'168' is outside the hours of the week 0-167 or reversed.")]
    [InlineData("160-168", "'160-168' is outside the hours of the week 0-167 or reversed.")]
    [InlineData("5-3", "'5-3' is outside the hours of the week 0-167 or reversed.")]
    [InlineData("a", "'a' is not an hour of the week or a range of them (0-167).")]
    [InlineData("1,x-3", "'x-3' is not an hour of the week or a range of them (0-167).")]
    [InlineData("-1", "'-1' is not an hour of the week or a range of them (0-167).")]
    [InlineData("1-2-3", "'1-2-3' is not an hour of the week or a range of them (0-167).")]
    [InlineData("3-", "'3-' is not an hour of the week or a range of them (0-167).")]
    [InlineData("+3", "'+3' is not an hour of the week or a range of them (0-167).")]
    [InlineData("99999999999", "'99999999999' is not an hour of the week or a range of them (0-167).")]
    public void TryParse_refuses_bad_text_with_a_message(string text, string message)
    {
        Assert.False(HourSet.TryParse(text, out _, out var error));

        Assert.Equal(message, error);
    }

    [Fact]
    public void ToString_merges_ranges()
    {
        Assert.Equal("0,18-23,42-47,167", HourSet.Of([167, 0, 18, 19, 20, 21, 22, 23, 42, 43, 44, 45, 46, 47]).ToString());
        Assert.Equal("0-167", HourSet.All.ToString());
    }

    [Fact]
    public void TryParse_of_ToString_gives_the_same_hours()
    {
        // Non-empty sets: the empty set has no text form of its own ("" means all hours).
        // A random density per sample, so that sparse, dense and nearly full sets all occur.
        (from density in Gen.Double.Unit
         from draws in Gen.Double.Unit.Array[HourOfWeek.Count]
         select Enumerable.Range(0, HourOfWeek.Count).Where(h => draws[h] < density).ToArray())
            .Where(hours => hours.Length > 0)
            .Sample(hours =>
            {
                var text = HourSet.Of(hours).ToString();
                return HourSet.TryParse(text, out var parsed, out var error) && error is null && parsed.Hours.SequenceEqual(hours);
            }, iter: 1000);
    }

    [Fact]
    public void Window_of_weekday_evenings_has_30_hours()
    {
        var set = HourSet.Window([0, 1, 2, 3, 4], 18, 24);

        Assert.Equal(30, set.Hours.Count());
        Assert.Equal("18-23,42-47,66-71,90-95,114-119", set.ToString());
        Assert.True(set.Contains(18));
        Assert.False(set.Contains(17));
        Assert.False(set.Contains(138)); // Saturday 18:00
    }
}
