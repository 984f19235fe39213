using Lagesbild.Core.Access;
using Lagesbild.Core.Analysis;
using Lagesbild.Core.Analysis.Clustering;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Scenes;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Observations;
using Lagesbild.Server.Features.Picture;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.Analysis;

/// <summary>
/// Candidate scenes: clusters of drug-related observations in the last weeks, each with its hull, profile and
/// strength, compared with the register; and the active scenes that have had no evidence in those weeks.
/// </summary>
public sealed class CandidateService(LagesbildDb db, DistrictCatalog districts, TimeProvider time, Microsoft.Extensions.Options.IOptions<AnalysisOptions> options, AuditTrail audit, Readers readers)
{
    public async Task<Outcome<CandidateCollection>> FindAsync(CandidateQuery query, CurrentUser user, CancellationToken ct)
    {
        var to = query.Filter.To ?? time.GetUtcNow();
        var from = to - TimeSpan.FromDays(7 * query.Weeks);
        var filter = query.Filter with { From = from, To = to };
        var observations = filter.Apply(db.Observations.AsNoTracking(), Permissions.VisibleClassifications(user.Roles));
        // A candidate is drawn around exact points, so it is made only of records the reader may read one by one:
        // for a scoped reader, those of her area (elsewhere she sees counts, in the picture and the hot spots).
        var reader = await readers.OfAsync(user, ct);
        if (reader.Districts is not null)
            observations = observations.ReadableBy(reader);
        var count = await observations.CountAsync(ct);
        var most = options.Value.MaxClusterPoints;
        if (count > most)
        {
            return Outcome<CandidateCollection>.Field(new Refusal("weeks", RefusalCodes.TooMany,
                $"The window holds {count:N0} observations; at most {most:N0} are clustered through the API. " +
                "Choose fewer weeks, a district or a box, or run `lagesbild cluster` on an export.", [count, most]));
        }
        // In id order, so that the same data always gives the same cluster numbers.
        var points = await observations.OrderBy(o => o.Id)
            .Select(o => new ClusterPoint(o.X, o.Y, o.OccurredFrom, o.OccurredTo, o.Category, o.Classification))
            .ToListAsync(ct);
        if (audit.AddAggregate(user, "candidates", points.Select(p => p.Classification)))
            await audit.SaveAsync(ct);
        var labels = Cluster(query, points);
        var summaries = SceneCandidates.Summarise(points, labels);
        var scenes = await RegisteredScenesAsync(ct);
        var features = summaries.Select(s => Feature(s, scenes, query.Weeks)).ToList();
        var quiet = await QuietScenesAsync(scenes, points, filter, user, from, to, ct);
        var parameters = new CandidateParameters(query.Method, query.Eps, query.Method == ClusterMethod.StDbscan ? query.EpsSeconds : null,
            query.MinPoints, query.Weeks, string.Join(',', filter.Categories!));
        return new CandidateCollection(new PictureWindow(from, to, filter.Hours.ToString()), parameters, points.Count, quiet, features);
    }

    private static int[] Cluster(CandidateQuery query, List<ClusterPoint> points)
    {
        var x = points.Select(p => p.X).ToArray();
        var y = points.Select(p => p.Y).ToArray();
        if (query.Method == ClusterMethod.Dbscan)
            return Dbscan.Cluster(x, y, query.Eps, query.MinPoints);
        var t = points.Select(p => (double)p.From.ToUnixTimeSeconds()).ToArray();
        return StDbscan.Cluster(x, y, t, query.Eps, query.EpsSeconds, query.MinPoints);
    }

    /// <param name="Since">When the scene got its present status.</param>
    private sealed record RegisteredScene(int Id, string Name, SceneStatus Status, Geometry Area, DateTimeOffset Since, int? DistrictId, Polygon Wgs84);

