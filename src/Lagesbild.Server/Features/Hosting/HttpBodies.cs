namespace Lagesbild.Server.Features.Hosting;

/// <summary>Bodies from other servers (a feed, a camera), read no further than the size the product will keep.</summary>
public static class HttpBodies
{
    /// <summary>The body, or null when it says or turns out to be longer than <paramref name="max"/> bytes (it is not read further).</summary>
    public static async Task<byte[]?> ReadAtMostAsync(HttpContent content, int max, CancellationToken ct)
    {
        if (content.Headers.ContentLength > max)
            return null;
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
