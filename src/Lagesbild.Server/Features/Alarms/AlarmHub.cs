using Lagesbild.Core.Access;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Alarms;

/// <summary>What the server pushes to the guard console and the control room.</summary>
public interface IAlarmClient
{
    /// <summary>An alarm as it now stands; <paramref name="signal"/> is the sensor event that caused the push, when one did.</summary>
    Task AlarmChanged(AlarmView alarm, AlarmSignal? signal);
}

/// <summary>The groups an alarm goes to, named in one place: its guard company, the city, and the school.</summary>
public static class AlarmGroups
{
    public const string City = "city";

    public static string Company(int organisationId) => $"company:{organisationId}";

    public static string School(int organisationId) => $"school:{organisationId}";

    /// <summary>One person's connections (a phone and a desk, say).</summary>
    public static string User(int userId) => $"user:{userId}";

    /// <summary>The groups a user listens to: the same ones that decide what the alarm API shows them.</summary>
    public static IEnumerable<string> Of(CurrentUser user)
    {
        yield return User(user.Id);
        if (user.Roles.Any(r => r is Role.Coordinator or Role.Police or Role.Admin))
            yield return City;
        if (user.Roles.Any(r => r is Role.Guard or Role.ControlRoom))
            yield return Company(user.OrganisationId);
        if (user.Roles.Any(r => r is Role.SchoolManager or Role.SchoolStaff))
            yield return School(user.OrganisationId);
    }
}

/// <summary>
/// The fast path to people's screens. It is never the only path: every alarm is stored before it is pushed, and
/// a console that connects (again) reads the open alarms from the API.
/// </summary>
[Authorize]
public sealed class AlarmHub : Hub<IAlarmClient>
{
    public const string Path = "/hubs/alarms";

    public override async Task OnConnectedAsync()
    {
        foreach (var group in AlarmGroups.Of(CurrentUser.From(Context.User!)))
            await Groups.AddToGroupAsync(Context.ConnectionId, group);
        await base.OnConnectedAsync();
    }
}

/// <summary>
/// Pushes an alarm as it now stands, after it is stored. A change of state goes to everyone who may see the alarm;
/// a further event joining an open alarm goes to whoever has it (a camera may send many a second, and thirty
/// phones need not buzz for each).
/// </summary>
public sealed class AlarmPush(LagesbildDb db, AlarmViews views, IHubContext<AlarmHub, IAlarmClient> hub, ILogger<AlarmPush> log)
{
    public Task AlarmChangedAsync(long alarmId, CancellationToken ct) => PushAsync(alarmId, null, joined: false, ct);

    /// <summary>Pushes the alarm a sensor event opened (to everyone) or joined (to whoever has it).</summary>
    public Task SignalAsync(long alarmId, AlarmSignal signal, bool joined, CancellationToken ct) => PushAsync(alarmId, signal, joined, ct);

    private async Task PushAsync(long alarmId, AlarmSignal? signal, bool joined, CancellationToken ct)
    {
        try
        {
            var alarm = await db.Alarms.AsNoTracking().Include(a => a.Site).Include(a => a.Timeline).SingleOrDefaultAsync(a => a.Id == alarmId, ct);
            if (alarm is null)
                return;
            var view = (await views.ViewsAsync([alarm], ct))[0];
            await hub.Clients.Groups(GroupsOf(alarm, joined)).AlarmChanged(view, signal);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The alarm is stored; a console that missed this push reads it from the API when it reconnects.
            log.LogWarning(e, "Pushing alarm {AlarmId} failed.", alarmId);
        }
    }

    private static List<string> GroupsOf(Alarm alarm, bool joined)
    {
        if (joined && alarm.AssignedUserId is { } assignee)
            return [AlarmGroups.User(assignee)];
        if (joined && alarm.GuardOrganisationId is { } controlRoom)
            return [AlarmGroups.Company(controlRoom)];
        var groups = new List<string> { AlarmGroups.City };
        if (alarm.GuardOrganisationId is { } company)
            groups.Add(AlarmGroups.Company(company));
        if (alarm.Site!.OrganisationId is { } school)
            groups.Add(AlarmGroups.School(school));
        return groups;
    }
}
