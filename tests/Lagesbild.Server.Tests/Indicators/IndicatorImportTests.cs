using System.Net;
using System.Text;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Indicators;

/// <summary>POST /api/indicators/import and GET /api/indicators/series: survey figures per area and period.</summary>
public abstract class IndicatorImportTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private const string Header = "indicator,area,period,value,n,source";

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static string Unique(string name) => $"{name} {Api.UniqueLetters()[..8]}";

    private async Task<JsonElement> ImportAsync(HttpClient client, string csv, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var response = await client.PostAsync("/api/indicators/import", Csv(csv));
        return await response.ExpectAsync(status);
    }

    [Fact]
    public async Task A_series_is_imported_per_area_and_read_back_in_period_order()
    {
        using var client = app.ClientFor(Role.Analyst);
        var name = Unique("Oro för brott");
        var result = await ImportAsync(client, $"""
            {Header},provenance
            {name},Stockholm,2020,9,"4 210",Trygghetsmätningen 2020,published
            {name},Stockholm,2014,8,,Trygghetsmätningen 2014,published
            {name},Järva,2019-2020,"14,5",812,Egen enkät,survey
            {name},Rinkeby,2020,16.2,301,Egen enkät,synthetic
            """);

        Assert.Equal(4, result.GetProperty("created").GetInt32());
        var series = await client.GetJsonAsync($"/api/indicators/series?name={Uri.EscapeDataString(name)}");
        Assert.Equal(["City", "Borough", "District"], series.EnumerateArray().Select(s => s.GetProperty("areaKind").GetString()));
        var city = series[0];
        Assert.Equal("Stockholm", city.GetProperty("area").GetString());
        Assert.Equal("%", city.GetProperty("unit").GetString());
        Assert.Equal(["2014", "2020"], city.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("period").GetString()));
        Assert.Equal(4210, city.GetProperty("points")[1].GetProperty("n").GetInt32());
        Assert.Equal("Published", city.GetProperty("points")[1].GetProperty("provenance").GetString());
        Assert.Equal(14.5, series[1].GetProperty("points")[0].GetProperty("value").GetDouble());
        Assert.Equal("2019-2020", series[1].GetProperty("points")[0].GetProperty("period").GetString());

        var borough = await client.GetJsonAsync($"/api/indicators/series?name={Uri.EscapeDataString(name)}&area=järva");
        Assert.Equal("Järva", Assert.Single(borough.EnumerateArray()).GetProperty("area").GetString());
        await ImportAsync(client, $"{Header}\n{name},Kungsholmen,2020,7,,Enkät\n{name},Kungsholmen (stadsdel),2020,6,,Enkät\n");
        var kungsholmen = await client.GetJsonAsync($"/api/indicators/series?name={Uri.EscapeDataString(name)}&area=Kungsholmen");
        Assert.Equal("Borough", Assert.Single(kungsholmen.EnumerateArray()).GetProperty("areaKind").GetString());
    }

    [Fact]
    public async Task Duplicate_rows_are_reported_not_doubled_and_a_rerun_replaces()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var name = Unique("Trygghet kvällstid");
        var csv = $"{Header}\n{name},Tensta,2023,61,400,Egen enkät\n{name},Tensta,2023,61,400,Egen enkät\n{name},Tensta,2020,58,380,Egen enkät\n";

        var first = await ImportAsync(client, csv);
        var again = await ImportAsync(client, csv.Replace("58,380", "57,380", StringComparison.Ordinal));

        Assert.Equal(2, first.GetProperty("created").GetInt32());
        var duplicate = Assert.Single(first.GetProperty("duplicates").EnumerateArray());
        Assert.Equal(1, duplicate.GetProperty("row").GetInt32());
        Assert.Equal(0, duplicate.GetProperty("sameAs").GetInt32());
        Assert.Equal(0, again.GetProperty("created").GetInt32());
        Assert.Equal(2, again.GetProperty("updated").GetInt32());
        var points = (await client.GetJsonAsync($"/api/indicators/series?name={Uri.EscapeDataString(name)}"))[0].GetProperty("points");
        Assert.Equal([57.0, 61.0], points.EnumerateArray().Select(p => p.GetProperty("value").GetDouble()));
    }

    [Fact]
    public async Task Boroughs_before_July_2023_are_pooled_by_n_into_the_borough_of_today()
    {
        using var client = app.ClientFor(Role.Analyst);
        var name = Unique("Oro före 2023");
        // Järva 2020 = (11 · 300 + 13 · 100) / 400 = 11.5; Norra innerstaden 2020 = (6 · 200 + 9 · 200) / 400 = 7.5.
        var result = await ImportAsync(client, $"""
            {Header}
            {name},Rinkeby-Kista,2020,11,300,Trygghetsmätningen 2020
            {name},Spånga–Tensta,2020,13,100,Trygghetsmätningen 2020
            {name},Norrmalm,2020,6,200,Trygghetsmätningen 2020
            {name},Östermalm,2020,9,200,Trygghetsmätningen 2020
            {name},Östermalm,2024,5,150,Egen enkät
            """);

        Assert.Equal(3, result.GetProperty("created").GetInt32());
        Assert.Equal(["Järva", "Norra innerstaden"], result.GetProperty("crosswalked").EnumerateArray().Select(c => c.GetProperty("to").GetString()));
        var jarva = Assert.Single((await client.GetJsonAsync($"/api/indicators/series?name={Uri.EscapeDataString(name)}&area=Järva")).EnumerateArray());
        var point = Assert.Single(jarva.GetProperty("points").EnumerateArray());
        Assert.Equal(11.5, point.GetProperty("value").GetDouble());
        Assert.Equal(400, point.GetProperty("n").GetInt32());
        var norra = (await client.GetJsonAsync($"/api/indicators/series?name={Uri.EscapeDataString(name)}&area=Norra innerstaden"))[0].GetProperty("points");
        Assert.Equal(7.5, Assert.Single(norra.EnumerateArray()).GetProperty("value").GetDouble());
        // From 2024 Östermalm is the stadsdel, no longer a stadsdelsområde.
        var district = await client.GetJsonAsync($"/api/indicators/series?name={Uri.EscapeDataString(name)}&area=Östermalm (stadsdel)");
        Assert.Equal("District", Assert.Single(district.EnumerateArray()).GetProperty("areaKind").GetString());
    }

    [Theory]
    [InlineData("{name},Rinkeby-Kista,2020,11,300,Källa", "rows[0].area")]
    [InlineData("{name},Rinkeby-Kista,2020,11,300,Källa\n{name},Spånga-Tensta,2020,13,,Källa", "rows[1].n")]
    public async Task Old_boroughs_are_not_pooled_in_part_or_without_n(string rows, string field)
    {
        using var client = app.ClientFor(Role.Analyst);
        var csv = $"{Header}\n{rows.Replace("{name}", Unique("Del av Järva"), StringComparison.Ordinal)}\n";

        using var response = await client.PostAsync("/api/indicators/import", Csv(csv));

        await response.ExpectProblemAsync(System.Net.HttpStatusCode.BadRequest, field);
    }

    // {good} is a good row: nothing of a file may be stored when any row of it is bad.
    [Theory]
    [InlineData("indicator,area,period,valu,n,source\n{good}", "header")]
    [InlineData("indicator,area,period,value,n,source,colour\n{good},red", "header")]
    [InlineData("indicator,area,period,value,n,source,value\n{good},9", "header")]
    [InlineData("indicator,area,period,value,n,source\n{good}\nX1,Stockholm,2020,nio,,Källa", "rows[1].value")]
    [InlineData("indicator,area,period,value,n,source\n{good}\nX1,Stockholm,2020,100.5,,Källa", "rows[1].value")]
    [InlineData("indicator,area,period,value,n,source,unit\n{good},\nX1,Stockholm,2020,-4,,Källa,per 1000", "rows[1].value")]
    [InlineData("indicator,area,period,value,n,source\n{good}\nX1,Stockholm,våren 2020,9,,Källa", "rows[1].period")]
    [InlineData("indicator,area,period,value,n,source\n{good}\nX1,Stockholm,2021-2019,9,,Källa", "rows[1].period")]
    [InlineData("indicator,area,period,value,n,source\n{good}\nX1,Atlantis,2020,9,,Källa", "rows[1].area")]
    [InlineData("indicator,area,period,value,n,source\n{good}\nX1,Stockholm,2020,9,-3,Källa", "rows[1].n")]
    [InlineData("indicator,area,period,value,n,source,provenance\n{good},\nX1,Stockholm,2020,9,,Källa,rumour", "rows[1].provenance")]
    [InlineData("indicator,area,period,value,n,source\n{good}\nX1,Stockholm,2020,9,,Källa\nX1,Stockholm,2020,10,,Källa", "rows[2].value")]
    [InlineData("indicator,area,period,value,n,source\n{good}\nX1,Stockholm,2020,9,,Svar från 19811218-9876", "rows[1].source")]
    [InlineData("", "body")]
    [InlineData("indicator,area,period,value,n,source\n", "body")]
    public async Task Bad_files_are_refused_whole_naming_the_field(string csv, string field)
    {
        using var client = app.ClientFor(Role.Analyst);
        var name = Unique("Halvskrivet");

        using var response = await client.PostAsync("/api/indicators/import", Csv(csv.Replace("{good}", $"{name},Stockholm,2020,9,,Källa", StringComparison.Ordinal)));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Empty((await client.GetJsonAsync($"/api/indicators/series?name={Uri.EscapeDataString(name)}")).EnumerateArray());
    }

    [Fact]
    public async Task An_oversized_file_is_refused_and_nothing_is_stored()
    {
        using var client = app.ClientFor(Role.Analyst);
        var name = Unique("Stor fil");
        var csv = new StringBuilder(Header).Append('\n');
        for (var year = 0; csv.Length < 1_100_000; year++)
            csv.Append(name).Append(",Stockholm,").Append(1990 + (year % 100)).Append(",9,,").Append(new string('k', 200)).Append('\n');

        using var response = await client.PostAsync("/api/indicators/import", Csv(csv.ToString()));

        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "body");
        Assert.Empty((await client.GetJsonAsync($"/api/indicators/series?name={Uri.EscapeDataString(name)}")).EnumerateArray());
    }

    [Fact]
    public async Task Hostile_text_is_stored_as_text()
    {
        using var client = app.ClientFor(Role.Admin);
        var name = Unique("<script>alert(1)</script>'; DROP TABLE \"IndicatorValues\";--");

        await ImportAsync(client, $"{Header}\n\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\",Stockholm,2020,9,,<b>Källa</b>\n");

        var series = await client.GetJsonAsync($"/api/indicators/series?name={Uri.EscapeDataString(name)}");
        Assert.Equal(name, series[0].GetProperty("indicator").GetString());
        Assert.Equal("<b>Källa</b>", series[0].GetProperty("points")[0].GetProperty("source").GetString());
    }

    [Theory]
    [InlineData(Role.Police)]
    [InlineData(Role.SchoolStaff)]
    [InlineData(Role.Guard)]
    public async Task Only_analysts_coordinators_and_administrators_import(Role role)
    {
        using var client = app.ClientFor(role);
        var name = Unique("Förbjuden");

        using var response = await client.PostAsync("/api/indicators/import", Csv($"{Header}\n{name},Stockholm,2020,9,,Källa\n"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty((await client.GetJsonAsync($"/api/indicators/series?name={Uri.EscapeDataString(name)}")).EnumerateArray());
    }

    [Fact]
    public async Task An_unknown_area_in_a_question_is_refused()
    {
        using var client = app.ClientFor(Role.Analyst);
        using var response = await client.GetAsync("/api/indicators/series?area=Atlantis");
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "area");
    }
}

public sealed class IndicatorImportOnSqlite(SqliteLagesbild app) : IndicatorImportTests<SqliteLagesbild>(app);

public sealed class IndicatorImportOnPostgres(PostgresLagesbild app) : IndicatorImportTests<PostgresLagesbild>(app);
