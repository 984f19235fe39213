using Lagesbild.Core.Geo;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Residents;
using Lagesbild.Core.Validation;

namespace Lagesbild.Core.Tests.Residents;

public class ServiceRequestRulesTests
{
    private static readonly LonLatBox Stockholm = new(17.7, 59.2, 18.3, 59.45);
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private static Refusals Check(double? lat = 59.33, double? lon = 18.06, string? address = null, string? description = null, string? media = null) =>
        RequestRules.Check(new ReportInput(lat, lon, address, description, media), Stockholm);

    [Fact]
    public void A_report_with_a_place_on_the_map_or_an_address_passes()
    {
        Assert.Empty(Check());
        Assert.Empty(Check(lat: null, lon: null, address: "Rinkeby torg"));
        Assert.Empty(Check(description: new string('a', RequestRules.MaxDescription), media: "https://example.org/a.jpg"));
    }

    [Fact]
    public void Each_refusal_carries_the_code_a_page_translates_and_the_limit_it_names()
    {
        Assert.Equal(RefusalCodes.PlaceMissing, Check(lat: null, lon: null)["lat"]!.Code);
        Assert.Equal(RefusalCodes.OffMap, Check(lat: 57.7, lon: 11.97)["lat"]!.Code);
        var tooLong = Check(description: new string('a', RequestRules.MaxDescription + 1))["description"]!;
        Assert.Equal((RefusalCodes.TooLong, RequestRules.MaxDescription), (tooLong.Code, (int)tooLong.Args![0]));
        Assert.Equal(RefusalCodes.PersonalNumber, Check(description: "Det var 19811218-9876 igen")["description"]!.Code);
        Assert.Equal(RefusalCodes.PhoneNumber, Check(description: "Ring mig på 070-123 45 67")["description"]!.Code);
        Assert.Equal(["description", "lat"], Check(lat: null, lon: null, description: "070-123 45 67").Select(r => r.Field).Order());
    }

