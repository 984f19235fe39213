using System.Globalization;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Analysis;
using Lagesbild.Core.Scenes;
using Lagesbild.Core.Time;
using Lagesbild.Data;
using Lagesbild.Server.Components.Shared;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Observations;
using Lagesbild.Server.Features.Scenes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.JSInterop;
using MudBlazor;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.Analysis.Pages;

/// <summary>The analyst's page: a hot spot layer, candidate scenes with their profiles, and quiet registered scenes.</summary>
public partial class AnalysisPage
{
    private const string MapId = "analysis-map";

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    [Inject]
    private Districts.DistrictCatalog Districts { get; set; } = default!;

    private CurrentUser? _user;
    private bool _canCreate;
    private IReadOnlyList<(int Id, string Name)> _districts = [];
    private HotSpotMethod _method = HotSpotMethod.GiStar;
    private int _district;
    private int _weeks = HotSpotQuery.DefaultWeeks;
    private double _band = HotSpotQuery.DefaultBand;
    private double _bandwidth = HotSpotQuery.DefaultBandwidth;
    private double _eps = CandidateQuery.DefaultEps;
    private int _minPoints = CandidateQuery.DefaultMinPoints;
    private HotSpotLayer? _hotSpots;
    private CandidateCollection? _candidates;
    private string? _error;
    private bool _running;
    private bool _saving;
    private int? _creating;
    private string? _newName;
    private IJSObjectReference? _module;
    private bool _mapStarted;
    private bool _focusName;
    private MudTextField<string>? _nameField;
    private bool _disposed;
    private IReadOnlyList<string> _sceneNames = [];

