using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Scenes;

public abstract class SceneLineageTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static double[][][] Box(double west, double south, double east, double north) =>
        [[[west, south], [east, south], [east, north], [west, north], [west, south]]];

    /// <summary>The place's square and the square just east of it, sharing its east edge.</summary>
    private static (double[][][] West, double[][][] East, Place Place) Neighbours()
    {
        var p = Places.Next();
        return (p.Square(), Box(p.Lon + Place.Half, p.Lat - Place.Half, p.Lon + (3 * Place.Half), p.Lat + Place.Half), p);
    }

    private static List<JsonElement> Links(JsonElement scene) => [.. scene.Props().GetProperty("lineage").GetProperty("links").EnumerateArray()];

    private Task<int> AuditCountAsync(string action, long sceneId) => app.QueryAsync(db =>
        db.AuditEntries.CountAsync(a => a.Action == action && a.Entity == "Scene" && a.EntityId == sceneId.ToString(CultureInfo.InvariantCulture)));

    [Fact]
    public async Task A_merge_ends_the_scene_and_gives_the_receiving_scene_the_union_with_lineage_both_ways()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var (west, east, place) = Neighbours();
        var merged = await client.PostSceneAsync(west, status: "Active", statusAt: LagesbildFactory.Now.AddDays(-40), name: "Scen väst");
        var receiving = await client.PostSceneAsync(east, status: "Active", statusAt: LagesbildFactory.Now.AddDays(-30), name: "Scen öst");

        using var response = await client.PostKeyedAsync($"/api/scenes/{merged.Id()}/merge", new { into = receiving.Id(), reason = "Har vuxit ihop." });
        var answer = await response.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Ceased", answer.Props().GetProperty("status").GetString());
        var last = answer.Props().GetProperty("history").EnumerateArray().Last();
        Assert.Equal("Merged into Scen öst. Har vuxit ihop.", last.GetProperty("reason").GetString());
        Assert.True(answer.Props().GetProperty("lineage").GetProperty("ended").GetBoolean());
        var into = Assert.Single(Links(answer));
        Assert.Equal(("mergedInto", receiving.Id(), "Scen öst"), (into.GetProperty("relation").GetString(), into.GetProperty("scene").GetInt64(), into.GetProperty("name").GetString()));

        var after = await client.GetJsonAsync($"/api/scenes/{receiving.Id()}");
        Assert.Equal("Active", after.Props().GetProperty("status").GetString());
        var from = Assert.Single(Links(after));
        Assert.Equal(("mergedFrom", merged.Id()), (from.GetProperty("relation").GetString(), from.GetProperty("scene").GetInt64()));
        // The union spans both squares: from the west square's west edge to the east square's east edge.
        var ring = after.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray().Select(c => c[0].GetDouble()).ToList();
        Assert.Equal(place.Lon - Place.Half, ring.Min(), 9);
        Assert.Equal(place.Lon + (3 * Place.Half), ring.Max(), 9);
        var areas = after.Props().GetProperty("lineage").GetProperty("areas").EnumerateArray().ToList();
        Assert.Equal(2, areas.Count);
        Assert.Equal("Registered.", areas[0].GetProperty("reason").GetString());
        Assert.Equal(LagesbildFactory.Now, areas[0].GetProperty("to").GetDateTimeOffset());
        Assert.Equal("Merged with Scen väst.", areas[1].GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, areas[1].GetProperty("to").ValueKind);
        Assert.Equal(1, await AuditCountAsync("merge", merged.Id()));
    }

    [Fact]
    public async Task A_merge_is_refused_into_itself_an_unknown_scene_or_an_ended_one()
    {
        using var client = app.ClientFor(Role.Police);
        var (west, east, _) = Neighbours();
        var a = await client.PostSceneAsync(west, status: "Active");
        var b = await client.PostSceneAsync(east, status: "Active");
        var far = await client.PostSceneAsync(Places.Next().Square(), status: "Active");

        using (var itself = await client.PostKeyedAsync($"/api/scenes/{a.Id()}/merge", new { into = a.Id() }))
            await itself.ExpectCodeAsync(HttpStatusCode.BadRequest, "into", "Itself");
        using (var unknown = await client.PostKeyedAsync($"/api/scenes/{a.Id()}/merge", new { into = 999_999 }))
            await unknown.ExpectCodeAsync(HttpStatusCode.BadRequest, "into", "NotFound");
        using (var apart = await client.PostKeyedAsync($"/api/scenes/{a.Id()}/merge", new { into = far.Id() }))
            await apart.ExpectCodeAsync(HttpStatusCode.Conflict, "into", "Apart");
        using (var missing = await client.PostKeyedAsync($"/api/scenes/{a.Id()}/merge", new { reason = "Utan mål." }))
            await missing.ExpectProblemAsync(HttpStatusCode.BadRequest, "into");
        using (var noScene = await client.PostKeyedAsync("/api/scenes/999999/merge", new { into = a.Id() }))
            Assert.Equal(HttpStatusCode.NotFound, noScene.StatusCode);

        using (var merged = await client.PostKeyedAsync($"/api/scenes/{a.Id()}/merge", new { into = b.Id() }))
            await merged.ExpectAsync(HttpStatusCode.OK);
        using (var again = await client.PostKeyedAsync($"/api/scenes/{a.Id()}/merge", new { into = b.Id() }))
            await again.ExpectCodeAsync(HttpStatusCode.Conflict, "scene", "Ended");
        using (var intoMerged = await client.PostKeyedAsync($"/api/scenes/{b.Id()}/merge", new { into = a.Id() }))
            await intoMerged.ExpectCodeAsync(HttpStatusCode.Conflict, "into", "Ended");
        // A merged scene takes no further status change: its place lives on in the receiving scene.
        using (var reopen = await client.PostKeyedAsync($"/api/scenes/{a.Id()}/status", new { status = "Reopened", reason = "Tillbaka." }))
            await reopen.ExpectCodeAsync(HttpStatusCode.Conflict, "status", "Ended");
    }

    [Fact]
    public async Task A_ceased_scene_is_neither_merged_nor_merged_into()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var (west, east, _) = Neighbours();
        var ceased = await client.PostSceneAsync(west, status: "Ceased", statusAt: LagesbildFactory.Now.AddDays(-3));
        var open = await client.PostSceneAsync(east, status: "Active");

        using (var from = await client.PostKeyedAsync($"/api/scenes/{ceased.Id()}/merge", new { into = open.Id() }))
            await from.ExpectCodeAsync(HttpStatusCode.Conflict, "scene", "Ended");
        using (var into = await client.PostKeyedAsync($"/api/scenes/{open.Id()}/merge", new { into = ceased.Id() }))
            await into.ExpectCodeAsync(HttpStatusCode.Conflict, "into", "Ended");
    }

    [Fact]
    public async Task A_retried_merge_answers_the_first_and_a_reused_key_is_refused()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var (west, east, _) = Neighbours();
        var a = await client.PostSceneAsync(west, status: "Active");
        var b = await client.PostSceneAsync(east, status: "Active");
        var key = Guid.NewGuid().ToString();

        using var first = await client.PostKeyedAsync($"/api/scenes/{a.Id()}/merge", new { into = b.Id() }, key);
        await first.ExpectAsync(HttpStatusCode.OK);
        using var retry = await client.PostKeyedAsync($"/api/scenes/{a.Id()}/merge", new { into = b.Id() }, key);
        var replayed = await retry.ExpectAsync(HttpStatusCode.OK);
        using var reused = await client.PostKeyedAsync($"/api/scenes/{b.Id()}/merge", new { into = a.Id() }, key);

        Assert.Equal("Ceased", replayed.Props().GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal(1, await app.QueryAsync(db => db.SceneLinks.CountAsync(l => l.FromSceneId == a.Id())));
        Assert.Equal(1, await app.QueryAsync(db => db.SceneStatusEntries.CountAsync(h => h.SceneId == a.Id() && h.Status == Core.Scenes.SceneStatus.Ceased)));
    }

    [Theory]
    [InlineData(Role.Analyst)]
    [InlineData(Role.SchoolManager)]
    [InlineData(Role.SchoolStaff)]
    [InlineData(Role.Guard)]
    [InlineData(Role.SocialServices)]
    public async Task Who_does_not_keep_the_register_may_not_merge_or_split(Role role)
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        var (west, east, place) = Neighbours();
        var a = await coordinator.PostSceneAsync(west, status: "Active");
        var b = await coordinator.PostSceneAsync(east, status: "Active");
        using var client = app.ClientFor(role);

        using var merge = await client.PostKeyedAsync($"/api/scenes/{a.Id()}/merge", new { into = b.Id() });
        using var split = await client.PostKeyedAsync($"/api/scenes/{a.Id()}/split", new { parts = Halves(place) });

        Assert.Equal(HttpStatusCode.Forbidden, merge.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, split.StatusCode);
        Assert.Equal(0, await app.QueryAsync(db => db.SceneLinks.CountAsync(l => l.FromSceneId == a.Id())));
    }

    private static object[] Halves(Place p) =>
    [
        new { type = "Polygon", coordinates = Box(p.Lon - Place.Half, p.Lat - Place.Half, p.Lon, p.Lat + Place.Half) },
        new { type = "Polygon", coordinates = Box(p.Lon, p.Lat - Place.Half, p.Lon + Place.Half, p.Lat + Place.Half) },
    ];

    [Fact]
    public async Task A_split_makes_a_scene_per_part_with_lineage_and_ends_the_original()
    {
        using var client = app.ClientFor(Role.Police);
        var place = Places.Next();
        var original = await client.PostSceneAsync(place.Square(), status: "Active", statusAt: LagesbildFactory.Now.AddDays(-60), name: "Scen hel");

        using var response = await client.PostKeyedAsync($"/api/scenes/{original.Id()}/split",
            new { parts = Halves(place), names = new[] { "Scen väster", "<script>alert(1)</script>" }, reason = "Två skilda platser." });
        var answer = await response.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Ceased", answer.Props().GetProperty("status").GetString());
        var parts = Links(answer);
        Assert.Equal(["splitInto", "splitInto"], parts.Select(l => l.GetProperty("relation").GetString()));
        Assert.Equal(["Scen väster", "<script>alert(1)</script>"], parts.Select(l => l.GetProperty("name").GetString()));
        foreach (var link in parts)
        {
            var part = await client.GetJsonAsync($"/api/scenes/{link.GetProperty("scene").GetInt64()}");
            Assert.Equal("Active", part.Props().GetProperty("status").GetString());
            var from = Assert.Single(Links(part));
            Assert.Equal(("splitFrom", original.Id(), "Scen hel"), (from.GetProperty("relation").GetString(), from.GetProperty("scene").GetInt64(), from.GetProperty("name").GetString()));
            Assert.Equal("Split from Scen hel.", Assert.Single(part.Props().GetProperty("lineage").GetProperty("areas").EnumerateArray()).GetProperty("reason").GetString());
        }
        Assert.Equal(1, await AuditCountAsync("split", original.Id()));
    }

    [Fact]
    public async Task Split_parts_outside_the_scene_or_overlapping_each_other_are_refused_by_part()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var p = Places.Next();
        var scene = await client.PostSceneAsync(p.Square(), status: "Active");
        var west = new { type = "Polygon", coordinates = Box(p.Lon - Place.Half, p.Lat - Place.Half, p.Lon, p.Lat + Place.Half) };
        var outside = new { type = "Polygon", coordinates = Box(p.Lon + Place.Half, p.Lat - Place.Half, p.Lon + (3 * Place.Half), p.Lat + Place.Half) };
        var overlapping = new { type = "Polygon", coordinates = Box(p.Lon - (Place.Half / 2), p.Lat - Place.Half, p.Lon + Place.Half, p.Lat + Place.Half) };
        var url = $"/api/scenes/{scene.Id()}/split";

        using (var response = await client.PostKeyedAsync(url, new { parts = new[] { west, outside } }))
            await response.ExpectCodeAsync(HttpStatusCode.BadRequest, "parts[1]", "PartOutside");
        using (var response = await client.PostKeyedAsync(url, new { parts = new[] { west, overlapping } }))
            await response.ExpectCodeAsync(HttpStatusCode.BadRequest, "parts[1]", "PartsOverlap");
        using (var response = await client.PostKeyedAsync(url, new { parts = new[] { west } }))
            await response.ExpectCodeAsync(HttpStatusCode.BadRequest, "parts", "TooFew");
        using (var response = await client.PostKeyedAsync(url, new { parts = new object[] { west, new { type = "Polygon", coordinates = Box(500, 59, 501, 60) } } }))
            await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "parts[1]");
        using (var response = await client.PostKeyedAsync(url, new { parts = new object[] { west, new { type = "Point", coordinates = Box(18, 59, 18.1, 59.1) } } }))
            await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "parts[1]");
        using (var response = await client.PostKeyedAsync(url, new { parts = Halves(p), names = new[] { "Bara ett namn" } }))
            await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "names");
        using (var response = await client.PostAsync(url, new StringContent("{\"parts\": [", Encoding.UTF8, "application/json")))
            await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        using (var response = await client.PostAsync($"/api/scenes/{scene.Id()}/merge", new StringContent("{\"into\": \"två\"}", Encoding.UTF8, "application/json")))
            await response.ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("Active", (await client.GetJsonAsync($"/api/scenes/{scene.Id()}")).Props().GetProperty("status").GetString());
        Assert.Equal(0, await app.QueryAsync(db => db.SceneLinks.CountAsync(l => l.FromSceneId == scene.Id())));
    }

    [Fact]
    public async Task A_retried_split_makes_its_parts_once()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var place = Places.Next();
        var scene = await client.PostSceneAsync(place.Square(), status: "Suspected");
        var key = Guid.NewGuid().ToString();

        using var first = await client.PostKeyedAsync($"/api/scenes/{scene.Id()}/split", new { parts = Halves(place), reason = "' OR 1=1; DROP TABLE \"Scenes\"; --" }, key);
        var answer = await first.ExpectAsync(HttpStatusCode.OK);
        using var retry = await client.PostKeyedAsync($"/api/scenes/{scene.Id()}/split", new { parts = Halves(place), reason = "' OR 1=1; DROP TABLE \"Scenes\"; --" }, key);
        await retry.ExpectAsync(HttpStatusCode.OK);
        using var again = await client.PostKeyedAsync($"/api/scenes/{scene.Id()}/split", new { parts = Halves(place) });

        await again.ExpectCodeAsync(HttpStatusCode.Conflict, "scene", "Ended");
        Assert.Equal(2, await app.QueryAsync(db => db.SceneLinks.CountAsync(l => l.FromSceneId == scene.Id())));
        Assert.Equal("Split into 2 parts. ' OR 1=1; DROP TABLE \"Scenes\"; --", answer.Props().GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString());
        // Parts of a suspected scene are suspected, named after it.
        var part = await client.GetJsonAsync($"/api/scenes/{Links(answer)[0].GetProperty("scene").GetInt64()}");
        Assert.Equal("Suspected", part.Props().GetProperty("status").GetString());
        Assert.EndsWith(" – del 1", part.Props().GetProperty("name").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_new_outline_is_dated_in_the_area_history()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var place = Places.Next();
        var scene = await client.PostSceneAsync(place.Square(), name: "Ritas om");
        app.Clock.Advance(TimeSpan.FromDays(2));
        try
        {
            var bigger = Box(place.Lon - Place.Half, place.Lat - Place.Half, place.Lon + (2 * Place.Half), place.Lat + Place.Half);
            await client.PutJsonAsync($"/api/scenes/{scene.Id()}", new { name = "Ritas om", area = new { type = "Polygon", coordinates = bigger } }, HttpStatusCode.OK);
            // The same outline again is no new outline.
            await client.PutJsonAsync($"/api/scenes/{scene.Id()}", new { name = "Ritas om igen", area = new { type = "Polygon", coordinates = bigger } }, HttpStatusCode.OK);
        }
        finally
        {
            app.Clock.AdjustTime(LagesbildFactory.Now);
        }

        var areas = (await client.GetJsonAsync($"/api/scenes/{scene.Id()}")).Props().GetProperty("lineage").GetProperty("areas").EnumerateArray().ToList();

        Assert.Equal(["Registered.", "Redrawn."], areas.Select(a => a.GetProperty("reason").GetString()));
        Assert.Equal(LagesbildFactory.Now, areas[0].GetProperty("from").GetDateTimeOffset());
        Assert.Equal(LagesbildFactory.Now.AddDays(2), areas[0].GetProperty("to").GetDateTimeOffset());
        Assert.Equal(LagesbildFactory.Now.AddDays(2), areas[1].GetProperty("from").GetDateTimeOffset());
        Assert.Equal(place.Lon + (2 * Place.Half), areas[1].GetProperty("area").GetProperty("coordinates")[0].EnumerateArray().Max(c => c[0].GetDouble()), 9);
        Assert.Equal("Test Coordinator", areas[1].GetProperty("by").GetString());
    }

    [Fact]
    public async Task The_terms_count_a_merge_as_redrawn_not_as_ceased()
    {
        using var client = app.ClientFor(Role.Analyst);
        using var coordinator = app.ClientFor(Role.Coordinator);
        var (west, east, _) = Neighbours();
        var a = await coordinator.PostSceneAsync(west, status: "Active", statusAt: LagesbildFactory.Now.AddDays(-5));
        var b = await coordinator.PostSceneAsync(east, status: "Active", statusAt: LagesbildFactory.Now.AddDays(-5));
        // Counts run to the start of today: the merge, made now, shows from tomorrow, and both reads are made then.
        var before = await TomorrowAsync(client);

        await coordinator.PostJsonAsync($"/api/scenes/{a.Id()}/merge", new { into = b.Id() }, HttpStatusCode.OK);
        var response = await TomorrowAsync(client);

        Assert.Equal(0, response.GetProperty("goal").GetInt32());
        var terms = response.GetProperty("terms").EnumerateArray().ToList();
        Assert.Equal(["2014–2018", "2018–2022", "2022–2026", "2026–2030"], terms.Select(t => t.GetProperty("term").GetString()));
        var present = terms[^1];
        Assert.True(present.GetProperty("ongoing").GetBoolean());
        before = before.GetProperty("terms").EnumerateArray().Last();
        Assert.Equal(before.GetProperty("new").GetInt32(), present.GetProperty("new").GetInt32());
        Assert.Equal(before.GetProperty("ceased").GetInt32(), present.GetProperty("ceased").GetInt32());
        Assert.Equal(before.GetProperty("redrawn").GetInt32() - 1, present.GetProperty("redrawn").GetInt32());
        foreach (var term in terms)
        {
            Assert.Equal(term.GetProperty("atEnd").GetInt32() - term.GetProperty("atStart").GetInt32(),
                term.GetProperty("net").GetInt32() + term.GetProperty("redrawn").GetInt32());
        }
    }

    private async Task<JsonElement> TomorrowAsync(HttpClient client)
    {
        app.Clock.Advance(TimeSpan.FromDays(1));
        try
        {
            return await client.GetJsonAsync("/api/scenes/terms");
        }
        finally
        {
            app.Clock.AdjustTime(LagesbildFactory.Now);
        }
    }

    [Theory]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("from=2027-01-01", "from")]
    public async Task The_terms_refuse_a_bad_or_future_start(string query, string field)
    {
        using var client = app.ClientFor(Role.Analyst);

        using var response = await client.GetAsync($"/api/scenes/terms?{query}");

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }
}

public sealed class SceneLineageOnSqlite(SqliteLagesbild app) : SceneLineageTests<SqliteLagesbild>(app);

public sealed class SceneLineageOnPostgres(PostgresLagesbild app) : SceneLineageTests<PostgresLagesbild>(app);
