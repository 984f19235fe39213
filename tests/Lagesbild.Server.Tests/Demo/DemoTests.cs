using System.Buffers.Binary;
using System.Net.Http.Headers;
using Lagesbild.Core.Access;
using Lagesbild.Server.Features.Alarms.Dc09;
using Lagesbild.Server.Features.Demo;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lagesbild.Server.Tests.Demo;

public abstract class DemoTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : DemoLagesbild
{
    [Fact]
    public async Task Every_demo_account_signs_in_with_the_published_password()
    {
        // One account per role, and a second coordinator scoped to Järva.
        Assert.Equal(Enum.GetValues<Role>().Order(), DemoAccounts.All.Select(a => a.Role).Distinct().Order());
        Assert.Equal(2, DemoAccounts.All.Count(a => a.Role == Role.Coordinator));
        foreach (var account in DemoAccounts.All)
        {
            var token = await app.SignInAsync(account.Email, DemoLagesbild.DemoPassword);
            using var client = app.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var me = await client.GetJsonAsync("/api/auth/me");
            Assert.Equal([account.Role.ToString()], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal(account.Name, me.GetProperty("name").GetString());
        }
    }

    [Fact]
    public async Task Passwords_are_stored_at_the_products_work_factor()
    {
        // Other test servers hash with few rounds to start quickly; the demo's keep the product's, and sign in with it.
        var hashes = await app.QueryAsync(db => db.Users.Where(u => u.PasswordHash != "").Select(u => u.PasswordHash).ToListAsync());
        Assert.Equal(DemoAccounts.All.Count(), hashes.Count);
        Assert.All(hashes, hash =>
        {
            var bytes = Convert.FromBase64String(hash);
            Assert.Equal(0x01, bytes[0]); // ASP.NET Core Identity's version 3: PBKDF2
            Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1, 4))); // with HMAC-SHA512
            Assert.Equal(100_000, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(5, 4)));
        });
    }

    [Fact]
    public async Task The_demo_has_its_scenes_named_by_district()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var scenes = (await client.GetJsonAsync("/api/scenes")).Features().ToList();

        Assert.InRange(scenes.Count, 25, 40);
        Assert.All(scenes, s => Assert.Matches(@"^Scen \D+ \d+$", s.Props().GetProperty("name").GetString()));
        Assert.All(scenes, s => Assert.NotNull(s.Props().GetProperty("district").GetString()));
        var scene = await client.GetJsonAsync($"/api/scenes/{scenes[0].Id()}");
        Assert.NotEqual(0, scene.Props().GetProperty("notes").GetArrayLength());
    }

    [Fact]
    public async Task The_demo_has_police_events_of_the_last_weeks_placed_by_district_or_at_the_centroid()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var today = Core.Time.Stockholm.ToLocal(LagesbildFactory.Now).Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var events = (await client.GetJsonAsync($"/api/police-events?to={today}")).Features().Select(f => f.Props()).ToList();

        Assert.Equal(13, events.Count);
        Assert.All(events, e => Assert.InRange(e.GetProperty("at").GetDateTimeOffset(), LagesbildFactory.Now.AddDays(-21), LagesbildFactory.Now));
        var placements = events.GroupBy(e => e.GetProperty("placement").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["District"] = 9, ["Municipality"] = 4 }, placements);
        Assert.Contains(events, e => e.GetProperty("district").GetString() == "Vasastaden");
        Assert.Equal(6, events.Count(e => e.GetProperty("type").GetString() == "Narkotikabrott"));
    }

    [Fact]
    public async Task The_demo_shares_its_data_as_governed()
    {
        // The police's and social services' own records and notes, each written by its owner.
        var owners = await app.QueryAsync(db => db.Observations.Where(o => o.Classification == Core.Observations.Classification.Restricted || o.Classification == Core.Observations.Classification.Confidential)
            .Select(o => new { o.Classification, o.OrganisationId }).Distinct().ToListAsync());
        Assert.Equal(2, owners.Select(o => o.Classification).Distinct().Count());
        Assert.Equal(2, owners.Count);
        Assert.True(await app.QueryAsync(db => db.SceneNotes.AnyAsync(n => n.Classification == Core.Observations.Classification.Confidential)));
        // A coordinator of Järva sees her stadsdelsområde in detail and nothing of other districts one by one.
        var token = await app.SignInAsync(DemoAccounts.BoroughCoordinator, DemoLagesbild.DemoPassword);
        using var jarva = app.CreateClient();
        jarva.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var jarvaDistricts = await app.QueryAsync(db => db.Districts.Where(d => d.Borough == DemoAccounts.ScopedBorough).Select(d => d.Name).ToListAsync());
        var seen = (await jarva.GetJsonAsync("/api/observations?pageSize=500")).Features().Select(f => f.Props().GetProperty("district").GetString()).Distinct().ToList();
        Assert.NotEmpty(seen);
        Assert.All(seen, district => Assert.Contains(district, jarvaDistricts));
        // The guard company guards the sites with sensors, and the audit log has the owners' reads, chained.
        Assert.True(await app.QueryAsync(db => db.GuardContracts.AnyAsync()));
        Assert.True(await app.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Owner == "Police")) > 5);
        using var police = app.ClientFor(Role.Police);
        Assert.True((await police.GetJsonAsync("/api/audit/verify")).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task The_demo_has_its_observations()
    {
        using var police = app.ClientFor(Role.Police);
        var all = await police.GetJsonAsync("/api/observations?pageSize=1");
        // The staff's and public's observations, the findings of a month of morning rounds, and the residents'
        // reports staff accepted.
        var fromRounds = await app.QueryAsync(db => db.Observations.CountAsync(o => o.Source == Data.ObservationSource.Round));
        Assert.InRange(fromRounds, 50, 2000);
        var accepted = await app.QueryAsync(db => db.ServiceRequests.CountAsync(r => r.ObservationId != null));
        Assert.InRange(accepted, 20, 400);
        // The police see all but social services' own (Confidential) ones.
        var confidential = await app.QueryAsync(db => db.Observations.CountAsync(o => o.Classification == Core.Observations.Classification.Confidential));
        Assert.InRange(confidential, 1, DemoLagesbild.Observations / 10);
        Assert.Equal(DemoLagesbild.Observations + fromRounds + accepted - confidential, all.GetProperty("numberMatched").GetInt32());

        using var staff = app.ClientFor(Role.SchoolStaff);
        var visible = (await staff.GetJsonAsync("/api/observations?pageSize=1")).GetProperty("numberMatched").GetInt32();
        Assert.InRange(visible, 1, DemoLagesbild.Observations + fromRounds + accepted - 1); // not the restricted ones

        var picture = await police.GetJsonAsync("/api/lagesbild");
        Assert.True(picture.GetProperty("total").GetDouble() > 0);
        Assert.NotEqual(0, picture.GetProperty("grid").GetArrayLength());
    }

    [Fact]
    public async Task The_demo_has_schools_todays_rounds_exposure_and_a_principal_who_was_told_of_a_missed_round()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        using var caretaker = await DemoClientAsync("skola@lagesbild.example");
        using var principal = await DemoClientAsync("rektor@lagesbild.example");

        var sites = (await coordinator.GetJsonAsync("/api/sites")).Features().ToList();
        var ownSites = (await caretaker.GetJsonAsync("/api/sites")).Features().ToList();
        var todays = (await caretaker.GetJsonAsync("/api/rounds")).EnumerateArray().ToList();
        var exposure = (await coordinator.GetJsonAsync("/api/sites/exposure")).EnumerateArray().ToList();
        var notifications = await principal.GetJsonAsync("/api/notifications");

        Assert.Equal(150, sites.Count);
        Assert.All(sites, s => Assert.Matches(@"^(Skola|Förskola) \D+ \d+$", s.Props().GetProperty("name").GetString()));
        Assert.All(sites, s => Assert.Equal("Polygon", s.Props().GetProperty("yard").GetProperty("type").GetString()));
        Assert.InRange(ownSites.Count, 2, 20);
        Assert.Contains(todays, r => r.GetProperty("site").GetProperty("name").GetString() == "Förskola Rinkeby 1");
        Assert.InRange(exposure.Count, 5, 60);
        Assert.Contains(exposure, e => e.GetProperty("name").GetString() == "Förskola Rinkeby 1");
        Assert.True(notifications.GetProperty("unread").GetInt32() >= 1);
        Assert.NotEmpty((await principal.GetJsonAsync($"/api/sites/{ownSites[0].Id()}/presence")).GetProperty("slots").EnumerateArray());
    }

    private async Task<HttpClient> DemoClientAsync(string email)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.SignInAsync(email, DemoLagesbild.DemoPassword));
        return client;
    }

    [Fact]
    public async Task The_demo_reports_four_more_in_the_last_term_and_five_fewer_in_this_one()
    {
        using var client = app.ClientFor(Role.Analyst);

        var compare = await client.GetJsonAsync("/api/indicators/active-scenes/compare?aFrom=2018-10-15&aTo=2022-10-15&bFrom=2022-10-15&bTo=2026-10-15");

        Assert.Equal((10, 14, 4), Period(compare.GetProperty("a")));
        Assert.Equal((14, 9, -5), Period(compare.GetProperty("b")));

        static (int, int, int) Period(System.Text.Json.JsonElement p) =>
            (p.GetProperty("atStart").GetInt32(), p.GetProperty("atEnd").GetInt32(), p.GetProperty("change").GetInt32());
    }

    [Fact]
    public async Task The_demo_panel_1234_at_Forskola_Rinkeby_1_raises_a_burglary_the_guard_sees()
    {
        var (tcp, _) = await app.Services.GetRequiredService<Dc09Receiver>().Listening.WaitAsync(TimeSpan.FromSeconds(10)) ?? throw new InvalidOperationException("The receiver is off.");
        using var panel = new System.Net.Sockets.TcpClient();
        await panel.ConnectAsync(tcp);
        // The README's frame: a Contact ID burglary (1 130), group 01, zone 001, in plain text.
        var frame = Core.Alarms.Dc09.Dc09Codec.Build("ADM-CID", "0001", null, "0", DemoAlarms.PanelAccountNumber, "#1234|1130 01 001", app.Clock.GetUtcNow(), []);
        await panel.GetStream().WriteAsync(frame);
        var answer = new byte[256];
        var read = await panel.GetStream().ReadAsync(answer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.StartsWith("\"ACK\"0001L0#1234[]", System.Text.Encoding.ASCII.GetString(answer, 9, read - 9), StringComparison.Ordinal);
        using var guard = app.ClientFor(Role.Guard);
        var alarms = await guard.GetJsonAsync("/api/alarms");
        Assert.Contains(alarms.EnumerateArray(), a => a.GetProperty("site").GetString() == "Förskola Rinkeby 1"
            && a.GetProperty("timeline").EnumerateArray().Any(e => e.GetProperty("detail").GetString() == "burglary (Door)"));
    }
}

public sealed class DemoOnSqlite(SqliteDemoLagesbild app) : DemoTests<SqliteDemoLagesbild>(app);

public sealed class DemoOnPostgres(PostgresDemoLagesbild app) : DemoTests<PostgresDemoLagesbild>(app);
