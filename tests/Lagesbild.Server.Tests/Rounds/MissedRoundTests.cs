using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Rounds;
using Lagesbild.Data;
using Lagesbild.Server.Features.Notifications;
using Lagesbild.Server.Features.Rounds;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using netDumbster.smtp;

namespace Lagesbild.Server.Tests.Rounds;

/// <summary>
/// An HTTP endpoint on loopback that keeps what is posted to it, counts each message by the Idempotency-Key the outbox
/// sends it with, and can be told to fail or to hold its answers (a slow receiver) until released.
/// </summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<string> _bodies = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _keys = new();
    private TaskCompletionSource _hold = Released();

    public WebhookReceiver()
    {
        Url = $"http://127.0.0.1:{FreePort()}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>How many times each message arrived, by its Idempotency-Key.</summary>
    public IReadOnlyDictionary<string, int> Keys => _keys;

    /// <summary>Set once a request has arrived.</summary>
    public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Holds the answers from now on, until <see cref="Release"/>.</summary>
    public void Hold() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _hold.TrySetResult();

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }

    /// <summary>The status to answer with; 500 makes the sender retry.</summary>
    public int Status { get; set; } = 200;

    public IReadOnlyList<string> Bodies
    {
        get
        {
            lock (_bodies)
                return _bodies.ToList();
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            _keys.AddOrUpdate(context.Request.Headers["Idempotency-Key"] ?? "", 1, (_, n) => n + 1);
            Arrived.TrySetResult();
            await _hold.Task;
            if (Status < 300)
            {
                lock (_bodies)
                    _bodies.Add(body);
            }
            context.Response.StatusCode = Status;
            context.Response.Close();
        }
    }

    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        Release();
        _listener.Close();
    }
}

/// <summary>A server whose notifications go to a webhook receiver and an SMTP server of the test's own.</summary>
public abstract class NotifyingFactory(TestStore store) : LagesbildFactory(store)
{
    public WebhookReceiver Webhook { get; } = new();

    public SimpleSmtpServer Smtp { get; } = SimpleSmtpServer.Start(WebhookReceiver.FreePort());

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Notifications:WebhookUrl", Webhook.Url),
        new("Notifications:Smtp:Host", "127.0.0.1"),
        new("Notifications:Smtp:Port", Smtp.Configuration.Port.ToString(CultureInfo.InvariantCulture)),
        new("Notifications:Smtp:Security", "None"),
        new("Notifications:PublicUrl", "https://lagesbild.example"),
    ];

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Webhook.Dispose();
            Smtp.Stop();
        }
        base.Dispose(disposing);
    }
}

public sealed class NotifyingSqlite() : NotifyingFactory(new SqliteStore());

public sealed class NotifyingPostgres() : NotifyingFactory(new PostgresStore());

