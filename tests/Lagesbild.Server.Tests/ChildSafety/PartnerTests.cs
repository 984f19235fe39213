using System.Net;
using System.Net.Http.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Observations;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.ChildSafety;

/// <summary>
/// The region's partners in samverkan (a housing company, public transport): their short observation form, the
/// organisation as the source, and their own scope: places and categories in their area, never Restricted records
/// or another organisation's words.
/// </summary>
public abstract class PartnerTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static readonly DateTimeOffset Seen = LagesbildFactory.Now.AddHours(-3);

    /// <summary>
    /// A fresh square inside a district, and that district as the server places an observation there. The next
    /// squares run across the whole south of the city, lakes and bays too, so a square in water is passed over.
    /// </summary>
    private async Task<(Place Place, int District)> PlaceInDistrictAsync()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        for (var tries = 0; tries < 100; tries++)
        {
            var place = Places.Next();
            var probe = await coordinator.PostObservationAsync(ObservationBody.At(place, Seen, "Littering"));
            var district = await app.QueryAsync(db => db.Observations.Where(o => o.Id == probe.Id()).Select(o => o.DistrictId).SingleAsync());
            if (district is { } id)
                return (place, id);
        }
        throw new InvalidOperationException("No district under a hundred squares in a row: are the districts loaded?");
    }

    private async Task<(int Organisation, HttpClient Client)> PartnerAsync(string name, string kind, int district)
    {
        var organisation = await app.OrganisationAsync(name, kind, district);
        return (organisation, await app.ClientInAsync(organisation, Role.Partner));
    }

    [Fact]
    public async Task A_partner_records_an_observation_with_its_organisation_as_source_and_the_default_classification()
    {
        var (place, district) = await PlaceInDistrictAsync();
        var (housing, client) = await PartnerAsync("Bostadsbolaget", "HousingCompany", district);
        var (lon, lat) = place.At();

        var posted = await client.PostObservationAsync(new ObservationBody("Syringes", lat, lon, Seen, Count: 2, Text: "<script>alert(1)</script>'; DROP TABLE Observations;--"), "partner-1");
        var stored = await app.QueryAsync(db => db.Observations.AsNoTracking().SingleAsync(o => o.Id == posted.Id()));
        var user = await app.QueryAsync(db => db.Users.AsNoTracking().Where(u => u.OrganisationId == housing).SingleAsync());
        var current = new CurrentUser(user.Id, user.OrganisationId, user.DisplayName, [Role.Partner]);
        var byForm = await app.RunAsync<PartnerObservations, Outcome<Written<Observation>>>(p => p.RecordAsync(
            new PartnerObservation(district, null, null, ObservationCategory.Gathering, Seen, 4, "Gäng vid entrén varje kväll."), current, "form-1", CancellationToken.None));

        Assert.Equal((ObservationSource.Partner, housing, Classification.Internal), (stored.Source, stored.OrganisationId, stored.Classification));
        // Hostile text is stored and answered as the plain text it is.
        Assert.Equal("<script>alert(1)</script>'; DROP TABLE Observations;--", (await client.GetJsonAsync($"/api/observations/{posted.Id()}")).Props().GetProperty("text").GetString());
        var formed = Assert.IsType<Outcome<Written<Observation>>.Done>(byForm).Value.Value;
        Assert.Equal((ObservationSource.Partner, housing, Classification.Internal, 4, district), (formed.Source, formed.OrganisationId, formed.Classification, formed.Count, formed.DistrictId));
        client.Dispose();
    }

    [Fact]
    public async Task A_partner_may_not_write_or_read_restricted_records_nor_another_partners_words()
    {
        var (place, district) = await PlaceInDistrictAsync();
        var (_, housing) = await PartnerAsync("Bostadsbolaget", "HousingCompany", district);
        var (_, transport) = await PartnerAsync("Kollektivtrafiken", "PublicTransport", district);
        using var police = app.ClientFor(Role.Police);
        var (lon, lat) = place.At(0.2, 0.2);

        using var restrictedWrite = await housing.PostAsJsonAsync("/api/observations", ObservationBody.At(place, Seen, classification: "Restricted"));
        var restricted = await police.PostObservationAsync(ObservationBody.At(place, Seen, classification: "Restricted"));
        var theirs = await transport.PostObservationAsync(new ObservationBody("Gathering", lat, lon, Seen, Text: "Vid spärrarna, perrong 2."));
        using var restrictedRead = await housing.GetAsync($"/api/observations/{restricted.Id()}");
        var theirsRead = await housing.GetJsonAsync($"/api/observations/{theirs.Id()}");
        var list = await housing.GetAsync($"/api/observations?bbox={place.Bbox}&from={Uri.EscapeDataString(Seen.AddDays(-1).ToString("O"))}");
        var listed = await list.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, restrictedWrite.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, restrictedRead.StatusCode);
        // The other partner's observation is in the area: its place and category, without its words.
        Assert.Equal("Gathering", theirsRead.Props().GetProperty("category").GetString());
        Assert.DoesNotContain("perrong", theirsRead.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("perrong", listed, StringComparison.Ordinal);
        Assert.DoesNotContain($"\"id\":{restricted.Id()},", listed, StringComparison.Ordinal);
        housing.Dispose();
        transport.Dispose();
        list.Dispose();
    }

    [Fact]
    public async Task The_partner_form_names_what_is_missing_or_unknown_and_writes_nothing()
    {
        var organisation = await app.OrganisationAsync("Fastighetsägaren", "PropertyOwner");
        using var client = await app.ClientInAsync(organisation, Role.Partner);
        var user = await app.QueryAsync(db => db.Users.AsNoTracking().Where(u => u.OrganisationId == organisation).SingleAsync());
        var current = new CurrentUser(user.Id, user.OrganisationId, user.DisplayName, [Role.Partner]);
        async Task<string> FieldOfAsync(PartnerObservation form)
        {
            var outcome = await app.RunAsync<PartnerObservations, Outcome<Written<Observation>>>(p => p.RecordAsync(form, current, Guid.NewGuid().ToString("N"), CancellationToken.None));
            return Assert.Single(Assert.IsType<Outcome<Written<Observation>>.Invalid>(outcome).Errors.Keys);
        }

        Assert.Equal("districtId", await FieldOfAsync(new PartnerObservation(null, null, null, ObservationCategory.Littering, Seen, 1, null)));
        Assert.Equal("districtId", await FieldOfAsync(new PartnerObservation(999_999, null, null, ObservationCategory.Littering, Seen, 1, null)));
        Assert.Equal("category", await FieldOfAsync(new PartnerObservation(1, null, null, null, Seen, 1, null)));
        Assert.Equal("occurredAt", await FieldOfAsync(new PartnerObservation(1, null, null, ObservationCategory.Littering, null, 1, null)));
        Assert.Equal("occurredFrom", await FieldOfAsync(new PartnerObservation(1, null, null, ObservationCategory.Littering, LagesbildFactory.Now.AddDays(2), 1, null)));
        Assert.Equal("text", await FieldOfAsync(new PartnerObservation(1, null, null, ObservationCategory.Littering, Seen, 1, "Anmäld av 19811218-9876")));
        Assert.Equal(0, await app.QueryAsync(db => db.Observations.CountAsync(o => o.OrganisationId == organisation)));
        // Malformed JSON to the API the form shares is refused too.
        using var malformed = await client.PostAsync("/api/observations", new StringContent("{\"category\": \"Syringes\", \"lat\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }
}

public sealed class PartnerOnSqlite(SqliteLagesbild app) : PartnerTests<SqliteLagesbild>(app);

public sealed class PartnerOnPostgres(PostgresLagesbild app) : PartnerTests<PostgresLagesbild>(app);
