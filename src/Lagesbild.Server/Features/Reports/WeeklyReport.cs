using Lagesbild.Core.Access;
using Lagesbild.Core.Alarms;
using Lagesbild.Core.Measures;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Reports;
using Lagesbild.Core.Rounds;
using Lagesbild.Core.Scenes;
using Lagesbild.Core.Time;
using Lagesbild.Data;
using Lagesbild.Server.Features.Analysis;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Observations;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Reports;

/// <summary>The weekly lägesbild for the samverkan meeting: one ISO week against the four before it.</summary>
/// <param name="Area">The district's name, or null for the whole city.</param>
/// <param name="IncludesRestricted">Whether Restricted observations are counted: only in the police's reports.</param>
/// <param name="IncludesAlarms">Whether alarms are shown: only to those who see every alarm (coordinators, the police, administrators).</param>
/// <param name="CandidatesComputed">False when the four weeks held more observations than the candidate analysis takes.</param>
public sealed record WeeklyReport(
    string Week,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset CompareFrom,
    string? Area,
    int? DistrictId,
    DateTimeOffset GeneratedAt,
    bool IncludesRestricted,
    bool IncludesAlarms,
    int ActiveScenesAtStart,
    int ActiveScenesAtEnd,
    IReadOnlyList<SceneChangeRow> SceneChanges,
    IReadOnlyList<CountRow<ObservationCategory>> Observations,
    IReadOnlyList<TimeOfWeekRow> TimeOfWeek,
    RoundCounts Rounds,
    IReadOnlyList<CountRow<FindingCategory>> Findings,
    AlarmCounts Alarms,
    IReadOnlyList<CountRow<AlarmOutcome>> AlarmOutcomes,
    IReadOnlyList<MeasureRow> MeasuresStarted,
    IReadOnlyList<MeasureRow> MeasuresEnded,
    IReadOnlyList<CandidateRow> Candidates,
    bool CandidatesComputed,
    IReadOnlyList<OrganisationActions> OpenActions);

public sealed record SceneChangeRow(int SceneId, string Scene, string? District, SceneStatus? From, SceneStatus To, DateTimeOffset At, string Reason);

public sealed record RoundCounts(int Completed, int Missed, int Other, double PreviousCompletedAverage);

public sealed record AlarmCounts(int Raised, int Resolved, int StillOpen, double PreviousRaisedAverage);

public sealed record MeasureRow(int Id, MeasureKind Kind, string Title, string? Target, string? Organisation, DateOnly StartsOn, DateOnly? EndsOn, long? Cost);

public sealed record CandidateRow(string? District, int Observations, double PerWeek, double[] Centre, int RestrictedObservations);

/// <summary>What an organisation has under way: its planned and ongoing measures and its unresolved alarms.</summary>
public sealed record OrganisationActions(string Organisation, IReadOnlyList<MeasureRow> Measures, int OpenAlarms);

