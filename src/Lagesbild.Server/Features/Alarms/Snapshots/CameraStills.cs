using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using Lagesbild.Data;
using Lagesbild.Server.Features.Hosting;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Alarms.Snapshots;

/// <summary>How still pictures are fetched when an alarm opens ("Alarms:Snapshots" in configuration).</summary>
public sealed class SnapshotOptions
{
    public const string Section = "Alarms:Snapshots";

    /// <summary>How long one camera may take, all its calls together (ONVIF's two and the picture).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest picture kept; a camera that sends more is refused.</summary>
    [Range(1024, 20 * 1024 * 1024)]
    public int MaxBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Alarms whose stills are fetched at once (each alarm's cameras are fetched together).</summary>
    [Range(1, 64)]
    public int Parallel { get; set; } = 4;
}

/// <summary>A still as a camera gave it, or why there is none.</summary>
public sealed record Still(string? ContentType, byte[]? Image, SnapshotFailure? Failure, string? Detail)
{
    public static Still Failed(SnapshotFailure failure, string? detail = null) => new(null, null, failure, detail);
}

/// <summary>
/// Fetches one camera's still picture: a plain GET of its snapshot address, or, for an ONVIF camera, the address its
/// media service gives. HTTP Basic or Digest when the camera has credentials (a handler of its own per fetch, since
/// credentials belong to the camera, and alarms are rare enough). Within a timeout and a size cap, and only a JPEG or
/// PNG whose first bytes say so too: whatever else a camera sends is recorded as a failure, never shown.
/// </summary>
public sealed class CameraStills(IOptions<SnapshotOptions> options, TimeProvider time)
{
    private SnapshotOptions Options => options.Value;

    public async Task<Still> FetchAsync(Camera camera, string? password, CancellationToken ct)
    {
        var credentials = new CredentialCache();
        var credential = camera.SnapshotUserName is { } user ? new NetworkCredential(user, password ?? "") : null;
        using var handler = new SocketsHttpHandler
        {
            Credentials = credentials,
            // A camera that redirects elsewhere is not followed: its credentials stay with it.
            AllowAutoRedirect = false,
            // Cameras sit on the city's own network, not behind the web proxy.
            UseProxy = false,
            ConnectTimeout = Options.Timeout,
        };
        using var client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Options.Timeout);
        try
        {
            Uri address;
            if (camera.SnapshotUrl is { } url)
                address = new Uri(url);
            else
            {
                var device = new Uri(camera.OnvifUrl!);
                Allow(credentials, device, credential);
                var onvif = new OnvifMedia(client, credential, time);
                if (await onvif.SnapshotUriAsync(device, timeout.Token) is not { } found)
                    return Still.Failed(SnapshotFailure.Onvif, onvif.Problem);
                address = found;
            }
            Allow(credentials, address, credential);
            return await GetImageAsync(client, address, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Still.Failed(SnapshotFailure.Timeout, Seconds(Options.Timeout));
        }
        catch (HttpRequestException e) when (e.InnerException is OperationCanceledException && !ct.IsCancellationRequested)
        {
            return Still.Failed(SnapshotFailure.Timeout, Seconds(Options.Timeout));
        }
        catch (HttpRequestException e)
        {
            return Still.Failed(SnapshotFailure.Unreachable, e.HttpRequestError.ToString());
        }
    }

    /// <summary>Seconds as the card says them: "5", "0.5".</summary>
    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Lets the camera's credentials go to one origin, for Basic and Digest only.</summary>
    private static void Allow(CredentialCache cache, Uri address, NetworkCredential? credential)
    {
        if (credential is null)
            return;
        var origin = new Uri(address.GetLeftPart(UriPartial.Authority));
        foreach (var scheme in new[] { "Basic", "Digest" })
        {
            if (cache.GetCredential(origin, scheme) is null)
                cache.Add(origin, scheme, credential);
        }
    }

    private async Task<Still> GetImageAsync(HttpClient client, Uri address, CancellationToken ct)
    {
        using var response = await client.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode != HttpStatusCode.OK)
            return Still.Failed(SnapshotFailure.HttpStatus, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
        var type = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant();
        if (type is not ("image/jpeg" or "image/png"))
            return Still.Failed(SnapshotFailure.NotAnImage, type is { Length: > 0 } ? type[..Math.Min(type.Length, 100)] : null);
        var max = Options.MaxBytes;
        var megabytes = (max / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture);
        var image = await HttpBodies.ReadAtMostAsync(response.Content, max, ct);
        if (image is null)
            return Still.Failed(SnapshotFailure.TooLarge, megabytes);
        return StillImage.Matches(type, image) ? new Still(type, image, null, null) : Still.Failed(SnapshotFailure.NotAnImage, type);
    }
}

/// <summary>What a picture's first bytes say it is.</summary>
public static class StillImage
{
    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];

    /// <summary>Whether the bytes are of the declared type: a JPEG starts FF D8 FF, a PNG with its eight-byte signature.</summary>
    public static bool Matches(string contentType, ReadOnlySpan<byte> image) => contentType switch
    {
        "image/jpeg" => image.StartsWith(Jpeg),
        "image/png" => image.StartsWith(Png),
        _ => false,
    };
}