    [Fact]
    public void A_report_without_a_place_or_off_the_map_names_lat()
    {
        Assert.Contains("location is required", Check(lat: null, lon: null)["lat"]!.Message, StringComparison.Ordinal);
        Assert.Contains("outside the city's map", Check(lat: 57.7, lon: 11.97)["lat"]!.Message, StringComparison.Ordinal);
        Assert.Contains("between -90 and 90", Check(lat: 95, lon: 18)["lat"]!.Message, StringComparison.Ordinal);
        Assert.Contains("together", Check(lat: 59.33, lon: null)["long"]!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_text_personal_numbers_phone_numbers_and_odd_media_are_refused_by_field()
    {
        Assert.Contains("4000", Check(description: new string('a', 4001))["description"]!.Message, StringComparison.Ordinal);
        Assert.Contains("personnummer", Check(description: "Det var 19811218-9876 igen")["description"]!.Message, StringComparison.Ordinal);
        Assert.Contains("telephone", Check(description: "Ring mig på 070-123 45 67")["description"]!.Message, StringComparison.Ordinal);
        Assert.Contains("telephone", Check(lat: null, lon: null, address: "Hos 08-123 456 78")["address_string"]!.Message, StringComparison.Ordinal);
        Assert.Contains("media_url", Check(media: "javascript:alert(1)")["media_url"]!.Message, StringComparison.Ordinal);
        Assert.Empty(Check(description: "<script>alert(1)</script> Ring 112 om det brinner; '; DROP TABLE x; --"));
    }

    [Fact]
    public void The_window_defaults_to_the_last_90_days_and_refuses_more_or_reversed()
    {
        Assert.Equal((Now.AddDays(-90), Now, (string?)null), RequestRules.Window(null, null, Now));
        Assert.Equal((Now.AddDays(-10), Now, (string?)null), RequestRules.Window(Now.AddDays(-10), null, Now));
        Assert.Contains("end_date", RequestRules.Window(Now.AddDays(-118), null, Now).Error, StringComparison.Ordinal);
        Assert.Equal((Now.AddDays(-120), Now.AddDays(-30), (string?)null), RequestRules.Window(null, Now.AddDays(-30), Now));
        Assert.NotNull(RequestRules.Window(Now.AddDays(-91), Now, Now).Error);
        Assert.Null(RequestRules.Window(Now.AddDays(-90), Now, Now).Error);
        Assert.Contains("before", RequestRules.Window(Now, Now.AddDays(-1), Now).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Extended_statuses_fold_to_open_or_closed()
    {
        Assert.Equal("open", RequestStatus.Basic(RequestStatus.Investigating));
        Assert.Equal("open", RequestStatus.Basic(RequestStatus.ActionScheduled));
        Assert.Equal("closed", RequestStatus.Basic(RequestStatus.NotCouncilsResponsibility));
        Assert.Equal("closed", RequestStatus.Basic(RequestStatus.Duplicate));
        Assert.False(RequestStatus.IsKnown("reopen"));
    }

    [Fact]
    public void Duplicates_are_the_same_service_within_250_m_and_14_days_nearest_first()
    {
        var report = new ReportPlace(1, "syringes", new GridPoint(1000, 1000), Now);
        var others = new[]
        {
            new ReportPlace(2, "syringes", new GridPoint(1080, 1000), Now.AddDays(-1)),   // 80 m, yesterday
            new ReportPlace(3, "syringes", new GridPoint(1000, 1200), Now.AddDays(-13)),  // 200 m
            new ReportPlace(4, "syringes", new GridPoint(1000, 1251), Now),               // 251 m
            new ReportPlace(5, "syringes", new GridPoint(1000, 1000), Now.AddDays(-15)),  // too old
            new ReportPlace(6, "littering", new GridPoint(1000, 1000), Now),              // another service
            new ReportPlace(7, "syringes", null, Now),                                     // no place
        };
        var near = Duplicates.Near(report, others);
        Assert.Equal([2L, 3L], near.Select(n => n.Report.Id));
        Assert.Equal(80, near[0].Metres, 6);
        Assert.Empty(Duplicates.Near(report with { Point = null }, others));
    }

    [Fact]
    public void Public_cells_hide_cells_with_fewer_than_five_reports()
    {
        var busy = new GridCell(10, 20).Key;
        var quiet = new GridCell(11, 20).Key;
        var cells = PublicCells.Visible([(quiet, 4), (busy, 5)]);
        var cell = Assert.Single(cells);
        Assert.Equal((new GridCell(10, 20), 5), cell);
    }

    [Fact]
    public void The_swedish_profile_passes_its_own_check_and_a_broken_one_is_refused_by_field()
    {
        Assert.Empty(ServiceProfile.Check(ServiceProfile.Swedish));
        Assert.Contains("services", ServiceProfile.Check([]).Keys);
        var first = ServiceProfile.Swedish[0];
        var broken = new List<ServiceDefinition>
        {
            first with { Code = "Bad Code" },
            first with { Name = "", Category = (ObservationCategory)99 },
            first,
            first with { Code = "x", Attributes = [first.Attributes[1] with { Values = [] }] },
        };
        var errors = ServiceProfile.Check(broken);
        Assert.Contains("services[0].code", errors.Keys);
        Assert.Contains("services[1].name", errors.Keys);
        Assert.Contains("services[1].category", errors.Keys);
        Assert.Contains("used twice", errors["services[2].code"], StringComparison.Ordinal);
        Assert.Contains("services[3].attributes[0].values", errors.Keys);
    }

    [Fact]
    public void Syringes_promise_24_hours_and_suspected_dealing_stays_off_the_public_map()
    {
        var syringes = ServiceProfile.Find(ServiceProfile.Swedish, "syringes")!;
        Assert.Equal(24, syringes.ExpectedHours);
        Assert.Contains("inom 24 timmar", ServiceTexts.Notice(syringes, english: false), StringComparison.Ordinal);
        Assert.Contains("112", ServiceTexts.Notice(syringes, english: false), StringComparison.Ordinal);
        Assert.False(ServiceProfile.Find(ServiceProfile.Swedish, "drug-dealing")!.OnPublicMap);
    }

    [Fact]
    public void Syringes_are_promised_within_24_hours_only_near_children()
    {
        var syringes = ServiceProfile.Find(ServiceProfile.Swedish, "syringes")!;
        var near = new Dictionary<string, List<string>> { ["count"] = ["2"], ["near_children"] = ["yes"] };
        var away = new Dictionary<string, List<string>> { ["count"] = ["2"], ["near_children"] = ["no"] };

        Assert.Equal(Now.AddHours(24), ServiceProfile.ExpectedAt(syringes, near, Now));
        Assert.Null(ServiceProfile.ExpectedAt(syringes, away, Now));
        Assert.Null(ServiceProfile.ExpectedAt(ServiceProfile.Find(ServiceProfile.Swedish, "littering")!, new Dictionary<string, List<string>>(), Now));
        Assert.Contains("services[0].expectedIf", ServiceProfile.Check([syringes with { ExpectedIf = new("near_children", "maybe") }]).Keys);
        Assert.Contains("services[0].expectedIf", ServiceProfile.Check([syringes with { ExpectedIf = new("colour", "red") }]).Keys);
    }

    [Fact]
    public void English_texts_fall_back_to_the_swedish_ones()
    {
        var syringes = ServiceProfile.Find(ServiceProfile.Swedish, "syringes")!;
        Assert.Equal("Needles and syringes", ServiceTexts.Name(syringes, english: true));
        Assert.Equal("Kanyler och sprutor", ServiceTexts.Name(syringes, english: false));
        Assert.Equal("Yes", ServiceTexts.Choice(syringes.Attributes[1].Values[0], english: true));
        Assert.Contains("112", ServiceTexts.Notice(syringes, english: true), StringComparison.Ordinal);
        var bare = syringes with { NameEn = null, NoticeEn = null, PromiseEn = null };
        Assert.Equal("Kanyler och sprutor", ServiceTexts.Name(bare, english: true));
        Assert.Equal(ServiceTexts.Notice(syringes, english: false), ServiceTexts.Notice(bare, english: true));
        Assert.All(ServiceProfile.Swedish, s => Assert.False(string.IsNullOrEmpty(s.NameEn)));
    }
}
