using Lagesbild.Core.Alarms;
using Lagesbild.Server.Features.Alarms.Dc09;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Lagesbild.Server.Tests.Alarms.Dc09Wire;

namespace Lagesbild.Server.Tests.Alarms;

/// <summary>Line supervision on the fake clock, with the panel's messages over a real socket.</summary>
public abstract class Dc09SupervisionTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : Dc09Factory
{
    private async Task<int> PassAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LineSupervision>().RunAsync(CancellationToken.None);
    }

    private Task<Data.PanelAccount> PanelAsync(int id) => app.QueryAsync(db => db.PanelAccounts.AsNoTracking().SingleAsync(p => p.Id == id));

    [Fact]
    public async Task A_silent_line_raises_one_alarm_for_the_control_room_per_outage_and_the_next_message_clears_it()
    {
        var (tcp, _) = await app.ReceiverAsync();
        var (account, siteId, _, panelId) = await Dc09Wire.PanelAsync(app, new Place(18.0700, 59.3150), supervisionSeconds: 60, graceSeconds: 30);
        using var panel = await ConnectAsync(tcp);
        Assert.Equal("ACK", (await AskAsync(panel, Frame("NULL", account, "", app.Clock.GetUtcNow(), sequence: "0001")))?.Id);
        await PassAsync();
        var heard = (await PanelAsync(panelId)).LastMessageAt;
        Assert.Equal(app.Clock.GetUtcNow(), heard);

        app.Clock.Advance(TimeSpan.FromSeconds(89));
        await PassAsync();
        var early = (await PanelAsync(panelId)).LineFaultAlarmId;
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        await PassAsync();
        var faultId = (await PanelAsync(panelId)).LineFaultAlarmId;
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await PassAsync();

        Assert.Null(early);
        Assert.NotNull(faultId);
        Assert.Equal(faultId, (await PanelAsync(panelId)).LineFaultAlarmId);
        Assert.Equal(1, await app.QueryAsync(db => db.Alarms.CountAsync(a => a.SiteId == siteId)));
        var alarm = await app.QueryAsync(db => db.Alarms.Include(a => a.Timeline).SingleAsync(a => a.Id == faultId));
        Assert.Equal((siteId, AlarmStatus.Dispatched, "Larmcentralen", 0), (alarm.SiteId, alarm.Status, alarm.AssignedName, alarm.EscalationLevel));
        Assert.StartsWith(PanelEventTypes.LineFault, alarm.Timeline.Single(e => e.Action == AlarmTimeline.Opened).Detail, StringComparison.Ordinal);

        // The panel is back: the fault is cleared before the message is answered.
        Assert.Equal("ACK", (await AskAsync(panel, Frame("NULL", account, "", app.Clock.GetUtcNow(), sequence: "0002")))?.Id);
        var cleared = await app.QueryAsync(db => db.Alarms.Include(a => a.Timeline).SingleAsync(a => a.Id == faultId));
        Assert.Equal(AlarmStatus.Cancelled, cleared.Status);
        Assert.Contains(cleared.Timeline, e => e.Action == AlarmTimeline.Cancelled);
        Assert.Null((await PanelAsync(panelId)).LineFaultAlarmId);

        // A new outage is a new alarm.
        app.Clock.Advance(TimeSpan.FromSeconds(95));
        await PassAsync();
        Assert.NotNull((await PanelAsync(panelId)).LineFaultAlarmId);
        Assert.NotEqual(faultId, (await PanelAsync(panelId)).LineFaultAlarmId);
    }

    [Fact]
    public async Task A_panel_not_supervised_never_raises_and_one_heard_in_time_does_not()
    {
        await app.ReceiverAsync();
        var (_, _, _, quiet) = await Dc09Wire.PanelAsync(app, new Place(18.0710, 59.3155), supervisionSeconds: 0);
        var (account, _, _, talking) = await Dc09Wire.PanelAsync(app, new Place(18.0720, 59.3160), supervisionSeconds: 60, graceSeconds: 10);
        var (_, udp) = await app.ReceiverAsync();
        for (var minute = 0; minute < 5; minute++)
        {
            Assert.Equal("ACK", (await AskUdpAsync(udp, Frame("NULL", account, "", app.Clock.GetUtcNow(), sequence: $"00{minute + 10}")))?.Id);
            app.Clock.Advance(TimeSpan.FromSeconds(60));
            await PassAsync();
        }

        Assert.Null((await PanelAsync(quiet)).LineFaultAlarmId);
        Assert.Null((await PanelAsync(talking)).LineFaultAlarmId);
    }
}

public sealed class Dc09SupervisionOnSqlite(Dc09Sqlite app) : Dc09SupervisionTests<Dc09Sqlite>(app);

public sealed class Dc09SupervisionOnPostgres(Dc09Postgres app) : Dc09SupervisionTests<Dc09Postgres>(app);
