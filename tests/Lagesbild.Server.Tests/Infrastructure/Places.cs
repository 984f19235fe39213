using System.Globalization;

namespace Lagesbild.Server.Tests.Infrastructure;

/// <summary>A small square of Stockholm that no other test uses, so that a bbox finds only this test's rows.</summary>
public sealed record Place(double Lon, double Lat)
{
    /// <summary>Half the side of the square, in degrees: about 20 m north-south, 11 m east-west.</summary>
    public const double Half = 0.0002;

    /// <summary>"minLon,minLat,maxLon,maxLat" of the square.</summary>
    public string Bbox => Box(Lon - Half, Lat - Half, Lon + Half, Lat + Half);

    /// <summary>A point inside the square, offset from its centre by fractions of its half side (-1..1).</summary>
    public (double Lon, double Lat) At(double east = 0, double north = 0) => (Lon + (east * Half * 0.9), Lat + (north * Half * 0.9));

    /// <summary>The square as GeoJSON polygon coordinates (counter-clockwise, closed).</summary>
    public double[][][] Square() =>
    [[
        [Lon - Half, Lat - Half], [Lon + Half, Lat - Half], [Lon + Half, Lat + Half], [Lon - Half, Lat + Half], [Lon - Half, Lat - Half],
    ]];

    public static string Box(double minLon, double minLat, double maxLon, double maxLat) =>
        string.Join(',', new[] { minLon, minLat, maxLon, maxLat }.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}

public static class Places
{
    // Squares 110 m apart, 100 to a row, from south-west Stockholm north-east (the first 10,000 lie in the city's map).
    private const double West = 17.90, South = 59.28, StepLon = 0.002, StepLat = 0.001;
    private const int Columns = 100;
    private static int _next = -1;

    public static Place Next()
    {
        var n = Interlocked.Increment(ref _next);
        return new Place(West + ((n % Columns) * StepLon), South + ((n / Columns) * StepLat));
    }

    /// <summary>Rinkeby, well inside the district (Rinkebystråket, near the square).</summary>
    public static readonly Place Rinkeby = new(17.9265, 59.3880);

    /// <summary>Södermalm, near Medborgarplatsen.</summary>
    public static readonly Place Sodermalm = new(18.0720, 59.3145);
}