public abstract class MissedRoundTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : NotifyingFactory
{
    private static readonly DateTimeOffset SundayEvening = new(2026, 11, 29, 20, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Deadline = new(2026, 11, 30, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_round_not_completed_by_its_deadline_is_missed_and_the_manager_is_told_in_the_app_by_webhook_and_by_email()
    {
        var site = await app.SiteAsync(Places.Next(), await app.HomeOrganisationAsync());
        app.Clock.AdjustTime(SundayEvening);
        using var manager = app.ClientFor(Role.SchoolManager);
        var roundId = (await manager.RoundOfAsync(site.Id(), "2026-11-30"))!.Value.GetProperty("id").GetInt64();
        var before = (await manager.GetJsonAsync("/api/notifications")).GetProperty("unread").GetInt32();

        app.Clock.AdjustTime(Deadline.AddSeconds(-1));
        Assert.Equal(0, await app.RunAsync<MissedRounds, int>(m => m.MarkAsync(CancellationToken.None)));
        // The server was down over the deadline: the first pass after it catches up.
        app.Clock.AdjustTime(Deadline.AddHours(2));
        var marked = await app.RunAsync<MissedRounds, int>(m => m.MarkAsync(CancellationToken.None));
        var again = await app.RunAsync<MissedRounds, int>(m => m.MarkAsync(CancellationToken.None));
        var round = await manager.GetJsonAsync($"/api/rounds/{roundId}");
        var notifications = await manager.GetJsonAsync("/api/notifications");
        var sent = await app.RunAsync<OutboxDispatcher, int>(d => d.DeliverDueAsync(CancellationToken.None));

        Assert.True(marked >= 1);
        Assert.Equal(0, again);
        Assert.Equal("Missed", round.GetProperty("round").GetProperty("status").GetString());
        Assert.Equal(Deadline.AddHours(2), round.GetProperty("round").GetProperty("missedAt").GetDateTimeOffset());
        // Other tests' sites in the class may miss rounds in the same pass; this round is told exactly once.
        Assert.True(notifications.GetProperty("unread").GetInt32() > before);
        var notice = Assert.Single(notifications.GetProperty("items").EnumerateArray(), n => n.GetProperty("link").GetString() == $"/rounds/{roundId}");
        Assert.Contains(site.Props().GetProperty("name").GetString()!, notice.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(notice.GetProperty("parameters").TryGetProperty("site", out var siteName), notice.ToString());
        Assert.Equal(site.Props().GetProperty("name").GetString(), siteName.GetString());
        Assert.Equal("06:00", notice.GetProperty("parameters").GetProperty("deadline").GetString()); // 05:00 UTC in Stockholm time
        Assert.True(sent >= 2);
        var hook = app.Webhook.Bodies.Select(b => JsonDocument.Parse(b).RootElement)
            .Single(b => b.TryGetProperty("data", out var data) && data.GetProperty("roundId").GetInt64() == roundId);
        Assert.Equal("round.missed", hook.GetProperty("event").GetString());
        var mail = app.Smtp.ReceivedEmail.Single(m => m.Subject.Contains(site.Props().GetProperty("name").GetString()!, StringComparison.Ordinal));
        Assert.Equal(LagesbildFactory.EmailOf(Role.SchoolManager), mail.ToAddresses.Single().Address);
        Assert.Contains($"https://lagesbild.example/rounds/{roundId}", mail.MessageParts[0].BodyData, StringComparison.Ordinal);

        // Only the manager is told; the caretaker's list has no notice.
        using var staff = app.ClientFor(Role.SchoolStaff);
        Assert.DoesNotContain((await staff.GetJsonAsync("/api/notifications")).GetProperty("items").EnumerateArray(),
            n => n.GetProperty("link").GetString() == $"/rounds/{roundId}");
    }

    [Fact]
    public async Task A_completed_round_is_not_missed_and_a_site_that_comes_to_need_a_round_after_its_deadline_gets_one_the_next_day()
    {
        var completedSite = await app.SiteAsync(Places.Next(), await app.HomeOrganisationAsync());
        app.Clock.AdjustTime(SundayEvening);
        using var staff = app.ClientFor(Role.SchoolStaff);
        var roundId = (await staff.RoundOfAsync(completedSite.Id(), "2026-11-30"))!.Value.GetProperty("id").GetInt64();
        app.Clock.AdjustTime(Deadline.AddMinutes(-20));
        var items = (await staff.GetJsonAsync($"/api/rounds/{roundId}")).GetProperty("checklist").GetArrayLength();
        await staff.PostJsonAsync($"/api/rounds/{roundId}/complete",
            new { checklist = Enumerable.Range(0, items).Select(_ => new { ok = true }).ToArray() }, HttpStatusCode.OK);
        // A site registered after its deadline that morning.
        app.Clock.AdjustTime(Deadline.AddHours(1));
        var lateSite = await app.SiteAsync(Places.Next(), await app.HomeOrganisationAsync());
        var late = await staff.RoundOfAsync(lateSite.Id(), "2026-11-30");
        var nextDay = await staff.RoundOfAsync(lateSite.Id(), "2026-12-01");

        await app.RunAsync<MissedRounds, int>(m => m.MarkAsync(CancellationToken.None));

        Assert.Equal("Completed", (await staff.GetJsonAsync($"/api/rounds/{roundId}")).GetProperty("round").GetProperty("status").GetString());
        Assert.Null(late);
        Assert.Equal("Due", nextDay!.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_webhook_that_fails_is_tried_again_later_and_then_delivered_once()
    {
        var now = app.Clock.GetUtcNow();
        await app.QueryAsync(async db =>
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Channel = OutboxChannel.Webhook,
                Recipient = app.Webhook.Url,
                Subject = "test",
                Body = "{\"event\":\"retry-test\"}",
                CreatedAt = now,
                NextAttemptAt = now,
            });
            return await db.SaveChangesAsync();
        });
        app.Webhook.Status = 500;
        try
        {
            await app.RunAsync<OutboxDispatcher, int>(d => d.DeliverDueAsync(CancellationToken.None));
            var failed = await app.QueryAsync(db => db.OutboxMessages.SingleAsync(m => m.Body.Contains("retry-test")));
            Assert.Null(failed.SentAt);
            Assert.Equal(1, failed.Attempts);
            Assert.True(failed.NextAttemptAt > now);
            // Not due again yet: nothing is sent.
            Assert.Equal(0, await app.RunAsync<OutboxDispatcher, int>(d => d.DeliverDueAsync(CancellationToken.None)));
        }
        finally
        {
            app.Webhook.Status = 200;
        }
        app.Clock.AdjustTime(now + OutboxDispatcher.Backoff(1));
        await app.RunAsync<OutboxDispatcher, int>(d => d.DeliverDueAsync(CancellationToken.None));
        await app.RunAsync<OutboxDispatcher, int>(d => d.DeliverDueAsync(CancellationToken.None));

        Assert.Single(app.Webhook.Bodies, b => b.Contains("retry-test", StringComparison.Ordinal));
        Assert.NotNull((await app.QueryAsync(db => db.OutboxMessages.SingleAsync(m => m.Body.Contains("retry-test")))).SentAt);
    }

    [Fact]
    public async Task A_message_that_cannot_be_sent_does_not_hold_back_the_others()
    {
        var now = app.Clock.GetUtcNow();
        await app.QueryAsync(async db =>
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Channel = OutboxChannel.Email,
                Recipient = "not an address",
                Subject = "trasig",
                Body = "x",
                CreatedAt = now,
                NextAttemptAt = now.AddSeconds(-1),
            });
            db.OutboxMessages.Add(new OutboxMessage
            {
                Channel = OutboxChannel.Webhook,
                Recipient = app.Webhook.Url,
                Subject = "test",
                Body = "{\"event\":\"after-a-bad-one\"}",
                CreatedAt = now,
                NextAttemptAt = now,
            });
            return await db.SaveChangesAsync();
        });