public sealed class WeeklyReportService(LagesbildDb db, DistrictCatalog districts, CandidateService candidates, Measures.MeasureService measureRegister, TimeProvider time, AuditTrail audit)
{
    /// <summary>The report for the city, a district or (with <paramref name="borough"/>) a borough's districts together.</summary>
    public async Task<Outcome<WeeklyReport>> BuildAsync(IsoWeekId week, int? districtId, CurrentUser user, CancellationToken ct, string? borough = null)
    {
        if (!Permissions.CanAnalyse(user.Roles))
            return new Outcome<WeeklyReport>.Refused("The weekly report is for coordinators, analysts, the police, social services and administrators.");
        if (districtId is { } d && districts.NameOf(d) is null)
            return Outcome<WeeklyReport>.Field("district", "No district has this id.");
        List<int?>? area = districtId is not null ? [districtId]
            : borough is not null ? districts.All.Where(x => x.Borough == borough).Select(x => (int?)x.Id).ToList()
            : null;
        if (area is { Count: 0 })
            return Outcome<WeeklyReport>.Field("borough", "No borough has this name.");
        var (from, to) = week.Window;
        var compareFrom = week.Minus(WeekComparison.CompareWeeks).Window.From;
        var visible = Permissions.VisibleClassifications(user.Roles);

        var (atStart, atEnd, changes) = await ScenesAsync(area, from, to, ct);
        var (observations, timeOfWeek) = await ObservationsAsync(user, area, visible, compareFrom, from, to, ct);
        var (rounds, findings) = await RoundsAsync(area, compareFrom, from, to, ct);
        // Alarms are in the report only for those who see every alarm (analysts and social services see none).
        var alarmsShown = Permissions.SeesAllAlarms(user.Roles);
        var (alarms, outcomes) = alarmsShown ? await AlarmsAsync(area, compareFrom, from, to, ct) : (new AlarmCounts(0, 0, 0, 0), []);
        // The measures on the district: on it, on its scenes or sites, or drawn inside it.
        var measures = (await measureRegister.ListAsync(null, null, districtId, [], ct))
            .Where(f => area is null || area.Contains(f.Properties.DistrictId))
            .Select(f => (Measure: f.Properties, Row: new MeasureRow((int)f.Id, f.Properties.Kind, f.Properties.Title, f.Properties.Scene ?? f.Properties.Site ?? f.Properties.District,
                f.Properties.Organisation, f.Properties.StartsOn, f.Properties.EndsOn, f.Properties.Cost)))
            .ToList();
        var (weekStart, weekEnd) = (week.Monday, week.Monday.AddDays(6));
        var (candidateRows, candidatesComputed) = await CandidatesAsync(districtId, area, to, user, ct);
        var openAlarms = alarmsShown ? await OpenAlarmsByOrganisationAsync(area, to, ct) : [];
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var actions = measures
            .Where(m => MeasureRules.IsOpenAt(m.Measure.Status, m.Measure.StartsOn, m.Measure.EndsOn, m.Measure.CreatedAt, weekEnd, to) && m.Measure.OrganisationId is not null)
            .Select(m => (Organisation: m.Measure.OrganisationId!.Value, m.Row))
            .Concat(openAlarms.Keys.Select(o => (Organisation: o, Row: (MeasureRow?)null))!)
            .GroupBy(a => a.Organisation)
            .Select(g => new OrganisationActions(organisations.GetValueOrDefault(g.Key) ?? "?",
                g.Select(a => a.Row).OfType<MeasureRow>().OrderBy(r => r.StartsOn).ToList(), openAlarms.GetValueOrDefault(g.Key)))
            .OrderBy(a => a.Organisation, StringComparer.Ordinal)
            .ToList();

        return new WeeklyReport(week.ToString(), from, to, compareFrom, districts.NameOf(districtId) ?? borough, districtId, time.GetUtcNow(),
            visible.Contains(Classification.Restricted), alarmsShown, atStart, atEnd, changes, observations, timeOfWeek, rounds, findings, alarms, outcomes,
            measures.Where(m => m.Measure.StartsOn >= weekStart && m.Measure.StartsOn <= weekEnd && m.Measure.Status != MeasureStatus.Cancelled).Select(m => m.Row).ToList(),
            measures.Where(m => m.Measure.EndsOn is { } end && end >= weekStart && end <= weekEnd && m.Measure.Status != MeasureStatus.Cancelled).Select(m => m.Row).ToList(),
            candidateRows, candidatesComputed, actions);
    }

    private async Task<(int AtStart, int AtEnd, List<SceneChangeRow> Changes)> ScenesAsync(List<int?>? area, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var scenes = await db.Scenes.AsNoTracking().Where(s => area == null || area.Contains(s.DistrictId))
            .Select(s => new { s.Id, s.Name, s.DistrictId }).ToListAsync(ct);
        var ids = scenes.Select(s => s.Id).ToList();
        var entries = (await db.SceneStatusEntries.AsNoTracking().Where(e => ids.Contains(e.SceneId) && e.At < to).ToListAsync(ct))
            .GroupBy(e => e.SceneId).ToDictionary(g => g.Key, g => g.OrderBy(e => e.At).ThenBy(e => e.Id).ToList());
        var changes = new List<SceneChangeRow>();
        var (atStart, atEnd) = (0, 0);
        foreach (var scene in scenes)
        {
            if (!entries.TryGetValue(scene.Id, out var history))
                continue;
            var changesOf = history.Select(e => new StatusChange(e.Status, e.At)).ToList();
            atStart += SceneLifecycle.IsActiveAt(changesOf, from) ? 1 : 0;
            atEnd += SceneLifecycle.IsActiveAt(changesOf, to.AddTicks(-1)) ? 1 : 0;
            for (var i = 0; i < history.Count; i++)
            {
                if (history[i].At >= from)
                    changes.Add(new SceneChangeRow(scene.Id, scene.Name, districts.NameOf(scene.DistrictId), i > 0 ? history[i - 1].Status : null, history[i].Status, history[i].At, history[i].Reason));
            }
        }
        return (atStart, atEnd, changes.OrderBy(c => c.At).ToList());
    }

    private async Task<(List<CountRow<ObservationCategory>>, List<TimeOfWeekRow>)> ObservationsAsync(
        CurrentUser user, List<int?>? area, Classification[] visible, DateTimeOffset compareFrom, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var rows = await db.Observations.AsNoTracking().Standing()
            .Where(o => visible.Contains(o.Classification) && o.OccurredFrom >= compareFrom && o.OccurredFrom < to && (area == null || area.Contains(o.DistrictId)))
            .Select(o => new { o.Category, o.OccurredFrom, o.Classification })
            .ToListAsync(ct);
        if (audit.AddAggregate(user, "weekly report", rows.Select(r => r.Classification)))
            await audit.SaveAsync(ct);
        var counts = WeekComparison.Rows(Enum.GetValues<ObservationCategory>(), c => rows.Where(r => r.Category == c).Select(r => r.OccurredFrom), from);
        return (counts, WeekComparison.Blocks(rows.Where(r => r.OccurredFrom >= from).Select(r => r.OccurredFrom)));
    }

