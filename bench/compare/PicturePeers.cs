using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;
using Lagesbild.Core.Analysis;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Lagesbild.Bench.Compare;

/// <summary>One way of computing the full picture: load the data once (not timed), then compute it (timed).</summary>
public interface IPictureEngine : IDisposable
{
    string Name { get; }

    void Load(PictureData data);

    PictureAnswer Compute(PictureData data);
}

/// <summary>Lägesbild's core: the picture index in memory (sorted by time, packed), counted in parallel, then KDE and Gi* on the grid.</summary>
public sealed class OursPicture : IPictureEngine
{
    private PictureIndex? _index;

    public string Name => "Lägesbild core (in memory)";

    public void Load(PictureData data) => _index = new PictureIndex(data.Window, data.Columns);

    public PictureAnswer Compute(PictureData data)
    {
        var counts = _index!.Count(data.From, data.To);
        var picture = FullPicture.Of(data.Window, counts, null, PictureData.Bandwidth, PictureData.Band);
        return new PictureAnswer(counts.ByCell, counts.ByHour, picture.Density, picture.GiStar.Select(g => g.Z).ToArray());
    }

    public void Dispose()
    {
    }
}

/// <summary>SQLite counts with GROUP BY over a covering index; the density and Gi* are then our core's, as the product would.</summary>
public sealed class SqlitePicture(string folder) : IPictureEngine
{
    private readonly string _file = Path.Combine(folder, $"picture-{Guid.NewGuid():N}.db");
    private SqliteConnection? _connection;

    public string Name => "SQLite GROUP BY (+ core KDE, Gi*)";

