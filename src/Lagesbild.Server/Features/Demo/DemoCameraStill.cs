using ImageMagick;
using ImageMagick.Drawing;
using Lagesbild.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Demo;

/// <summary>
/// The demo's camera: a still of a school yard at night, drawn here (no photograph of a real place, nor anyone's
/// picture), served from the demo itself so that an alarm raised in the demo shows a picture on the guard's card.
/// </summary>
public static class DemoCameraStill
{
    public const string Path = "/demo/camera-still.png";

    /// <summary>Where the demo's cameras are seeded to fetch from; pointed at the address the demo listens on once it starts.</summary>
    public const string Seeded = "http://127.0.0.1:5080" + Path;

    private static readonly Lazy<byte[]> Picture = new(Draw);

    public static IEndpointRouteBuilder MapDemo(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<DemoOptions>>().Value.Enabled)
            return app;
        // A camera has no user to sign in as; this one shows a drawing, only in the demo.
        app.MapGet(Path, () => TypedResults.File(Picture.Value, "image/png")).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>Points the demo's cameras at this server's first address (a wildcard host is reached on loopback).</summary>
    public static async Task PointCamerasAsync(IServer server, IServiceScopeFactory scopes, CancellationToken ct)
    {
        var first = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (first is null || !Uri.TryCreate(first.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal), UriKind.Absolute, out var listening))
            return;
        var host = listening.Host is "0.0.0.0" or "[::]" or "::" or "localhost" ? "127.0.0.1" : listening.Host;
        var address = new UriBuilder(listening.Scheme, host, listening.Port, Path).Uri.ToString();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LagesbildDb>();
        await db.Cameras.Where(c => c.SnapshotUrl != null && c.SnapshotUrl.EndsWith(Path) && c.SnapshotUrl != address)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SnapshotUrl, address), ct);
    }

    /// <summary>A yard at night under a street lamp: sky, the school's facade with two lit windows, the fence, the lamp's light.</summary>
    private static byte[] Draw()
    {
        const int width = 640, height = 360;
        using var image = new MagickImage(new MagickColor("#0b1726"), width, height);
        new Drawables()
            .FillColor(new MagickColor("#1d2b3a")).Rectangle(0, 230, width, height) // the yard
            .FillColor(new MagickColor("#3b4650")).Rectangle(60, 70, 470, 230) // the facade
            .FillColor(new MagickColor("#2a333b")).Polygon(new PointD(40, 70), new PointD(265, 30), new PointD(490, 70)) // the roof
            .FillColor(new MagickColor("#e8c872")).Rectangle(110, 110, 160, 150).Rectangle(330, 110, 380, 150) // lit windows
            .FillColor(new MagickColor("#1a2128")).Rectangle(200, 110, 250, 150).Rectangle(400, 110, 450, 150).Rectangle(240, 170, 290, 230) // dark windows, door
            .FillColor(new MagickColor("#59636b")).Rectangle(540, 90, 546, 300) // the lamp post
            .FillColor(new MagickColor("#fff3c4")).Circle(543, 86, 553, 86) // the lamp
            .FillColor(new MagickColor("#f5e6a0")).FillOpacity(new Percentage(25)).Polygon(new PointD(530, 95), new PointD(480, 300), new PointD(610, 300)) // its light
            .Draw(image);
        var posts = new Drawables().StrokeColor(new MagickColor("#8a949c")).StrokeWidth(3).Line(0, 280, width, 280).Line(0, 250, width, 250); // the fence
        for (var x = 10; x < width; x += 40)
            posts.Line(x, 245, x, 290);
        posts.Draw(image);
        image.Format = MagickFormat.Png;
        return image.ToByteArray();
    }
}
