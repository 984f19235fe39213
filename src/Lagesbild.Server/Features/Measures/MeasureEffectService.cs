using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Measures;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Time;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Analysis;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Observations;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Lagesbild.Server.Features.Measures;

/// <summary>
/// What a client asks of an effect: the window, a radius for a site, the comparison and the categories; with
/// design=displacement also a buffer (metres) around the target, and the ring (or districts) as the control beyond it.
/// </summary>
public sealed record EffectQuery(int? Weeks, double? Radius, string? Comparison, double? RingInner, double? RingOuter, string? Districts, string? Categories,
    string? Design = null, double? Buffer = null);

/// <summary>
/// The displacement design's answer: the counts in target, buffer and control, the weighted displacement quotient
/// with its reading, and the target's hours before and after (weekdays and weekends in six-hour blocks) with a χ² test.
/// </summary>
public sealed record DisplacementView(
    double BufferMetres,
    DisplacementCounts Counts,
    double? SuccessMeasure,
    double? BufferMeasure,
    double? Wdq,
    double? NetEffect,
    DisplacementReading Reading,
    TimeShift Hours,
    string Method);

/// <summary>The answer to "did it work?": the four counts, the rate ratio with its interval, or why it cannot be said.</summary>
public sealed record EffectView(
    int MeasureId,
    string Title,
    MeasureKind Kind,
    DateOnly StartsOn,
    DateTimeOffset BeforeFrom,
    DateTimeOffset AfterFrom,
    DateTimeOffset AfterTo,
    int DaysEachSide,
    string Comparison,
    IReadOnlyList<string> ComparisonDistricts,
    IReadOnlyList<ObservationCategory> Categories,
    EffectCounts Counts,
    double? RateRatio,
    double? Lower,
    double? Upper,
    double Confidence,
    bool Sufficient,
    string? InsufficientData,
    EffectShortfall? Shortfall,
    int DaysRun,
    int MinimumCount,
    string Method,
    Geometry Target,
    Geometry ComparisonArea,
    DisplacementView? Displacement = null,
    Geometry? BufferArea = null);

/// <summary>Difference in differences: observations in equal windows before and after a measure's start, in its
/// area and in a comparison area, as a rate ratio with a 95 % Poisson (log-normal) interval.</summary>
public sealed class MeasureEffectService(LagesbildDb db, TimeProvider time, Microsoft.Extensions.Options.IOptions<AnalysisOptions> options, AuditTrail audit)
{
    public const string Method =
        "Rate ratio (target after ÷ target before) ÷ (comparison after ÷ comparison before) over equal windows either side of the start; " +
        "95 % interval exp(log RR ± 1.96·√(1/a₁+1/a₂+1/c₁+1/c₂)). Below 1 means fewer observations in the target than the comparison would predict.";

    public async Task<Outcome<EffectView>> EstimateAsync(int id, EffectQuery query, CurrentUser user, CancellationToken ct)
    {
        if (await db.Measures.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) is not { } measure)
            return new Outcome<EffectView>.Missing();
        if (!Permissions.CanAnalyse(user.Roles))
            return new Outcome<EffectView>.Refused("An effect counts observations: analysts, coordinators, the police, social services and administrators may ask for it.");
        var errors = new Dictionary<string, string[]>();
        var refusals = new Refusals();
        var categories = QueryValues.ParseNames<ObservationCategory>(query.Categories, "categories", errors);
        if (categories.Count == 0)
            categories = [.. ObservationCategories.Drugs];
        var districtIds = ParseIds(query.Districts, errors);
        var (weeks, _, byDistricts, inner, outer, displaced, buffer) = EffectQuestions.Check(
            new EffectQuestion(query.Weeks, query.Radius, query.Comparison, districtIds.Count, query.RingInner, query.RingOuter, query.Design, query.Buffer), refusals);

