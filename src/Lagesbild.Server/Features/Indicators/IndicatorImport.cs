using Lagesbild.Core.Access;
using Lagesbild.Core.Indicators;
using Lagesbild.Core.Privacy;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Indicators;

/// <summary>A row the file held twice: reported, and kept once.</summary>
public sealed record DuplicateRow(int Row, int SameAs, string Indicator, string Area, string Period);

public sealed record IndicatorImportResult(int Created, int Updated, IReadOnlyList<DuplicateRow> Duplicates)
{
    /// <summary>Figures of the boroughs before July 2023, pooled into the borough of today.</summary>
    public IReadOnlyList<CrosswalkedRow> Crosswalked { get; init; } = [];
}

/// <summary>Rows of old boroughs (Rinkeby-Kista and Spånga-Tensta) pooled by n into the borough of today (Järva) for a period.</summary>
public sealed record CrosswalkedRow(IReadOnlyList<int> Rows, IReadOnlyList<string> From, string To, string Period, double Value, int N);

/// <summary>
/// Survey indicators from CSV: indicator, area, period, value, n, source, and optionally unit (default %) and
/// provenance (published, survey, synthetic; default survey). The area is "Stockholm" for the whole city, a
/// stadsdelsområde or a stadsdel by name. Every row is checked before any is written; a figure for the same
/// indicator, area and period is replaced, never doubled, and a row the file repeats is reported and kept once.
/// </summary>
public sealed class IndicatorImport(LagesbildDb db, DistrictCatalog districts, TimeProvider time)
{
    public const int MaxRows = 10_000;
    public const string City = "Stockholm";

    private static readonly string[] Required = ["indicator", "area", "period", "value", "n", "source"];
    private static readonly string[] Optional = ["unit", "provenance"];

    private sealed record Row(int Index, string Indicator, string Unit, AreaKind AreaKind, string Area, IndicatorPeriod Period, double Value, int? SampleSize, string Source, Provenance Provenance, string? FormerName = null)
    {
        public (string, AreaKind, string, int, int) Key => (Indicator, AreaKind, Area, Period.From, Period.To);
    }

    public async Task<Outcome<IndicatorImportResult>> ImportAsync(string csv, CurrentUser user, CancellationToken ct)
    {
        if (!Permissions.CanImportIndicators(user.Roles))
            return new Outcome<IndicatorImportResult>.Refused("Analysts, coordinators and administrators import survey indicators.");
        // The file's and the rows' refusals come with codes (the import page says them by line); the checks across rows in English.
        var refusals = new Refusals();
        var errors = new Dictionary<string, string[]>();
        var areas = Areas();
        var rows = CsvRows.Read(csv, Required, Optional, MaxRows, refusals, (fields, index) => ReadRow(fields, index, areas, refusals));
        (rows, var crosswalked) = Crosswalk(rows, errors);

        var kept = new Dictionary<(string, AreaKind, string, int, int), Row>();
        var duplicates = new List<DuplicateRow>();
        foreach (var row in rows)
        {
            if (!kept.TryGetValue(row.Key, out var first))
            {
                kept[row.Key] = row;
            }
            else if (first.Value.Equals(row.Value) && first.SampleSize == row.SampleSize && first.Unit == row.Unit)
            {
                duplicates.Add(new DuplicateRow(row.Index, first.Index, row.Indicator, row.Area, row.Period.ToString()));
            }
            else
            {
                errors[$"rows[{row.Index}].value"] =
                    [$"rows[{first.Index}] gives {row.Indicator}, {row.Area}, {row.Period} another value or n; keep one of them."];
            }
        }
        if (refusals.Count > 0 || errors.Count > 0)
            return Outcome<IndicatorImportResult>.Because(refusals, errors);

        var names = kept.Values.Select(r => r.Indicator).Distinct().ToList();
        var existing = await db.IndicatorValues.Where(v => names.Contains(v.Indicator)).ToListAsync(ct);
        var byKey = existing.ToDictionary(v => (v.Indicator, v.AreaKind, v.Area, v.PeriodFrom, v.PeriodTo));
        var (created, updated) = (0, 0);
        var now = time.GetUtcNow();
        foreach (var row in kept.Values)
        {
            if (!byKey.TryGetValue(row.Key, out var value))
            {
                value = new IndicatorValue { Indicator = row.Indicator, Unit = row.Unit, Area = row.Area, Source = row.Source };
                db.IndicatorValues.Add(value);
                created++;
            }
            else
            {
                updated++;
            }
            (value.Unit, value.AreaKind, value.Area, value.PeriodFrom, value.PeriodTo) = (row.Unit, row.AreaKind, row.Area, row.Period.From, row.Period.To);
            (value.Value, value.SampleSize, value.Source, value.Provenance) = (row.Value, row.SampleSize, row.Source, row.Provenance);
            (value.ImportedAt, value.ImportedById) = (now, user.Id);
        }
        await db.SaveChangesAsync(ct);
        return new IndicatorImportResult(created, updated, duplicates) { Crosswalked = crosswalked };
    }

