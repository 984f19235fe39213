using System.Globalization;
using System.Text.Json;
using Lagesbild.Bench;
using Lagesbild.Bench.Large;

// lagesbild-bench-large generate --rows N --seed S --out FILE.csv
//     the import's CSV (docs/api.md) of a seeded city: N observations over five years
// lagesbild-bench-large prepare --csv FILE --postgres-rows FILE --sqlite-rows FILE
//     the same rows as the product stores them, for the peers (not timed)
// lagesbild-bench-large load-sqlite --db FILE --rows FILE --out FILE.json | load-postgres --connection CS --rows FILE --out FILE.json
//     the physical peers, timed: SQLite's prepared INSERT in one transaction, PostgreSQL's COPY
// lagesbild-bench-large queries --url URL --provider NAME --admin-email E --admin-password P --duckdb FILE --rows-sqlite FILE --postgis CS --out FILE.json
//     GET /api/lagesbild against DuckDB and PostGIS, answers compared, p50 and p99 at concurrency 1 and 4
var options = Options.Parse(args.Skip(1).ToArray());
switch (args.FirstOrDefault())
{
    case "generate":
        Generator.Write(options.Get("out"), long.Parse(options.Get("rows"), CultureInfo.InvariantCulture), options.Int("seed", 22), Districts.Shipped());
        return 0;
    case "prepare":
        var rows = StoredRows.Write(options.Get("csv"), options.Get("postgres-rows"), options.Get("sqlite-rows"), Districts.Shipped(), DateTimeOffset.Parse(options.Get("reported-at"), CultureInfo.InvariantCulture));
        Console.Error.WriteLine($"prepared {rows} rows as the product stores them");
        return 0;
    case "load-sqlite":
        return Write(options, BulkPeers.Sqlite(options.Get("db"), options.Get("rows"), Districts.Shipped()));
    case "load-postgres":
        return Write(options, await BulkPeers.PostgresAsync(options.Get("connection"), options.Get("rows"), Districts.Shipped()));
    case "queries":
        return await QueryRun.RunAsync(options);
    default:
        Console.Error.WriteLine("usage: lagesbild-bench-large generate|prepare|load-sqlite|load-postgres|queries [--name value ...] (see Program.cs)");
        return 2;
}

static int Write(Options options, LoadResult result)
{
    Console.Error.WriteLine($"{result.Target}: {result.Rows} rows in {result.Seconds:0.0} s, {result.RowsPerSecond:0} rows/s");
    File.WriteAllText(options.Get("out"), JsonSerializer.Serialize(new { target = result.Target, rows = result.Rows, seconds = result.Seconds, rowsPerSecond = result.RowsPerSecond }));
    return 0;
}
