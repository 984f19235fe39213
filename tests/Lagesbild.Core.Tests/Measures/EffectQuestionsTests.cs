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

    [Fact]
    public void The_displacement_design_puts_the_control_beyond_a_buffer()
    {
        var refusals = new Refusals();
        var settings = EffectQuestions.Check(new EffectQuestion(null, null, null, 0, null, null, "Displacement"), refusals);
        Assert.Empty(refusals);
        Assert.Equal((true, Displacement.DefaultBufferMetres, Displacement.DefaultControlInner, Displacement.DefaultControlOuter),
            (settings.Displacement, settings.Buffer, settings.RingInner, settings.RingOuter));
        EffectQuestions.Check(new EffectQuestion(null, null, null, 0, 300, 900, "displacement", 400), refusals);
        Assert.Equal(("ringInner", RefusalCodes.Invalid), (Assert.Single(refusals).Field, Assert.Single(refusals).Code));
        var districts = new Refusals();
        Assert.True(EffectQuestions.Check(new EffectQuestion(null, null, "districts", 2, null, null, "displacement", 300), districts).ByDistricts);
        Assert.Empty(districts);
    }

    [Fact]
    public void Target_buffer_and_control_do_not_overlap()
    {
        var target = Lagesbild.Core.Geo.PolygonInput.Wgs84.CreatePolygon(
            [new(18.06, 59.33), new(18.062, 59.33), new(18.062, 59.331), new(18.06, 59.331), new(18.06, 59.33)]);
        var zones = EffectAreas.Zones(target, 500, 1000, 2000);
        Assert.True(zones.Target.Intersection(zones.Buffer).Area < 1e-12);
        Assert.True(zones.Buffer.Intersection(zones.Control).Area < 1e-12);
        Assert.True(zones.Target.Intersection(zones.Control).Area < 1e-12);
        // A point 300 m north lies in the buffer, 1.5 km north in the control.
        Assert.True(zones.Buffer.Covers(target.Factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(18.061, 59.331 + (300 / 111_320.0)))));
        Assert.True(zones.Control.Covers(target.Factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(18.061, 59.331 + (1500 / 111_320.0)))));
        Assert.Throws<ArgumentOutOfRangeException>(() => EffectAreas.Zones(target, 500, 400, 2000));
    }
}
