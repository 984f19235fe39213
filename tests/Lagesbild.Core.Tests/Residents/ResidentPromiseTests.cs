using Lagesbild.Core.Residents;
using Lagesbild.Core.Time;

namespace Lagesbild.Core.Tests.Residents;

public sealed class ResidentPromiseTests
{
    private static readonly Dictionary<string, List<string>> NearChildren = new() { ["count"] = ["2"], ["near_children"] = ["yes"] };

    private static ServiceDefinition Syringes => ServiceProfile.Find(ServiceProfile.Swedish, "syringes")!;

    [Fact]
    public void On_the_spring_daylight_saving_day_the_promise_is_24_elapsed_hours_and_the_local_clock_reads_an_hour_later()
    {
        // Saturday 28 March 2026 10:00 in Stockholm is 09:00 UTC (CET); the clocks go forward at 02:00 on Sunday.
        var reported = new DateTimeOffset(2026, 3, 28, 9, 0, 0, TimeSpan.Zero);
        var due = ServiceProfile.ExpectedAt(Syringes, NearChildren, reported)!.Value;

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 9, 0, 0, TimeSpan.Zero), due);
        Assert.Equal(new DateTime(2026, 3, 29, 11, 0, 0), Stockholm.ToLocal(due)); // CEST
    }

    [Fact]
    public void The_promise_runs_counts_down_and_is_overdue_at_its_time_until_the_report_is_closed()
    {
        var due = new DateTimeOffset(2026, 10, 25, 9, 0, 0, TimeSpan.Zero); // the autumn daylight-saving day

        Assert.Equal(ResidentPromise.State.Running, ResidentPromise.Of(due, RequestStatus.Open, due.AddMinutes(-90)));
        Assert.Equal(TimeSpan.FromMinutes(90), ResidentPromise.TimeLeft(due, RequestStatus.Open, due.AddMinutes(-90)));
        Assert.Equal(ResidentPromise.State.Overdue, ResidentPromise.Of(due, RequestStatus.InProgress, due));
        Assert.Equal(TimeSpan.FromHours(-2), ResidentPromise.TimeLeft(due, RequestStatus.Open, due.AddHours(2)));
        Assert.Equal(ResidentPromise.State.Closed, ResidentPromise.Of(due, RequestStatus.Fixed, due.AddHours(2)));
        Assert.Null(ResidentPromise.TimeLeft(due, RequestStatus.Fixed, due.AddHours(2)));
        Assert.Equal(ResidentPromise.State.None, ResidentPromise.Of(null, RequestStatus.Open, due));
        Assert.Null(ResidentPromise.TimeLeft(null, RequestStatus.Open, due));
    }

    [Fact]
    public void A_city_that_makes_no_promise_shows_none_in_the_public_text()
    {
        Assert.StartsWith("Sprutor nära skolor och förskolor samlas in inom 24 timmar.", ServiceTexts.Notice(Syringes, english: false), StringComparison.Ordinal);
        Assert.StartsWith("Syringes near schools and preschools are collected within 24 hours.", ServiceTexts.Notice(Syringes, english: true), StringComparison.Ordinal);
        Assert.Contains("inom 48 timmar", ServiceTexts.Notice(Syringes with { ExpectedHours = 48 }, english: false), StringComparison.Ordinal);

        var noPromise = Syringes with { ExpectedHours = null };
        Assert.DoesNotContain("timmar", ServiceTexts.Notice(noPromise, english: false), StringComparison.Ordinal);
        Assert.DoesNotContain("hours", ServiceTexts.Notice(noPromise, english: true), StringComparison.Ordinal);
        Assert.Equal(ServiceProfile.CrimeNotice, ServiceTexts.Notice(noPromise, english: false));
        Assert.Null(ServiceProfile.ExpectedAt(noPromise, NearChildren, DateTimeOffset.UnixEpoch));
    }
}
