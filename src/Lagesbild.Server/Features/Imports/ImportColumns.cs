using System.Globalization;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Privacy;
using Lagesbild.Data;
using Lagesbild.Server.Features.Observations;
using nietras.SeparatedValues;

namespace Lagesbild.Server.Features.Imports;

/// <summary>A row that was not stored: the column at fault and why (the line is the row's).</summary>
public readonly record struct RowRefusal(string Column, string Reason);

/// <summary>
/// The columns of an observation import (docs/api.md), where each lies in the file, and one row read into the same
/// request the single-observation API takes, so that the API's own rules (<see cref="ObservationWriter.Check"/>) judge it.
/// </summary>
public sealed class ImportColumns
{
    public const int MaxSourceIdLength = 100;

    public static readonly string[] Required = ["source_id", "category", "lat", "lon", "occurred_from", "classification"];
    public static readonly string[] Optional = ["occurred_to", "count", "text"];

    // The single-observation API's field names (ObservationRules) as the file names them.
    private static readonly Dictionary<string, string> FileNames = new(StringComparer.Ordinal)
    {
        ["lat"] = "lat",
        ["lon"] = "lon",
        ["occurredFrom"] = "occurred_from",
        ["occurredTo"] = "occurred_to",
        ["count"] = "count",
        ["text"] = "text",
    };

    private readonly Dictionary<string, int> _at;

    private ImportColumns(Dictionary<string, int> at) => _at = at;

