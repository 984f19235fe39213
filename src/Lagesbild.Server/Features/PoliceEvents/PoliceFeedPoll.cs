using System.Net;
using System.Net.Http.Headers;
using Lagesbild.Core.PoliceEvents;
using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.PoliceEvents;

public enum PollStatus
{
    Imported,
    NotModified,
    Failed,
}

/// <summary>What one poll of the feed came to: the import, "not modified", or why it failed.</summary>
public sealed record PollOutcome(PollStatus Status, ImportResult? Import = null, string? Reason = null);

/// <summary>
/// One poll of the police's feed: a conditional GET with the ETag of the last document read (a 304 costs nothing),
/// the document read within a size limit, refused whole if it is not the feed, and imported. The ETag is kept only
/// after the import committed, so that a failed import is fetched again.
/// </summary>
public sealed class PoliceFeedPoll(IHttpClientFactory clients, LagesbildDb db, PoliceEventImport import, IOptions<PoliceEventOptions> options, TimeProvider time)
{
    public const string Client = "police-events";
    public const string EtagSetting = "police-events.etag";

    public async Task<PollOutcome> PollAsync(Uri url, CancellationToken ct)
    {
        var settings = options.Value;
        var etag = await db.Settings.AsNoTracking().Where(s => s.Key == EtagSetting).Select(s => s.Value).FirstOrDefaultAsync(ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/json");
        if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag))
            request.Headers.IfNoneMatch.Add(tag);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        byte[] body;
        string? newEtag;
        try
        {
            using var response = await clients.CreateClient(Client).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode == HttpStatusCode.NotModified)
                return new PollOutcome(PollStatus.NotModified);
            if (!response.IsSuccessStatusCode)
                return new PollOutcome(PollStatus.Failed, Reason: $"The feed answered {(int)response.StatusCode}.");
            if (response.Content.Headers.ContentLength > settings.MaxFeedBytes)
                return new PollOutcome(PollStatus.Failed, Reason: $"The feed is larger than {settings.MaxFeedBytes} bytes.");
            body = await Hosting.HttpBodies.ReadAtMostAsync(response.Content, settings.MaxFeedBytes, timeout.Token)
                ?? throw new InvalidDataException($"The feed is larger than {settings.MaxFeedBytes} bytes.");
            newEtag = response.Headers.ETag?.ToString();
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new PollOutcome(PollStatus.Failed, Reason: $"The feed did not answer within {settings.TimeoutSeconds} s.");
        }
        catch (HttpRequestException e)
        {
            return new PollOutcome(PollStatus.Failed, Reason: $"The feed could not be reached: {e.Message}");
        }
        catch (InvalidDataException e)
        {
            return new PollOutcome(PollStatus.Failed, Reason: e.Message);
        }
        if (PoliceFeed.TryRead(body, out var error) is not { } feed)
            return new PollOutcome(PollStatus.Failed, Reason: error);
        var imported = await import.ImportAsync(feed, ct);
        await KeepEtagAsync(newEtag, ct);
        return new PollOutcome(PollStatus.Imported, imported);
    }

    private async Task KeepEtagAsync(string? etag, CancellationToken ct)
    {
        var setting = await db.Settings.FirstOrDefaultAsync(s => s.Key == EtagSetting, ct);
        if (etag is null || etag.Length > 400)
        {
            if (setting is not null)
                db.Settings.Remove(setting);
        }
        else if (setting is null)
            db.Settings.Add(new Setting { Key = EtagSetting, Value = etag, UpdatedAt = time.GetUtcNow() });
        else
        {
            setting.Value = etag;
            setting.UpdatedAt = time.GetUtcNow();
        }
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>
/// Polls the feed at its interval and, after failures (an error status, a timeout, a document that is not the feed),
/// waits longer each time (doubling up to a ceiling), so that a feed in trouble is not hammered; one success resets it.
/// Its own loop rather than a <see cref="Hosting.PeriodicWorker"/>, whose period is fixed.
/// </summary>
public sealed class PoliceFeedWorker(IServiceScopeFactory scopes, IOptions<PoliceEventOptions> options, TimeProvider time, ILogger<PoliceFeedWorker> log)
    : BackgroundService
{
    /// <summary>Failed polls in a row, since the last success.</summary>
    public int Failures { get; private set; }

    /// <summary>One poll; answers how long to wait before the next. Never throws but on cancellation.</summary>
    public async Task<TimeSpan> PassAsync(CancellationToken ct)
    {
        var settings = options.Value;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            // One server polls at a time; the others wait their interval and look again.
            await using var held = await scope.ServiceProvider.GetRequiredService<Hosting.PassLocks>().TryTakeAsync(nameof(PoliceFeedWorker), ct);
            if (held is null)
                return TimeSpan.FromSeconds(settings.IntervalSeconds);
            var outcome = await scope.ServiceProvider.GetRequiredService<PoliceFeedPoll>().PollAsync(new Uri(settings.Url!), ct);
            if (outcome.Status == PollStatus.Failed)
            {
                Failures++;
                log.LogWarning("The police events feed failed ({Failures} in a row): {Reason}", Failures, outcome.Reason);
            }
            else
            {
                Failures = 0;
                if (outcome.Import is { Added: > 0 } import)
                    log.LogInformation("Police events: {Added} added, {Known} already held, {Elsewhere} of other places.", import.Added, import.Known, import.Elsewhere);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Failures++;
            log.LogError(e, "The police events import failed ({Failures} in a row).", Failures);
        }
        return FeedBackoff.Wait(Failures, TimeSpan.FromSeconds(settings.IntervalSeconds), TimeSpan.FromSeconds(settings.MaxBackoffSeconds));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || string.IsNullOrWhiteSpace(options.Value.Url))
            return;
        while (!stoppingToken.IsCancellationRequested)
            await Task.Delay(await PassAsync(stoppingToken), time, stoppingToken);
    }
}
