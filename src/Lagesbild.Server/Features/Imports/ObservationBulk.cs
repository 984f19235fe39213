using System.Data.Common;
using Lagesbild.Data;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Lagesbild.Server.Features.Imports;

/// <summary>
/// Writes a batch of imported observations in the transaction open on the connection, with the provider's bulk path,
/// skipping those whose (source, source id) is stored already; answers how many it stored.
/// </summary>
public interface IObservationBulk
{
    Task<int> WriteAsync(DbConnection connection, DbTransaction transaction, string source, IReadOnlyList<Observation> rows, CancellationToken ct);
}

/// <summary>The columns an imported observation fills, in the order both bulk paths write them.</summary>
internal static class BulkColumns
{
    public const string Names = "\"Category\", \"Lat\", \"Lon\", \"X\", \"Y\", \"CellKey\", \"DistrictId\", \"OccurredFrom\", \"OccurredTo\", \"HourOfWeek\", " +
        "\"HoursMask0\", \"HoursMask1\", \"HoursMask2\", \"ReportedAt\", \"Count\", \"Classification\", \"Text\", \"OrganisationId\", \"CreatedById\", \"SourceId\", " +
        "\"Location\", \"Source\", \"Version\", \"ImportSource\"";
}

/// <summary>SQLite: one prepared INSERT run for each row, all in the batch's transaction (one commit, one fsync).</summary>
public sealed class SqliteObservationBulk : IObservationBulk
{
    public async Task<int> WriteAsync(DbConnection connection, DbTransaction transaction, string source, IReadOnlyList<Observation> rows, CancellationToken ct)
    {
        await using var command = ((SqliteConnection)connection).CreateCommand();
        command.Transaction = (SqliteTransaction)transaction;
        var names = new[] { "category", "lat", "lon", "x", "y", "cell", "district", "from", "to", "hour", "m0", "m1", "m2", "reported", "count", "classification", "text", "organisation", "creator", "sourceid", "location" };
        command.CommandText = $"INSERT INTO \"Observations\" ({BulkColumns.Names}) VALUES ({string.Join(", ", names.Select(n => "$" + n))}, " +
            $"'{nameof(ObservationSource.Import)}', 1, $source) ON CONFLICT (\"ImportSource\", \"SourceId\") DO NOTHING";
        var p = names.Select(n => command.Parameters.Add(new SqliteParameter("$" + n, null))).ToArray();
        command.Parameters.AddWithValue("$source", source);
        command.Prepare();
        var wkb = new NetTopologySuite.IO.WKBWriter();
        var stored = 0;
        // Synchronously: the driver's async calls run synchronously anyway, and a task per row costs more than the insert.
        foreach (var o in rows)
        {
            ct.ThrowIfCancellationRequested();
            p[0].Value = o.Category.ToString();
            p[1].Value = o.Lat;
            p[2].Value = o.Lon;
            p[3].Value = o.X;
            p[4].Value = o.Y;
            p[5].Value = o.CellKey;
            p[6].Value = (object?)o.DistrictId ?? DBNull.Value;
            p[7].Value = o.OccurredFrom.ToUnixTimeMilliseconds();
            p[8].Value = (object?)o.OccurredTo?.ToUnixTimeMilliseconds() ?? DBNull.Value;
            p[9].Value = o.HourOfWeek;
            p[10].Value = o.HoursMask0;
            p[11].Value = o.HoursMask1;
            p[12].Value = o.HoursMask2;
            p[13].Value = o.ReportedAt.ToUnixTimeMilliseconds();
            p[14].Value = o.Count;
            p[15].Value = o.Classification.ToString();
            p[16].Value = (object?)o.Text ?? DBNull.Value;
            p[17].Value = (object?)o.OrganisationId ?? DBNull.Value;
            p[18].Value = (object?)o.CreatedById ?? DBNull.Value;
            p[19].Value = o.SourceId;
            // As the model stores a point on SQLite (LagesbildDb's WKB converter).
            p[20].Value = wkb.Write(o.Location);
            stored += command.ExecuteNonQuery();
        }
        return stored;
    }
}