    protected override async Task OnInitializedAsync()
    {
        _user = CurrentUser.From((await Authentication).User);
        _canCreate = Permissions.CanEditScenes(_user.Roles);
        _districts = await Operations.RunAsync<LagesbildDb, List<(int, string)>>(async db =>
            (await db.Districts.OrderBy(d => d.Name).Select(d => new { d.Id, d.Name }).ToListAsync()).Select(d => (d.Id, d.Name)).ToList());
        _sceneNames = (await Operations.RunAsync<SceneService, List<Feature<SceneSummary>>>(s => s.ListAsync(null, null, null, CancellationToken.None)))
            .Select(s => s.Properties.Name).ToList();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusName && _nameField is not null)
        {
            _focusName = false;
            await _nameField.FocusAsync();
        }
        // Not only on the first render: the user may not be known yet then (the sign-in state is awaited), and
        // the map's element is rendered only for those who may analyse.
        if (_mapStarted || _user is null || !Permissions.CanAnalyse(_user.Roles))
            return;
        _mapStarted = true;
        _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/analysis.js");
        if (_disposed)
        {
            // Left while the script loaded: DisposeAsync found no module to dispose.
            await _module.DisposeAsync();
            return;
        }
        await _module.InvokeVoidAsync("create", MapId, AnalysisLabels.Options(L, MapSettings.Value));
        // The user may have left the page meanwhile (the module is disposed then).
        if (!_disposed)
            await RunAsync();
    }

    private ObservationFilter Filter()
    {
        var to = Time.GetUtcNow();
        return new ObservationFilter(null, _district == 0 ? null : _district, to.AddDays(-7 * _weeks), to, HourSet.All, null);
    }

    private async Task RunAsync()
    {
        _running = true;
        _error = null;
        try
        {
            var errors = new Dictionary<string, string[]>();
            var invariant = CultureInfo.InvariantCulture;
            HotSpotQuery.TryParse(_method.ToString(), _band.ToString(invariant), _bandwidth.ToString(invariant), _weeks.ToString(invariant), Filter(), out var hotQuery, errors);
            CandidateQuery.TryParse("dbscan", _weeks.ToString(invariant), _eps.ToString(invariant), null, _minPoints.ToString(invariant), Filter() with { From = null }, out var candidateQuery, errors);
            if (errors.Count > 0)
            {
                _error = string.Join(" ", errors.Values.SelectMany(e => e));
                return;
            }
            var hot = await Operations.RunAsync<HotSpotService, Outcome<HotSpotLayer>>(s => s.ComputeAsync(hotQuery, _user!, CancellationToken.None));
            var found = await Operations.RunAsync<CandidateService, Outcome<CandidateCollection>>(s => s.FindAsync(candidateQuery, _user!, CancellationToken.None));
            // Each half shows what it can: a refused candidate search (too many observations) keeps the hot spots.
            _hotSpots = hot is Outcome<HotSpotLayer>.Done { Value: var layer } ? layer : null;
            _candidates = found is Outcome<CandidateCollection>.Done { Value: var candidates } ? candidates : null;
            var problems = new[] { Problem(hot), Problem(found) }.OfType<string>().ToList();
            _error = problems.Count > 0 ? string.Join(" ", problems) : null;
            var scenes = await Operations.RunAsync<SceneService, List<Feature<SceneSummary>>>(s => s.ListAsync(null, _district == 0 ? null : _district, null, CancellationToken.None));
            var options = Json.Value.SerializerOptions;
            if (_module is not null && !_disposed)
            {
                var noCells = $$"""{"type":"FeatureCollection","method":"{{_method}}","features":[]}""";
                var noCandidates = """{"type":"FeatureCollection","features":[]}""";
                await _module.InvokeVoidAsync("show", MapId,
                    _hotSpots is null ? noCells : JsonSerializer.Serialize(_hotSpots, options),
                    _candidates is null ? noCandidates : JsonSerializer.Serialize(_candidates, options),
                    JsonSerializer.Serialize(GeoJson.Collection(scenes), options));
            }
        }
        finally
        {
            _running = false;
            // Also when called after the first render, where Blazor does not render again by itself.
            StateHasChanged();
        }
    }

    /// <summary>New candidates first: a match only confirms what the register already says.</summary>
    private IEnumerable<Feature<Candidate>> NewFirst =>
        (_candidates?.Features ?? []).OrderBy(f => f.Properties.Match != CandidateMatch.New).ThenByDescending(f => f.Properties.Observations);

    private string? Problem<T>(Outcome<T> outcome) => outcome switch
    {
        Outcome<T>.Done => null,
        Outcome<T>.Invalid invalid => string.Join(" ", L.Say(invalid.Refusals, invalid.Errors)),
        Outcome<T>.Refused refused => refused.Reason,
        _ => L["LoadFailed"],
    };

    /// <summary>The strongest cells of the layer in words, for those who cannot see the map.</summary>
    private IEnumerable<string> Strongest()
    {
        if (_hotSpots is null)
            return [];
        // A cell with no observation of its own is hot by its neighbours only: the list names places where something was seen.
        var cells = _hotSpots.Features.Select(f => f.Properties).Where(c => c.Count > 0);
        var ranked = _hotSpots.Method switch
        {
            HotSpotMethod.GiStar => cells.Where(c => c.Bin > 0).OrderByDescending(c => c.Z),
            HotSpotMethod.Kde => cells.OrderByDescending(c => c.Density),
            _ => cells.Where(c => c.Pattern is HotSpotPattern.New or HotSpotPattern.Consecutive or HotSpotPattern.Intensifying or HotSpotPattern.Persistent)
                .OrderByDescending(c => c.Count),
        };
        // The strongest cell of each district: the cells of one hot spot share their neighbours and would repeat.
        return ranked.Select(c =>
        {
            var (lon, lat) = new Core.Geo.GridCell(c.Column, c.Row).CentreLonLat;
            return (Cell: c, Place: Districts.NameOf(Districts.Index.Locate(lon, lat)) ?? L["WholeCity"].Value);
        }).DistinctBy(c => c.Place).Take(5).Select(ranked =>
        {
            var (c, place) = ranked;
            var what = _hotSpots.Method switch
            {
                HotSpotMethod.GiStar => $"{L["Bin" + c.Bin]}, z {c.Z!.Value.ToString("0.0", CultureInfo.CurrentCulture)}",
                HotSpotMethod.Kde => $"{c.Density!.Value.ToString("0", CultureInfo.CurrentCulture)} / km²",
                _ => L["Pattern" + c.Pattern].Value,
            };
            return L.Number("StrongestCell", c.Count, "0.#", place, what);
        });
    }

    private string HotSpotSummary()
    {
        if (_hotSpots is null)
            return "";
        var cells = _hotSpots.Features.Select(f => f.Properties).ToList();
        return _hotSpots.Method switch
        {
            HotSpotMethod.GiStar => string.Format(CultureInfo.CurrentCulture, L["GiStarSummary"],
                cells.Count(c => c.Bin == 3), cells.Count(c => c.Bin == 2), cells.Count(c => c.Bin == 1), cells.Count(c => c.Bin < 0), _hotSpots.StudyCells),
            HotSpotMethod.Kde => L.Count("KdeSummary", cells.Count, L.Number("KdePeak", cells.Select(c => c.Density ?? 0).DefaultIfEmpty(0).Max(), "0.#")),
            _ => string.Join(", ", cells.GroupBy(c => c.Pattern).OrderBy(g => g.Key).Select(g => $"{L["Pattern" + g.Key]}: {g.Count()}"))
                is { Length: > 0 } text ? text : L["NoEmerging"],
        } + " " + L.Count("ObservationsAnalysed", (long)Math.Round(_hotSpots.Observations));
    }

    private async Task FocusAsync(object candidateId)
    {
        if (_module is not null)
            await _module.InvokeVoidAsync("focus", MapId, candidateId);
    }

    private void StartCreate(Candidate candidate)
    {
        _creating = candidate.Cluster;
        _focusName = true;
        var district = candidate.District ?? L["WholeCity"];
        _newName = $"Scen {district} {NextNumber(district)}";
    }

    /// <summary>Back to the candidate's heading, so that the keyboard does not lose its place.</summary>
    private async Task CancelCreate(string headingId)
    {
        _creating = null;
        if (_module is not null)
            await _module.InvokeVoidAsync("focusElement", headingId);
    }

    /// <summary>Scenes are named by district and number; the next free number in the district.</summary>
    private int NextNumber(string district)
    {
        var prefix = $"Scen {district} ";
        var numbers = _sceneNames
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n => int.TryParse(n[prefix.Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var k) ? k : 0);
        return numbers.DefaultIfEmpty(0).Max() + 1;
    }

    private async Task CreateAsync(Feature<Candidate> feature)
    {
        _saving = true;
        try
        {
            var candidate = feature.Properties;
            var description = L.Count("SceneFromCandidate", candidate.Observations, L.Count("LastWeeks", _weeks), Formats.Date(candidate.First), Formats.Date(candidate.Last));
            var request = new SceneRequest(_newName, PolygonGeometry.From((Polygon)feature.Geometry!), description, SceneStatus.Suspected, null, description, null);
            var outcome = await Operations.RunAsync<SceneService, Outcome<Feature<SceneDetail>>>(s => s.CreateAsync(request, _user!, CancellationToken.None));
            if (outcome is Outcome<Feature<SceneDetail>>.Done { Value: var scene })
            {
                Snackbar.Add(L["SceneCreated"], Severity.Success);
                Navigation.NavigateTo($"/scenes/{scene.Id}");
                return;
            }
            _error = Problem(outcome) ?? L["LoadFailed"];
        }
        finally
        {
            _saving = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_module is null)
            return;
        try
        {
            await _module.InvokeVoidAsync("dispose", MapId);
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The browser has gone; nothing to clean up there.
        }
    }
}
