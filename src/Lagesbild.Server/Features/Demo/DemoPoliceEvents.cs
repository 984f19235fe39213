using System.Globalization;
using System.Text.Json;
using Lagesbild.Core.PoliceEvents;
using Lagesbild.Core.Time;
using Lagesbild.Server.Features.PoliceEvents;

namespace Lagesbild.Server.Features.Demo;

/// <summary>
/// A dozen of the police's public events for the demo, fictional but written as the feed writes them, made as a feed
/// document (the format polisen.se/api/events answers) and loaded through the same import as the real feed, dated in
/// the last three weeks. Some name a district and are placed there; the others stay at the municipality's centroid.
/// Their links go to the police's list of events, since the events themselves are made up.
/// </summary>
public sealed class DemoPoliceEvents(PoliceEventImport import, TimeProvider time)
{
    /// <summary>Far above the police's own ids of today, so that a demo event is never taken for a real one.</summary>
    public const long FirstId = 990_000_001;

    private static readonly (int DaysAgo, int Hour, int Minute, string Type, string Summary)[] Events =
    [
        (1, 21, 14, "Narkotikabrott", "På Södermalm greps en man i 30-årsåldern misstänkt för narkotikabrott efter en kontroll vid en tunnelbaneuppgång."),
        (2, 19, 40, "Narkotikabrott", "I Rinkeby iakttog polisen en misstänkt narkotikaförsäljning. En person är gripen och narkotika har tagits i beslag."),
        (2, 23, 5, "Misshandel", "En man i 20-årsåldern misshandlades på Kungsholmen under natten. Han fördes till sjukhus med lindriga skador. Ingen är gripen."),
        (3, 17, 30, "Narkotikabrott", "Två personer anträffades med narkotika vid en kontroll i Tensta. Båda misstänks för ringa narkotikabrott."),
        (4, 22, 50, "Narkotikabrott", "En man misstänks för narkotikabrott efter en kontroll i centrala Stockholm."),
        (5, 20, 10, "Rån", "En ung man rånades på sin mobiltelefon i Skärholmen. Polisen söker två gärningspersoner."),
        (7, 1, 45, "Skadegörelse", "Klotter och krossade rutor vid en skola. Polisen har upprättat en anmälan om skadegörelse."),
        (8, 18, 20, "Narkotikabrott", "Vid en kontroll i Husby anträffades ett mindre parti narkotika. En person är anmäld."),
        (10, 22, 0, "Bråk", "Bråk mellan flera personer i Vasastan under kvällen. Ingen skadades allvarligt."),
        (12, 14, 35, "Stöld", "Stöld ur bil. Anmälan upprättad; polisen söker vittnen."),
        (14, 21, 55, "Narkotikabrott", "I Farsta strand greps en person misstänkt för narkotikabrott och eget bruk."),
        (17, 16, 25, "Ofredande/förargelse", "En man betedde sig störande mot förbipasserande i Gamla stan och avvisades från platsen."),
        (19, 23, 10, "Farligt föremål, misstänkt", "Använda sprutor hittades vid en lekplats. Polisen och staden har tagit hand om dem."),
    ];

    public async Task<ImportResult> SeedAsync(CancellationToken ct)
    {
        var document = JsonSerializer.SerializeToUtf8Bytes(Feed(Stockholm.ToLocal(time.GetUtcNow()).Date));
        var feed = PoliceFeed.TryRead(document, out var error) ?? throw new InvalidDataException($"The demo's police events are not the feed: {error}");
        return await import.ImportAsync(feed, ct);
    }

    /// <summary>The events as the feed writes them, dated back from <paramref name="today"/> (Stockholm).</summary>
    private static IEnumerable<object> Feed(DateTime today) => Events.Select((e, i) =>
    {
        var local = today.AddDays(-e.DaysAgo).AddHours(e.Hour).AddMinutes(e.Minute);
        var at = Stockholm.ToInstant(local).ToOffset(Stockholm.Zone.GetUtcOffset(local));
        var title = $"{local.ToString("d MMMM HH.mm", Sv)}, {e.Type}, Stockholm";
        return new
        {
            id = FirstId + i,
            datetime = at.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture),
            name = title,
            summary = e.Summary,
            url = "/aktuellt/handelser/",
            type = e.Type,
            location = new { name = "Stockholm", gps = "59.329324,18.068581" },
        };
    });

    private static readonly CultureInfo Sv = CultureInfo.GetCultureInfo("sv-SE");
}
