using System.Globalization;
using nietras.SeparatedValues;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>
/// Rows of an uploaded spreadsheet (CSV) by column name. Sep finds the separator (comma, semicolon, tab) from the
/// header line; a row may leave out optional last columns. Every problem is added to the errors under
/// "body", "header" or "rows[i].column", so that a client's import is refused whole, naming what to fix.
/// </summary>
public static class CsvRows
{
    /// <param name="required">Columns the first line must name.</param>
    /// <param name="optional">Further columns allowed; null allows any, so that an export from elsewhere can be imported as it is.</param>
    /// <param name="readRow">Reads one row's fields (lower-case column → trimmed text) and its index, adding its own errors; null when the row is bad.</param>
    public static List<T> Read<T>(string csv, IReadOnlyList<string> required, IReadOnlyCollection<string>? optional, int maxRows,
        Dictionary<string, string[]> errors, Func<IReadOnlyDictionary<string, string>, int, T?> readRow)
        where T : class
    {
        var rows = new List<T>();
        var expected = $"the first line names the columns {string.Join(", ", required)}" +
            (optional is { Count: > 0 } ? $" (and optionally {string.Join(", ", optional)})" : "") + ".";
        if (string.IsNullOrWhiteSpace(csv))
        {
            errors["body"] = [$"The CSV is empty; {expected}"];
            return rows;
        }
        try
        {
            using var reader = Sep.Reader(o => o with { Unescape = true, Trim = SepTrim.All, DisableColCountCheck = true }).FromText(csv);
            var columns = reader.Header.ColNames.Select((name, i) => (Name: name.Trim().ToLowerInvariant(), i))
                .GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.First().i);
            var missing = required.Where(c => !columns.ContainsKey(c)).ToList();
            var unknown = optional is null ? [] : columns.Keys.Where(c => !required.Contains(c) && !optional.Contains(c)).ToList();
            if (missing.Count > 0 || unknown.Count > 0)
            {
                errors["header"] = [string.Join(" ", new[]
                {
                    missing.Count > 0 ? $"The CSV lacks the column(s) {string.Join(", ", missing)}." : null,
                    unknown.Count > 0 ? $"Unknown column(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))}." : null,
                    $"{char.ToUpperInvariant(expected[0])}{expected[1..]}",
                }.OfType<string>())];
                return rows;
            }
            var index = 0;
            foreach (var record in reader)
            {
                if (index >= maxRows)
                {
                    errors["body"] = [$"At most {maxRows} rows per import."];
                    break;
                }
                if (record.ColCount > reader.Header.ColNames.Count)
                {
                    // Usually a comma inside a value that is not in quotes.
                    errors[$"rows[{index}]"] = [$"The row has {record.ColCount} values but the header names {reader.Header.ColNames.Count} columns; put values with commas in \"quotes\"."];
                    index++;
                    continue;
                }
                var fields = new Dictionary<string, string>();
                foreach (var (column, at) in columns)
                {
                    fields[column] = at < record.ColCount ? record[at].ToString() : "";
                    if (!Core.Privacy.PlainText.IsClean(fields[column]))
                        errors[$"rows[{index}].{column}"] = [$"{column} contains control characters or direction overrides; write plain text."];
                }
                if (readRow(fields, index) is { } row)
                    rows.Add(row);
                index++;
            }
        }
        catch (InvalidDataException e)
        {
            errors["body"] = [$"The CSV could not be read: {e.Message}"];
        }
        catch (ArgumentException e)
        {
            // Sep refuses a header that names a column twice.
            errors["header"] = [$"The first line could not be read as column names (is a column named twice?): {e.Message}"];
        }
        if (rows.Count == 0 && errors.Count == 0)
            errors["body"] = [$"The CSV has no rows; {expected}"];
        return rows;
    }

    /// <summary>A decimal number with a point or, as Swedish spreadsheets write it, a comma.</summary>
    public static double? Number(string text) =>
        double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;
}
