using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;

namespace Lagesbild.Bench.Large;

public sealed record LoadResult(string Target, long Rows, double Seconds)
{
    public double RowsPerSecond => Rows / Seconds;
}

/// <summary>
/// The physical peers of the import: each database's own bulk path, on the rows as the product stores them, into a
/// table with the product's schema and indexes (a copy of the product's migrated, empty database). The clock runs
/// from opening the rows file to the commit.
/// </summary>
public static class BulkPeers
{
    /// <summary>SQLite: one transaction, one prepared INSERT, the database's own settings but a 256 MB page cache.</summary>
    public static LoadResult Sqlite(string database, string rowsFile, Districts districts)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        connection.Open();
        districts.CheckAgainst(StoredDistricts(connection, "SELECT Id, Area FROM Districts"), database);
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA cache_size=-262144";
            pragma.ExecuteNonQuery();
        }
        var clock = Stopwatch.StartNew();
        long rows = 0;
        using (var transaction = connection.BeginTransaction())
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO Observations ({string.Join(", ", StoredRows.Columns)}) VALUES ({string.Join(", ", StoredRows.Columns.Select((_, i) => $"$p{i}"))})";
            var parameters = StoredRows.Columns.Select((_, i) => insert.Parameters.Add($"$p{i}", SqliteType.Text)).ToArray();
            insert.Prepare();
            using var reader = new StreamReader(rowsFile, System.Text.Encoding.UTF8, false, 1 << 20);
            while (reader.ReadLine() is { } line)
            {
                var fields = line.Split('\t');
                for (var i = 0; i < fields.Length; i++)
                    parameters[i].Value = ValueOf(StoredRows.Columns[i], fields[i]);
                insert.ExecuteNonQuery();
                rows++;
            }
            transaction.Commit();
        }
        return new LoadResult("SQLite: one transaction, prepared INSERT", rows, clock.Elapsed.TotalSeconds);
    }

    private static object ValueOf(string column, string field) => field == @"\N" ? DBNull.Value : column switch
    {
        "Category" or "Classification" or "Text" or "Source" => field,
        "Lat" or "Lon" or "X" or "Y" => double.Parse(field, CultureInfo.InvariantCulture),
        "Location" => Convert.FromHexString(field),
        _ => long.Parse(field, CultureInfo.InvariantCulture),
    };

    /// <summary>PostgreSQL: COPY ... FROM STDIN of the rows file as it is (text format), then ANALYZE outside the clock.</summary>
    public static async Task<LoadResult> PostgresAsync(string connectionString, string rowsFile, Districts districts)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        districts.CheckAgainst(StoredDistricts(connection, "SELECT \"Id\", ST_AsBinary(\"Area\") FROM \"Districts\""), "PostgreSQL");
        var clock = Stopwatch.StartNew();
        using (var file = new StreamReader(rowsFile, System.Text.Encoding.UTF8, false, 1 << 20))
        await using (var copy = await connection.BeginTextImportAsync($"COPY \"Observations\" ({string.Join(", ", StoredRows.Columns.Select(c => $"\"{c}\""))}) FROM STDIN"))
        {
            var buffer = new char[1 << 20];
            int read;
            while ((read = await file.ReadAsync(buffer)) > 0)
                await copy.WriteAsync(buffer.AsMemory(0, read));
        }
        var seconds = clock.Elapsed.TotalSeconds;
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM \"Observations\"", connection) { CommandTimeout = 0 })
        {
            var rows = (long)(await count.ExecuteScalarAsync())!;
            await using var analyze = new NpgsqlCommand("ANALYZE \"Observations\"", connection) { CommandTimeout = 0 };
            await analyze.ExecuteNonQueryAsync();
            return new LoadResult("PostgreSQL: COPY FROM STDIN (text)", rows, seconds);
        }
    }

    private static List<(int Id, Geometry Area)> StoredDistricts(System.Data.Common.DbConnection connection, string sql)
    {
        var reader = new WKBReader();
        var result = new List<(int, Geometry)>();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var rows = command.ExecuteReader();
        while (rows.Read())
            result.Add((Convert.ToInt32(rows.GetValue(0), CultureInfo.InvariantCulture), reader.Read((byte[])rows.GetValue(1))));
        return result;
    }
}
