using Lagesbild.Core.Indicators;
using Lagesbild.Core.Measures;
using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Demo;

/// <summary>
/// The demo's measures and survey indicators. The measures sit on the demo scenes at the moments their
/// lifecycles turn, so that the effect view has something to find (Farsta's lighting came as the scene
/// declined; Kungsholmen's evening walks have not changed it yet). The indicators are the city-wide
/// figures Stockholm published for "often worried about being a victim of crime" in its trygghetsmätning
/// (2017: 11 %, 2020: 9 %, as the city's own news of September 2020 gives them), marked as published with
/// that source; the 2014 point (8 %) could not be checked against a published source, so it is marked
/// synthetic, as are the made-up series per stadsdelsområde.
/// </summary>
public sealed class DemoOutcomes(LagesbildDb db, Residents.ApiKeys apiKeys)
{
    public const string Worried = "Ofta orolig för att utsättas för brott";
    public const string Safe = "Känner sig trygg utomhus sen kväll i området";
    public const string Exposed = "Utsatt för brott senaste året";
    public const string Trust = "Förtroende för stadens trygghetsarbete";
    public const string PublishedSource = "Stockholms stad, Trygghetsmätningen 2020: \"Positiv trend i årets trygghetsmätning\" (start.stockholm, september 2020)";
    public const string SyntheticSource = "Syntetiska demodata";

    /// <param name="DaysAgo">When it started, in days before today (negative: not yet).</param>
    /// <param name="Days">How long it ran, or null while it goes on.</param>
    private sealed record Plan(string District, MeasureKind Kind, string Title, string Description, int DaysAgo, int? Days, long Cost, int Organisation, bool OnDistrict = false);

    private static readonly Plan[] Measures =
    [
        new("Husby", MeasureKind.Lighting, "Ny belysning vid Husby centrum", "Belysning på torget och i gångtunneln mot tunnelbanan.", 517, 45, 380_000, 0),
        new("Farsta", MeasureKind.Lighting, "Ny belysning vid Farsta centrum", "Tolv nya armaturer längs gångvägen och i tunneln, 3000 K.", 487, 30, 420_000, 0),
        new("Farsta", MeasureKind.VegetationClearing, "Röjning av buskage vid parkeringen", "Buskar och sly röjda så att platsen syns från vägen.", 456, 30, 65_000, 0),
        new("Liljeholmen", MeasureKind.GuardPatrol, "Väktare kvällstid vid torget", "Två väktare 18–24 alla dagar.", 243, 91, 540_000, 0),
        new("Blackeberg", MeasureKind.Outreach, "Fältassistenter kvällar", "Fältassistenter på plats tisdag till lördag kväll.", 122, null, 180_000, 2),
        new("Hökarängen", MeasureKind.Camera, "Kamerabevakning vid tunnelbanan", "Polisens kamera vid uppgången, tillstånd enligt kamerabevakningslagen.", 426, null, 350_000, 1),
        new("Hökarängen", MeasureKind.GuardPatrol, "Sommarväktare vid centrum", "Väktare fredag och lördag kväll under sommar och höst.", 160, 151, 210_000, 0),
        new("Kungsholmen", MeasureKind.Activities, "Trygga vuxna: kvällsvandringar", "Föräldrar och föreningar vandrar fredag och lördag kväll.", 61, null, 40_000, 0),
        new("Rinkeby", MeasureKind.PolicePresence, "Ökad polisnärvaro", "Lokalpolisområdet prioriterar platsen kvällstid.", 183, null, 0, 1),
        new("Rinkeby", MeasureKind.Cleaning, "Daglig städning och sprutplockning", "Städning av området varje morgon före klockan sju.", 304, null, 260_000, 0, OnDistrict: true),
        new("Rinkeby", MeasureKind.Outreach, "Fältassistenter vid torget", "Fältassistenter på torget eftermiddag och kväll.", 10, null, 95_000, 2),
        new("Tensta", MeasureKind.EnvironmentalRedesign, "Ombyggnad av gångtunneln", "Tunneln breddas och får glasade väggar.", -61, 183, 2_400_000, 0),
    ];

    public async Task SeedAsync(Random random, IReadOnlyCollection<User> users, DateTimeOffset now, CancellationToken ct)
    {
        await SeedMeasuresAsync(users, now, ct);
        await SeedIndicatorsAsync(random, now, ct);
        // The README's ready-made Open311 key, so that a developer can post from an Open311 client at once.
        await apiKeys.CreateAsync("Demo: Open311 clients", users.First(u => u.Roles.Contains(Core.Access.Role.Admin)).Id, ct, Residents.ApiKeys.DemoKey);
    }