    private async Task<List<RegisteredScene>> RegisteredScenesAsync(CancellationToken ct)
    {
        var scenes = await db.Scenes.AsNoTracking()
            .Select(s => new { s.Id, s.Name, s.Status, s.Area, Since = s.History.Max(h => h.At), s.DistrictId })
            .ToListAsync(ct);
        return scenes.Select(s => new RegisteredScene(s.Id, s.Name, s.Status, Sweref99Tm.Project(s.Area), s.Since, s.DistrictId, s.Area)).ToList();
    }

    private Feature<Candidate> Feature(ClusterSummary summary, List<RegisteredScene> scenes, int weeks)
    {
        var matched = SceneCandidates.Match(summary.Hull, scenes.Select(s => (s.Id, s.Area))) is { } id ? scenes.First(s => s.Id == id) : null;
        var (lon, lat) = Sweref99Tm.Unproject(summary.Centre);
        var suggest = matched?.Status switch
        {
            SceneStatus.Ceased => SceneStatus.Reopened,
            SceneStatus.Suspected => SceneStatus.Active,
            _ => (SceneStatus?)null,
        };
        var candidate = new Candidate(
            summary.Label,
            summary.Observations,
            Math.Round(summary.Observations / (double)weeks, 2),
            summary.Days,
            summary.ByCategory,
            summary.First,
            summary.Last,
            [Math.Round(lon, 6), Math.Round(lat, 6)],
            districts.NameOf(districts.Index.Locate(lon, lat)),
            summary.ActiveHours,
            summary.Restricted,
            matched is null ? CandidateMatch.New : CandidateMatch.Matches,
            matched is null ? null : new MatchedScene(matched.Id, matched.Name, matched.Status),
            suggest);
        return new Feature<Candidate>($"candidate-{summary.Label}", Sweref99Tm.Unproject(summary.Hull), candidate);
    }

    /// <summary>Scenes in the area that have been Active (or Reopened) since before the window and had no observation in or near them during it.</summary>
    private async Task<List<QuietScene>> QuietScenesAsync(
        List<RegisteredScene> scenes, List<ClusterPoint> points, Observations.ObservationFilter filter, CurrentUser user,
        DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var quiet = new List<QuietScene>();
        var visible = Permissions.VisibleClassifications(user.Roles);
        foreach (var scene in scenes.Where(s => SceneLifecycle.CanMove(s.Status, SceneStatus.Declining) && s.Since <= from))
        {
            var centre = scene.Wgs84.Centroid;
            if ((filter.DistrictId is { } district && scene.DistrictId != district) || (filter.Bbox is { } box && !box.Contains(centre.X, centre.Y)))
                continue;
            if (SceneCandidates.HasEvidence(scene.Area, points))
                continue;
            var last = await LastEvidenceAsync(scene, filter, visible, to, ct);
            var weeks = last is { } seen ? (int)Math.Floor((to - seen).TotalDays / 7) : (int)Math.Floor((to - from).TotalDays / 7);
            quiet.Add(new QuietScene(scene.Id, scene.Name, scene.Status, last, weeks, SceneStatus.Declining));
        }
        return quiet;
    }

    private async Task<DateTimeOffset?> LastEvidenceAsync(RegisteredScene scene, Observations.ObservationFilter filter, Core.Observations.Classification[] visible, DateTimeOffset to, CancellationToken ct)
    {
        var reach = scene.Wgs84.EnvelopeInternal;
        var margin = 0.001; // about 60-110 m: the scene's margin, and a little more
        var categories = filter.Categories!;
        var near = await db.Observations.AsNoTracking().Standing()
            .Where(o => visible.Contains(o.Classification) && categories.Contains(o.Category) && o.OccurredFrom < to
                && o.Lon >= reach.MinX - margin && o.Lon <= reach.MaxX + margin && o.Lat >= reach.MinY - margin && o.Lat <= reach.MaxY + margin)
            .OrderByDescending(o => o.OccurredFrom)
            .Select(o => new ClusterPoint(o.X, o.Y, o.OccurredFrom, o.OccurredTo, o.Category))
            .Take(500)
            .ToListAsync(ct);
        return near.Where(p => SceneCandidates.HasEvidence(scene.Area, [p])).Select(p => (DateTimeOffset?)p.From).FirstOrDefault();
    }
}