    /// <summary>
    /// Rows of the boroughs before July 2023 pooled into the borough of today: all of its former boroughs must be
    /// given for the period, each with its n (a part is not the whole, and shares pool only by how many answered).
    /// </summary>
    private static (List<Row> Rows, List<CrosswalkedRow> Crosswalked) Crosswalk(List<Row> rows, Dictionary<string, string[]> errors)
    {
        var kept = rows.Where(r => r.FormerName is null).ToList();
        var crosswalked = new List<CrosswalkedRow>();
        foreach (var group in rows.Where(r => r.FormerName is not null).GroupBy(r => r.Key))
        {
            var parts = group.ToList();
            var first = parts[0];
            var needed = BoroughCrosswalk.FormerNames(first.Area);
            var given = parts.Select(p => needed.First(n => string.Equals(n, p.FormerName!.Trim().Replace('–', '-'), StringComparison.OrdinalIgnoreCase))).Distinct().ToList();
            if (given.Count < needed.Count || parts.Count != given.Count)
            {
                errors[$"rows[{first.Index}].area"] = [$"{first.Area} before July 2023 was {string.Join(" and ", needed)}: give each once for {first.Period}, with its n, to pool them into {first.Area}."];
                continue;
            }
            if (BoroughCrosswalk.Pool(parts.Select(p => (p.Value, p.SampleSize)).ToList()) is not { } pooled)
            {
                errors[$"rows[{parts.First(p => p.SampleSize is null).Index}].n"] = [$"Shares of {string.Join(" and ", needed)} are pooled into {first.Area} by how many answered: give n."];
                continue;
            }
            var value = Math.Round(pooled.Value, 2);
            kept.Add(first with { Value = value, SampleSize = pooled.N, Source = string.Join("; ", parts.Select(p => p.Source).Distinct()) });
            crosswalked.Add(new CrosswalkedRow(parts.Select(p => p.Index).ToList(), given, first.Area, first.Period.ToString(), value, pooled.N));
        }
        return (kept.OrderBy(r => r.Index).ToList(), crosswalked);
    }

    /// <summary>The names an area may be given by, to its kind and its name as the register spells it.</summary>
    public Dictionary<string, (AreaKind Kind, string Name)> Areas()
    {
        var areas = new Dictionary<string, (AreaKind, string)>(StringComparer.OrdinalIgnoreCase)
        {
            [City] = (AreaKind.City, City),
            ["Stockholms stad"] = (AreaKind.City, City),
            ["Hela staden"] = (AreaKind.City, City),
            ["City-wide"] = (AreaKind.City, City),
        };
        // Surveys report per stadsdelsområde, so a bare name that is both (Kungsholmen, Farsta...) is the borough;
        // "Kungsholmen (stadsdel)" names the district.
        var all = districts.All.ToList();
        foreach (var borough in all.Select(d => d.Borough).Distinct())
        {
            areas.TryAdd(borough, (AreaKind.Borough, borough));
            areas.TryAdd($"{borough} (stadsdelsområde)", (AreaKind.Borough, borough));
        }
        foreach (var (_, name, _) in all)
        {
            areas.TryAdd(name, (AreaKind.District, name));
            areas.TryAdd($"{name} (stadsdel)", (AreaKind.District, name));
        }
        return areas;
    }

