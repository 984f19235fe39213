using Lagesbild.Core.Measures;
using Lagesbild.Core.Validation;

namespace Lagesbild.Core.Tests.Measures;

public sealed class EffectQuestionsTests
{
    [Fact]
    public void An_empty_question_gets_twelve_weeks_and_the_default_ring()
    {
        var refusals = new Refusals();
        var settings = EffectQuestions.Check(new EffectQuestion(null, null, null, 0, null, null), refusals);
        Assert.Empty(refusals);
        Assert.Equal(new EffectSettings(EffectQuestions.DefaultWeeks, null, false, EffectAreas.DefaultRingInner, EffectAreas.DefaultRingOuter), settings);
    }

    [Theory]
    [InlineData(0, null, null, 0, null, null, "weeks", "OutOfRange")]
    [InlineData(53, null, null, 0, null, null, "weeks", "OutOfRange")]
    [InlineData(12, 10.0, null, 0, null, null, "radius", "OutOfRange")]
    [InlineData(12, 1001.0, null, 0, null, null, "radius", "OutOfRange")]
    [InlineData(12, null, "<script>", 0, null, null, "comparison", "Invalid")]
    [InlineData(12, null, "districts", 0, null, null, "districts", "Required")]
    [InlineData(12, null, null, 0, 800.0, 400.0, "ringOuter", "Invalid")]
    [InlineData(12, null, null, 0, -1.0, 400.0, "ringOuter", "Invalid")]
    [InlineData(12, null, null, 0, null, 6000.0, "ringOuter", "Invalid")]
    public void A_question_beyond_the_limits_is_refused_by_code(int weeks, double? radius, string? comparison, int districts, double? inner, double? outer, string field, string code)
    {
        var refusals = new Refusals();
        EffectQuestions.Check(new EffectQuestion(weeks, radius, comparison, districts, inner, outer), refusals);
        var refusal = Assert.Single(refusals);
        Assert.Equal((field, code), (refusal.Field, refusal.Code));
    }

    [Fact]
    public void Districts_as_the_comparison_are_read_in_any_case()
    {
        var refusals = new Refusals();
        var settings = EffectQuestions.Check(new EffectQuestion(52, 25, "Districts", 2, null, null), refusals);
        Assert.Empty(refusals);
        Assert.True(settings.ByDistricts);
        Assert.Equal((52, 25.0), (settings.Weeks, settings.Radius));
    }
}
