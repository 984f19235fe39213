namespace Lagesbild.Core.Time;

/// <summary>Europe/Stockholm: the time people read. Storage is UTC.</summary>
public static class Stockholm
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    public static DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    /// <summary>
    /// The instant of a local wall-clock time. A time skipped by the spring change (02:30 on the last Sunday of
    /// March) is read as the same wall time an hour later; a time that happens twice in October is the first one.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
            local = local.AddHours(1);
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>Local midnight at the start of a date.</summary>
    public static DateTimeOffset StartOfDay(DateOnly date) => ToInstant(date.ToDateTime(TimeOnly.MinValue));
}
