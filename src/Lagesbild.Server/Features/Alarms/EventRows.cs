using System.Data.Common;
using System.Text;
using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Lagesbild.Server.Features.Alarms;

/// <summary>
/// The event writer's two statements, run in its transaction: a batch's events inserted in one statement, and the
/// alarms they joined given their new count and last event in another. Tables, columns, parameter names and value
/// conversions come from the model, so they are stored exactly as Entity Framework would store them, on either
/// database. Saved through the change tracker instead, these rows cost a third of the server's processor time at
/// 2,000 events per second (its update pipeline sorts and batches each save anew).
/// </summary>
public static class EventRows
{
    private static readonly (string Property, Func<SensorEvent, object?> Value)[] EventColumns =
    [
        (nameof(SensorEvent.SensorId), e => e.SensorId),
        (nameof(SensorEvent.EventId), e => e.EventId),
        (nameof(SensorEvent.Type), e => e.Type),
        (nameof(SensorEvent.OccurredAt), e => e.OccurredAt),
        (nameof(SensorEvent.ReceivedAt), e => e.ReceivedAt),
        (nameof(SensorEvent.MediaUrl), e => e.MediaUrl),
        (nameof(SensorEvent.Armed), e => e.Armed),
        (nameof(SensorEvent.AlarmId), e => e.AlarmId),
        (nameof(SensorEvent.BodyHash), e => e.BodyHash),
    ];

    private static readonly (string Property, Func<Alarm, object?> Value)[] CountColumns =
    [
        (nameof(Alarm.EventCount), a => a.EventCount),
        (nameof(Alarm.LastEventAt), a => a.LastEventAt),
    ];

    /// <summary>
    /// Inserts the events. A unique index refusing one (an event stored before) fails the statement as a save would:
    /// with a <see cref="DbUpdateException"/>, the transaction to be rolled back by the caller.
    /// </summary>
    public static async Task InsertAsync(LagesbildDb db, IReadOnlyList<SensorEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
            return;
        var (sql, table) = Shape<SensorEvent>(db);
        var columns = EventColumns.Select(c => (Property: Column(table, c.Property), c.Value)).ToArray();
        await using var command = Command(db);
        var text = new StringBuilder("INSERT INTO ").Append(Table(sql, table)).Append(" (")
            .AppendJoin(", ", columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName()))).Append(") VALUES ");
        for (var row = 0; row < events.Count; row++)
        {
            text.Append(row == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
                text.Append(c == 0 ? "" : ", ").Append(Parameter(sql, command, columns[c].Property, columns[c].Value(events[row])));
            text.Append(')');
        }
        command.CommandText = text.ToString();
        await ExecuteAsync(command, ct);
    }

    /// <summary>Writes each alarm's event count and last event as they stand in memory (read under the site's lock).</summary>
    public static async Task UpdateCountsAsync(LagesbildDb db, IReadOnlyCollection<Alarm> alarms, CancellationToken ct)
    {
        if (alarms.Count == 0)
            return;
        var (sql, table) = Shape<Alarm>(db);
        var id = Column(table, nameof(Alarm.Id));
        var columns = CountColumns.Select(c => (Property: Column(table, c.Property), c.Value)).ToArray();
        await using var command = Command(db);
        var text = new StringBuilder();
        foreach (var alarm in alarms)
        {
            text.Append("UPDATE ").Append(Table(sql, table)).Append(" SET ");
            for (var c = 0; c < columns.Length; c++)
            {
                text.Append(c == 0 ? "" : ", ").Append(sql.DelimitIdentifier(columns[c].Property.GetColumnName()))
                    .Append(" = ").Append(Parameter(sql, command, columns[c].Property, columns[c].Value(alarm)));
            }
            text.Append(" WHERE ").Append(sql.DelimitIdentifier(id.GetColumnName())).Append(" = ").Append(Parameter(sql, command, id, alarm.Id)).Append(";\n");
        }
        command.CommandText = text.ToString();
        await ExecuteAsync(command, ct);
    }

    private static (ISqlGenerationHelper Sql, IEntityType Table) Shape<T>(LagesbildDb db) =>
        (db.GetService<ISqlGenerationHelper>(), db.Model.FindEntityType(typeof(T))!);

    private static IProperty Column(IEntityType table, string property) => table.FindProperty(property)!;

    private static string Table(ISqlGenerationHelper sql, IEntityType table) => sql.DelimitIdentifier(table.GetTableName()!, table.GetSchema());

    /// <summary>A command on the context's connection, in its transaction (the writer's, always open here).</summary>
    private static DbCommand Command(LagesbildDb db)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        if (db.Database.GetCommandTimeout() is { } seconds)
            command.CommandTimeout = seconds;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The event writer's statements run in its transaction.");
        return command;
    }

    /// <summary>Adds the value as the property's type mapping sends it (converted as the model converts it); answers its placeholder.</summary>
    private static string Parameter(ISqlGenerationHelper sql, DbCommand command, IProperty property, object? value)
    {
        var name = "p" + command.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(command, sql.GenerateParameterName(name), value, property.IsNullable));
        return sql.GenerateParameterNamePlaceholder(name);
    }

    private static async Task ExecuteAsync(DbCommand command, CancellationToken ct)
    {
        try
        {
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (DbException e)
        {
            throw new DbUpdateException("Storing the sensor events failed: " + e.Message, e);
        }
    }
}