        var target = await TargetGeometryAsync(measure, ct);
        var area = target is null ? null : EffectAreas.TargetArea(target, query.Radius);
        if (area is null)
        {
            refusals.Add("radius", RefusalCodes.Required, measure.SiteId is not null
                ? "The measure's target is a site, which is a point and has no area to count in: give radius (metres, 25–1000) to count around it."
                : "The measure has no area to count in.");
        }
        var chosen = byDistricts && districtIds.Count > 0
            ? await db.Districts.AsNoTracking().Where(d => districtIds.Contains(d.Id)).Select(d => new { d.Name, d.Area }).ToListAsync(ct)
            : [];
        if (byDistricts && chosen.Count != districtIds.Count)
            refusals.Add("districts", RefusalCodes.NotFound, "No district has one of these ids.");
        if (refusals.Count > 0 || errors.Count > 0)
            return Outcome<EffectView>.Because(refusals, errors);

        var districtAreas = chosen.Select(d => (Geometry)d.Area);
        var zones = !displaced ? null
            : byDistricts ? EffectAreas.ChosenZones(area!, buffer, districtAreas) : EffectAreas.Zones(area!, buffer, inner, outer);
        var effectArea = zones is not null ? new EffectArea(zones.Target, zones.Control)
            : byDistricts ? EffectAreas.Chosen(area!, districtAreas) : EffectAreas.Ring(area!, inner, outer);
        var window = MeasureEffect.WindowFor(measure.StartsOn, time.GetUtcNow(), weeks);
        Geometry[] countIn = zones is null ? [effectArea.Target, effectArea.Comparison] : [zones.Target, zones.Buffer, zones.Control];
        var counted = await CountAsync(countIn, window.BeforeFrom, window.Start, window.AfterTo, categories, user, ct);
        if (counted is null)
        {
            return Outcome<EffectView>.Field(new Refusal(byDistricts ? "districts" : "weeks", RefusalCodes.TooMany,
                $"The areas and windows hold more than {options.Value.MaxClusterPoints:N0} observations: choose fewer districts or fewer weeks."));
        }
        var counts = new EffectCounts(counted.Before[0], counted.After[0], counted.Before[^1], counted.After[^1]);
        var estimate = MeasureEffect.Estimate(counts);
        var shortfall = MeasureEffect.Shortfall(window, estimate);
        var reason = shortfall switch
        {
            EffectShortfall.NotStarted => string.Create(CultureInfo.InvariantCulture, $"The measure has not started; it starts {measure.StartsOn:yyyy-MM-dd}."),
            EffectShortfall.TooSoon => string.Create(CultureInfo.InvariantCulture, $"The measure has run {window.DaysRun} days; judging it needs at least {MeasureEffect.MinDays} days after the start."),
            _ => estimate.TooLittleData,
        };
        var comparison = (byDistricts, displaced) switch
        {
            (true, false) => "Chosen districts, less the target",
            (true, true) => string.Create(CultureInfo.InvariantCulture, $"Chosen districts, less the target and a buffer of {buffer:0} m around it"),
            (false, false) => string.Create(CultureInfo.InvariantCulture, $"A ring {inner:0}–{outer:0} m around the target"),
            (false, true) => string.Create(CultureInfo.InvariantCulture, $"A ring {inner:0}–{outer:0} m around the target, beyond a buffer of {buffer:0} m"),
        };
        // Displacement is weighed only over windows that can be judged at all.
        var displacement = zones is null || shortfall is EffectShortfall.NotStarted or EffectShortfall.TooSoon ? null
            : DisplacementOf(buffer, new DisplacementCounts(counted.Before[0], counted.After[0], counted.Before[1], counted.After[1], counted.Before[2], counted.After[2]),
                counted.TargetHoursBefore, counted.TargetHoursAfter);
        return new EffectView(measure.Id, measure.Title, measure.Kind, measure.StartsOn, window.BeforeFrom, window.Start, window.AfterTo, window.DaysEachSide,
            comparison, chosen.Select(d => d.Name).ToList(), categories, counts,
            reason is null ? estimate.RateRatio : null, reason is null ? estimate.Lower : null, reason is null ? estimate.Upper : null,
            estimate.Confidence, reason is null, reason, shortfall, window.DaysRun, MeasureEffect.MinimumCount, Method, effectArea.Target, effectArea.Comparison,
            displacement, zones?.Buffer);
    }

    public const string DisplacementMethod =
        "Weighted displacement quotient (Bowers and Johnson 2003): WDQ = (B₁/C₁ − B₀/C₀) ÷ (A₁/C₁ − A₀/C₀) for target A, buffer B and control C " +
        "before (0) and after (1); given only when the target fell against the control. Below 0 is displacement (below −1 more than the effect), " +
        "above 0 a diffusion of benefits. In time: the target's observations in weekday and weekend six-hour blocks before and after, χ² test of homogeneity.";

    private static DisplacementView DisplacementOf(double buffer, DisplacementCounts counts, int[] hoursBefore, int[] hoursAfter)
    {
        var estimate = Displacement.Estimate(counts);
        return new DisplacementView(buffer, counts, estimate.SuccessMeasure, estimate.BufferMeasure, estimate.Wdq, estimate.NetEffect, estimate.Reading,
            Displacement.InTime(hoursBefore, hoursAfter), DisplacementMethod);
    }

    private async Task<Geometry?> TargetGeometryAsync(Measure measure, CancellationToken ct) =>
        measure.Area as Geometry
        ?? (measure.SceneId is { } scene ? await db.Scenes.AsNoTracking().Where(s => s.Id == scene).Select(s => (Geometry)s.Area).FirstOrDefaultAsync(ct)
        : measure.SiteId is { } site ? await db.Sites.AsNoTracking().Where(s => s.Id == site).Select(s => (Geometry)s.Location).FirstOrDefaultAsync(ct)
        : measure.DistrictId is { } district ? await db.Districts.AsNoTracking().Where(d => d.Id == district).Select(d => (Geometry)d.Area).FirstOrDefaultAsync(ct)
        : null);

    /// <summary>Observations before and after the start in each zone (a point counts in the first zone that covers it), and the first zone's by hour of the week.</summary>
    private sealed record ZoneCounts(int[] Before, int[] After, int[] TargetHoursBefore, int[] TargetHoursAfter);

    /// <summary>Counts the zones: the box around them from the database, then each point against the zones in order;
    /// null when the box holds more observations than one request may load.</summary>
    private async Task<ZoneCounts?> CountAsync(IReadOnlyList<Geometry> zones, DateTimeOffset beforeFrom, DateTimeOffset start, DateTimeOffset afterTo,
        List<ObservationCategory> categories, CurrentUser user, CancellationToken ct)
    {
        var visible = Permissions.VisibleClassifications(user.Roles);
        var box = zones[0].EnvelopeInternal.Copy();
        foreach (var zone in zones.Skip(1))
            box.ExpandToInclude(zone.EnvelopeInternal);
        var inBox = db.Observations.AsNoTracking().Standing()
            .Where(o => visible.Contains(o.Classification) && categories.Contains(o.Category)
                && o.OccurredFrom >= beforeFrom && o.OccurredFrom < afterTo
                && o.Lon >= box.MinX && o.Lon <= box.MaxX && o.Lat >= box.MinY && o.Lat <= box.MaxY);
        if (await inBox.CountAsync(ct) > options.Value.MaxClusterPoints)
            return null;
        var rows = await inBox.Select(o => new { o.Lon, o.Lat, o.OccurredFrom, o.Classification }).ToListAsync(ct);
        var used = new List<Classification>();
        var prepared = zones.Select(PreparedGeometryFactory.Prepare).ToList();
        var counts = new ZoneCounts(new int[zones.Count], new int[zones.Count], new int[HourOfWeek.Count], new int[HourOfWeek.Count]);
        foreach (var row in rows)
        {
            var point = zones[0].Factory.CreatePoint(new Coordinate(row.Lon, row.Lat));
            if (prepared.FindIndex(z => z.Covers(point)) is not (>= 0 and var zone))
                continue;
            var after = row.OccurredFrom >= start;
            (after ? counts.After : counts.Before)[zone]++;
            if (zone == 0)
                (after ? counts.TargetHoursAfter : counts.TargetHoursBefore)[HourOfWeek.Of(row.OccurredFrom)]++;
            used.Add(row.Classification);
        }
        if (audit.AddAggregate(user, "measure effect", used))
            await audit.SaveAsync(ct);
        return counts;
    }

    private static List<int> ParseIds(string? text, Dictionary<string, string[]> errors)
    {
        var ids = new List<int>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                ids.Add(id);
            else
                errors["districts"] = [$"'{part}' is not a district id; give ids separated by commas."];
        }
        return ids.Distinct().ToList();
    }
}