    private static Row? ReadRow(IReadOnlyDictionary<string, string> fields, int index, Dictionary<string, (AreaKind Kind, string Name)> areas, Refusals refusals)
    {
        string Field(string name) => fields.GetValueOrDefault(name) ?? "";
        var before = refusals.Count;
        void Fail(string field, string message, string code = RefusalCodes.Invalid) => refusals.Add(CsvRows.Field(index, field), code, message);

        var indicator = Field("indicator");
        if (indicator.Length is < 2 or > 200)
            Fail("indicator", "indicator must be 2 to 200 characters.");
        var unit = Field("unit") is { Length: > 0 } u ? u : IndicatorRules.Percent;
        if (unit.Length > 20)
            Fail("unit", "unit must be at most 20 characters.", RefusalCodes.TooLong);
        var periodRead = IndicatorPeriod.TryParse(Field("period"), out var period);
        if (!periodRead)
            Fail("period", $"period '{Field("period")}' is not a year (2020) or a range of years (2019-2020).");
        // A stadsdelsområde of before July 2023 (Rinkeby-Kista, Norrmalm...) is pooled into the borough of today.
        var former = periodRead && BoroughCrosswalk.Current(Field("area"), period) is { } current && areas.TryGetValue(current, out var now) && now.Kind == AreaKind.Borough
            ? Field("area") : null;
        (AreaKind Kind, string Name) area = default;
        if (former is not null)
            area = areas[BoroughCrosswalk.Current(former, period)!];
        else if (!areas.TryGetValue(Field("area"), out area))
            Fail("area", $"area '{Field("area")}' is not Stockholm, a stadsdelsområde or a stadsdel by its name (or a stadsdelsområde before July 2023).", RefusalCodes.NotFound);
        var value = CsvRows.Number(Field("value"));
        if (value is null)
            Fail("value", $"value '{Field("value")}' is not a number.");
        else if (IndicatorRules.CheckValue(value.Value, unit) is { } valueError)
            Fail("value", valueError);
        int? sampleSize = null;
        if (Field("n") is { Length: > 0 } n)
        {
            if (int.TryParse(n.Replace(" ", "", StringComparison.Ordinal), out var parsed) && parsed > 0)
                sampleSize = parsed;
            else
                Fail("n", $"n '{n}' must be the number who answered, a whole number above 0 (or empty when unknown).");
        }
        var source = Field("source");
        if (source.Length is < 2 or > 300)
            Fail("source", "source must be 2 to 300 characters: where the figure was published or measured.");
        var provenance = Provenance.Survey;
        if (Field("provenance") is { Length: > 0 } p && !QueryValues.TryParseName(p, out provenance))
            Fail("provenance", $"provenance '{p}' is not published, survey or synthetic.");
        foreach (var (field, text) in new[] { ("indicator", indicator), ("source", source) })
        {
            if (PersonalNumbers.Contains(text))
                Fail(field, "The text contains what looks like a personal identity number (personnummer).", RefusalCodes.PersonalNumber);
        }
        return refusals.Count > before
            ? null
            : new Row(index, indicator, unit, area.Kind, area.Name, period, value!.Value, sampleSize, source, provenance, former);
    }
}

public sealed record IndicatorPoint(string Period, int From, int To, double Value, int? N, string Source, Provenance Provenance);

public sealed record IndicatorSeries(string Indicator, string Unit, AreaKind AreaKind, string Area, IReadOnlyList<IndicatorPoint> Points);

/// <summary>The survey indicators as series: one per indicator and area, in period order.</summary>
public sealed class IndicatorSeriesReader(LagesbildDb db)
{
    public async Task<List<IndicatorSeries>> ReadAsync(string? indicator, (AreaKind Kind, string Name)? area, CancellationToken ct)
    {
        var query = db.IndicatorValues.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(indicator))
            query = query.Where(v => v.Indicator == indicator.Trim());
        if (area is { } a)
            query = query.Where(v => v.AreaKind == a.Kind && v.Area == a.Name);
        var values = await query.ToListAsync(ct);
        return values
            .GroupBy(v => (v.Indicator, v.AreaKind, v.Area))
            .OrderBy(g => g.Key.Indicator, StringComparer.Ordinal).ThenBy(g => g.Key.AreaKind).ThenBy(g => g.Key.Area, StringComparer.Ordinal)
            .Select(g => new IndicatorSeries(g.Key.Indicator, g.First().Unit, g.Key.AreaKind, g.Key.Area,
                g.OrderBy(v => v.PeriodFrom).ThenBy(v => v.PeriodTo)
                    .Select(v => new IndicatorPoint(new IndicatorPeriod(v.PeriodFrom, v.PeriodTo).ToString(), v.PeriodFrom, v.PeriodTo, v.Value, v.SampleSize, v.Source, v.Provenance))
                    .ToList()))
            .ToList();
    }
}
