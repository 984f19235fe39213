using System.Globalization;
using System.ComponentModel.DataAnnotations;
using Lagesbild.Core.Meetings;
using Lagesbild.Data;
using Lagesbild.Server.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Meetings;

/// <summary>
/// The due date as a durable timer: each action row carries the instant its due day ends (Stockholm), and every pass
/// tells the owner organisation's users about the open actions past it, once: a conditional update marks the action
/// as told, and the notifications commit with it, so two servers cannot both tell and a restart loses nothing.
/// </summary>
public sealed class OverdueActions(LagesbildDb db, Notifier notifier, TimeProvider time)
{
    public const string Kind = "action.overdue";

    public async Task<int> NotifyAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var overdue = await db.AgreedActions.AsNoTracking()
            .Where(a => a.Status == ActionStatus.Open && a.OverdueNotifiedAt == null && a.OverdueAt <= now)
            .OrderBy(a => a.OverdueAt).Take(500).ToListAsync(ct);
        var told = 0;
        foreach (var action in overdue)
        {
            var once = await notifier.TellOnceAsync(
                c => db.AgreedActions
                    .Where(a => a.Id == action.Id && a.Status == ActionStatus.Open && a.OverdueNotifiedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.OverdueNotifiedAt, now), c),
                async c =>
                {
                    var owner = await db.Organisations.AsNoTracking().Where(o => o.Id == action.OwnerOrganisationId).Select(o => o.Name).FirstAsync(c);
                    return (NoticeOf(action, owner), await RecipientsAsync(action.OwnerOrganisationId, c));
                }, ct);
            told += once ? 1 : 0;
        }
        return told;
    }

    /// <summary>The owner organisation's active users; the coordinators when it has none, so that someone is told.</summary>
    private async Task<List<User>> RecipientsAsync(int organisationId, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().Where(u => u.IsActive).ToListAsync(ct);
        var own = users.Where(u => u.OrganisationId == organisationId).ToList();
        return own.Count > 0 ? own : users.Where(u => MeetingRules.CanKeepMeetings(u.Roles)).ToList();
    }

    public static Notice NoticeOf(AgreedAction action, string owner)
    {
        var due = action.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var text = action.Text.Length > 120 ? action.Text[..119] + "…" : action.Text;
        return new Notice(
            Kind,
            $"Uppdraget ”{text}” ({owner}) skulle vara klart {due}.",
            new Dictionary<string, string> { ["action"] = text, ["owner"] = owner, ["due"] = due },
            "/actions",
            new { actionId = action.Id, ownerOrganisationId = action.OwnerOrganisationId, owner, due, meetingId = action.MeetingId },
            $"Försenat uppdrag: {text}",
            $"Uppdraget ”{action.Text}” som {owner} äger skulle vara klart {due} och är fortfarande öppet.\n" +
            $"The action \"{action.Text}\" owned by {owner} was due on {due} and is still open.");
    }
}

/// <summary>How the meetings feature runs its pass ("Meetings" in configuration).</summary>
public sealed class MeetingOptions
{
    public const string Section = "Meetings";

    /// <summary>Whether the worker tells owners of overdue actions (tests drive it by hand).</summary>
    public bool Worker { get; set; } = true;

    [Range(1, 3600)]
    public int WorkerSeconds { get; set; } = 60;
}

/// <summary>Tells the owners of overdue actions, every minute.</summary>
public sealed class MeetingKeeper(IServiceScopeFactory scopes, IOptions<MeetingOptions> options, TimeProvider time, ILogger<MeetingKeeper> log)
    : Hosting.PeriodicWorker(scopes, time, log)
{
    protected override bool Enabled => options.Value.Worker;

    protected override TimeSpan Period => TimeSpan.FromSeconds(options.Value.WorkerSeconds);

    protected override IEnumerable<(string, Func<IServiceProvider, CancellationToken, Task>)> Steps() =>
    [
        ("tell overdue actions", (services, ct) => services.GetRequiredService<OverdueActions>().NotifyAsync(ct)),
    ];
}