    public void Load(PictureData data)
    {
        _connection = new SqliteConnection($"Data Source={_file};Pooling=false");
        _connection.Open();
        Sql.Run(_connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; CREATE TABLE obs(cell INTEGER, how INTEGER, t INTEGER);");
        using (var transaction = _connection.BeginTransaction())
        {
            using var insert = _connection.CreateCommand();
            insert.CommandText = "INSERT INTO obs VALUES ($c, $h, $t)";
            var c = insert.Parameters.Add("$c", SqliteType.Integer);
            var h = insert.Parameters.Add("$h", SqliteType.Integer);
            var t = insert.Parameters.Add("$t", SqliteType.Integer);
            for (var i = 0; i < data.Columns.Count; i++)
            {
                c.Value = data.Columns.CellKeys[i];
                h.Value = (int)data.Columns.Hours[i];
                t.Value = data.Columns.Times[i];
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        Sql.Run(_connection, "CREATE INDEX obs_picture ON obs(t, cell, how); ANALYZE;");
    }

    public PictureAnswer Compute(PictureData data)
    {
        var byCell = new double[data.Window.Count];
        var byHour = new double[168];
        Sql.Read(_connection!, $"SELECT cell, count(*) FROM obs WHERE t >= {data.From} AND t < {data.To} GROUP BY cell", r =>
        {
            var key = r.GetInt64(0);
            var i = data.Window.IndexOf((int)(key >> 32), (int)(uint)key);
            if (i >= 0)
                byCell[i] = r.GetInt64(1);
        });
        Sql.Read(_connection!, $"SELECT how, count(*) FROM obs WHERE t >= {data.From} AND t < {data.To} GROUP BY how", r => byHour[r.GetInt32(0)] = r.GetInt64(1));
        var picture = FullPicture.Of(data.Window, new WindowCounts(byCell, byHour, (long)byHour.Sum()), null, PictureData.Bandwidth, PictureData.Band);
        return new PictureAnswer(byCell, byHour, picture.Density, picture.GiStar.Select(g => g.Z).ToArray());
    }

    public void Dispose()
    {
        _connection?.Dispose();
        File.Delete(_file);
    }
}

/// <summary>
/// The whole picture in SQL, the same statements for DuckDB and PostgreSQL: counts by cell and hour, the density
/// as a join of the counts with the kernel's offsets, and Gi* as a join of the window's cells with the band's.
/// </summary>
public abstract class SqlPicture(DbConnection connection) : IPictureEngine
{
    protected DbConnection Connection { get; } = connection;

    public abstract string Name { get; }

    protected abstract string Series(int from, int count, string alias);

    public abstract void Load(PictureData data);

    protected void CreateOffsets()
    {
        Sql.Run(Connection, "CREATE TABLE kernel(dc INT, dr INT, w DOUBLE PRECISION); CREATE TABLE band(dc INT, dr INT);");
        var kernel = string.Join(",", PictureData.KernelOffsets().Select(k => string.Create(CultureInfo.InvariantCulture, $"({k.Column},{k.Row},{k.Weight:R})")));
        var band = string.Join(",", PictureData.BandOffsets().Select(b => string.Create(CultureInfo.InvariantCulture, $"({b.Column},{b.Row})")));
        Sql.Run(Connection, $"INSERT INTO kernel VALUES {kernel}; INSERT INTO band VALUES {band};");
    }

    public PictureAnswer Compute(PictureData data)
    {
        var w = data.Window;
        var where = $"t >= {data.From} AND t < {data.To}";
        Sql.Run(Connection, "DROP TABLE IF EXISTS counts; " +
            $"CREATE TEMP TABLE counts AS SELECT CAST(cell >> 32 AS INT) AS col, CAST(cell & 4294967295 AS INT) AS row, CAST(count(*) AS DOUBLE PRECISION) AS n FROM obs WHERE {where} GROUP BY cell;");
        var byCell = new double[w.Count];
        var byHour = new double[168];
        var density = new double[w.Count];
        var z = new double[w.Count];
        Sql.Read(Connection, "SELECT col, row, n FROM counts", r => Set(byCell, w, r));
        Sql.Read(Connection, $"SELECT how, count(*) FROM obs WHERE {where} GROUP BY how", r => byHour[Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture)] = Convert.ToDouble(r.GetValue(1), CultureInfo.InvariantCulture));
        Sql.Read(Connection, "SELECT c.col + k.dc, c.row + k.dr, sum(c.n * k.w) FROM counts c, kernel k GROUP BY 1, 2", r => Set(density, w, r));
        // Gi* from the sparse counts: neighbour sums as a join with the band's offsets, the number of neighbours
        // inside the window from the cell's position alone, and the mean and spread over all the window's cells.
        var (maxColumn, maxRow) = (w.MinColumn + w.Columns - 1, w.MinRow + w.Rows - 1);
        var inside = $"col BETWEEN {w.MinColumn} AND {maxColumn} AND row BETWEEN {w.MinRow} AND {maxRow}";
        Sql.Read(Connection, $"""
            WITH grid AS (SELECT {Series(w.MinColumn, w.Columns, "gc")} AS col, g2.row FROM {SeriesFrom(w.MinColumn, w.Columns, "gc")}, (SELECT {Series(w.MinRow, w.Rows, "gr")} AS row FROM {SeriesFrom(w.MinRow, w.Rows, "gr")}) g2),
            window_counts AS (SELECT col, row, n FROM counts WHERE {inside}),
            stats AS (SELECT CAST({w.Count} AS DOUBLE PRECISION) AS cells, sum(n) / {w.Count} AS mean, sqrt(sum(n * n) / {w.Count} - (sum(n) / {w.Count}) * (sum(n) / {w.Count})) AS s FROM window_counts),
            neighbours AS (SELECT c.col + b.dc AS col, c.row + b.dr AS row, sum(c.n) AS local FROM window_counts c CROSS JOIN band b GROUP BY 1, 2),
            weights AS (SELECT g.col, g.row, CAST(count(*) AS DOUBLE PRECISION) AS wsum FROM grid g CROSS JOIN band b
                        WHERE g.col + b.dc BETWEEN {w.MinColumn} AND {maxColumn} AND g.row + b.dr BETWEEN {w.MinRow} AND {maxRow} GROUP BY g.col, g.row)
            SELECT g.col, g.row, (coalesce(l.local, 0) - mean * wsum) / (s * sqrt((cells * wsum - wsum * wsum) / (cells - 1)))
            FROM weights g LEFT JOIN neighbours l ON l.col = g.col AND l.row = g.row CROSS JOIN stats
            """, r => Set(z, w, r));
        return new PictureAnswer(byCell, byHour, density, z);
    }

    protected abstract string SeriesFrom(int from, int count, string alias);

    private static void Set(double[] target, GridWindow window, DbDataReader r)
    {
        var i = window.IndexOf(Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture));
        if (i >= 0)
            target[i] = Convert.ToDouble(r.GetValue(2), CultureInfo.InvariantCulture);
    }

    public void Dispose() => Connection.Dispose();
}

public sealed class DuckDbPicture() : SqlPicture(new DuckDBConnection("DataSource=:memory:"))
{
    public override string Name => "DuckDB (in process)";

