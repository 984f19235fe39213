using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Tests.Hosting;

/// <summary>The one CSV writer: every cell of every download (weekly report, audit log, dashboard) is guarded against formulas.</summary>
public sealed class CsvTableTests
{
    private static readonly string[] Columns = ["name", "value"];

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"\"http://evil\"\")")]
    [InlineData("+46 8 123", "'+46 8 123")]
    [InlineData("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0")]
    [InlineData("@SUM(1+1)", "'@SUM(1+1)")]
    [InlineData("\tsneaky", "'\tsneaky")]
    public void A_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(string value, string written)
    {
        var lines = CsvTable.Write(Columns, [["x", value]]).Split(Environment.NewLine);
        Assert.Equal("name,value", lines[0]);
        // Sep quotes the cell when it holds a quote or a separator, and doubles the quotes inside.
        Assert.Equal($"x,{(written.Contains('"', StringComparison.Ordinal) ? $"\"{written}\"" : written)}", lines[1]);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("+1.5")]
    [InlineData("-0.25e3")]
    public void Numbers_keep_their_sign(string number) =>
        Assert.Equal($"name,value{Environment.NewLine}n,{number}{Environment.NewLine}", CsvTable.Write(Columns, [["n", number]]));

    [Fact]
    public void Commas_quotes_and_line_breaks_stay_inside_their_cell() =>
        Assert.Equal($"name,value{Environment.NewLine}\"Skola, norra\",\"a \"\"b\"\"\nc\"{Environment.NewLine}",
            CsvTable.Write(Columns, [["Skola, norra", "a \"b\"\nc"]]));

    [Fact]
    public void The_header_stands_alone_when_there_are_no_rows_and_can_be_left_out_for_a_later_chunk()
    {
        Assert.Equal($"name,value{Environment.NewLine}", CsvTable.Write(Columns, []));
        Assert.Equal($"a,1{Environment.NewLine}", CsvTable.Write(Columns, [["a", "1"]], withHeader: false));
    }

    [Fact]
    public void A_row_of_the_wrong_width_is_a_programming_error() =>
        Assert.Throws<ArgumentException>(() => CsvTable.Write(Columns, [["only one"]]));
}
