#:project ../../src/Lagesbild.Core/Lagesbild.Core.csproj
#:property TreatWarningsAsErrors=false
// Runs the police events' placement once over a CSV of the feed (the real sample in ../shared/data/polisen-events,
// which may be used for benchmarks but not shipped): how many events a district's name placed, how many stayed at the
// municipality's centroid, and the ten districts named most. Not part of the test suite.
//   dotnet run tools/police-placement/placement.cs -- /work/shared/data/polisen-events/polisen_stockholm_kommun_all_types_2022-2026.csv
using System.Globalization;
using System.Text.Json;
using Lagesbild.Core.PoliceEvents;

var csv = args.Length > 0 ? args[0] : "/work/shared/data/polisen-events/polisen_stockholm_kommun_all_types_2022-2026.csv";
var geo = Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? ".", "../../src/Lagesbild.Server/Data/Geography/stadsdelar.geo.json");
using var document = JsonDocument.Parse(File.ReadAllBytes(geo));
var sv = CultureInfo.GetCultureInfo("sv-SE");
var districts = document.RootElement.GetProperty("features").EnumerateArray()
    .Select((f, i) => (Id: i + 1, Name: string.Join(' ', f.GetProperty("properties").GetProperty("name").GetString()!.ToLower(sv).Split(' ')
        .Select(w => char.ToUpper(w[0], sv) + w[1..]))))
    .ToList();
var names = new DistrictNames(districts);
var byId = districts.ToDictionary(d => d.Id, d => d.Name);
var counts = new Dictionary<EventPlacement, int>();
var perDistrict = new Dictionary<string, int>();
var total = 0;
foreach (var row in ReadCsv(csv).Skip(1))
{
    // id,published,incident_local_derived,type,location_name,lat,lon,name,summary,url
    total++;
    var placed = names.Place(row[8], row[7], double.Parse(row[5], CultureInfo.InvariantCulture), double.Parse(row[6], CultureInfo.InvariantCulture), 59.329324, 18.068581);
    counts[placed.Placement] = counts.GetValueOrDefault(placed.Placement) + 1;
    if (placed.DistrictId is { } id)
        perDistrict[byId[id]] = perDistrict.GetValueOrDefault(byId[id]) + 1;
}
Console.WriteLine($"events: {total}");
foreach (var (placement, n) in counts.OrderBy(c => c.Key))
    Console.WriteLine($"{placement}: {n} ({100.0 * n / total:F1} %)");
Console.WriteLine("most named districts:");
foreach (var (name, n) in perDistrict.OrderByDescending(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal).Take(10))
    Console.WriteLine($"  {name}: {n}");

// RFC 4180: quoted fields, doubled quotes, line breaks inside quotes.
static IEnumerable<List<string>> ReadCsv(string path)
{
    var text = File.ReadAllText(path);
    var row = new List<string>();
    var field = new System.Text.StringBuilder();
    var quoted = false;
    for (var i = 0; i < text.Length; i++)
    {
        var c = text[i];
        if (quoted)
        {
            if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
            else if (c == '"') quoted = false;
            else field.Append(c);
        }
        else if (c == '"') quoted = true;
        else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
        else if (c == '\n') { row.Add(field.ToString().TrimEnd('\r')); field.Clear(); yield return row; row = []; }
        else field.Append(c);
    }
    if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); yield return row; }
}
