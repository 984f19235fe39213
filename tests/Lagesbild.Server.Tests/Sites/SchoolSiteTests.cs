using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Sites;

/// <summary>Import from CSV, exposure to nearby scenes, and adult presence in the yard.</summary>
public abstract class SchoolSiteTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    /// <summary>A scene's active hours by hand: weekday evenings 18-22, and weekday afternoons 14-16 at half strength.</summary>
    private static double[] EveningsAndAfternoons()
    {
        var profile = new double[168];
        for (var day = 0; day < 5; day++)
        {
            for (var hour = 18; hour < 22; hour++)
                profile[(day * 24) + hour] = 1;
            for (var hour = 14; hour < 16; hour++)
                profile[(day * 24) + hour] = 0.5;
        }
        return profile;
    }

    private async Task<long> ActiveSceneAsync(Place place)
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        var scene = await coordinator.PostJsonAsync("/api/scenes", new
        {
            name = $"Testscen {Api.UniqueLetters()}",
            area = new { type = "Polygon", coordinates = place.Square() },
            status = "Active",
            statusAt = LagesbildFactory.Now.AddDays(-20),
            activeHours = EveningsAndAfternoons(),
        }, HttpStatusCode.Created);
        return scene.Id();
    }

    [Fact]
    public async Task A_coordinator_imports_sites_from_a_spreadsheet_and_a_second_import_updates_them()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        var name = $"Förskola Import {Api.UniqueLetters()}";
        var csv = $"name,kind,lat,lon,hours\n{name},förskola,59.3880,17.9265,\"mon-fri 06:30-18:00; sat 09:00-13:00\"\nSkola Import {name},School,59.3145,18.0720,mån-fre 08:00-16:00\n";

        var first = await (await coordinator.PostAsync("/api/sites/import", Csv(csv))).ExpectAsync(HttpStatusCode.OK);
        var second = await (await coordinator.PostAsync("/api/sites/import", Csv(csv.Replace("06:30", "07:00", StringComparison.Ordinal)))).ExpectAsync(HttpStatusCode.OK);
        var sites = (await coordinator.GetJsonAsync("/api/sites")).Features().Where(f => f.Props().GetProperty("name").GetString()!.Contains(name, StringComparison.Ordinal)).ToList();

        Assert.Equal(2, first.GetProperty("created").GetInt32());
        Assert.Equal(0, second.GetProperty("created").GetInt32());
        Assert.Equal(2, second.GetProperty("updated").GetInt32());
        Assert.Equal(2, sites.Count);
        var preschool = sites.Single(s => s.Props().GetProperty("kind").GetString() == "Preschool").Props();
        Assert.Equal(6, preschool.GetProperty("openingHours").GetArrayLength());
        Assert.Equal("07:00", preschool.GetProperty("openingHours")[0].GetProperty("opens").GetString());
        Assert.Equal("Rinkeby", preschool.GetProperty("district").GetString());
        Assert.True(preschool.GetProperty("openDuringBreaks").GetBoolean());
    }

    [Fact]
    public async Task The_optional_organisation_column_may_be_left_out_of_a_row()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        var organisation = await app.QueryAsync(db => db.Organisations.Select(o => o.Name).FirstAsync());
        var csv = $"name,kind,lat,lon,hours,organisation\nSkola Utan {Api.UniqueLetters()},skola,59.3145,18.0720,mån-fre 08:00-16:00\nSkola Med {Api.UniqueLetters()},skola,59.3146,18.0721,mån-fre 08:00-16:00,{organisation}\n";

        var result = await (await coordinator.PostAsync("/api/sites/import", Csv(csv))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(2, result.GetProperty("created").GetInt32());
    }

    [Fact]
    public async Task A_semicolon_spreadsheet_with_decimal_commas_is_read_too()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        var csv = $"Name;Kind;Lat;Lon;Hours\nSkola Semikolon {Api.UniqueLetters()};skola;59,3145;18,0720;mån-fre 08:00-16:00\n";

        var result = await (await coordinator.PostAsync("/api/sites/import", Csv(csv))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(1, result.GetProperty("created").GetInt32());
    }

    [Fact]
    public async Task A_bad_row_names_its_row_and_field_and_no_row_is_written()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        var before = await app.QueryAsync(db => db.Sites.CountAsync());
        var good = $"Förskola Bra {Api.UniqueLetters()},preschool,59.3880,17.9265,mon-fri 06:30-18:00";

        await (await coordinator.PostAsync("/api/sites/import", Csv($"name,kind,lat,lon,hours\n{good}\nFörskola Paris,preschool,48.85,2.35,mon-fri 06:30-18:00\n")))
            .ExpectCodeAsync(HttpStatusCode.BadRequest, "rows[1].lat", "OffMap");
        await (await coordinator.PostAsync("/api/sites/import", Csv($"name,kind,lat,lon,hours\n{good}\nSlott,castle,59.3880,17.9265,mon-fri 06:30-18:00\n")))
            .ExpectCodeAsync(HttpStatusCode.BadRequest, "rows[1].kind", "Invalid");
        await (await coordinator.PostAsync("/api/sites/import", Csv($"name,kind,lat,lon,hours\n{good}\nFörskola Natt,preschool,59.3880,17.9265,mon-fri 18:00-06:30\n")))
            .ExpectCodeAsync(HttpStatusCode.BadRequest, "rows[1].hours", "Invalid");
        await (await coordinator.PostAsync("/api/sites/import", Csv($"name,kind,lat,lon,hours\n{good}\nFörskola X,preschool,59.3880,17.9265,mon-fri 06:30-18:00,organisation\n")))
            .ExpectCodeAsync(HttpStatusCode.BadRequest, "rows[1]", "TooMany");
        await (await coordinator.PostAsync("/api/sites/import", Csv($"name,kind,lat,lon,hours,organisation\n{good},Finns inte AB\n")))
            .ExpectCodeAsync(HttpStatusCode.BadRequest, "rows[0].organisation", "NotFound");
        await (await coordinator.PostAsync("/api/sites/import", Csv("name,kind,lat\nA,school,59.3\n"))).ExpectCodeAsync(HttpStatusCode.BadRequest, "header", "Required");
        await (await coordinator.PostAsync("/api/sites/import", Csv(""))).ExpectCodeAsync(HttpStatusCode.BadRequest, "body", "Required");
        using var staff = app.ClientFor(Role.SchoolStaff);
        await (await staff.PostAsync("/api/sites/import", Csv($"name,kind,lat,lon,hours\n{good}\n"))).ExpectProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(before, await app.QueryAsync(db => db.Sites.CountAsync()));
    }

    [Fact]
    public async Task Hostile_names_are_kept_as_text()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        const string hostile = "<script>alert('x')</script>'); DROP TABLE \"Sites\"; --";

        await (await coordinator.PostAsync("/api/sites/import", Csv($"name,kind,lat,lon,hours\n\"{hostile.Replace("\"", "\"\"", StringComparison.Ordinal)}\",school,59.3145,18.0720,mon-fri 08:00-16:00\n"))).ExpectAsync(HttpStatusCode.OK);

        Assert.Contains((await coordinator.GetJsonAsync("/api/sites")).Features(), f => f.Props().GetProperty("name").GetString() == hostile);
    }

    [Fact]
    public async Task Exposure_ranks_sites_near_active_scenes_with_the_share_of_activity_in_opening_hours()
    {
        var scenePlace = new Place(18.0300, 59.3600); // Norra Djurgården side, away from the other tests' places
        var sceneId = await ActiveSceneAsync(scenePlace);
        var organisation = await app.HomeOrganisationAsync();
        var school = await app.SiteAsync(new Place(scenePlace.Lon, scenePlace.Lat + 0.0018), organisation, kind: "School"); // about 200 m
        var preschool = await app.SiteAsync(new Place(scenePlace.Lon, scenePlace.Lat - 0.0036), organisation); // about 400 m
        using var coordinator = app.ClientFor(Role.Coordinator);

        var ranking = await coordinator.GetJsonAsync("/api/sites/exposure");
        var narrow = await coordinator.GetJsonAsync("/api/sites/exposure?radius=300");

        var schoolRow = ranking.EnumerateArray().Single(r => r.GetProperty("siteId").GetInt64() == school.Id());
        var scene = schoolRow.GetProperty("scenes").EnumerateArray().Single(s => s.GetProperty("sceneId").GetInt64() == sceneId);
        Assert.InRange(scene.GetProperty("distanceMetres").GetDouble(), 170, 210);
        // The school is open 08-16: of the weekday profile (4 evening hours at 1, 2 afternoon hours at 0.5) a fifth is inside.
        Assert.Equal(0.2, scene.GetProperty("shareInsideOpeningHours").GetDouble(), 3);
        Assert.Equal(0.8, scene.GetProperty("shareOutsideOpeningHours").GetDouble(), 3);
        var order = ranking.EnumerateArray().Select(r => r.GetProperty("siteId").GetInt64()).ToList();
        Assert.True(order.IndexOf(school.Id()) < order.IndexOf(preschool.Id()), "The nearer site with the same share ranks first.");
        Assert.DoesNotContain(narrow.EnumerateArray(), r => r.GetProperty("siteId").GetInt64() == preschool.Id());
        await (await coordinator.GetAsync("/api/sites/exposure?radius=10")).ExpectProblemAsync(HttpStatusCode.BadRequest, "radius");
        using var other = await app.ClientInAsync(await app.OrganisationAsync("Annan skola"), Role.SchoolManager);
        Assert.DoesNotContain((await other.GetJsonAsync("/api/sites/exposure")).EnumerateArray(), r => r.GetProperty("siteId").GetInt64() == school.Id());
    }

    [Fact]
    public async Task The_manager_plans_presence_and_sees_the_open_hours_nobody_covers_marked_where_the_scene_is_active()
    {
        var scenePlace = new Place(18.0900, 59.3300);
        await ActiveSceneAsync(scenePlace);
        var site = await app.SiteAsync(new Place(scenePlace.Lon, scenePlace.Lat + 0.0018), await app.HomeOrganisationAsync(), kind: "School");
        using var manager = app.ClientFor(Role.SchoolManager);
        var slots = new[]
        {
            new { day = "Monday", from = "08:00", to = "12:00", who = "Fritidspedagog" },
            new { day = "Monday", from = "12:00", to = "14:00", who = "Vaktmästare" },
        };

        using var response = await manager.PutAsJsonAsync($"/api/sites/{site.Id()}/presence", new { slots });
        var week = await response.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(2, week.GetProperty("slots").GetArrayLength());
        var gaps = week.GetProperty("gaps").EnumerateArray().ToList();
        var monday = gaps.Single(g => g.GetProperty("day").GetString() == "Monday");
        Assert.Equal("14:00", monday.GetProperty("from").GetString());
        Assert.Equal("16:00", monday.GetProperty("to").GetString());
        Assert.True(monday.GetProperty("sceneActive").GetBoolean()); // the scene's afternoon hours at half strength
        Assert.Equal(5, gaps.Count);
        var hours = week.GetProperty("hours").EnumerateArray().ToList();
        Assert.Equal("Covered", hours[9].GetProperty("state").GetString());
        Assert.Equal("Uncovered", hours[14].GetProperty("state").GetString());
        Assert.Equal("Closed", hours[20].GetProperty("state").GetString());
        Assert.True(hours[20].GetProperty("sceneActive").GetBoolean());
        Assert.Equal(2, (await manager.GetJsonAsync($"/api/sites/{site.Id()}/presence")).GetProperty("slots").GetArrayLength());
    }

    [Fact]
    public async Task Presence_outside_opening_hours_or_by_the_wrong_people_is_refused()
    {
        var site = await app.SiteAsync(Places.Next(), await app.HomeOrganisationAsync(), kind: "School");
        using var manager = app.ClientFor(Role.SchoolManager);
        using var staff = app.ClientFor(Role.SchoolStaff);
        using var otherManager = await app.ClientInAsync(await app.OrganisationAsync("Annan skola"), Role.SchoolManager);
        var url = $"/api/sites/{site.Id()}/presence";
        object Slot(string day, string from, string to) => new { slots = new[] { new { day, from, to } } };

        async Task RefusedAsync(object body, string code) => Assert.Equal(code,
            (await (await manager.PutAsJsonAsync(url, body)).ExpectProblemAsync(HttpStatusCode.BadRequest, "slots[0]")).GetProperty("codes").GetProperty("slots[0]").GetString());
        await RefusedAsync(Slot("Monday", "16:00", "18:00"), "OutsideOpeningHours");
        await RefusedAsync(Slot("Monday", "12:00", "10:00"), "TimesReversed");
        await RefusedAsync(Slot("Sunday", "10:00", "12:00"), "ClosedDay");
        await RefusedAsync(Slot("Monday", "8 o'clock", "10:00"), "NotATime");
        await RefusedAsync(Slot("Monday", "<script>alert(1)</script>", "10:00"), "NotATime");
        var tooMany = new { slots = Enumerable.Repeat(new { day = "Monday", from = "08:00", to = "09:00" }, 201).ToArray() };
        var problem = await (await manager.PutAsJsonAsync(url, tooMany)).ExpectProblemAsync(HttpStatusCode.BadRequest, "slots");
        Assert.Equal("TooMany", problem.GetProperty("codes").GetProperty("slots").GetString());
        await (await manager.PutAsJsonAsync(url, Slot("Someday", "08:00", "10:00"))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await staff.PutAsJsonAsync(url, Slot("Monday", "08:00", "10:00"))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NotFound, (await otherManager.PutAsJsonAsync(url, Slot("Monday", "08:00", "10:00"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherManager.GetAsync(url)).StatusCode);
        Assert.Empty((await manager.GetJsonAsync(url)).GetProperty("slots").EnumerateArray());
    }

    [Fact]
    public async Task School_staff_see_their_own_sites_only_and_cannot_change_them()
    {
        var organisation = await app.OrganisationAsync("Egen förskola");
        var own = await app.SiteAsync(Places.Next(), organisation);
        var others = await app.SiteAsync(Places.Next(), await app.HomeOrganisationAsync());
        using var staff = await app.ClientInAsync(organisation, Role.SchoolStaff);
        using var police = app.ClientFor(Role.Police);

        var visible = (await staff.GetJsonAsync("/api/sites")).Ids();

        Assert.Equal([own.Id()], visible);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/sites/{others.Id()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PutAsJsonAsync($"/api/sites/{own.Id()}", new
        {
            name = "Omdöpt",
            kind = "Preschool",
            lat = 59.3880,
            lon = 17.9265,
            openingHours = Schools.PreschoolHours,
        })).StatusCode);
        Assert.Contains(others.Id(), (await police.GetJsonAsync("/api/sites")).Ids());
    }
}

public sealed class SchoolSitesOnSqlite(SqliteLagesbild app) : SchoolSiteTests<SqliteLagesbild>(app);

public sealed class SchoolSitesOnPostgres(PostgresLagesbild app) : SchoolSiteTests<PostgresLagesbild>(app);
