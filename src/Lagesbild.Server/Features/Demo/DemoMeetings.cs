using Lagesbild.Core.Access;
using Lagesbild.Core.Meetings;
using Lagesbild.Core.Time;
using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Demo;

/// <summary>
/// Järva's samverkan meetings for the demo: last Tuesday's, with two decisions and three actions (one overdue and still
/// open, one open, one done), and next Tuesday's, whose agenda starts with the actions due. The overdue action's owner
/// is told by the server's own pass when it starts, as it would be in production.
/// </summary>
public sealed class DemoMeetings(LagesbildDb db, TimeProvider time)
{
    public async Task SeedAsync(IReadOnlyDictionary<string, User> users, CancellationToken ct)
    {
        var coordinator = users[DemoAccounts.BoroughCoordinator];
        var police = users.Values.First(u => u.Roles.Contains(Role.Police));
        var social = users.Values.First(u => u.Roles.Contains(Role.SocialServices));
        var now = time.GetUtcNow();
        var today = MeetingRules.DayOf(now);
        var sinceTuesday = ((int)today.DayOfWeek - (int)DayOfWeek.Tuesday + 7) % 7;
        var lastTuesday = today.AddDays(sinceTuesday == 0 ? -7 : -sinceTuesday);
        var last = Stockholm.ToInstant(lastTuesday.ToDateTime(new TimeOnly(13, 0)));
        var next = Stockholm.ToInstant(lastTuesday.AddDays(7).ToDateTime(new TimeOnly(13, 0)));
        var borough = DemoAccounts.ScopedBorough;
        var districtIds = await db.Districts.AsNoTracking().Where(d => d.Borough == borough).Select(d => (int?)d.Id).ToListAsync(ct);
        var scene = await db.Scenes.AsNoTracking().Where(s => districtIds.Contains(s.DistrictId)).OrderBy(s => s.Id).FirstOrDefaultAsync(ct);

        var meeting = new Meeting { At = last, Borough = borough, CreatedAt = last.AddDays(-6), CreatedById = coordinator.Id };
        db.Meetings.AddRange(meeting, new Meeting { At = next, Borough = borough, CreatedAt = now.AddHours(-2), CreatedById = coordinator.Id });
        await db.SaveChangesAsync(ct);
        var presence = new MeetingDecision
        {
            MeetingId = meeting.Id,
            RecordedAt = last.AddMinutes(25),
            RecordedById = coordinator.Id,
            Text = $"Polisen och staden samordnar kvällsnärvaron vid {scene?.Name ?? "scenen"} under de kommande två veckorna.",
        };
        var lighting = new MeetingDecision
        {
            MeetingId = meeting.Id,
            RecordedAt = last.AddMinutes(40),
            RecordedById = coordinator.Id,
            Text = "Staden beställer en översyn av belysningen på gångvägen mot skolan.",
        };
        db.MeetingDecisions.AddRange(presence, lighting);
        await db.SaveChangesAsync(ct);

        AgreedAction Action(string text, User owner, DateOnly due, MeetingDecision decision, int minutes) => new()
        {
            Text = text,
            OwnerOrganisationId = owner.OrganisationId,
            Due = due,
            OverdueAt = MeetingRules.OverdueFrom(due),
            Status = ActionStatus.Open,
            SceneId = scene?.Id,
            MeetingId = meeting.Id,
            DecisionId = decision.Id,
            Borough = borough,
            CreatedAt = last.AddMinutes(minutes),
            UpdatedAt = last.AddMinutes(minutes),
            CreatedById = coordinator.Id,
            History = [new AgreedActionStep { Status = ActionStatus.Open, At = last.AddMinutes(minutes), ById = coordinator.Id, ByName = coordinator.DisplayName }],
        };
        var overdue = Action("Polisen patrullerar vid platsen fredag och lördag kväll och återrapporterar.", police, today.AddDays(-1), presence, 30);
        var open = Action("Staden beställer översyn av belysningen och rapporterar datum för åtgärd.", coordinator, today.AddDays(5), lighting, 45);
        var done = Action("Fältassistenterna går förbi platsen tre kvällar och rapporterar vad de ser.", social, lastTuesday.AddDays(4), presence, 35);
        done.Status = ActionStatus.Done;
        // Done on the evening of the meeting, which always lies before today.
        done.UpdatedAt = last.AddHours(8);
        done.History.Add(new AgreedActionStep { Status = ActionStatus.Done, At = done.UpdatedAt, ById = social.Id, ByName = social.DisplayName, Note = "Tre kvällar gjorda; färre personer på platsen efter kl. 22." });
        db.AgreedActions.AddRange(overdue, open, done);
        await db.SaveChangesAsync(ct);
    }
}