    protected override string Series(int from, int count, string alias) => $"{alias}.range";

    protected override string SeriesFrom(int from, int count, string alias) => $"range({from}, {from + count}) {alias}";

    public override void Load(PictureData data)
    {
        Connection.Open();
        Sql.Run(Connection, "CREATE TABLE obs(cell BIGINT, how UTINYINT, t BIGINT)");
        using (var appender = ((DuckDBConnection)Connection).CreateAppender("obs"))
        {
            for (var i = 0; i < data.Columns.Count; i++)
                appender.CreateRow().AppendValue(data.Columns.CellKeys[i]).AppendValue(data.Columns.Hours[i]).AppendValue(data.Columns.Times[i]).EndRow();
        }
        CreateOffsets();
    }
}

public sealed class PostgisPicture(string connectionString) : SqlPicture(new NpgsqlConnection(connectionString))
{
    public override string Name => "PostgreSQL 15 + PostGIS (SQL)";

    protected override string Series(int from, int count, string alias) => $"{alias}";

    protected override string SeriesFrom(int from, int count, string alias) => $"generate_series({from}, {from + count - 1}) {alias}";

    public override void Load(PictureData data)
    {
        Connection.Open();
        Sql.Run(Connection, "DROP TABLE IF EXISTS obs, kernel, band; CREATE TABLE obs(cell BIGINT, how SMALLINT, t BIGINT);");
        using (var writer = ((NpgsqlConnection)Connection).BeginBinaryImport("COPY obs (cell, how, t) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < data.Columns.Count; i++)
            {
                writer.StartRow();
                writer.Write(data.Columns.CellKeys[i]);
                writer.Write((short)data.Columns.Hours[i]);
                writer.Write(data.Columns.Times[i]);
            }
            writer.Complete();
        }
        Sql.Run(Connection, "CREATE INDEX obs_picture ON obs(t, cell, how)");
        Sql.Run(Connection, "VACUUM ANALYZE obs");
        CreateOffsets();
    }
}

public static class Sql
{
    public static void Run(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 3600;
        command.ExecuteNonQuery();
    }

    private static readonly bool Trace = Environment.GetEnvironmentVariable("BENCH_TRACE") is not null;

    public static void Read(DbConnection connection, string sql, Action<DbDataReader> row)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ReadAll(connection, sql, row);
        if (Trace)
            Console.Error.WriteLine($"  {clock.Elapsed.TotalMilliseconds:0.0} ms: {sql.Split('\n')[0][..Math.Min(70, sql.Split('\n')[0].Length)]}");
    }

    private static void ReadAll(DbConnection connection, string sql, Action<DbDataReader> row)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 3600;
        using var reader = command.ExecuteReader();
        while (reader.Read())
            row(reader);
    }
}