    /// <summary>The columns of a header line, or what is wrong with it (missing, unknown or doubled names).</summary>
    public static (ImportColumns? Columns, string? Problem) Of(IReadOnlyList<string> names)
    {
        var at = new Dictionary<string, int>(StringComparer.Ordinal);
        var unknown = new List<string>();
        var doubled = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i].Trim().ToLowerInvariant();
            if (!Required.Contains(name) && !Optional.Contains(name))
                unknown.Add(names[i]);
            else if (!at.TryAdd(name, i))
                doubled.Add(name);
        }
        var missing = Required.Where(c => !at.ContainsKey(c)).ToList();
        var problems = new List<string>();
        if (missing.Count > 0)
            problems.Add($"the header lacks the column(s) {string.Join(", ", missing)}");
        if (unknown.Count > 0)
            problems.Add($"the header names unknown column(s) {string.Join(", ", unknown.Select(n => $"'{Shorter(n)}'"))}");
        if (doubled.Count > 0)
            problems.Add($"the header names {string.Join(", ", doubled)} twice");
        return problems.Count > 0
            ? (null, $"Line 1: {string.Join("; ", problems)}. The header is: {string.Join(',', Required.Concat(Optional))}.")
            : (new ImportColumns(at), null);
    }

    /// <summary>
    /// The request that the row stands for and its source id, or the refusals of its cells. Each cell is read as the
    /// JSON API reads its field (names of categories and classifications, instants with an offset), and the request
    /// is then checked by the API's own rules at <paramref name="now"/>.
    /// </summary>
    public (ObservationRequest? Request, string SourceId) Read(SepReader.Row row, ObservationWriter writer, DateTimeOffset now, IReadOnlySet<Classification> tiers, List<RowRefusal> refusals)
    {
        var before = refusals.Count;
        foreach (var (column, index) in _at)
        {
            if (index >= row.ColCount)
            {
                refusals.Add(new(column, $"The row ends before column {column}: is the file cut off?"));
                return (null, "");
            }
        }
        void Refuse(string column, string reason) => refusals.Add(new(column, reason));

        // Cells are parsed where they lie in the reader's buffer; only the texts kept become strings.
        var sourceId = Cell(row, "source_id").ToString();
        if (sourceId.Length == 0)
            Refuse("source_id", "source_id is empty.");
        else if (sourceId.Length > MaxSourceIdLength)
            Refuse("source_id", $"source_id is longer than {MaxSourceIdLength} characters.");
        var category = Name<ObservationCategory>(Cell(row, "category"), "category", refusals);
        var lat = Number(Cell(row, "lat"), "lat", refusals);
        var lon = Number(Cell(row, "lon"), "lon", refusals);
        var from = Instant(Cell(row, "occurred_from"), "occurred_from", required: true, refusals);
        var to = Instant(Cell(row, "occurred_to"), "occurred_to", required: false, refusals);
        var count = Count(Cell(row, "count"), refusals);
        var classification = Name<Classification>(Cell(row, "classification"), "classification", refusals);
        var text = Cell(row, "text") is { Length: > 0 } written ? written.ToString() : null;
        if (!PlainText.IsClean(sourceId))
            Refuse("source_id", "source_id contains control characters or direction overrides; write plain text.");
        if (!PlainText.IsClean(text))
            Refuse("text", "text contains control characters or direction overrides; write plain text.");
        if (classification is { } tier && !tiers.Contains(tier))
            Refuse("classification", $"You may not record {tier} observations.");
        if (refusals.Count > before)
            return (null, sourceId);

        var request = new ObservationRequest(category, lat, lon, from, to, count, classification, text);
        foreach (var (field, messages) in writer.Check(request, now))
        {
            // A position off the map is one fault of lat and lon together: said once.
            if (field == "lon" && refusals.Count > before && refusals[^1].Column == "lat" && refusals[^1].Reason == messages[0])
                continue;
            Refuse(FileNames.GetValueOrDefault(field, field), messages[0]);
        }
        return (refusals.Count > before ? null : request, sourceId);
    }

    /// <summary>The cell of a column; empty when the file has no such (optional) column.</summary>
    private ReadOnlySpan<char> Cell(SepReader.Row row, string column) =>
        _at.TryGetValue(column, out var index) ? row[index].Span : [];

    /// <summary>An enum's name as the JSON API reads it: any case, never a number.</summary>
    private static T? Name<T>(ReadOnlySpan<char> cell, string column, List<RowRefusal> refusals) where T : struct, Enum
    {
        var value = cell.Trim();
        if (value.Length > 0 && !char.IsDigit(value[0]) && value[0] != '-' && Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            return parsed;
        refusals.Add(new(column, $"{column} '{Shorter(value)}' is not one of {string.Join(", ", Enum.GetNames<T>())}."));
        return null;
    }

    private static double? Number(ReadOnlySpan<char> cell, string column, List<RowRefusal> refusals)
    {
        if (double.TryParse(cell, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value))
            return value;
        refusals.Add(new(column, $"{column} '{Shorter(cell)}' is not a number in decimal degrees (with '.')."));
        return null;
    }

    /// <summary>An ISO 8601 instant with its offset or Z: a local time without one is refused, not guessed.</summary>
    private static DateTimeOffset? Instant(ReadOnlySpan<char> cell, string column, bool required, List<RowRefusal> refusals)
    {
        if (cell.IsWhiteSpace())
        {
            if (required)
                refusals.Add(new(column, $"{column} is empty."));
            return null;
        }
        var value = cell.Trim();
        var offset = value.EndsWith('Z') || value.EndsWith('z')
            || (value.Length > 16 && value[^3] == ':' && value[^6] is '+' or '-');
        if (offset && value.Length > 10 && value[10] is 'T' or 't' or ' '
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var instant))
            return instant;
        refusals.Add(new(column, $"{column} '{Shorter(value)}' is not a date and time with an offset, such as 2023-03-26T02:30:00+01:00 or 2023-03-26T01:30:00Z."));
        return null;
    }

    private static int? Count(ReadOnlySpan<char> cell, List<RowRefusal> refusals)
    {
        if (cell.IsWhiteSpace())
            return null;
        if (int.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            return count;
        refusals.Add(new("count", $"count '{Shorter(cell)}' is not a whole number of 1 or more."));
        return null;
    }

    /// <summary>A cell as a reason quotes it: at most 40 characters, control characters shown as '?'.</summary>
    private static string Shorter(ReadOnlySpan<char> cell)
    {
        var shown = cell[..Math.Min(cell.Length, 40)].ToArray();
        for (var i = 0; i < shown.Length; i++)
        {
            if (char.IsControl(shown[i]))
                shown[i] = '?';
        }
        return new string(shown);
    }
}
