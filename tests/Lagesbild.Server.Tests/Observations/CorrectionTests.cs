using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Geo;
using Lagesbild.Data;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Observations;

/// <summary>Corrections, withdrawals and history of observations: who may, what is refused, and that the picture follows.</summary>
public abstract class CorrectionTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static readonly DateTimeOffset AnHourAgo = LagesbildFactory.Now.AddHours(-1);

    private static object Correction(Place place, string reason, string category = "Use", string classification = "Internal", string? text = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null, int count = 2)
    {
        var (lon, lat) = place.At();
        return new { category, lat, lon, occurredFrom = from ?? AnHourAgo, occurredTo = to, count, classification, text, reason };
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, object? body, string? key = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (key is not null)
            request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, long id, object body, string? key = null) =>
        SendAsync(client, HttpMethod.Put, $"/api/observations/{id}", body, key);

    private static Task<HttpResponseMessage> WithdrawAsync(HttpClient client, long id, string reason, string? key = null) =>
        SendAsync(client, HttpMethod.Delete, $"/api/observations/{id}", new { reason }, key);

    private async Task<long> RecordAsync(Role role = Role.Police, string classification = "Internal", Place? place = null) =>
        (await app.ClientFor(role).PostObservationAsync(ObservationBody.At(place ?? Places.Next(), AnHourAgo, classification: classification))).Id();

    private Task<List<ObservationRevision>> RevisionsAsync(long id) =>
        app.QueryAsync(db => db.ObservationRevisions.Where(r => r.ObservationId == id).OrderBy(r => r.Version).ToListAsync());

    /// <summary>Moves an observation to an organisation of its own, as if another authority had recorded it.</summary>
    private async Task MoveToAnotherOrganisationAsync(long id)
    {
        await app.QueryAsync(async db =>
        {
            var other = new Organisation { Name = $"Annan myndighet {Guid.NewGuid():N}", Kind = OrganisationKind.Police };
            db.Organisations.Add(other);
            await db.SaveChangesAsync();
            return await db.Observations.Where(o => o.Id == id).ExecuteUpdateAsync(s => s.SetProperty(o => o.OrganisationId, other.Id));
        });
    }

    [Fact]
    public async Task The_recording_organisation_corrects_place_time_and_category_projected_again_audited()
    {
        var id = await RecordAsync();
        var before = await app.QueryAsync(db => db.Observations.AsNoTracking().SingleAsync(o => o.Id == id));
        var moved = Places.Next();
        using var police = app.ClientFor(Role.Police);

        using var response = await PutAsync(police, id, Correction(moved, "Fel plats: det var vid busshållplatsen.", from: AnHourAgo.AddHours(-30)));

        var feature = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Use", feature.Props().GetProperty("category").GetString());
        Assert.Equal(2, feature.Props().GetProperty("count").GetInt32());
        var after = await app.QueryAsync(db => db.Observations.AsNoTracking().SingleAsync(o => o.Id == id));
        var (lon, lat) = moved.At();
        var grid = Sweref99Tm.Project(lon, lat);
        Assert.Equal(2, after.Version);
        Assert.Equal(GridCell.Of(grid).Key, after.CellKey);
        Assert.Equal(grid.X, after.X, 3);
        Assert.Equal(lon, after.Location.X, 9);
        Assert.Equal(Core.Time.HourOfWeek.Of(AnHourAgo.AddHours(-30)), after.HourOfWeek);
        Assert.NotEqual(before.HoursMask0 | before.HoursMask1 | before.HoursMask2, after.HoursMask0 | after.HoursMask1 | after.HoursMask2);
        var revision = Assert.Single(await RevisionsAsync(id));
        Assert.Equal((2, RevisionKind.Corrected, "Fel plats: det var vid busshållplatsen."), (revision.Version, revision.Kind, revision.Reason));
        Assert.Equal(app.UserIds[Role.Police], revision.ByUserId);
        Assert.Contains(before.Lat.ToString("R", CultureInfo.InvariantCulture), revision.Before);
        var key = id.ToString(CultureInfo.InvariantCulture);
        Assert.True(await app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "correct" && a.EntityId == key && a.UserId == app.UserIds[Role.Police])));
    }

    [Fact]
    public async Task Another_organisation_is_refused_and_data_protection_may_correct()
    {
        var id = await RecordAsync();
        await MoveToAnotherOrganisationAsync(id);
        using var coordinator = app.ClientFor(Role.Coordinator);

        using var refused = await PutAsync(coordinator, id, Correction(Places.Next(), "Fel kategori."));
        await refused.ExpectProblemAsync(HttpStatusCode.Forbidden);
        using var notWithdrawn = await WithdrawAsync(coordinator, id, "Fel.");
        await notWithdrawn.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Empty(await RevisionsAsync(id));

        using var dataProtection = app.ClientFor(Role.DataProtection);
        using var corrected = await PutAsync(dataProtection, id, Correction(Places.Next(), "Rättat efter begäran från den registrerade."));
        await corrected.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(app.UserIds[Role.DataProtection], Assert.Single(await RevisionsAsync(id)).ByUserId);
    }

    [Fact]
    public async Task A_record_the_reader_may_not_know_is_not_found_and_a_non_writer_is_refused()
    {
        var restricted = await RecordAsync(classification: "Restricted");
        using var coordinator = app.ClientFor(Role.Coordinator);
        using var hidden = await PutAsync(coordinator, restricted, Correction(Places.Next(), "Fel."));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        using var hiddenWithdrawal = await WithdrawAsync(coordinator, restricted, "Fel.");
        Assert.Equal(HttpStatusCode.NotFound, hiddenWithdrawal.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/api/observations/{restricted}/history")).StatusCode);
        using var unknown = await PutAsync(coordinator, long.MaxValue, Correction(Places.Next(), "Fel."));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // An analyst of the same organisation reads it but records nothing, so corrects nothing.
        var open = await RecordAsync();
        using var analyst = app.ClientFor(Role.Analyst);
        await (await PutAsync(analyst, open, Correction(Places.Next(), "Fel."))).ExpectProblemAsync(HttpStatusCode.Forbidden);

        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await PutAsync(anonymous, open, Correction(Places.Next(), "Fel."))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithdrawAsync(anonymous, open, "Fel.")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/observations/{open}/history")).StatusCode);
        Assert.Empty(await RevisionsAsync(open));
    }

    [Fact]
    public async Task A_correction_may_not_move_to_a_tier_the_writer_may_not_write()
    {
        var id = await RecordAsync(Role.Coordinator);
        using var coordinator = app.ClientFor(Role.Coordinator);

        using var response = await PutAsync(coordinator, id, Correction(Places.Next(), "Borde vara skyddad.", classification: "Restricted"));

        await response.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Empty(await RevisionsAsync(id));
    }

    public static TheoryData<string, string> BadReasons() => new()
    {
        { "", "reason" },
        { "   ", "reason" },
        { "Gällde 19121212-1212, inte rätt person.", "reason" },
        { "Ring vittnet på 070-123 45 67.", "reason" },
        { new string('x', 2001), "reason" },
    };

    [Theory]
    [MemberData(nameof(BadReasons))]
    public async Task A_reason_is_required_and_names_nobody(string reason, string field)
    {
        var id = await RecordAsync();
        using var police = app.ClientFor(Role.Police);

        await (await PutAsync(police, id, Correction(Places.Next(), reason))).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        await (await WithdrawAsync(police, id, reason)).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        await (await PutAsync(police, id, new { category = "Use", lat = 59.3, lon = 18.0, occurredFrom = AnHourAgo, classification = "Internal" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        Assert.Empty(await RevisionsAsync(id));
    }

    [Fact]
    public async Task A_correction_obeys_the_rules_of_recording()
    {
        var id = await RecordAsync();
        using var police = app.ClientFor(Role.Police);
        var place = Places.Next();

        await (await PutAsync(police, id, new { category = "Use", lat = 57.7, lon = 11.97, occurredFrom = AnHourAgo, classification = "Internal", reason = "Fel plats." }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "lat");
        await (await PutAsync(police, id, Correction(place, "Fel tid.", from: AnHourAgo, to: AnHourAgo.AddHours(-2))))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "occurredTo");
        await (await PutAsync(police, id, Correction(place, "Fel kategori.", category: "Unicorns")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "category");
        using var malformed = new HttpRequestMessage(HttpMethod.Put, $"/api/observations/{id}") { Content = new StringContent("{not json", Encoding.UTF8, "application/json") };
        await (await police.SendAsync(malformed)).ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
        Assert.Empty(await RevisionsAsync(id));
        Assert.Equal(1, await app.QueryAsync(db => db.Observations.Where(o => o.Id == id).Select(o => o.Version).SingleAsync()));
    }

    [Fact]
    public async Task Hostile_text_is_stored_as_text()
    {
        var id = await RecordAsync();
        using var police = app.ClientFor(Role.Police);
        const string text = "<script>alert('x')</script>'; DROP TABLE \"Observations\"; --";

        await (await PutAsync(police, id, Correction(Places.Next(), "Texten var fel <b>'; DELETE FROM x; --", text: text))).ExpectAsync(HttpStatusCode.OK);

        var read = await police.GetJsonAsync($"/api/observations/{id}");
        Assert.Equal(text, read.Props().GetProperty("text").GetString());
        Assert.Equal("Texten var fel <b>'; DELETE FROM x; --", Assert.Single(await RevisionsAsync(id)).Reason);
        Assert.True(await app.QueryAsync(db => db.Observations.AnyAsync()));
    }

    [Fact]
    public async Task A_retried_correction_or_withdrawal_writes_once()
    {
        var id = await RecordAsync();
        using var police = app.ClientFor(Role.Police);
        var body = Correction(Places.Next(), "Fel antal.");

        var first = await (await PutAsync(police, id, body, "corr-1")).ExpectAsync(HttpStatusCode.OK);
        using var retry = await PutAsync(police, id, body, "corr-1");
        var second = await retry.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(first.ToString(), second.ToString());
        await (await PutAsync(police, id, Correction(Places.Next(), "Något annat."), "corr-1")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Single(await RevisionsAsync(id));

        await (await WithdrawAsync(police, id, "Dubblett.", "wd-1")).ExpectAsync(HttpStatusCode.OK);
        var again = await (await WithdrawAsync(police, id, "Dubblett.", "wd-1")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, again.GetProperty("versions").GetArrayLength());
        Assert.Equal([RevisionKind.Corrected, RevisionKind.Withdrawn], (await RevisionsAsync(id)).Select(r => r.Kind));
        // Without the key a second withdrawal is a conflict, not a second revision.
        await (await WithdrawAsync(police, id, "Dubblett.")).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await PutAsync(police, id, Correction(Places.Next(), "För sent."))).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(2, (await RevisionsAsync(id)).Count);
        var audits = await app.QueryAsync(db => db.AuditEntries.CountAsync(a => a.EntityId == id.ToString(CultureInfo.InvariantCulture) && (a.Action == "correct" || a.Action == "withdraw")));
        Assert.Equal(2, audits);
    }

    [Fact]
    public async Task The_history_lists_every_version_oldest_first_with_who_when_why_and_values()
    {
        var place = Places.Next();
        var id = await RecordAsync(place: place);
        using var police = app.ClientFor(Role.Police);
        await (await PutAsync(police, id, Correction(place, "Fel kategori.", category: "Use"))).ExpectAsync(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await (await PutAsync(police, id, Correction(place, "Fel antal.", category: "Use", count: 7))).ExpectAsync(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await (await WithdrawAsync(police, id, "Visade sig vara en dubblett.")).ExpectAsync(HttpStatusCode.OK);

        var history = await police.GetJsonAsync($"/api/observations/{id}/history");

        Assert.True(history.GetProperty("withdrawn").GetBoolean());
        var versions = history.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3, 4], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(["recorded", "corrected", "corrected", "withdrawn"], versions.Select(v => v.GetProperty("kind").GetString()));
        Assert.Equal([null, "Fel kategori.", "Fel antal.", "Visade sig vara en dubblett."], versions.Select(v => v.GetProperty("reason").GetString()));
        Assert.All(versions, v => Assert.Equal("Test Police", v.GetProperty("by").GetString()));
        Assert.All(versions, v => Assert.Equal("Testkommunen", v.GetProperty("organisation").GetString()));
        Assert.Equal(["Dealing", "Use", "Use", "Use"], versions.Select(v => v.GetProperty("values").GetProperty("category").GetString()));
        Assert.Equal([1, 2, 7, 7], versions.Select(v => v.GetProperty("values").GetProperty("count").GetInt32()));
        Assert.Equal(LagesbildFactory.Now.AddMinutes(10), versions[3].GetProperty("at").GetDateTimeOffset());

        // Withdrawn: gone from reads, its history only for those who may change it.
        Assert.Equal(HttpStatusCode.NotFound, (await police.GetAsync($"/api/observations/{id}")).StatusCode);
        Assert.DoesNotContain(id, (await police.GetJsonAsync($"/api/observations?bbox={place.Bbox}")).Ids());
        using var analyst = app.ClientFor(Role.Analyst);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync($"/api/observations/{id}/history")).StatusCode);
        await app.ClientFor(Role.DataProtection).GetJsonAsync($"/api/observations/{id}/history");
    }

    [Fact]
    public async Task The_picture_follows_a_withdrawal_and_a_correction_at_once()
    {
        var from = Query(AnHourAgo.AddHours(-2));
        var to = Query(AnHourAgo.AddHours(2));
        var url = $"/api/lagesbild?from={from}&to={to}";
        using var police = app.ClientFor(Role.Police);
        var first = Places.Next();
        var second = Places.Next();
        while (CellOf(second) == CellOf(first))
            second = Places.Next();
        var (firstCell, secondCell) = (CellOf(first), CellOf(second));
        // Other tests of the class may count in the same cells: compare with the counts before.
        var (firstBefore, secondBefore) = Counts(await police.GetJsonAsync(url));
        var withdrawn = await RecordAsync(place: first);
        var moved = await RecordAsync(place: first);
        Assert.Equal((firstBefore + 2, secondBefore), Counts(await police.GetJsonAsync(url)));

        await (await WithdrawAsync(police, withdrawn, "Dubblett.")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((firstBefore + 1, secondBefore), Counts(await police.GetJsonAsync(url)));

        await (await PutAsync(police, moved, Correction(second, "Fel plats.", category: "Dealing", count: 1))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((firstBefore, secondBefore + 1), Counts(await police.GetJsonAsync(url)));

        (double, double) Counts(JsonElement picture) => (CountIn(picture, firstCell), CountIn(picture, secondCell));
    }

    private static string Query(DateTimeOffset instant) => Uri.EscapeDataString(instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));

    private static GridCell CellOf(Place place)
    {
        var (lon, lat) = place.At();
        return GridCell.Of(Sweref99Tm.Project(lon, lat));
    }

    private static double CountIn(JsonElement picture, GridCell cell) =>
        picture.GetProperty("grid").EnumerateArray()
            .Where(c => c.GetProperty("column").GetInt32() == cell.Column && c.GetProperty("row").GetInt32() == cell.Row)
            .Sum(c => c.GetProperty("count").GetDouble());
}

public sealed class CorrectionOnSqlite(SqliteLagesbild app) : CorrectionTests<SqliteLagesbild>(app);

public sealed class CorrectionOnPostgres(PostgresLagesbild app) : CorrectionTests<PostgresLagesbild>(app);
