using System.Net;
using Lagesbild.Server.Features.Alarms;
using Lagesbild.Server.Tests.Infrastructure;
using Lagesbild.Server.Tests.Ogc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Lagesbild.Server.Tests.Alarms;

/// <summary>
/// The start's rehearsal over the server's own socket (Kestrel on a loopback port): events marked with the start's
/// secret go the whole way through HTTP and the writer and are rolled back; the mark without that secret, or once the
/// rehearsal is over, is refused and nothing is stored; events without the mark are stored as ever.
/// </summary>
public sealed class AlarmWarmUpTests(KestrelSqliteLagesbild app) : IClassFixture<KestrelSqliteLagesbild>
{
    private static readonly DateTimeOffset FridayNight = new(2026, 11, 27, 1, 10, 0, TimeSpan.Zero);

    /// <summary>Everything stored in this server's database: the rehearsal goes to whichever sensors come first.</summary>
    private Task<(int Events, int Alarms, int Entries)> StoredAsync() => app.QueryAsync(async db => (
        await db.SensorEvents.CountAsync(), await db.Alarms.CountAsync(), await db.AlarmEntries.CountAsync()));

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, Consoles.School school, string eventId, string? rehearsal) =>
        Consoles.SendEventAsync(client, school.SensorId, school.Secret, eventId, FridayNight, rehearsal: rehearsal);

    [Fact]
    public async Task Rehearsal_events_sent_to_the_servers_own_address_are_all_answered_and_nothing_is_kept()
    {
        app.Clock.AdjustTime(FridayNight);
        await app.GuardedSchoolAsync(new Place(18.0710, 59.3120), FridayNight);
        var before = await StoredAsync();

        var (sent, answered) = await app.Services.GetRequiredService<AlarmWarmUp>().RehearseOverHttpAsync(40, CancellationToken.None);

        Assert.Equal((40, 40), (sent, answered));
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task The_health_check_says_the_server_is_starting_until_the_rehearsal_over_http_is_done()
    {
        app.Clock.AdjustTime(FridayNight);
        await app.GuardedSchoolAsync(new Place(18.0770, 59.3130), FridayNight);
        var warmUp = ActivatorUtilities.CreateInstance<AlarmWarmUp>(app.Services);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("alarm-warm-up", warmUp, HealthStatus.Unhealthy, null) };

        var starting = await warmUp.CheckHealthAsync(context);
        await warmUp.StartedAsync(CancellationToken.None);
        var started = await warmUp.CheckHealthAsync(context);
        using var client = app.CreateClient();
        using var health = await client.GetAsync("/health");

        Assert.Equal(HealthStatus.Unhealthy, starting.Status);
        Assert.Contains("starting", starting.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, started.Status);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Only_the_starts_own_secret_while_it_rehearses_keeps_an_event_from_being_stored()
    {
        app.Clock.AdjustTime(FridayNight);
        var school = await app.GuardedSchoolAsync(new Place(18.0740, 59.3125), FridayNight);
        var token = app.Services.GetRequiredService<RehearsalToken>();
        using var client = app.CreateClient();

        var before = await StoredAsync();

        var secret = token.Begin();
        using var rehearsed = await SendAsync(client, school, "mark-1", secret);
        using var guessed = await SendAsync(client, school, "mark-2", new string('0', secret.Length));
        using var empty = await SendAsync(client, school, "mark-3", "");
        var whileRehearsing = await StoredAsync();
        token.End();
        using var late = await SendAsync(client, school, "mark-4", secret);
        var afterEnd = await StoredAsync();
        using var real = await SendAsync(client, school, "mark-5", rehearsal: null);
        var afterReal = await StoredAsync();

        // The rehearsed event is answered as a stored one would be, with the alarm it would have opened.
        Assert.True((await rehearsed.ExpectAsync(HttpStatusCode.OK)).GetProperty("armed").GetBoolean());
        await guessed.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await empty.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await late.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(before, whileRehearsing);
        Assert.Equal(before, afterEnd);
        await real.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((before.Events + 1, before.Alarms + 1), (afterReal.Events, afterReal.Alarms));
    }
}
