using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Retention;

/// <summary>Short periods and small batches, so that a test culls after days and a pass goes through several batches.</summary>
public static class RetentionSettings
{
    public const int Days = 10;

    public static readonly KeyValuePair<string, string>[] Short =
    [
        new("Retention:ResidentReportDays", "10"),
        new("Retention:FindingDays", "10"),
        new("Retention:SensorEventDays", "10"),
        new("Retention:NotificationDays", "10"),
        new("Retention:ObservationTextDays", "10"),
        new("Retention:AuditYears", "1"),
        new("Retention:BatchSize", "3"),
    ];
}

public sealed class SqliteRetention() : LagesbildFactory(new SqliteStore())
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => RetentionSettings.Short;
}

public sealed class PostgresRetention() : LagesbildFactory(new PostgresStore())
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => RetentionSettings.Short;
}

/// <summary>A database of their own for the audit tests, whose chain must start with their own entries.</summary>
public sealed class SqliteAuditRetention() : LagesbildFactory(new SqliteStore())
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => RetentionSettings.Short;
}

public sealed class PostgresAuditRetention() : LagesbildFactory(new PostgresStore())
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => RetentionSettings.Short;
}
