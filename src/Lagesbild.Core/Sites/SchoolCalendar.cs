using PublicHoliday;

namespace Lagesbild.Core.Sites;

/// <summary>A period of days, both ends included.</summary>
public readonly record struct DateSpan(DateOnly First, DateOnly Last)
{
    public bool Contains(DateOnly date) => date >= First && date <= Last;
}

/// <summary>A one-off change for a site on a date: closed (null hours) or special hours.</summary>
public readonly record struct CalendarException(DateOnly Date, DailyHours? Hours);

/// <summary>
/// A municipality's usual breaks by ISO week: sportlov (week 7, 8, 9 or 10, by region), höstlov (week 44 nearly
/// everywhere), and påsklov either in the week after Easter Sunday (null) or in a fixed week. Stockholm's is the default.
/// </summary>
public sealed record BreakWeeks(int SportlovWeek = 9, int HostlovWeek = 44, int? PasklovWeek = null)
{
    public static readonly BreakWeeks Stockholm = new();

    /// <summary>What is wrong with the weeks, or null: each a week of the year (1 to 52).</summary>
    public string? Check() =>
        SportlovWeek is < 1 or > 52 ? "SportlovWeek must be a week number from 1 to 52."
        : HostlovWeek is < 1 or > 52 ? "HostlovWeek must be a week number from 1 to 52."
        : PasklovWeek is < 1 or > 52 ? "PasklovWeek must be a week number from 1 to 52, or empty for the week after Easter."
        : null;
}

/// <summary>
/// The school year's breaks in a city, configurable per year. The usual pattern (Stockholm's by default): sportlov in
/// week 9, påsklov in the week after Easter Sunday, höstlov in week 44, the Christmas break and the summer break.
/// </summary>
public sealed record SchoolBreaks(IReadOnlyList<DateSpan> Breaks)
{
    public bool Contains(DateOnly date) => Breaks.Any(b => b.Contains(date));

    /// <summary>
    /// The breaks of the years from first to last: a year the city has configured uses its own dates, the others
    /// Stockholm's usual pattern.
    /// </summary>
    public static SchoolBreaks StockholmPattern(int firstYear, int lastYear, IReadOnlyDictionary<int, IReadOnlyList<DateSpan>>? configured = null) =>
        Pattern(BreakWeeks.Stockholm, firstYear, lastYear, configured);

    /// <summary>
    /// The breaks of the years from first to last: a year the city has configured uses its own dates, the others
    /// the municipality's usual weeks.
    /// </summary>
    public static SchoolBreaks Pattern(BreakWeeks weeks, int firstYear, int lastYear, IReadOnlyDictionary<int, IReadOnlyList<DateSpan>>? configured = null) =>
        new(Enumerable.Range(firstYear, lastYear - firstYear + 1)
            .SelectMany(year => configured is not null && configured.TryGetValue(year, out var spans) ? spans : UsualYear(weeks, year))
            .ToList());

    /// <summary>Checks configured breaks: each ends on or after its start and lies in its year.</summary>
    public static string? Check(int year, IReadOnlyList<DateSpan> spans) =>
        spans.Select((s, i) => s.Last < s.First ? $"Break {i} of {year} ends before it starts."
                : s.First.Year != year ? $"Break {i} of {year} starts in another year ({s.First:yyyy-MM-dd})." : null)
            .FirstOrDefault(e => e is not null);

    private static IEnumerable<DateSpan> UsualYear(BreakWeeks weeks, int year)
    {
        yield return IsoWeek(year, weeks.SportlovWeek);
        if (weeks.PasklovWeek is { } pasklov)
        {
            yield return IsoWeek(year, pasklov);
        }
        else
        {
            var easterMonday = DateOnly.FromDateTime(SwedenPublicHoliday.EasterMonday(year));
            yield return new DateSpan(easterMonday, easterMonday.AddDays(4));
        }
        yield return IsoWeek(year, weeks.HostlovWeek);
        // Summer: from the Saturday after 10 June until the Sunday before 20 August, roughly as Swedish municipalities set it.
        var summerStart = NextOrSame(new DateOnly(year, 6, 11), DayOfWeek.Saturday);
        var summerEnd = NextOrSame(new DateOnly(year, 8, 14), DayOfWeek.Sunday);
        yield return new DateSpan(summerStart, summerEnd);
        // Christmas: from 21 December to 6 January of the next year (Trettondag jul).
        yield return new DateSpan(new DateOnly(year, 12, 21), new DateOnly(year + 1, 1, 6));
    }

    /// <summary>The school days (Monday to Friday) of an ISO week.</summary>
    private static DateSpan IsoWeek(int year, int week)
    {
        var monday = new Time.IsoWeekId(year, week).Monday;
        return new DateSpan(monday, monday.AddDays(4));
    }

    private static DateOnly NextOrSame(DateOnly date, DayOfWeek day) => date.AddDays(((int)day - (int)date.DayOfWeek + 7) % 7);
}

/// <summary>When a site is open: its hours, Swedish public holidays, the school breaks, and its own exceptions.</summary>
public sealed record SiteSchedule(SiteKind Kind, OpeningHours Hours, SchoolBreaks Breaks, IReadOnlyList<CalendarException> Exceptions, bool OpenDuringBreaks)
{
    private static readonly SwedenPublicHoliday Holidays = new();

    public static bool IsPublicHoliday(DateOnly date) => Holidays.IsPublicHoliday(date.ToDateTime(TimeOnly.MinValue));

    /// <summary>
    /// The hours on a local date: an exception wins; public holidays (including julafton, midsommarafton and
    /// nyårsafton) close; school breaks close schools but not a preschool that stays open; otherwise the weekday.
    /// </summary>
    public DailyHours? HoursOn(DateOnly date)
    {
        foreach (var exception in Exceptions)
        {
            if (exception.Date == date)
                return exception.Hours;
        }
        if (IsPublicHoliday(date))
            return null;
        if (Breaks.Contains(date) && !OpenDuringBreaks)
            return null;
        return Hours.On(date.DayOfWeek);
    }

    /// <summary>Whether the site is open at an instant, read in Stockholm's local time.</summary>
    public bool IsOpenAt(DateTimeOffset instant)
    {
        var local = Time.Stockholm.ToLocal(instant);
        return HoursOn(DateOnly.FromDateTime(local)) is { } hours && hours.Contains(TimeOnly.FromDateTime(local));
    }

    /// <summary>Schools close in school breaks; preschools (and other sites) usually keep their hours.</summary>
    public static bool OpensDuringBreaksByDefault(SiteKind kind) => kind != SiteKind.School;

    public static SiteSchedule For(SiteKind kind, OpeningHours hours, SchoolBreaks breaks, IReadOnlyList<CalendarException>? exceptions = null) =>
        new(kind, hours, breaks, exceptions ?? [], OpensDuringBreaksByDefault(kind));
}
