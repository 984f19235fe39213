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

    /// <summary>The still pictures of an alarm's cameras are in (or failed): the console reads them from the API.</summary>
    Task SnapshotsChanged(long alarmId);

    /// <summary>
    /// The hub has taken this connection in: its groups are joined, and every push from now on reaches it. The client
    /// counts itself connected at the handshake, before that; a console reads the open alarms on this message, so
    /// that an alarm stored between its read and the joins is not missed by both.
    /// </summary>
    Task Joined();
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
public sealed class AlarmHub(Readers readers, HubSessions sessions) : Hub<IAlarmClient>
{
    public const string Path = "/hubs/alarms";

    public override async Task OnConnectedAsync()
    {
        var user = CurrentUser.From(Context.User!);
        // The city's group hears every alarm: not for an organisation scoped to districts, whose console reads its
        // own alarms from the API (its company or school groups still push).
        var scoped = (await readers.OfAsync(user, Context.ConnectionAborted)).Districts is not null;
        foreach (var group in AlarmGroups.Of(user).Where(g => !(scoped && g == AlarmGroups.City)))
            await Groups.AddToGroupAsync(Context.ConnectionId, group);
        sessions.Opened(Context);
        await base.OnConnectedAsync();
        await Clients.Caller.Joined();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        sessions.Closed(Context);
        return base.OnDisconnectedAsync(exception);
    }
}

/// <summary>Who hears about an alarm: whoever has it, its guard company, and the school whose site it is.</summary>
public sealed record AlarmAudience(int? AssignedUserId, int? GuardOrganisationId, int? SchoolOrganisationId)
{
    public static AlarmAudience Of(Alarm alarm) => new(alarm.AssignedUserId, alarm.GuardOrganisationId, alarm.Site!.OrganisationId);

    /// <summary>
    /// A change of state goes to everyone who may see the alarm; a further event joining an open alarm goes to
    /// whoever has it (a camera may send many a second, and thirty phones need not buzz for each).
    /// </summary>
    public IReadOnlyList<string> Groups(bool joined)
    {
        if (joined && AssignedUserId is { } assignee)
            return [AlarmGroups.User(assignee)];
        if (joined && GuardOrganisationId is { } controlRoom)
            return [AlarmGroups.Company(controlRoom)];
        var groups = new List<string> { AlarmGroups.City };
        if (GuardOrganisationId is { } company)
            groups.Add(AlarmGroups.Company(company));
        if (SchoolOrganisationId is { } school)
            groups.Add(AlarmGroups.School(school));
        return groups;
    }
}

/// <summary>Pushes an alarm as it now stands, after it is stored.</summary>
public sealed class AlarmPush(LagesbildDb db, AlarmViews views, IHubContext<AlarmHub, IAlarmClient> hub, ILogger<AlarmPush> log)
{
    public async Task AlarmChangedAsync(long alarmId, CancellationToken ct)
    {
        try
        {
            var alarm = await db.Alarms.AsNoTracking().Include(a => a.Site).Include(a => a.Timeline).SingleOrDefaultAsync(a => a.Id == alarmId, ct);
            if (alarm is not null)
                await SendAsync((await views.ViewsAsync([alarm], ct))[0], AlarmAudience.Of(alarm), null, joined: false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The alarm is stored; a console that missed this push reads it from the API when it reconnects.
            log.LogWarning(e, "Pushing alarm {AlarmId} failed.", alarmId);
        }
    }

    /// <summary>Pushes a view already built (by the event writer, once for the events stored together); answers whether it went out.</summary>
    public async Task<bool> SendAsync(AlarmView view, AlarmAudience audience, AlarmSignal? signal, bool joined)
    {
        try
        {
            await hub.Clients.Groups(audience.Groups(joined)).AlarmChanged(view, signal);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Pushing alarm {AlarmId} failed.", view.Id);
            return false;
        }
    }
}