    private async Task<(RoundCounts, List<CountRow<FindingCategory>>)> RoundsAsync(List<int?>? area, DateTimeOffset compareFrom, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var (firstDay, lastDay) = (DateOnly.FromDateTime(Stockholm.ToLocal(compareFrom)), DateOnly.FromDateTime(Stockholm.ToLocal(to)));
        var rounds = await db.Rounds.AsNoTracking()
            .Where(r => r.Date >= firstDay && r.Date < lastDay && (area == null || area.Contains(r.Site!.DistrictId)))
            .Select(r => new { r.Id, r.Date, r.Status })
            .ToListAsync(ct);
        var weekStart = DateOnly.FromDateTime(Stockholm.ToLocal(from));
        var thisWeek = rounds.Where(r => r.Date >= weekStart).ToList();
        var summary = new RoundCounts(
            thisWeek.Count(r => r.Status == RoundStatus.Completed),
            thisWeek.Count(r => r.Status == RoundStatus.Missed),
            thisWeek.Count(r => r.Status is not (RoundStatus.Completed or RoundStatus.Missed)),
            WeekComparison.Average(rounds.Count(r => r.Date < weekStart && r.Status == RoundStatus.Completed)));
        var roundIds = rounds.Select(r => r.Id).ToList();
        var found = await db.Findings.AsNoTracking().Where(f => roundIds.Contains(f.RoundId)).Select(f => new { f.Category, f.FoundAt, f.Count }).ToListAsync(ct);
        var findings = WeekComparison.Rows(Enum.GetValues<FindingCategory>(), c => found.Where(f => f.Category == c).SelectMany(f => Enumerable.Repeat(f.FoundAt, f.Count)), from);
        return (summary, findings);
    }

    private async Task<(AlarmCounts, List<CountRow<AlarmOutcome>>)> AlarmsAsync(List<int?>? area, DateTimeOffset compareFrom, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var alarms = await db.Alarms.AsNoTracking()
            .Where(a => a.OpenedAt >= compareFrom && a.OpenedAt < to && (area == null || area.Contains(a.Site!.DistrictId)))
            .Select(a => new { a.OpenedAt, a.ResolvedAt, a.Outcome })
            .ToListAsync(ct);
        var thisWeek = alarms.Where(a => a.OpenedAt >= from).ToList();
        var summary = new AlarmCounts(thisWeek.Count, thisWeek.Count(a => a.ResolvedAt is { } r && r < to), thisWeek.Count(a => a.ResolvedAt is not { } r || r >= to),
            WeekComparison.Average(alarms.Count(a => a.OpenedAt < from)));
        var outcomes = WeekComparison.Rows(Enum.GetValues<AlarmOutcome>(), o => alarms.Where(a => a.Outcome == o).Select(a => a.OpenedAt), from);
        return (summary, outcomes);
    }

    private async Task<Dictionary<int, int>> OpenAlarmsByOrganisationAsync(List<int?>? area, DateTimeOffset to, CancellationToken ct) =>
        (await db.Alarms.AsNoTracking()
            .Where(a => a.OpenedAt < to && (a.ResolvedAt == null || a.ResolvedAt >= to) && a.GuardOrganisationId != null && (area == null || area.Contains(a.Site!.DistrictId)))
            .Select(a => a.GuardOrganisationId!.Value)
            .ToListAsync(ct))
        .GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>New candidate scenes: DBSCAN over the four weeks up to the week's end, not matching a registered scene.</summary>
    private async Task<(List<CandidateRow> Rows, bool Computed)> CandidatesAsync(int? districtId, List<int?>? area, DateTimeOffset to, CurrentUser user, CancellationToken ct)
    {
        var filter = new ObservationFilter(null, districtId, null, to, HourSet.All, ObservationCategories.Drugs);
        var query = new CandidateQuery(ClusterMethod.Dbscan, filter, WeekComparison.CompareWeeks, CandidateQuery.DefaultEps, CandidateQuery.DefaultEpsSeconds, CandidateQuery.DefaultMinPoints);
        if (await candidates.FindAsync(query, user, ct) is not Outcome<CandidateCollection>.Done done)
            return ([], false);
        return (done.Value.Features
            .Where(f => f.Properties.Match == CandidateMatch.New && (area is null || area.Any(a => districts.NameOf(a) == f.Properties.District)))
            .Select(f => new CandidateRow(f.Properties.District, f.Properties.Observations, f.Properties.PerWeek, f.Properties.Centre, f.Properties.RestrictedObservations))
            .OrderByDescending(c => c.Observations)
            .ToList(), true);
    }
}