/// <summary>
/// PostgreSQL: the batch goes by binary COPY into a temporary table, then one INSERT ... SELECT ... ON CONFLICT DO
/// NOTHING moves it into the observations, building each point there (PostGIS), so that a batch is two round trips.
/// </summary>
public sealed class PostgresObservationBulk : IObservationBulk
{
    private const string Staging = """
        CREATE TEMP TABLE IF NOT EXISTS import_rows (
            category text, lat double precision, lon double precision, x double precision, y double precision, cell_key bigint,
            district_id integer, occurred_from timestamptz, occurred_to timestamptz, hour_of_week integer, m0 bigint, m1 bigint, m2 bigint,
            reported_at timestamptz, count integer, classification text, text text, organisation_id integer, created_by_id integer, source_id text
        ) ON COMMIT DELETE ROWS
        """;

    public async Task<int> WriteAsync(DbConnection connection, DbTransaction transaction, string source, IReadOnlyList<Observation> rows, CancellationToken ct)
    {
        var npgsql = (NpgsqlConnection)connection;
        await using (var create = new NpgsqlCommand(Staging, npgsql))
            await create.ExecuteNonQueryAsync(ct);
        await using (var copy = await npgsql.BeginBinaryImportAsync(
            "COPY import_rows (category, lat, lon, x, y, cell_key, district_id, occurred_from, occurred_to, hour_of_week, m0, m1, m2, " +
            "reported_at, count, classification, text, organisation_id, created_by_id, source_id) FROM STDIN (FORMAT BINARY)", ct))
        {
            // Written synchronously: a row is a few dozen bytes into the importer's buffer, and awaiting each value costs more than it.
            foreach (var o in rows)
            {
                copy.StartRow();
                copy.Write(o.Category.ToString(), NpgsqlDbType.Text);
                copy.Write(o.Lat, NpgsqlDbType.Double);
                copy.Write(o.Lon, NpgsqlDbType.Double);
                copy.Write(o.X, NpgsqlDbType.Double);
                copy.Write(o.Y, NpgsqlDbType.Double);
                copy.Write(o.CellKey, NpgsqlDbType.Bigint);
                Write(copy, o.DistrictId, NpgsqlDbType.Integer);
                copy.Write(o.OccurredFrom, NpgsqlDbType.TimestampTz);
                Write(copy, o.OccurredTo, NpgsqlDbType.TimestampTz);
                copy.Write(o.HourOfWeek, NpgsqlDbType.Integer);
                copy.Write(o.HoursMask0, NpgsqlDbType.Bigint);
                copy.Write(o.HoursMask1, NpgsqlDbType.Bigint);
                copy.Write(o.HoursMask2, NpgsqlDbType.Bigint);
                copy.Write(o.ReportedAt, NpgsqlDbType.TimestampTz);
                copy.Write(o.Count, NpgsqlDbType.Integer);
                copy.Write(o.Classification.ToString(), NpgsqlDbType.Text);
                WriteText(copy, o.Text);
                Write(copy, o.OrganisationId, NpgsqlDbType.Integer);
                Write(copy, o.CreatedById, NpgsqlDbType.Integer);
                copy.Write(o.SourceId!, NpgsqlDbType.Text);
            }
            await copy.CompleteAsync(ct);
        }
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO \"Observations\" ({BulkColumns.Names}) " +
            "SELECT category, lat, lon, x, y, cell_key, district_id, occurred_from, occurred_to, hour_of_week, m0, m1, m2, reported_at, count, " +
            "classification, text, organisation_id, created_by_id, source_id, ST_SetSRID(ST_MakePoint(lon, lat), 4326), " +
            $"'{nameof(ObservationSource.Import)}', 1, @source FROM import_rows ON CONFLICT (\"ImportSource\", \"SourceId\") DO NOTHING", npgsql);
        insert.Parameters.AddWithValue("source", source);
        var stored = await insert.ExecuteNonQueryAsync(ct);
        return stored;
    }

    private static void Write<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v)
            copy.Write(v, type);
        else
            copy.WriteNull();
    }

    private static void WriteText(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null)
            copy.WriteNull();
        else
            copy.Write(value, NpgsqlDbType.Text);
    }
}
