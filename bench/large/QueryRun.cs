using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DuckDB.NET.Data;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Time;
using Npgsql;

namespace Lagesbild.Bench.Large;

/// <summary>
/// The query half: GET /api/lagesbild on the running product as a coordinator, against DuckDB (the rows loaded into
/// a database file from the stored rows) and PostGIS (SQL on the peer's table) computing the same cell counts in the
/// same run. The answers are compared cell by cell before anything is timed; a difference stops the run.
/// </summary>
public static class QueryRun
{
    private const string CoordinatorEmail = "samordnare@bench.example";
    private const string CoordinatorPassword = "Kvällsbild-2026-stor";

    public static async Task<int> RunAsync(Options options)
    {
        var url = new Uri(options.Get("url"));
        var provider = options.Get("provider");
        var requests = options.Int("requests", 400);
        var peerBudget = TimeSpan.FromSeconds(options.Double("peer-seconds", 20));
        // At 10 million a slow answer times 400 would take the run past an hour: the product stops after this long
        // once it has 100 answers, enough for a p99 by nearest rank.
        var productBudget = TimeSpan.FromSeconds(options.Double("product-seconds", 60));
        var warmUp = TimeSpan.FromSeconds(options.Double("warmup-seconds", 15));
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All, MaxConnectionsPerServer = 16 })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromMinutes(10),
        };
        await SignInCoordinatorAsync(http, options.Get("admin-email"), options.Get("admin-password"));
        await using var duck = OpenDuckDb(options.Get("duckdb"), options.Get("rows-sqlite"));
        var queries = PictureQuery.For(await DensestCellAsync(duck));
        var postgis = options.Get("postgis");

        // The first picture: on a server just started, this is where the index is loaded if the warm-up has not yet.
        var first = Stopwatch.StartNew();
        await GetAsync(http, queries[0].Path);
        Console.Error.WriteLine($"{provider}: the first picture answered in {first.Elapsed.TotalMilliseconds:0} ms");

        var results = new List<LatencyResult>();
        var answers = new List<object>();
        foreach (var query in queries)
        {
            var product = await ProductCellsAsync(http, query);
            var duckCells = Cells(duck, DuckSql(query));
            Dictionary<long, long> pgCells;
            await using (var pg = new NpgsqlConnection(postgis))
            {
                await pg.OpenAsync();
                pgCells = Cells(pg, PostgisSql(query));
            }
            Agree(query, provider, product, ("DuckDB", duckCells), ("PostGIS", pgCells));
            var total = product.Values.Sum();
            Console.Error.WriteLine($"{provider}: {query.Name}: {total} observations in {product.Count} cells, the same in DuckDB and PostGIS");
            answers.Add(new { query = query.Name, path = query.Path, cells = product.Count, observations = total });

            // Warm-up, also measured: the runtime's tiered compilation first runs the hot methods in an instrumented tier
            // (slower) and promotes them after some hundreds of calls, so a server that has answered for a while is
            // faster than one on its first requests of a query; at least 20 requests, for the time given.
            results.Add(await Latency.MeasureAsync($"warm-up of the product ({provider})", query.Name, 1, int.MaxValue, warmUp, 20,
                _ => () => GetAsync(http, query.Path)));
            Console.Error.WriteLine($"  {results[^1].Target}, {query.Name}: n={results[^1].Requests} p50 {results[^1].P50:0.0} ms p99 {results[^1].P99:0.0} ms");
            foreach (var concurrency in new[] { 1, 4 })
            {
                results.Add(await Latency.MeasureAsync($"product ({provider})", query.Name, concurrency, requests, productBudget, Math.Min(100, requests),
                    _ => () => GetAsync(http, query.Path)));
                results.Add(await MeasurePeerAsync("DuckDB", query.Name, concurrency, requests, peerBudget, () => duck.CreateCommand(), DuckSql(query)));
                results.Add(await MeasurePeerAsync("PostGIS (SQL)", query.Name, concurrency, requests, peerBudget, () =>
                {
                    var c = new NpgsqlConnection(postgis);
                    c.Open();
                    return c.CreateCommand();
                }, PostgisSql(query)));
                foreach (var r in results.TakeLast(3))
                    Console.Error.WriteLine($"  {r.Target}, {r.Query}, c={r.Concurrency}: n={r.Requests} p50 {r.P50:0.0} ms p99 {r.P99:0.0} ms");
            }
        }
        await File.WriteAllTextAsync(options.Get("out"), JsonSerializer.Serialize(new { provider, answers, results }));
        return 0;
    }

    private static async Task<LatencyResult> MeasurePeerAsync(string target, string query, int concurrency, int requests, TimeSpan budget, Func<DbCommand> command, string sql)
    {
        await Task.Run(() => Cells(command(), sql)); // warm-up
        return await Latency.MeasureAsync(target, query, concurrency, requests, budget, 10, _ =>
        {
            var own = command();
            own.CommandText = sql;
            return () => Task.Run(() =>
            {
                using var reader = own.ExecuteReader();
                while (reader.Read())
                {
                }
            });
        });
    }

    private static string DuckSql(PictureQuery q) =>
        $"SELECT CellKey, count(*) FROM obs WHERE {q.Where(c => c, t => t.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), q.Box is { } b ? Between("Lon", "Lat", b) : null)} GROUP BY CellKey";

    private static string PostgisSql(PictureQuery q) =>
        $"SELECT \"CellKey\", count(*) FROM \"Observations\" WHERE \"WithdrawnAt\" IS NULL AND " +
        q.Where(c => $"\"{c}\"", t => $"'{t.UtcDateTime:yyyy-MM-dd HH:mm:ss}+00'",
            q.Box is { } b ? string.Create(CultureInfo.InvariantCulture, $"ST_Intersects(\"Location\", ST_MakeEnvelope({b.MinLon:R}, {b.MinLat:R}, {b.MaxLon:R}, {b.MaxLat:R}, 4326))") : null) +
        " GROUP BY \"CellKey\"";

    private static string Between(string lon, string lat, LonLatBox b) =>
        string.Create(CultureInfo.InvariantCulture, $"{lon} BETWEEN {b.MinLon:R} AND {b.MaxLon:R} AND {lat} BETWEEN {b.MinLat:R} AND {b.MaxLat:R}");

    private static void Agree(PictureQuery query, string provider, Dictionary<long, long> product, params (string Name, Dictionary<long, long> Cells)[] peers)
    {
        foreach (var (name, cells) in peers)
        {
            var differing = product.Keys.Union(cells.Keys).Where(k => product.GetValueOrDefault(k) != cells.GetValueOrDefault(k)).ToList();
            if (differing.Count > 0)
            {
                var examples = string.Join("; ", differing.Take(5).Select(k => $"cell {GridCell.FromKey(k).Column},{GridCell.FromKey(k).Row}: product {product.GetValueOrDefault(k)}, {name} {cells.GetValueOrDefault(k)}"));
                throw new InvalidOperationException($"{provider}, {query.Name}: the product and {name} disagree in {differing.Count} cells ({examples}).");
            }
        }
    }

    private static async Task<Dictionary<long, long>> ProductCellsAsync(HttpClient http, PictureQuery query)
    {
        var picture = await http.GetFromJsonAsync<JsonElement>(query.Path);
        var cells = new Dictionary<long, long>();
        foreach (var cell in picture.GetProperty("grid").EnumerateArray())
        {
            var count = cell.GetProperty("count").GetDouble();
            if (count > 0)
                cells[new GridCell(cell.GetProperty("column").GetInt32(), cell.GetProperty("row").GetInt32()).Key] = (long)Math.Round(count);
        }
        return cells;
    }

    private static async Task GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static Dictionary<long, long> Cells(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        return Cells(command, sql);
    }

    private static Dictionary<long, long> Cells(DbCommand command, string sql)
    {
        command.CommandText = sql;
        command.CommandTimeout = 0;
        var cells = new Dictionary<long, long>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            cells[Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture)] = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
        return cells;
    }

    /// <summary>DuckDB's database file, loaded once per run from the rows as SQLite holds them (times in Unix milliseconds).</summary>
    private static DuckDBConnection OpenDuckDb(string file, string rows)
    {
        var connection = new DuckDBConnection($"DataSource={file}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM information_schema.tables WHERE table_name = 'obs'";
        if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            var clock = Stopwatch.StartNew();
            var columns = string.Join(", ", StoredRows.Columns.Select(c => $"'{c}': '{DuckType(c)}'"));
            command.CommandText = $"CREATE TABLE obs AS SELECT Category, Lat, Lon, CellKey, OccurredFrom, HourOfWeek, Classification FROM read_csv('{rows}', delim = '\t', header = false, nullstr = '\\N', quote = '', escape = '', columns = {{{columns}}})";
            command.ExecuteNonQuery();
            Console.Error.WriteLine($"DuckDB loaded the rows in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        return connection;
    }

    private static string DuckType(string column) => column switch
    {
        "Lat" or "Lon" or "X" or "Y" => "DOUBLE",
        "CellKey" or "OccurredFrom" or "OccurredTo" or "ReportedAt" or "HoursMask0" or "HoursMask1" or "HoursMask2" => "BIGINT",
        "DistrictId" or "HourOfWeek" or "Count" or "Version" => "INTEGER",
        _ => "VARCHAR",
    };

    /// <summary>The centre of the cell with most of the coordinator's observations in the last month: the box goes round it.</summary>
    private static Task<GridPoint> DensestCellAsync(DuckDBConnection duck)
    {
        var month = new PictureQuery("month", Stockholm.ToInstant(new DateTime(2026, 11, 1)), Generator.End, null, null);
        var cells = Cells(duck, DuckSql(month));
        return Task.FromResult(GridCell.FromKey(cells.MaxBy(c => c.Value).Key).Centre);
    }

    private static async Task SignInCoordinatorAsync(HttpClient http, string adminEmail, string adminPassword)
    {
        var admin = await TokenAsync(http, adminEmail, adminPassword);
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/users"))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            using var response = await http.SendAsync(request);
            var users = await response.Content.ReadFromJsonAsync<JsonElement>();
            var exists = (users.ValueKind == JsonValueKind.Array ? users : users.GetProperty("items")).EnumerateArray()
                .Any(u => u.GetProperty("email").GetString() == CoordinatorEmail);
            if (!exists)
            {
                var organisation = await PostAsync(http, admin, "/api/organisations", new { name = "Bänkstaden", kind = "City" });
                await PostAsync(http, admin, "/api/users", new
                {
                    email = CoordinatorEmail,
                    displayName = "Bänk Samordnare",
                    password = CoordinatorPassword,
                    organisationId = organisation.GetProperty("id").GetInt32(),
                    roles = new[] { "Coordinator" },
                });
            }
        }
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(http, CoordinatorEmail, CoordinatorPassword));
    }

    private static async Task<string> TokenAsync(HttpClient http, string email, string password)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"sign-in as {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string token, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
