using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Scenes;

public abstract class SceneApiTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private const int WednesdayEvening = (2 * 24) + 20;
    private const int ThursdayMorning = (3 * 24) + 10;

    [Fact]
    public async Task Post_registers_a_scene_in_its_district()
    {
        using var client = app.ClientFor(Role.Coordinator);

        using var response = await client.PostAsJsonAsync("/api/scenes", new
        {
            name = "  Scen Rinkeby test  ",
            area = new { type = "Polygon", coordinates = Places.Rinkeby.Square() },
            description = "Vid torget.",
        });
        var scene = await response.ExpectAsync(HttpStatusCode.Created);

        Assert.Equal($"/api/scenes/{scene.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal("Polygon", scene.GetProperty("geometry").GetProperty("type").GetString());
        var props = scene.Props();
        Assert.Equal("Scen Rinkeby test", props.GetProperty("name").GetString());
        Assert.Equal("Rinkeby", props.GetProperty("district").GetString());
        Assert.Equal("Järva", props.GetProperty("borough").GetString());
        Assert.Equal("Suspected", props.GetProperty("status").GetString());
        Assert.Equal("Vid torget.", props.GetProperty("description").GetString());
        var centre = props.GetProperty("centre");
        Assert.InRange(centre[0].GetDouble(), Places.Rinkeby.Lon - Place.Half, Places.Rinkeby.Lon + Place.Half);
        Assert.InRange(centre[1].GetDouble(), Places.Rinkeby.Lat - Place.Half, Places.Rinkeby.Lat + Place.Half);
    }

    [Fact]
    public async Task Get_shows_history_notes_and_active_hours()
    {
        using var client = app.ClientFor(Role.Police);
        var created = await client.PostSceneAsync(Places.Next().Square());

        var scene = (await client.GetJsonAsync($"/api/scenes/{created.Id()}")).Props();

        var history = scene.GetProperty("history").EnumerateArray().ToList();
        var entry = Assert.Single(history);
        Assert.Equal("Suspected", entry.GetProperty("status").GetString());
        Assert.Equal(LagesbildFactory.Now, entry.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("Test Police", entry.GetProperty("by").GetString());
        Assert.Equal(JsonValueKind.Array, scene.GetProperty("notes").ValueKind);
        Assert.Equal(0, scene.GetProperty("notes").GetArrayLength());
        Assert.Equal(168, scene.GetProperty("activeHours").GetArrayLength());
        Assert.Equal("observations", scene.GetProperty("activeHoursSource").GetString());
        Assert.Equal(0, scene.GetProperty("profileObservations").GetInt32());
    }

    [Fact]
    public async Task Active_hours_are_derived_from_the_observations_inside_the_area()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var place = Places.Next();
        // A triangle: the south-west half of the place's square.
        var (w, s, e, n) = (place.Lon - Place.Half, place.Lat - Place.Half, place.Lon + Place.Half, place.Lat + Place.Half);
        var scene = await client.PostSceneAsync([[[w, s], [e, s], [w, n], [w, s]]]);
        var (insideLon, insideLat) = place.At(-0.5, -0.5);
        var (outsideLon, outsideLat) = place.At(0.8, 0.8);
        // Three Wednesdays at 20:30 local (CET) and one Thursday at 10:30 local, inside the area.
        foreach (var day in new[] { 4, 11, 18 })
            await client.PostObservationAsync(new ObservationBody("Dealing", insideLat, insideLon, new DateTimeOffset(2026, 11, day, 19, 30, 0, TimeSpan.Zero)));
        await client.PostObservationAsync(new ObservationBody("Use", insideLat, insideLon, new DateTimeOffset(2026, 11, 19, 9, 30, 0, TimeSpan.Zero)));
        // Neither of these counts: outside the triangle (inside its bbox), and over a year ago.
        await client.PostObservationAsync(new ObservationBody("Use", outsideLat, outsideLon, new DateTimeOffset(2026, 11, 19, 9, 30, 0, TimeSpan.Zero)));
        await client.PostObservationAsync(new ObservationBody("Use", insideLat, insideLon, new DateTimeOffset(2025, 11, 20, 9, 30, 0, TimeSpan.Zero)));

        var props = (await client.GetJsonAsync($"/api/scenes/{scene.Id()}")).Props();

        var hours = props.GetProperty("activeHours").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(4, props.GetProperty("profileObservations").GetInt32());
        Assert.Equal(WednesdayEvening, Array.IndexOf(hours, hours.Max()));
        Assert.Equal(1.0, hours[WednesdayEvening]);
        Assert.Equal(1.0 / 3, hours[ThursdayMorning], 3);
        Assert.Equal(2, hours.Count(h => h > 0));
        Assert.Equal("observations", props.GetProperty("activeHoursSource").GetString());
    }

    [Fact]
    public async Task Put_sets_active_hours_by_hand_and_null_goes_back_to_derived()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var place = Places.Next();
        var scene = await client.PostSceneAsync(place.Square(), name: "Handsatt");
        var (lon, lat) = place.At();
        await client.PostObservationAsync(new ObservationBody("Dealing", lat, lon, new DateTimeOffset(2026, 11, 18, 19, 30, 0, TimeSpan.Zero)));
        var manual = new double[168];
        manual[100] = 1;
        manual[101] = 0.5;

        var put = await PutAsync(client, scene.Id(), place, manual);

        var props = put.Props();
        Assert.Equal("manual", props.GetProperty("activeHoursSource").GetString());
        Assert.Equal(manual, props.GetProperty("activeHours").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(1.0, props.GetProperty("derivedActiveHours")[WednesdayEvening].GetDouble());
        var read = (await client.GetJsonAsync($"/api/scenes/{scene.Id()}")).Props();
        Assert.Equal("manual", read.GetProperty("activeHoursSource").GetString());
        Assert.Equal(manual, read.GetProperty("activeHours").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("Handsatt, ändrad", read.GetProperty("name").GetString());

        var cleared = (await PutAsync(client, scene.Id(), place, null)).Props();

        Assert.Equal("observations", cleared.GetProperty("activeHoursSource").GetString());
        Assert.Equal(1.0, cleared.GetProperty("activeHours")[WednesdayEvening].GetDouble());
        Assert.Equal(0.0, cleared.GetProperty("activeHours")[100].GetDouble());
    }

    private static Task<JsonElement> PutAsync(HttpClient client, long id, Place place, double[]? activeHours) =>
        PutJsonAsync(client, id, new { name = "Handsatt, ändrad", area = new { type = "Polygon", coordinates = place.Square() }, activeHours });

    private static async Task<JsonElement> PutJsonAsync(HttpClient client, long id, object body)
    {
        using var response = await client.PutAsJsonAsync($"/api/scenes/{id}", body);
        return await response.ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Status_changes_are_dated_and_follow_the_lifecycle()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var scene = await client.PostSceneAsync(Places.Next().Square(), statusAt: LagesbildFactory.Now.AddDays(-30));

        var active = (await client.ChangeStatusAsync(scene.Id(), "Active", LagesbildFactory.Now.AddDays(-20))).Props();
        Assert.Equal("Active", active.GetProperty("status").GetString());
        Assert.Equal(["Suspected", "Active"], active.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()));
        Assert.Equal("Test: Active.", active.GetProperty("history")[1].GetProperty("reason").GetString());
        var ceased = (await client.ChangeStatusAsync(scene.Id(), "Ceased", LagesbildFactory.Now.AddDays(-10))).Props();
        Assert.Equal("Ceased", ceased.GetProperty("status").GetString());

        using var declining = await client.PostAsJsonAsync($"/api/scenes/{scene.Id()}/status",
            new { status = "Declining", at = LagesbildFactory.Now.AddDays(-5), reason = "Färre." });
        await declining.ExpectProblemAsync(HttpStatusCode.BadRequest, "status");
        using var backdated = await client.PostAsJsonAsync($"/api/scenes/{scene.Id()}/status",
            new { status = "Reopened", at = LagesbildFactory.Now.AddDays(-11), reason = "Tillbaka." });
        await backdated.ExpectProblemAsync(HttpStatusCode.BadRequest, "at");
        using var future = await client.PostAsJsonAsync($"/api/scenes/{scene.Id()}/status",
            new { status = "Reopened", at = LagesbildFactory.Now.AddDays(1), reason = "Tillbaka." });
        await future.ExpectProblemAsync(HttpStatusCode.BadRequest, "at");

        var history = (await client.GetJsonAsync($"/api/scenes/{scene.Id()}")).Props().GetProperty("history");
        Assert.Equal(3, history.GetArrayLength());
        var reopened = (await client.ChangeStatusAsync(scene.Id(), "Reopened", LagesbildFactory.Now)).Props();
        Assert.Equal("Reopened", reopened.GetProperty("status").GetString());
        Assert.Equal(4, reopened.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task A_status_change_without_a_date_is_now()
    {
        using var client = app.ClientFor(Role.Admin);
        var scene = await client.PostSceneAsync(Places.Next().Square(), statusAt: LagesbildFactory.Now.AddDays(-3));

        var changed = await client.PostJsonAsync($"/api/scenes/{scene.Id()}/status", new { status = "Active", reason = "Bekräftad." }, HttpStatusCode.OK);

        Assert.Equal(LagesbildFactory.Now, changed.Props().GetProperty("history")[1].GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Notes_are_added_and_shown()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        var scene = await coordinator.PostSceneAsync(Places.Next().Square());
        using var outreach = app.ClientFor(Role.SocialServices);

        using var response = await outreach.PostAsJsonAsync($"/api/scenes/{scene.Id()}/notes", new { text = "Samlas vid pendeltåget efter 21." });
        var note = await response.ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("Samlas vid pendeltåget efter 21.", note.GetProperty("text").GetString());
        Assert.Equal("Test SocialServices", note.GetProperty("author").GetString());
        var notes = (await coordinator.GetJsonAsync($"/api/scenes/{scene.Id()}")).Props().GetProperty("notes");
        var shown = Assert.Single(notes.EnumerateArray());
        Assert.Equal(note.GetProperty("id").GetInt64(), shown.GetProperty("id").GetInt64());
        Assert.Equal("Samlas vid pendeltåget efter 21.", shown.GetProperty("text").GetString());
        Assert.Equal(LagesbildFactory.Now, shown.GetProperty("createdAt").GetDateTimeOffset());
    }
}

public sealed class SceneApiOnSqlite(SqliteLagesbild app) : SceneApiTests<SqliteLagesbild>(app);

public sealed class SceneApiOnPostgres(PostgresLagesbild app) : SceneApiTests<PostgresLagesbild>(app);
