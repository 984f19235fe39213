using System.Globalization;
using Lagesbild.Core.Validation;

namespace Lagesbild.Core.Measures;

/// <summary>
/// "Did it work?" as asked: weeks each side of the start, a radius around a point target, the comparison area, and
/// the design: a comparison ring (the default), or target, buffer and control to see displacement.
/// </summary>
public sealed record EffectQuestion(int? Weeks, double? Radius, string? Comparison, int ComparisonDistricts, double? RingInner, double? RingOuter,
    string? Design = null, double? Buffer = null);

/// <summary>A question within the limits, with the defaults filled in; with <see cref="Displacement"/>, the ring is the control beyond the buffer.</summary>
public sealed record EffectSettings(int Weeks, double? Radius, bool ByDistricts, double RingInner, double RingOuter, bool Displacement = false, double Buffer = 0);

/// <summary>The limits of an effect question: what may be asked, and what is assumed when it is not said.</summary>
public static class EffectQuestions
{
    public const int DefaultWeeks = 12, MaxWeeks = 52;

    /// <summary>The question's settings; each refusal is added to <paramref name="refusals"/>.</summary>
    public static EffectSettings Check(EffectQuestion question, Refusals refusals)
    {
        var weeks = question.Weeks ?? DefaultWeeks;
        if (weeks is < 1 or > MaxWeeks)
            refusals.Add("weeks", RefusalCodes.OutOfRange, Invariant($"weeks must be between 1 and {MaxWeeks}."), 1, MaxWeeks);
        if (question.Radius is { } r && !(r >= EffectAreas.MinRadius && r <= EffectAreas.MaxRadius))
            refusals.Add("radius", RefusalCodes.OutOfRange, Invariant($"radius must be between {EffectAreas.MinRadius} and {EffectAreas.MaxRadius} metres."), EffectAreas.MinRadius, EffectAreas.MaxRadius);
        var byDistricts = string.Equals(question.Comparison, "districts", StringComparison.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(question.Comparison) && !byDistricts && !string.Equals(question.Comparison, "ring", StringComparison.OrdinalIgnoreCase))
            refusals.Add("comparison", RefusalCodes.Invalid, "comparison must be ring (the default) or districts.");
        if (byDistricts && question.ComparisonDistricts == 0)
            refusals.Add("districts", RefusalCodes.Required, "Name the comparison districts by id (districts=12,14) when comparison=districts.");
        var displacement = string.Equals(question.Design, "displacement", StringComparison.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(question.Design) && !displacement && !string.Equals(question.Design, "ring", StringComparison.OrdinalIgnoreCase))
            refusals.Add("design", RefusalCodes.Invalid, "design must be ring (the default) or displacement.");
        var inner = question.RingInner ?? (displacement ? Measures.Displacement.DefaultControlInner : EffectAreas.DefaultRingInner);
        var outer = question.RingOuter ?? (displacement ? Measures.Displacement.DefaultControlOuter : EffectAreas.DefaultRingOuter);
        if (!(inner >= 0 && outer > inner && outer <= EffectAreas.MaxRingOuter))
            refusals.Add("ringOuter", RefusalCodes.Invalid, Invariant($"The ring must run outward: 0 ≤ ringInner < ringOuter ≤ {EffectAreas.MaxRingOuter} metres."));
        var buffer = question.Buffer ?? Measures.Displacement.DefaultBufferMetres;
        if (displacement && !(buffer >= EffectAreas.MinRadius && buffer <= EffectAreas.MaxRadius))
            refusals.Add("buffer", RefusalCodes.OutOfRange, Invariant($"buffer must be between {EffectAreas.MinRadius} and {EffectAreas.MaxRadius} metres."), EffectAreas.MinRadius, EffectAreas.MaxRadius);
        else if (displacement && !byDistricts && inner < buffer)
            refusals.Add("ringInner", RefusalCodes.Invalid, Invariant($"The control ring must start beyond the buffer: ringInner at least {buffer:0} metres."), buffer);
        return new EffectSettings(weeks, question.Radius, byDistricts, inner, outer, displacement, displacement ? buffer : 0);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