    private async Task SeedMeasuresAsync(IReadOnlyCollection<User> users, DateTimeOffset now, CancellationToken ct)
    {
        var districts = await db.Districts.AsNoTracking().ToDictionaryAsync(d => d.Name, d => d.Id, ct);
        var scenes = await db.Scenes.AsNoTracking().Where(s => s.DistrictId != null).ToListAsync(ct);
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Name, o => o.Id, ct);
        var author = users.First(u => u.Roles.Contains(Core.Access.Role.Coordinator));
        var today = DateOnly.FromDateTime(Core.Time.Stockholm.ToLocal(now));
        foreach (var plan in Measures)
        {
            var districtId = districts[plan.District];
            var scene = scenes.Where(s => s.DistrictId == districtId).OrderBy(s => s.Id).FirstOrDefault();
            var starts = today.AddDays(-plan.DaysAgo);
            var ends = plan.Days is { } days ? starts.AddDays(days) : (DateOnly?)null;
            db.Measures.Add(new Measure
            {
                Kind = plan.Kind,
                Title = plan.Title,
                Description = plan.Description,
                SceneId = plan.OnDistrict || scene is null ? null : scene.Id,
                DistrictId = plan.OnDistrict || scene is null ? districtId : null,
                StartsOn = starts,
                EndsOn = ends,
                Status = starts > today ? MeasureStatus.Planned : ends is { } end && end < today ? MeasureStatus.Ended : MeasureStatus.Ongoing,
                OrganisationId = organisations[DemoAccounts.Organisations[plan.Organisation].Name],
                Cost = plan.Cost,
                CreatedAt = now.AddDays(-Math.Max(plan.DaysAgo, 0) - 14),
                UpdatedAt = now.AddDays(-Math.Max(plan.DaysAgo, 0) - 14),
                CreatedById = author.Id,
            });
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task SeedIndicatorsAsync(Random random, DateTimeOffset now, CancellationToken ct)
    {
        var values = new List<IndicatorValue>();
        values.Add(Value(Worried, AreaKind.City, "Stockholm", 2014, 8.0, null, SyntheticSource, Provenance.Synthetic, now));
        foreach (var (year, value) in new[] { (2017, 11.0), (2020, 9.0) })
            values.Add(Value(Worried, AreaKind.City, "Stockholm", year, value, null, PublishedSource, Provenance.Published, now));

        // Made-up borough series: boroughs with more scenes are less safe; worry follows the city's published shape.
        var boroughs = await db.Districts.AsNoTracking().Select(d => d.Borough).Distinct().OrderBy(b => b).ToListAsync(ct);
        var cityShape = new Dictionary<int, double> { [2014] = 0, [2017] = 2.5, [2020] = 1, [2023] = 0 };
        foreach (var borough in boroughs)
        {
            var burden = random.NextDouble();
            foreach (var (year, shift) in cityShape)
            {
                var n = 300 + random.Next(500);
                double Noise() => (random.NextDouble() - 0.5) * 2;
                values.Add(Value(Worried, AreaKind.Borough, borough, year, Round(5 + (8 * burden) + shift + Noise()), n, SyntheticSource, Provenance.Synthetic, now));
                values.Add(Value(Safe, AreaKind.Borough, borough, year, Round(82 - (25 * burden) - (2 * shift) + Noise()), n, SyntheticSource, Provenance.Synthetic, now));
                values.Add(Value(Exposed, AreaKind.Borough, borough, year, Round(18 + (8 * burden) + shift + Noise()), n, SyntheticSource, Provenance.Synthetic, now));
                values.Add(Value(Trust, AreaKind.Borough, borough, year, Round(60 - (12 * burden) + (year - 2014) * 0.4 + Noise()), n, SyntheticSource, Provenance.Synthetic, now));
            }
        }
        db.IndicatorValues.AddRange(values);
        await db.SaveChangesAsync(ct);
    }

    private static double Round(double value) => Math.Round(Math.Clamp(value, 0, 100), 1);

    private static IndicatorValue Value(string indicator, AreaKind kind, string area, int year, double value, int? n, string source, Provenance provenance, DateTimeOffset now) => new()
    {
        Indicator = indicator,
        Unit = IndicatorRules.Percent,
        AreaKind = kind,
        Area = area,
        PeriodFrom = year,
        PeriodTo = year,
        Value = value,
        SampleSize = n,
        Source = source,
        Provenance = provenance,
        ImportedAt = now,
    };
}
