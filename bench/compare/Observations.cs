using System.Globalization;

namespace Lagesbild.Bench.Compare;

/// <summary>
/// Seeded synthetic observations on Stockholm's SWEREF 99 TM extent: scenes (Gaussian clusters, one per 500
/// points) that each prefer some hours of the week (weekday evenings, nights, weekend afternoons), and a fifth
/// of background noise. Coordinates are whole metres and times whole seconds, so that eps 49.5 m and 86399.5 s
/// put no pair on a boundary and every peer must give the same labels.
/// </summary>
public sealed record Observations(double[] X, double[] Y, double[] T)
{
    public const double MinX = 660_000, MinY = 6_565_000, Width = 30_000, Height = 30_000;
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero); // a Monday

    public int Count => X.Length;

    public static Observations Generate(int count, int seed, int weeks = 8)
    {
        var random = new Random(seed);
        var scenes = Math.Max(1, count / 500);
        var centres = Enumerable.Range(0, scenes).Select(_ => (X: MinX + 2000 + random.NextDouble() * (Width - 4000), Y: MinY + 2000 + random.NextDouble() * (Height - 4000),
            Spread: 40 + random.NextDouble() * 110, Hours: PreferredHours(random))).ToArray();
        var x = new double[count];
        var y = new double[count];
        var t = new double[count];
        for (var i = 0; i < count; i++)
        {
            int hourOfWeek;
            if (random.NextDouble() < 0.2)
            {
                x[i] = Math.Round(MinX + random.NextDouble() * Width);
                y[i] = Math.Round(MinY + random.NextDouble() * Height);
                hourOfWeek = random.Next(168);
            }
            else
            {
                var scene = centres[random.Next(scenes)];
                x[i] = Math.Round(scene.X + Gaussian(random) * scene.Spread);
                y[i] = Math.Round(scene.Y + Gaussian(random) * scene.Spread);
                hourOfWeek = scene.Hours[random.Next(scene.Hours.Length)];
            }
            t[i] = (Start - DateTimeOffset.UnixEpoch).TotalSeconds + random.Next(weeks) * 604_800L + hourOfWeek * 3600L + random.Next(3600);
        }
        return new Observations(x, y, t);
    }

    private static int[] PreferredHours(Random random) => random.Next(3) switch
    {
        0 => [.. Enumerable.Range(0, 5).SelectMany(day => Enumerable.Range(day * 24 + 17, 6))], // weekday evenings
        1 => [.. Enumerable.Range(0, 7).SelectMany(day => new[] { day * 24 + 23, day * 24 + 0, day * 24 + 1, day * 24 + 2 }.Select(h => h % 168))], // nights
        _ => [.. Enumerable.Range(5 * 24 + 12, 8).Concat(Enumerable.Range(6 * 24 + 12, 8))], // weekend afternoons
    };

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    public void WriteCsv(string path)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("x,y,t");
        for (var i = 0; i < Count; i++)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{X[i]},{Y[i]},{T[i]}"));
    }

    public static Observations ReadCsv(string path)
    {
        var rows = File.ReadLines(path).Skip(1).Select(line => line.Split(',')).ToList();
        double Column(string[] row, int i) => i < row.Length ? double.Parse(row[i], CultureInfo.InvariantCulture) : 0;
        return new Observations(rows.Select(r => Column(r, 0)).ToArray(), rows.Select(r => Column(r, 1)).ToArray(), rows.Select(r => Column(r, 2)).ToArray());
    }
}
