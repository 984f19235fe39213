using Lagesbild.Core.Sites;
using Lagesbild.Core.Validation;

namespace Lagesbild.Core.Tests.Sites;

public sealed class OpeningHoursRulesTests
{
    private static readonly DayHoursText Monday = new(DayOfWeek.Monday, "08:00", "16:00");

    [Fact]
    public void Sound_hours_and_exceptions_pass_and_build_the_schedule()
    {
        DayHoursText[] hours = [Monday, new(DayOfWeek.Friday, "8:00", "24:00")];
        ExceptionDayText[] exceptions = [new("2026-12-24", null, null), new("2026-12-23", "08:00", "12:00")];
        Assert.Empty(OpeningHoursRules.Check(hours, exceptions));
        var built = OpeningHoursRules.Hours(hours);
        Assert.Equal(new DailyHours(new(8, 0), TimeOnly.MaxValue), built.On(DayOfWeek.Friday));
        Assert.Null(built.On(DayOfWeek.Sunday));
        var days = OpeningHoursRules.Exceptions(exceptions);
        Assert.Null(days[0].Hours);
        Assert.Equal(new DailyHours(new(8, 0), new(12, 0)), days[1].Hours);
    }

    [Fact]
    public void Each_wrong_row_is_refused_by_code_with_its_day()
    {
        var refusals = OpeningHoursRules.Check(
            [Monday, new(DayOfWeek.Tuesday, "16:00", "08:00"), new(DayOfWeek.Wednesday, "åtta", "16:00"), new(DayOfWeek.Monday, "09:00", "15:00")],
            []);
        var reversed = refusals["openingHours[1]"]!;
        Assert.Equal(RefusalCodes.TimesReversed, reversed.Code);
        Assert.Equal([DayOfWeek.Tuesday, new TimeOnly(16, 0), new TimeOnly(8, 0)], reversed.Args!);
        Assert.Equal("Tuesday opens at 16:00 but closes at 08:00.", reversed.Message);
        Assert.Equal(RefusalCodes.NotATime, refusals["openingHours[2]"]!.Code);
        Assert.Equal((RefusalCodes.Twice, (object)DayOfWeek.Monday), (refusals["openingHours"]!.Code, refusals["openingHours"]!.Args![0]));
        Assert.Equal(3, refusals.Count);
    }

    [Theory]
    [InlineData("2026-13-01", null, null, "exceptions[0].date", "NotADate")]
    [InlineData("24/12", null, null, "exceptions[0].date", "NotADate")]
    [InlineData("2026-12-24", "08:00", null, "exceptions[0]", "NotATime")]
    [InlineData("2026-12-24", "12:00", "08:00", "exceptions[0]", "TimesReversed")]
    [InlineData("2026-12-24", "'; DROP TABLE sites;--", "12:00", "exceptions[0]", "NotATime")]
    public void A_wrong_exception_is_refused_by_code(string date, string? opens, string? closes, string field, string code)
    {
        var refusal = Assert.Single(OpeningHoursRules.Check([Monday], [new ExceptionDayText(date, opens, closes)]));
        Assert.Equal((field, code), (refusal.Field, refusal.Code));
    }
}
