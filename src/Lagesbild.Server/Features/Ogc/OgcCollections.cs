using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Time;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Measures;
using Lagesbild.Server.Features.Observations;
using Lagesbild.Server.Features.Picture;
using Lagesbild.Server.Features.Scenes;
using Lagesbild.Server.Features.Sites;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace Lagesbild.Server.Features.Ogc;

/// <summary>One collection of the OGC API: its id, its titles (Swedish and English) and whether time filters it.</summary>
public sealed record OgcCollection(string Id, string TitleSv, string TitleEn, string DescriptionSv, string DescriptionEn, bool Temporal);

/// <summary>A feature as the OGC API answers it, in WGS84 longitude and latitude until it is written.</summary>
public sealed record OgcItem(object Id, Geometry? Geometry, object Properties);

/// <summary>One page of a collection's features and how many matched in all.</summary>
public sealed record OgcPage(int Matched, IReadOnlyList<OgcItem> Items);

/// <summary>
/// The collections the GIS tools read, each through the product's own read path, so that a role sees through the OGC
/// API exactly what it sees through /api: the same services, the same tier rules, the same audit entries.
/// </summary>
public sealed class OgcCollections(
    LagesbildDb db, DistrictCatalog districts, SceneService scenes, SiteViews sites, MeasureService measures,
    PictureService pictures, Readers readers, AuditTrail audit)
{
    public static readonly IReadOnlyList<OgcCollection> All =
    [
        new("districts", "Stadsdelar", "Districts", "Stadsdelarna med sitt stadsdelsområde.", "The districts (stadsdelar) with their borough.", false),
        new("boroughs", "Stadsdelsområden", "Boroughs", "Stadsdelsområdena, var och en föreningen av sina stadsdelar.", "The boroughs (stadsdelsområden), each the union of its districts.", false),
        new("scenes", "Öppna drogscener", "Open drug scenes", "Scenregistret: område, status och stadsdel.", "The scene register: area, status and district.", false),
        new("sites", "Skolor och förskolor", "Schools and preschools", "Skolor, förskolor och andra platser, som de visas för din roll.", "Schools, preschools and other sites, as your role sees them.", false),
        new("measures", "Åtgärder", "Measures", "Åtgärdsregistret; datetime väljer åtgärder vars period möter intervallet.", "The measure register; datetime selects measures whose period meets the interval.", true),
        new("picture-cells", "Lägesbildens rutor", "Picture cells", "Antal iakttagelser per ruta om 250 m för ett tidsfönster (datetime; standard de senaste 28 dagarna).", "Observation counts per 250 m cell for a window (datetime; by default the last 28 days).", true),
        new("observations", "Iakttagelser", "Observations", "Iakttagelser du får läsa, efter samma regler som /api/observations; varje läsning loggas.", "The observations you may read, under the same rules as /api/observations; every read is audited.", true),
    ];

    /// <summary>The collections a user may read; any other is 404 for them, as a record they may not read is.</summary>
    public static IEnumerable<OgcCollection> ReadableBy(IReadOnlyCollection<Role> roles) =>
        All.Where(c => c.Id != "observations" || ReadsObservations(roles));

    /// <summary>Whether a user reads any observation one by one (anywhere, or in the area or from the own organisation).</summary>
    public static bool ReadsObservations(IReadOnlyCollection<Role> roles) =>
        NeedToKnow.ReadEverywhere(roles).Length > 0 || NeedToKnow.ReadInside(roles).Length > 0;

    public async Task<OgcPage> ItemsAsync(OgcCollection collection, FeatureQuery query, CurrentUser user, CancellationToken ct)
    {
        if (collection.Id == "observations")
            return await ObservationsAsync(query, user, ct);
        var items = await LoadAsync(collection.Id, query.Window, user, ct);
        if (query.Bbox is { } box)
        {
            var area = PolygonInput.Wgs84.ToGeometry(new Envelope(box.MinLon, box.MaxLon, box.MinLat, box.MaxLat));
            items = [.. items.Where(i => i.Geometry is { } g && g.Intersects(area))];
        }
        return new OgcPage(items.Count, [.. items.Skip(query.Offset).Take(query.Limit)]);
    }

    public async Task<OgcItem?> ItemAsync(OgcCollection collection, string id, FeatureQuery query, CurrentUser user, CancellationToken ct)
    {
        if (collection.Id == "observations")
            return long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var observationId) ? await ObservationAsync(observationId, user, ct) : null;
        var items = await LoadAsync(collection.Id, query.Window, user, ct);
        return items.FirstOrDefault(i => string.Equals(Convert.ToString(i.Id, CultureInfo.InvariantCulture), id, StringComparison.Ordinal));
    }

    private async Task<List<OgcItem>> LoadAsync(string collection, TimeWindow window, CurrentUser user, CancellationToken ct) => collection switch
    {
        "districts" => [.. (await db.Districts.AsNoTracking().OrderBy(d => d.Id).ToListAsync(ct)).Select(d => new OgcItem(d.Id, d.Area, new DistrictProperties(d.Name, d.Borough)))],
        "boroughs" => await BoroughsAsync(ct),
        "scenes" => [.. (await scenes.ListAsync(null, null, null, ct)).Select(Item).OrderBy(i => (long)i.Id)],
        "sites" => [.. (await sites.ListAsync(user, null, null, ct)).Select(Item).OrderBy(i => (long)i.Id)],
        "measures" => [.. (await measures.ListAsync(null, null, null, [], ct))
            .Where(m => window.Meets(Stockholm.StartOfDay(m.Properties.StartsOn), m.Properties.EndsOn is { } end ? Stockholm.StartOfDay(end.AddDays(1)) : null))
            .Select(Item).OrderBy(i => (long)i.Id)],
        "picture-cells" => await PictureCellsAsync(window, user, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(collection), collection, "Not a collection."),
    };

    private static OgcItem Item<T>(Feature<T> feature) where T : notnull =>
        new(Convert.ToInt64(feature.Id, CultureInfo.InvariantCulture), feature.Geometry, feature.Properties);

    /// <summary>Each borough as the union of its districts, numbered in the order of their names.</summary>
    private async Task<List<OgcItem>> BoroughsAsync(CancellationToken ct)
    {
        var all = await db.Districts.AsNoTracking().ToListAsync(ct);
        return [.. all.GroupBy(d => d.Borough).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select((g, i) => new OgcItem(i + 1, UnaryUnionOp.Union(g.Select(d => (Geometry)d.Area).ToList()),
                new BoroughProperties(g.Key, g.Count(), [.. g.Select(d => d.Name).Order(StringComparer.Ordinal)])))];
    }

    /// <summary>The picture's cells for a window (by default the last 28 days), counted as /api/lagesbild counts them.</summary>
    private async Task<List<OgcItem>> PictureCellsAsync(TimeWindow window, CurrentUser user, CancellationToken ct)
    {
        var filter = pictures.WithWindow(new ObservationFilter(null, null, window.From, window.To, HourSet.All, null));
        // Audited as the picture is: an entry for each owner of Restricted or Confidential records it counted.
        var picture = await pictures.CountAsync(filter, user, ct);
        return [.. picture.Grid.Select(c =>
        {
            var (min, max) = c.Cell.Bounds;
            var square = PolygonInput.Wgs84.ToGeometry(new Envelope(min.X, max.X, min.Y, max.Y));
            var id = string.Create(CultureInfo.InvariantCulture, $"{c.Cell.Column}_{c.Cell.Row}");
            return new OgcItem(id, Sweref99Tm.Unproject(square), new PictureCellProperties(c.Cell.Column, c.Cell.Row, Math.Round(c.Count, 3), filter.From!.Value, filter.To!.Value));
        })];
    }

    /// <summary>The observations as GET /api/observations reads them (the same filter, tiers, areas and audit), by id.</summary>
    private async Task<OgcPage> ObservationsAsync(FeatureQuery query, CurrentUser user, CancellationToken ct)
    {
        var reader = await readers.OfAsync(user, ct);
        // A window's end is inclusive here (an instant is a window of one moment); the filter's is exclusive, and
        // instants are stored to the millisecond.
        var filter = new ObservationFilter(query.Bbox, null, query.Window.From, query.Window.To?.AddMilliseconds(1), HourSet.All, null);
        var rows = filter.Apply(db.Observations.AsNoTracking(), Permissions.VisibleClassifications(reader.Roles)).ReadableBy(reader);
        var matched = await rows.CountAsync(ct);
        var page = query.Offset >= matched ? [] : await rows.OrderBy(o => o.Id).Skip(query.Offset).Take(query.Limit).ToListAsync(ct);
        if (ObservationsApi.AuditReads(audit, reader.User, page))
            await audit.SaveAsync(ct);
        return new OgcPage(matched, [.. page.Select(o => Item(ObservationsApi.ToFeature(o, districts, reader)))]);
    }

    private async Task<OgcItem?> ObservationAsync(long id, CurrentUser user, CancellationToken ct)
    {
        var reader = await readers.OfAsync(user, ct);
        var observation = await db.Observations.AsNoTracking().Standing().ReadableBy(reader).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (observation is null)
            return null;
        if (observation.Classification != Core.Observations.Classification.Public)
        {
            audit.Add(reader.User, "read", observation);
            await audit.SaveAsync(ct);
        }
        return Item(ObservationsApi.ToFeature(observation, districts, reader));
    }
}

public sealed record BoroughProperties(string Name, int Districts, IReadOnlyList<string> DistrictNames);

public sealed record PictureCellProperties(int Column, int Row, double Count, DateTimeOffset From, DateTimeOffset To);
