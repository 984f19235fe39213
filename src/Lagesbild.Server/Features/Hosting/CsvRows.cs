using System.Globalization;
using Lagesbild.Core.Validation;
using nietras.SeparatedValues;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>
/// Rows of an uploaded spreadsheet (CSV) by column name. Sep finds the separator (comma, semicolon, tab) from the
/// header line; a row may leave out optional last columns. Every problem is added to the refusals under
/// "body", "header", "rows[i]" or "rows[i].column", so that a client's import is refused whole, naming what to fix;
/// a page says a row's by its line in the file (<see cref="Line"/>).
/// </summary>
public static class CsvRows
{
    /// <param name="required">Columns the first line must name.</param>
    /// <param name="optional">Further columns allowed; null allows any, so that an export from elsewhere can be imported as it is.</param>
    /// <param name="readRow">Reads one row's fields (lower-case column → trimmed text) and its index, adding its own errors; null when the row is bad.</param>
    public static List<T> Read<T>(string csv, IReadOnlyList<string> required, IReadOnlyCollection<string>? optional, int maxRows,
        Refusals refusals, Func<IReadOnlyDictionary<string, string>, int, T?> readRow)
        where T : class
    {
        var rows = new List<T>();
        var columnNames = string.Join(", ", required);
        var expected = $"the first line names the columns {columnNames}" +
            (optional is { Count: > 0 } ? $" (and optionally {string.Join(", ", optional)})" : "") + ".";
        if (string.IsNullOrWhiteSpace(csv))
        {
            refusals.Add("body", RefusalCodes.Required, $"The CSV is empty; {expected}", columnNames);
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
                var message = string.Join(" ", new[]
                {
                    missing.Count > 0 ? $"The CSV lacks the column(s) {string.Join(", ", missing)}." : null,
                    unknown.Count > 0 ? $"Unknown column(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))}." : null,
                    $"{char.ToUpperInvariant(expected[0])}{expected[1..]}",
                }.OfType<string>());
                refusals.Add(missing.Count > 0
                    ? new Refusal("header", RefusalCodes.Required, message, [string.Join(", ", missing), columnNames])
                    : new Refusal("header", RefusalCodes.Invalid, message, [columnNames]));
                return rows;
            }
            var index = 0;
            foreach (var record in reader)
            {
                if (index >= maxRows)
                {
                    refusals.Add("body", RefusalCodes.TooMany, $"At most {maxRows} rows per import.", maxRows);
                    break;
                }
                if (record.ColCount > reader.Header.ColNames.Count)
                {
                    // Usually a comma inside a value that is not in quotes.
                    refusals.Add(Field(index), RefusalCodes.TooMany,
                        $"The row has {record.ColCount} values but the header names {reader.Header.ColNames.Count} columns; put values with commas in \"quotes\".",
                        record.ColCount, reader.Header.ColNames.Count);
                    index++;
                    continue;
                }
                var fields = new Dictionary<string, string>();
                foreach (var (column, at) in columns)
                {
                    fields[column] = at < record.ColCount ? record[at].ToString() : "";
                    if (!Core.Privacy.PlainText.IsClean(fields[column]))
                        refusals.Add(Field(index, column), RefusalCodes.ControlCharacters, $"{column} contains control characters or direction overrides; write plain text.");
                }
                if (readRow(fields, index) is { } row)
                    rows.Add(row);
                index++;
            }
        }
        catch (InvalidDataException e)
        {
            refusals.Add("body", RefusalCodes.Invalid, $"The CSV could not be read: {e.Message}");
        }
        catch (ArgumentException e)
        {
            // Sep refuses a header that names a column twice.
            refusals.Add("header", RefusalCodes.Invalid, $"The first line could not be read as column names (is a column named twice?): {e.Message}", columnNames);
        }
        if (rows.Count == 0 && refusals.Count == 0)
            refusals.Add("body", RefusalCodes.Required, $"The CSV has no rows; {expected}", columnNames);
        return rows;
    }

    /// <summary>The field of a row's refusal: "rows[3].name" (or "rows[3]" for the whole row).</summary>
    public static string Field(int index, string? column = null) =>
        column is null ? string.Create(CultureInfo.InvariantCulture, $"rows[{index}]") : string.Create(CultureInfo.InvariantCulture, $"rows[{index}].{column}");

    /// <summary>
    /// Where a refusal's field lies in the file: the line a spreadsheet shows for the row (the first line names the
    /// columns, so rows[0] is line 2) and the column, or "row" for the whole row; null for the body or the header.
    /// </summary>
    public static (int Line, string Column)? Line(string field)
    {
        var end = field.IndexOf(']', StringComparison.Ordinal);
        if (!field.StartsWith("rows[", StringComparison.Ordinal) || end < 0
            || !int.TryParse(field.AsSpan(5, end - 5), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            return null;
        return (index + 2, end + 2 < field.Length ? field[(end + 2)..] : "row");
    }

    /// <summary>A decimal number with a point or, as Swedish spreadsheets write it, a comma.</summary>
    public static double? Number(string text) =>
        double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;
}
