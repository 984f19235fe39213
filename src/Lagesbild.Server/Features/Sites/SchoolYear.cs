using Lagesbild.Core.Sites;
using Lagesbild.Data;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Sites;

/// <summary>A school break as configured: "SchoolCalendar:Breaks:2027:0:First" = "2027-02-22".</summary>
public sealed class BreakOption
{
    public DateOnly First { get; set; }
    public DateOnly Last { get; set; }
}

/// <summary>
/// The municipality's school breaks: its own dates for the years it has set, and for the other years its usual weeks
/// (sportlov, höstlov, and påsklov in the week after Easter unless a week is set). Stockholm's weeks are the default.
/// </summary>
public sealed class SchoolCalendarOptions
{
    public const string Section = "SchoolCalendar";

    public Dictionary<int, List<BreakOption>> Breaks { get; set; } = [];

    public int SportlovWeek { get; set; } = BreakWeeks.Stockholm.SportlovWeek;
    public int HostlovWeek { get; set; } = BreakWeeks.Stockholm.HostlovWeek;
    /// <summary>A fixed week for påsklov; empty for the week after Easter Sunday (as Stockholm has it).</summary>
    public int? PasklovWeek { get; set; }

    public BreakWeeks Weeks => new(SportlovWeek, HostlovWeek, PasklovWeek);

    public string? Check() => Weeks.Check() ?? Breaks
        .Select(year => SchoolBreaks.Check(year.Key, year.Value.Select(b => new DateSpan(b.First, b.Last)).ToList()))
        .FirstOrDefault(error => error is not null);
}

/// <summary>Builds a site's schedule with the configured school year around a date.</summary>
public sealed class SchoolYear(IOptions<SchoolCalendarOptions> options)
{
    private readonly BreakWeeks _weeks = options.Value.Weeks;
    private readonly Dictionary<int, IReadOnlyList<DateSpan>> _configured = options.Value.Breaks.ToDictionary(
        year => year.Key, year => (IReadOnlyList<DateSpan>)year.Value.Select(b => new DateSpan(b.First, b.Last)).ToList());

    public SchoolBreaks BreaksAround(int year) => SchoolBreaks.Pattern(_weeks, year - 1, year + 1, _configured);

    public SiteSchedule ScheduleOf(Site site, int year) => new(
        site.Kind,
        SiteCalendar.HoursOf(site),
        BreaksAround(year),
        SiteCalendar.ExceptionsOf(site),
        site.OpenDuringBreaks);
}
