using System.Net;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Measures;

/// <summary>GET /api/measures/{id}/effect: did it work? Counts before and after, against a ring around the target.</summary>
public abstract class MeasureEffectTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    // Away from the squares other tests use (Places.Next runs along 59.28–59.30): the 1 km rings must hold only this test's rows.
    private static readonly Place Alvik = new(17.980, 59.334);
    private static readonly Place Akeshov = new(17.925, 59.342);
    private static readonly Place Fredhall = new(18.010, 59.329);
    private static readonly Place Hasselby = new(17.830, 59.372); // far west: its 2 km control ring holds only this test's rows

    /// <summary>The measure starts 2026-09-01; the test clock stands at 2026-11-27, so 12 weeks either side fit.</summary>
    private static readonly DateTimeOffset Start = new(2026, 8, 31, 22, 0, 0, TimeSpan.Zero);

    private static object Measure(object target, string startsOn = "2026-09-01") => new Dictionary<string, object?>(
        JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(target))!)
    {
        ["kind"] = "Lighting",
        ["title"] = "Belysning vid tunnelbanan",
        ["startsOn"] = startsOn,
    };

    private static async Task PostManyAsync(HttpClient client, Place place, int count, DateTimeOffset from, string category = "Dealing", string classification = "Internal")
    {
        for (var i = 0; i < count; i++)
            await client.PostObservationAsync(ObservationBody.At(place, from.AddHours(17 + (i * 25)), category, classification: classification));
    }

    private static Place North(Place place, double metres) => new(place.Lon, place.Lat + (metres / 111_320));

    [Fact]
    public async Task Halving_against_a_steady_ring_is_a_rate_ratio_of_one_half_with_the_hand_computed_interval()
    {
        using var police = app.ClientFor(Role.Police);
        var ring = North(Alvik, 500);
        var measure = await police.PostJsonAsync("/api/measures", Measure(new { area = new { type = "Polygon", coordinates = Alvik.Square() } }), HttpStatusCode.Created);
        await PostManyAsync(police, Alvik, 20, Start.AddDays(-80));
        await PostManyAsync(police, Alvik, 10, Start.AddDays(3));
        await PostManyAsync(police, ring, 30, Start.AddDays(-80));
        await PostManyAsync(police, ring, 30, Start.AddDays(3));
        // Not counted: another category, outside the windows, inside the 200 m gap.
        await PostManyAsync(police, Alvik, 4, Start.AddDays(3), category: "Vandalism");
        await PostManyAsync(police, Alvik, 4, Start.AddDays(-120));
        await PostManyAsync(police, North(Alvik, 120), 6, Start.AddDays(3));
        // Seen only by the police: five restricted observations after the start.
        await PostManyAsync(police, Alvik, 5, Start.AddDays(5), classification: "Restricted");

        using var coordinator = app.ClientFor(Role.Coordinator);
        var effect = await coordinator.GetJsonAsync($"/api/measures/{measure.Id()}/effect");

        var counts = effect.GetProperty("counts");
        Assert.Equal([20, 10, 30, 30], new[] { "targetBefore", "targetAfter", "comparisonBefore", "comparisonAfter" }.Select(c => counts.GetProperty(c).GetInt32()));
        Assert.True(effect.GetProperty("sufficient").GetBoolean());
        Assert.Equal(0.5, effect.GetProperty("rateRatio").GetDouble(), 9);
        // exp(ln 0.5 ± 1.959964 · √(1/20 + 1/10 + 1/30 + 1/30)), worked by hand: SE = 0.465475.
        Assert.Equal(0.200797, effect.GetProperty("lower").GetDouble(), 4);
        Assert.Equal(1.245038, effect.GetProperty("upper").GetDouble(), 4);
        Assert.Equal(84, effect.GetProperty("daysEachSide").GetInt32());
        Assert.Equal("2026-06-08T22:00:00+00:00", effect.GetProperty("beforeFrom").GetString());
        Assert.Equal("Polygon", effect.GetProperty("target").GetProperty("type").GetString());

        var forPolice = await police.GetJsonAsync($"/api/measures/{measure.Id()}/effect");
        Assert.Equal(15, forPolice.GetProperty("counts").GetProperty("targetAfter").GetInt32());
    }

    [Fact]
    public async Task The_displacement_design_weighs_the_buffer_against_a_control_beyond_it_with_the_hand_computed_quotient()
    {
        using var police = app.ClientFor(Role.Police);
        var measure = await police.PostJsonAsync("/api/measures", Measure(new { area = new { type = "Polygon", coordinates = Hasselby.Square() } }), HttpStatusCode.Created);
        await PostManyAsync(police, Hasselby, 20, Start.AddDays(-80));
        await PostManyAsync(police, Hasselby, 10, Start.AddDays(3));
        await PostManyAsync(police, North(Hasselby, 300), 10, Start.AddDays(-80)); // the buffer: activity pushed round the corner
        await PostManyAsync(police, North(Hasselby, 300), 15, Start.AddDays(3));
        await PostManyAsync(police, North(Hasselby, 1500), 40, Start.AddDays(-80)); // the control, 1-2 km out
        await PostManyAsync(police, North(Hasselby, 1500), 40, Start.AddDays(3));
        await PostManyAsync(police, North(Hasselby, 700), 6, Start.AddDays(3)); // between buffer and control: not counted

        using var analyst = app.ClientFor(Role.Analyst);
        var effect = await analyst.GetJsonAsync($"/api/measures/{measure.Id()}/effect?design=displacement");

        var displacement = effect.GetProperty("displacement");
        var counts = displacement.GetProperty("counts");
        Assert.Equal([20, 10, 10, 15, 40, 40], new[] { "targetBefore", "targetAfter", "bufferBefore", "bufferAfter", "controlBefore", "controlAfter" }
            .Select(c => counts.GetProperty(c).GetInt32()));
        // SM = 10/40 − 20/40 = −0.25; BDM = 15/40 − 10/40 = 0.125; WDQ = −0.5; net = [20 − 10] + [10 − 15] = 5.
        Assert.Equal(-0.25, displacement.GetProperty("successMeasure").GetDouble(), 9);
        Assert.Equal(0.125, displacement.GetProperty("bufferMeasure").GetDouble(), 9);
        Assert.Equal(-0.5, displacement.GetProperty("wdq").GetDouble(), 9);
        Assert.Equal(5, displacement.GetProperty("netEffect").GetDouble(), 9);
        Assert.Equal("DisplacementSmallerThanEffect", displacement.GetProperty("reading").GetString());
        Assert.Equal(500, displacement.GetProperty("bufferMetres").GetDouble());
        var hours = displacement.GetProperty("hours");
        Assert.Equal(20, hours.GetProperty("before").EnumerateArray().Sum(b => b.GetInt32()));
        Assert.Equal(10, hours.GetProperty("after").EnumerateArray().Sum(b => b.GetInt32()));
        Assert.Equal("Polygon", effect.GetProperty("bufferArea").GetProperty("type").GetString());
        // The rate ratio is now against the control: 0.5, where the default ring (which holds the buffer) makes the
        // measure look better than it is.
        Assert.Equal(0.5, effect.GetProperty("rateRatio").GetDouble(), 9);
        var ring = await analyst.GetJsonAsync($"/api/measures/{measure.Id()}/effect");
        Assert.Equal(JsonValueKind.Null, ring.GetProperty("displacement").ValueKind);
        Assert.Equal([10, 21], new[] { "comparisonBefore", "comparisonAfter" }.Select(c => ring.GetProperty("counts").GetProperty(c).GetInt32()));
        Assert.True(ring.GetProperty("rateRatio").GetDouble() < 0.25);
    }

    [Fact]
    public async Task Too_little_data_is_said_not_guessed()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var quiet = await client.PostJsonAsync("/api/measures", Measure(new { area = new { type = "Polygon", coordinates = Akeshov.Square() } }), HttpStatusCode.Created);
        var recent = await client.PostJsonAsync("/api/measures", Measure(new { area = new { type = "Polygon", coordinates = Akeshov.Square() } }, startsOn: "2026-11-24"), HttpStatusCode.Created);

        var none = await client.GetJsonAsync($"/api/measures/{quiet.Id()}/effect");
        var young = await client.GetJsonAsync($"/api/measures/{recent.Id()}/effect");

        Assert.False(none.GetProperty("sufficient").GetBoolean());
        Assert.Equal(JsonValueKind.Null, none.GetProperty("rateRatio").ValueKind);
        Assert.Contains("at least 5", none.GetProperty("insufficientData").GetString(), StringComparison.Ordinal);
        Assert.Equal(5, none.GetProperty("minimumCount").GetInt32());
        Assert.False(young.GetProperty("sufficient").GetBoolean());
        Assert.Contains("run 3 days", young.GetProperty("insufficientData").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_site_is_a_point_and_needs_a_radius()
    {
        var site = await app.SiteAsync(Fredhall, await app.HomeOrganisationAsync());
        using var client = app.ClientFor(Role.Coordinator);
        var measure = await client.PostJsonAsync("/api/measures", Measure(new { siteId = site.Id() }), HttpStatusCode.Created);

        using var without = await client.GetAsync($"/api/measures/{measure.Id()}/effect");
        await without.ExpectProblemAsync(HttpStatusCode.BadRequest, "radius");

        var around = await client.GetJsonAsync($"/api/measures/{measure.Id()}/effect?radius=150&weeks=4");
        Assert.Equal(28, around.GetProperty("daysEachSide").GetInt32());
        Assert.Equal("Polygon", around.GetProperty("target").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Chosen_districts_can_be_the_comparison()
    {
        using var client = app.ClientFor(Role.Analyst);
        using var coordinator = app.ClientFor(Role.Coordinator);
        var district = await app.QueryAsync(db => Task.FromResult(db.Districts.Single(d => d.Name == "Rinkeby").Id));
        var measure = await coordinator.PostJsonAsync("/api/measures", Measure(new { area = new { type = "Polygon", coordinates = Akeshov.Square() } }), HttpStatusCode.Created);

        var effect = await client.GetJsonAsync($"/api/measures/{measure.Id()}/effect?comparison=districts&districts={district}");

        Assert.Equal(["Rinkeby"], effect.GetProperty("comparisonDistricts").EnumerateArray().Select(d => d.GetString()));
        Assert.StartsWith("Chosen districts", effect.GetProperty("comparison").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("weeks=0", "weeks")]
    [InlineData("weeks=abc", "weeks")]
    [InlineData("radius=NaN", "radius")]
    [InlineData("weeks=53", "weeks")]
    [InlineData("comparison=everywhere", "comparison")]
    [InlineData("comparison=districts", "districts")]
    [InlineData("comparison=districts&districts=1;DROP TABLE", "districts")]
    [InlineData("comparison=districts&districts=999999", "districts")]
    [InlineData("ringInner=800&ringOuter=400", "ringOuter")]
    [InlineData("categories=%3Cscript%3E", "categories")]
    [InlineData("radius=5000", "radius")]
    [InlineData("design=%3Cscript%3E", "design")]
    [InlineData("design=displacement&buffer=5", "buffer")]
    [InlineData("design=displacement&buffer=abc", "buffer")]
    [InlineData("design=displacement&ringInner=300", "ringInner")]
    public async Task Bad_questions_are_refused_naming_the_field(string query, string field)
    {
        using var client = app.ClientFor(Role.Coordinator);
        var measure = await client.PostJsonAsync("/api/measures", Measure(new { area = new { type = "Polygon", coordinates = Akeshov.Square() } }), HttpStatusCode.Created);

        using var response = await client.GetAsync($"/api/measures/{measure.Id()}/effect?{query}");

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData(Role.Guard)]
    [InlineData(Role.SchoolStaff)]
    public async Task Those_who_may_not_count_observations_get_no_effect(Role role)
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        var measure = await coordinator.PostJsonAsync("/api/measures", Measure(new { area = new { type = "Polygon", coordinates = Akeshov.Square() } }), HttpStatusCode.Created);
        using var client = app.ClientFor(role);

        using var response = await client.GetAsync($"/api/measures/{measure.Id()}/effect");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await client.GetJsonAsync("/api/measures/999999/effect", HttpStatusCode.NotFound);
    }
}

public sealed class MeasureEffectOnSqlite(SqliteLagesbild app) : MeasureEffectTests<SqliteLagesbild>(app);

public sealed class MeasureEffectOnPostgres(PostgresLagesbild app) : MeasureEffectTests<PostgresLagesbild>(app);
