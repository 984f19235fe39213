using System.Globalization;
using Lagesbild.Core.Scenes;

namespace Lagesbild.Core.Indicators;

/// <summary>A municipal term of office: from the 15th of October after a September election, four years.</summary>
public sealed record TermOfOffice(int ElectionYear)
{
    public DateOnly Starts => new(ElectionYear, 10, 15);

    public DateOnly Ends => new(ElectionYear + 4, 10, 15);

    public string Label => string.Create(CultureInfo.InvariantCulture, $"{ElectionYear}–{ElectionYear + 4}");
}

/// <summary>How a term went: active scenes when it began and when it ended (or today, for the present term).</summary>
public sealed record TermOutcome(TermOfOffice Term, PeriodChange Change, bool Ongoing);

/// <summary>
/// Sweden elects its municipal councils with the Riksdag on the second Sunday of September every fourth year
/// (2014, 2018, 2022, 2026...); the new council's term begins on the 15th of October.
/// </summary>
public static class TermsOfOffice
{
    /// <summary>An election year: 2014, 2018, 2022, 2026 and every fourth year from them.</summary>
    public static bool IsElectionYear(int year) => year % 4 == 2;

    /// <summary>The term running on a day: from its 15 October to the next election's 15 October.</summary>
    public static TermOfOffice On(DateOnly day)
    {
        var year = day.Year - ((day.Year - 2 + 400) % 4);
        return day < new TermOfOffice(year).Starts ? new TermOfOffice(year - 4) : new TermOfOffice(year);
    }

    /// <summary>The terms that overlap the days from <paramref name="from"/> to <paramref name="to"/>, oldest first.</summary>
    public static IReadOnlyList<TermOfOffice> Between(DateOnly from, DateOnly to)
    {
        var terms = new List<TermOfOffice>();
        for (var term = On(from); term.Starts <= to; term = new TermOfOffice(term.ElectionYear + 4))
            terms.Add(term);
        return terms;
    }

    /// <summary>The headline: the present term so far, and how the last one ended.</summary>
    public static (TermOutcome Present, TermOutcome Last) Headline(IReadOnlyList<IReadOnlyList<StatusChange>> scenes, DateOnly today)
    {
        var present = On(today);
        var last = new TermOfOffice(present.ElectionYear - 4);
        return (new TermOutcome(present, ActiveScenes.Compare(scenes, present.Starts, today), Ongoing: true),
            new TermOutcome(last, ActiveScenes.Compare(scenes, last.Starts, last.Ends), Ongoing: false));
    }
}
