using System.Net;
using System.Net.Http.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Hardening;

/// <summary>Lists of ids in a request are checked (each exists, none twice) and bounded, with a problem naming the list.</summary>
public abstract class IdListTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private object Shift(int[] districtIds) => new
    {
        userId = app.UserIds[Role.Guard],
        from = LagesbildFactory.Now,
        to = LagesbildFactory.Now.AddHours(8),
        districtIds,
    };

    private Task<int> DistrictAsync() => app.QueryAsync(db => db.Districts.Select(d => d.Id).FirstAsync());

    [Fact]
    public async Task A_shift_over_a_district_that_does_not_exist_is_400_also_for_id_0()
    {
        using var controlRoom = app.ClientFor(Role.ControlRoom);
        var district = await DistrictAsync();

        using var zero = await controlRoom.PostAsJsonAsync("/api/guard-shifts", Shift([district, 0]));
        await zero.ExpectProblemAsync(HttpStatusCode.BadRequest, "districtIds");
        using var unknown = await controlRoom.PostAsJsonAsync("/api/guard-shifts", Shift([999_999]));
        await unknown.ExpectProblemAsync(HttpStatusCode.BadRequest, "districtIds");
    }

    [Fact]
    public async Task A_shift_naming_a_district_twice_or_too_many_districts_is_400()
    {
        using var controlRoom = app.ClientFor(Role.ControlRoom);
        var district = await DistrictAsync();

        using var twice = await controlRoom.PostAsJsonAsync("/api/guard-shifts", Shift([district, district]));
        await twice.ExpectProblemAsync(HttpStatusCode.BadRequest, "districtIds");
        using var many = await controlRoom.PostAsJsonAsync("/api/guard-shifts", Shift([.. Enumerable.Repeat(district, 1), .. Enumerable.Range(1_000_000, 5_000)]));
        var problem = await many.ExpectProblemAsync(HttpStatusCode.BadRequest, "districtIds");
        Assert.Contains("At most 200", problem.GetProperty("errors").GetProperty("districtIds")[0].GetString(), StringComparison.Ordinal);

        var planned = await controlRoom.PostJsonAsync("/api/guard-shifts", Shift([district]), HttpStatusCode.Created);
        Assert.Equal([district], planned.GetProperty("districtIds").EnumerateArray().Select(d => d.GetInt32()));
    }

    [Fact]
    public async Task An_organisations_areas_and_guarded_sites_are_bounded_and_without_repeats()
    {
        using var admin = app.ClientFor(Role.Admin);
        var organisation = await app.OrganisationAsync($"Bevakning {Api.UniqueLetters()}", "GuardCompany");
        var district = await DistrictAsync();

        using var manyDistricts = await admin.PutAsJsonAsync($"/api/organisations/{organisation}/areas", new { districts = Enumerable.Range(1, 201).ToArray() });
        await manyDistricts.ExpectProblemAsync(HttpStatusCode.BadRequest, "districts");
        using var twiceBorough = await admin.PutAsJsonAsync($"/api/organisations/{organisation}/areas", new { boroughs = new[] { "Järva", "Järva" } });
        await twiceBorough.ExpectProblemAsync(HttpStatusCode.BadRequest, "boroughs");
        using var twiceSite = await admin.PutAsJsonAsync($"/api/organisations/{organisation}/guarded-sites", new { sites = new[] { 1, 1 } });
        await twiceSite.ExpectProblemAsync(HttpStatusCode.BadRequest, "sites");

        await (await admin.PutAsJsonAsync($"/api/organisations/{organisation}/areas", new { districts = new[] { district } })).ExpectAsync(HttpStatusCode.OK);
    }
}

public sealed class IdListsOnSqlite(SqliteLagesbild app) : IdListTests<SqliteLagesbild>(app);

public sealed class IdListsOnPostgres(PostgresLagesbild app) : IdListTests<PostgresLagesbild>(app);
