using System.Collections.Concurrent;

namespace Lagesbild.Server.Features.Alarms.Dc09;

/// <summary>
/// When each panel was last heard from, kept in memory and written by the supervision pass every few seconds: a panel
/// sending many events a second costs one update per pass, not one per frame. Also which panels' lines are at fault
/// (as the last pass read them), so that the first message after an outage clears the fault before it is answered.
/// </summary>
public sealed class PanelLines
{
    private readonly ConcurrentDictionary<int, DateTimeOffset> _heard = new();
    private readonly ConcurrentDictionary<int, bool> _faults = new();

    /// <summary>Since when this server's receiver listens; null when it does not, and then nobody here can tell a line is silent.</summary>
    public DateTimeOffset? ListeningSince { get; set; }

    public async Task HeardAsync(int panelId, DateTimeOffset at, IServiceProvider services, CancellationToken ct)
    {
        _heard.AddOrUpdate(panelId, at, (_, before) => before > at ? before : at);
        if (_faults.ContainsKey(panelId))
            await services.GetRequiredService<LineSupervision>().ClearAsync(panelId, at, ct);
    }

    /// <summary>The panels heard from since the last call, with the latest time each.</summary>
    public List<KeyValuePair<int, DateTimeOffset>> TakeHeard()
    {
        var taken = new List<KeyValuePair<int, DateTimeOffset>>();
        foreach (var id in _heard.Keys)
        {
            if (_heard.TryRemove(id, out var at))
                taken.Add(new(id, at));
        }
        return taken;
    }

    /// <summary>Puts back what could not be written, unless the panel was heard from again since.</summary>
    public void PutBack(IEnumerable<KeyValuePair<int, DateTimeOffset>> heard)
    {
        foreach (var (id, at) in heard)
            _heard.AddOrUpdate(id, at, (_, before) => before > at ? before : at);
    }

    public void Faults(IEnumerable<int> panelIds)
    {
        var now = panelIds.ToHashSet();
        foreach (var id in _faults.Keys.Where(id => !now.Contains(id)))
            _faults.TryRemove(id, out _);
        foreach (var id in now)
            _faults[id] = true;
    }

    public void Faulted(int panelId) => _faults[panelId] = true;

    public void Cleared(int panelId) => _faults.TryRemove(panelId, out _);
}
