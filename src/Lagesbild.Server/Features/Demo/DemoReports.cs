using Lagesbild.Core.Residents;
using Lagesbild.Core.Scenes;
using Lagesbild.Data;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Residents;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Demo;

/// <summary>
/// Residents' reports for the demo: some around each active scene and some across the city over the last 90 days,
/// most of the older ones handled with a note, and the story for the triage queue: syringes by a school
/// yesterday and again 80 m away this morning.
/// </summary>
public sealed class DemoReports(LagesbildDb db, ServiceRequests requests, Observations.ObservationWriter observations, TimeProvider time)
{
    private static readonly (string Code, double Weight)[] Mix =
        [("syringes", 35), ("littering", 25), ("unsafe-place", 20), ("school-vandalism", 10), ("drug-dealing", 10)];

    private static readonly Dictionary<string, (string Status, string Note)[]> Outcomes = new()
    {
        ["syringes"] = [("fixed", "Sprutorna är upplockade och platsen är kontrollerad. Tack för att du hörde av dig!")],
        ["littering"] = [("fixed", "Platsen är städad."), ("action_scheduled", "Städning är beställd till veckan.")],
        ["unsafe-place"] = [("action_scheduled", "Belysningen ses över av trafikkontoret."), ("no_further_action", "Platsen är kontrollerad; vi ser inget att åtgärda nu.")],
        ["school-vandalism"] = [("fixed", "Skadan är lagad.")],
        ["drug-dealing"] = [("not_councils_responsibility", Residents.PoliceQueue.ForwardedNote)],
    };

    public async Task SeedAsync(Random random, int coordinatorId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var scenes = await db.Scenes.AsNoTracking().Where(s => s.Status != SceneStatus.Ceased).ToListAsync(ct);
        var places = new List<(double Lon, double Lat)>();
        foreach (var scene in scenes)
        {
            var centre = scene.Area.Centroid;
            var count = random.Next(12, 24);
            for (var i = 0; i < count; i++)
                places.Add(Near(random, centre.X, centre.Y, 110));
        }
        var sites = await db.Sites.AsNoTracking().Select(s => s.Location).Take(40).ToListAsync(ct);
        places.AddRange(sites.Select(s => Near(random, s.X, s.Y, 300)));

        foreach (var place in places)
        {
            var code = Pick(random);
            var at = now.AddMinutes(-random.Next(60 * 24 * 2, 60 * 24 * 89));
            await FileAsync(random, code, place, at, coordinatorId, ct);
        }

        // The story: syringes by a school yesterday, and again 80 m away this morning, both waiting in the queue.
        if (sites.FirstOrDefault() is { } school)
        {
            var yesterday = (school.X + 0.0004, school.Y);
            var thisMorning = (yesterday.Item1, yesterday.Y + (80 / 111_320.0));
            await FileAsync(random, "syringes", yesterday, now.AddHours(-22), null, ct, "Flera sprutor i buskarna vid skolans staket.");
            await FileAsync(random, "syringes", thisMorning, now.AddHours(-2), null, ct, "Sprutor vid lekplatsen bredvid skolan.");
        }
    }

    private async Task FileAsync(Random random, string code, (double Lon, double Lat) place, DateTimeOffset at, int? handler, CancellationToken ct, string? text = null)
    {
        var answers = code switch
        {
            "syringes" => new Dictionary<string, List<string>> { ["count"] = [random.Next(1, 8).ToString(System.Globalization.CultureInfo.InvariantCulture)], ["near_children"] = [random.NextDouble() < 0.6 ? "yes" : "no"] },
            "unsafe-place" => new Dictionary<string, List<string>> { ["when"] = random.NextDouble() < 0.5 ? ["evening", "night"] : ["night"] },
            _ => [],
        };
        var outcome = await requests.FileAsync(new ReportSubmission(code, new ReportInput(place.Lat, place.Lon, null, text, null), answers), null, null, ct);
        if (outcome is not Outcome<ServiceRequest>.Done { Value: var request })
            return; // a random place off the map: the demo simply has one report fewer
        request.RequestedAt = request.UpdatedAt = at;
        request.ExpectedAt = ServiceProfile.ExpectedAt(ServiceProfile.Find(ServiceProfile.Swedish, code)!, answers, at);
        if (handler is { } staff && random.NextDouble() < 0.8)
        {
            var (status, note) = Outcomes[code][random.Next(Outcomes[code].Length)];
            var handled = at.AddHours(random.Next(2, 40));
            request.TriagedAt = handled;
            request.Status = status;
            request.StatusNotes = note;
            request.UpdatedAt = handled;
            db.ServiceRequestUpdates.Add(new ServiceRequestUpdate { ServiceRequestId = request.Id, Status = status, Description = note, UpdatedAt = handled, ByUserId = staff });
            if (status == RequestStatus.NotCouncilsResponsibility)
            {
                // Passed on, as triage does: it waits in the police's queue, and the city does not count it itself.
                (request.ForwardedTo, request.ForwardedAt) = (Residents.PoliceQueue.Police, handled);
            }
            else if (status != RequestStatus.NoFurtherAction)
            {
                // Accepted into the picture, as a coordinator does from the queue: it counts on the public map.
                var observation = observations.Build(
                    new Observations.ObservationRequest(request.Category, place.Lat, place.Lon, at, null, AttributeAnswers.ObservationCount(answers), Core.Observations.Classification.Internal, text),
                    ObservationSource.PublicReport, handled);
                observation.CreatedById = staff;
                db.Observations.Add(observation);
                await db.SaveChangesAsync(ct);
                request.ObservationId = observation.Id;
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private static (double Lon, double Lat) Near(Random random, double lon, double lat, double metres)
    {
        var angle = random.NextDouble() * 2 * Math.PI;
        var distance = Math.Sqrt(random.NextDouble()) * metres;
        return (lon + (distance * Math.Cos(angle) / (111_320.0 * Math.Cos(lat * Math.PI / 180))), lat + (distance * Math.Sin(angle) / 111_320.0));
    }

    private static string Pick(Random random)
    {
        var roll = random.NextDouble() * Mix.Sum(m => m.Weight);
        foreach (var (code, weight) in Mix)
        {
            if ((roll -= weight) < 0)
                return code;
        }
        return Mix[^1].Code;
    }
}
