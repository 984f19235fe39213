using System.Globalization;
using Lagesbild.Core.Residents;
using Lagesbild.Server.Components.Shared;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace Lagesbild.Server.Features.Residents.Pages;

/// <summary>
/// Triage of residents' reports: a compact list with a map, sorted and filtered on the page, and the card of the
/// one report picked, with its actions. Nothing closes a report without a status chosen and a yes to a question.
/// </summary>
public partial class TriagePage
{
    private const string MapId = "triage-map";
    private static readonly string[] States = ["new", "open", "closed", "all"];
    private static readonly string[] SortOrders = ["newest", "oldest", "expected"];

    /// <summary>The nearest similar reports shown on a card; the rest are counted.</summary>
    private const int MaxNearby = 5;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    private CurrentUser _user = default!;
    private string _state = "new";
    private string _service = "";
    private string _district = "";
    private string _sort = "newest";
    private long? _selectedId;
    private long? _reference;
    private IReadOnlyList<TriageView> _reports = [];
    private IReadOnlyList<ServiceDefinition> _profile = [];
    private readonly Dictionary<long, CardForm> _forms = [];
    private string? _error;
    private bool _loaded;
    private IJSObjectReference? _module;
    private DotNetObjectReference<TriagePage>? _self;
    private string? _drawn;
    private bool _focusCard;
    private ElementReference _card;

    // Set once the page is live (after the prerendered HTML), so that a test knows its buttons answer.
    private bool _ready;

    private sealed class CardForm
    {
        /// <summary>No status until staff choose one: a report is never closed by a default.</summary>
        public string? Status { get; set; }
        public string? Note { get; set; }
        public double? Lat { get; set; }
        public double? Lon { get; set; }
        public string? Error { get; set; }

        /// <summary>One key per action taken from this card, so that a double click writes one update.</summary>
        public string Key { get; } = Guid.NewGuid().ToString("N");
    }