        await app.RunAsync<OutboxDispatcher, int>(d => d.DeliverDueAsync(CancellationToken.None));

        Assert.Contains(app.Webhook.Bodies, b => b.Contains("after-a-bad-one", StringComparison.Ordinal));
        var bad = await app.QueryAsync(db => db.OutboxMessages.SingleAsync(m => m.Subject == "trasig"));
        Assert.Null(bad.SentAt);
        Assert.Equal(1, bad.Attempts);
        Assert.NotNull(bad.LastError);
    }

    [Fact]
    public async Task A_site_without_a_manager_has_its_missed_round_told_to_the_coordinators()
    {
        var organisation = await app.OrganisationAsync("Förskola utan rektor");
        var site = await app.SiteAsync(Places.Next(), organisation);
        app.Clock.AdjustTime(SundayEvening);
        using var coordinator = app.ClientFor(Role.Coordinator);
        var roundId = (await coordinator.RoundOfAsync(site.Id(), "2026-11-30"))!.Value.GetProperty("id").GetInt64();
        app.Clock.AdjustTime(Deadline.AddMinutes(1));

        await app.RunAsync<MissedRounds, int>(m => m.MarkAsync(CancellationToken.None));

        var items = (await coordinator.GetJsonAsync("/api/notifications")).GetProperty("items").EnumerateArray();
        Assert.Contains(items, n => n.GetProperty("link").GetString() == $"/rounds/{roundId}");
        Assert.Equal(RoundStatus.Missed, await app.QueryAsync(db => db.Rounds.Where(r => r.Id == roundId).Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task Nobody_marks_another_users_notification_as_read()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        using var staff = app.ClientFor(Role.SchoolStaff);
        var id = await app.QueryAsync(async db =>
        {
            var n = new Notification { UserId = app.UserIds[Role.Coordinator], Kind = "test", Text = "Hej", CreatedAt = app.Clock.GetUtcNow() };
            db.Notifications.Add(n);
            await db.SaveChangesAsync();
            return n.Id;
        });

        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsync($"/api/notifications/{id}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.PostAsync($"/api/notifications/{id}/read", null)).StatusCode);
        Assert.DoesNotContain((await staff.GetJsonAsync("/api/notifications")).GetProperty("items").EnumerateArray(), n => n.GetProperty("id").GetInt64() == id);
    }
}

public sealed class MissedRoundsOnSqlite(NotifyingSqlite app) : MissedRoundTests<NotifyingSqlite>(app);

public sealed class MissedRoundsOnPostgres(NotifyingPostgres app) : MissedRoundTests<NotifyingPostgres>(app);
