namespace Lagesbild.Core.Sites;

public enum SiteKind
{
    School,
    Preschool,
    Other,
}

/// <summary>A daily opening in local (Stockholm) wall-clock time, [Opens, Closes).</summary>
public readonly record struct DailyHours(TimeOnly Opens, TimeOnly Closes)
{
    public bool Contains(TimeOnly time) => time >= Opens && time < Closes;
}

/// <summary>A site's ordinary opening hours per weekday (Monday first); a missing day is closed.</summary>
public sealed record OpeningHours(IReadOnlyDictionary<DayOfWeek, DailyHours> Days)
{
    public static OpeningHours Weekdays(TimeOnly opens, TimeOnly closes) => new(
        new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .ToDictionary(d => d, _ => new DailyHours(opens, closes)));

    public DailyHours? On(DayOfWeek day) => Days.TryGetValue(day, out var hours) ? hours : null;

    /// <summary>Checks that each day opens before it closes; null when the hours are sound.</summary>
    public string? Check()
    {
        foreach (var (day, hours) in Days)
        {
            if (hours.Opens >= hours.Closes)
                return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{day} opens at {hours.Opens:HH:mm} but closes at {hours.Closes:HH:mm}.");
        }
        return null;
    }
}