    protected override async Task OnInitializedAsync()
    {
        _user = CurrentUser.From((await Authentication).User);
        _profile = await Operations.RunAsync<ServiceProfileStore, IReadOnlyList<ServiceDefinition>>(p => p.CurrentAsync(CancellationToken.None));
        await LoadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _ready = true;
            _self = DotNetObjectReference.Create(this);
            _ = TickAsync(_ticking.Token);
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/map.js");
            StateHasChanged();
            return;
        }
        if (_focusCard)
        {
            _focusCard = false;
            await _card.FocusAsync();
        }
        await DrawMapAsync();
    }

    private readonly CancellationTokenSource _ticking = new();

    /// <summary>Draws the page again every half minute, so that the promises count down while the page is open.</summary>
    private async Task TickAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30), Time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
                await InvokeAsync(StateHasChanged);
        }
        catch (OperationCanceledException)
        {
            // the page was closed
        }
    }

    /// <summary>The promise to the resident as staff read it: the time left, or how long overdue; none when the report has no promise or is closed.</summary>
    private (string Text, bool Overdue)? PromiseText(TriageView report)
    {
        if (ResidentPromise.TimeLeft(report.ExpectedAt, report.Status, Time.GetUtcNow()) is not { } left)
            return null;
        var overdue = left <= TimeSpan.Zero;
        var span = overdue ? -left : left;
        var length = string.Format(CultureInfo.InvariantCulture, L["TriagePromiseLength"], (int)span.TotalHours, span.Minutes);
        return (string.Format(CultureInfo.InvariantCulture, L[overdue ? "TriagePromiseOverdue" : "TriagePromiseLeft"], length), overdue);
    }

    /// <summary>The reports in the list as dots on the map, drawn again only when the list or the pick changed.</summary>
    private async Task DrawMapAsync()
    {
        if (_module is null)
            return;
        var points = Shown.Where(r => r.Lat is not null && r.Lon is not null)
            .Select(r => new { id = r.Id, lat = r.Lat, lon = r.Lon, label = $"{L["TriageReference"]} {r.Id} · {r.ServiceName}" })
            .ToList();
        var drawn = $"{string.Join(',', points.Select(p => p.id))}|{_selectedId}";
        if (drawn == _drawn)
            return;
        _drawn = drawn;
        await _module.InvokeVoidAsync("showReports", MapId, points, _selectedId,
            new { tileUrl = MapSettings.Value.TileUrl, tileAttribution = MapSettings.Value.TileAttribution }, _self);
    }

    /// <summary>A dot on the map picked.</summary>
    [JSInvokable]
    public void OnReportPicked(long id)
    {
        Select(id);
        StateHasChanged();
    }

    private void Select(long id)
    {
        _selectedId = id;
        _focusCard = true;
    }

    /// <summary>The list as filtered and sorted on the page.</summary>
    private IEnumerable<TriageView> Shown
    {
        get
        {
            var shown = _reports.Where(r => (_service == "" || r.ServiceCode == _service) && (_district == "" || r.District == _district));
            return _sort switch
            {
                "oldest" => shown.OrderBy(r => r.RequestedAt).ThenBy(r => r.Id),
                // Those with a promised time first, the nearest first; the rest after, newest first.
                "expected" => shown.OrderBy(r => r.ExpectedAt is null).ThenBy(r => r.ExpectedAt).ThenByDescending(r => r.RequestedAt),
                _ => shown.OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id),
            };
        }
    }

    /// <summary>The picked report, or the first in the list when none is picked or the picked one left it.</summary>
    private TriageView? Selected
    {
        get
        {
            var shown = Shown.ToList();
            var selected = shown.FirstOrDefault(r => r.Id == _selectedId) ?? shown.FirstOrDefault();
            _selectedId = selected?.Id;
            return selected;
        }
    }

    private IEnumerable<(string Code, string Name)> Services =>
        _reports.Select(r => (r.ServiceCode, r.ServiceName)).Distinct().OrderBy(s => s.ServiceName, StringComparer.CurrentCulture);

    private IEnumerable<string> DistrictsInList =>
        _reports.Select(r => r.District).OfType<string>().Distinct().Order(StringComparer.CurrentCulture);

    private string Summary
    {
        get
        {
            if (!_loaded)
                return L["Loading"];
            var state = L[$"TriageState_{_state}"].Value.ToLower(CultureInfo.CurrentCulture);
            var shown = Shown.Count();
            return shown == _reports.Count
                ? L.Count("TriageCount", _reports.Count, state)
                : string.Format(CultureInfo.CurrentCulture, L["TriageCountFiltered"], shown, _reports.Count, state);
        }
    }

    private CardForm Form(long id) => _forms.TryGetValue(id, out var form) ? form : _forms[id] = new CardForm();

    /// <summary>Shows the one report with the reference a resident or a colleague gives.</summary>
    private async Task FindAsync()
    {
        if (_reference is not { } id)
            return;
        var outcome = await Operations.RunAsync<ReportTriage, Outcome<TriageView>>(t => t.GetAsync(_user, id, CancellationToken.None));
        _reports = outcome is Outcome<TriageView>.Done done ? [done.Value] : [];
        _error = _reports.Count == 0 ? L["TriageNotFound"].Value : null;
        (_state, _service, _district) = ("all", "", "");
        _selectedId = _reports.FirstOrDefault()?.Id;
    }

    private async Task ShowAsync(string state)
    {
        _state = state;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var outcome = await Operations.RunAsync<ReportTriage, Outcome<IReadOnlyList<TriageView>>>(t => t.QueueAsync(_user, _state, CancellationToken.None));
        _reports = outcome is Outcome<IReadOnlyList<TriageView>>.Done done ? done.Value : [];
        _error = outcome switch
        {
            Outcome<IReadOnlyList<TriageView>>.Done => null,
            Outcome<IReadOnlyList<TriageView>>.Refused => L["TriageNotAllowed"].Value,
            _ => L["TriageFailed"].Value,
        };
        _loaded = true;
    }

    private Task AcceptAsync(long id) =>
        RunAsync(id, t => t.AcceptAsync(_user, id, new AcceptRequest(Form(id).Lat, Form(id).Lon), CancellationToken.None));

    private Task LinkAsync(long id, long original) =>
        RunAsync(id, t => t.LinkAsync(_user, id, new LinkRequest(original, null), Form(id).Key, CancellationToken.None));

    private async Task SetStatusAsync(long id)
    {
        var form = Form(id);
        if (form.Status is not { } status)
        {
            form.Error = L["TriageChooseStatusFirst"];
            return;
        }
        if (RequestStatus.IsClosed(status) && string.IsNullOrWhiteSpace(form.Note))
        {
            form.Error = L["TriageRefusal_NoteNeeded"];
            return;
        }
        // Closing ends the city's handling and tells the resident: asked once more, with what they will read.
        if (RequestStatus.IsClosed(status))
        {
            var yes = await Dialogs.ShowMessageBoxAsync(
                string.Format(CultureInfo.CurrentCulture, L["TriageCloseTitle"], id),
                string.Format(CultureInfo.CurrentCulture, L["TriageCloseQuestion"], L[$"ReportStatus_{status}"].Value),
                yesText: L["TriageCloseYes"], cancelText: L["Cancel"]);
            if (yes != true)
                return;
        }
        await RunAsync(id, t => t.SetStatusAsync(_user, id, new StatusRequest(status, form.Note), form.Key, CancellationToken.None));
    }

    /// <summary>Fills in the forwarding with its usual note; staff read it and save, so nothing leaves on one click.</summary>
    private void Forward(long id)
    {
        var form = Form(id);
        form.Status = RequestStatus.NotCouncilsResponsibility;
        if (string.IsNullOrWhiteSpace(form.Note))
            form.Note = L["TriageForwardNote"];
        form.Error = null;
    }

    private async Task RunAsync(long id, Func<ReportTriage, Task<Outcome<TriageView>>> action)
    {
        var form = Form(id);
        var outcome = await Operations.RunAsync(action);
        form.Error = outcome switch
        {
            Outcome<TriageView>.Done => null,
            Outcome<TriageView>.Invalid invalid => string.Join(" ", L.Say(invalid.Refusals, invalid.Errors, "Triage")),
            Outcome<TriageView>.Conflict => L["TriageAcceptDuplicate"],
            Outcome<TriageView>.Refused => L["TriageNotAllowed"],
            Outcome<TriageView>.KeyReused => L["TriageChangedMeanwhile"],
            _ => L["TriageFailed"],
        };
        if (form.Error is null)
        {
            _forms.Remove(id);
            // The next report in the list is picked, so that the queue is worked through from the card.
            var shown = Shown.Select(r => r.Id).ToList();
            var next = shown.SkipWhile(r => r != id).Skip(1).Cast<long?>().FirstOrDefault();
            await LoadAsync();
            _selectedId = _reports.Any(r => r.Id == id) ? id : next;
            _focusCard = true;
        }
    }

    private string ClientName(string client) => client == ServiceRequests.WebClient ? L["TriageFromWeb"] : client;

    private string AttributeLabel(string service, string code) =>
        ServiceProfile.Find(_profile, service)?.Attributes.FirstOrDefault(a => a.Code == code) is { } attribute ? ServiceTexts.Question(attribute, English) : code;

    private string ValueLabel(string service, string code, string value) =>
        ServiceProfile.Find(_profile, service)?.Attributes.FirstOrDefault(a => a.Code == code)?.Values.FirstOrDefault(v => v.Key == value) is { } choice ? ServiceTexts.Choice(choice, English) : value;

    private static bool English => Formats.English;

    public async ValueTask DisposeAsync()
    {
        await _ticking.CancelAsync();
        _ticking.Dispose();
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("dispose", MapId);
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the map with it.
            }
        }
        _self?.Dispose();
    }
}
