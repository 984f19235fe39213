using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Validation;
using Lagesbild.Server.Components.Shared;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Tests.Hosting;

/// <summary>What a page says in the reader's language: counts in their forms, and refusals by their codes, never the server's English.</summary>
public sealed class ReaderTextsTests
{
    private const string English = "THE SERVER'S WORDS";

    private static readonly IStringLocalizer L =
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance).Create(typeof(Strings));

    [Theory]
    [InlineData("sv", 1, "1 dag", "1 år")]
    [InlineData("sv", 2, "2 dagar", "2 år")]
    [InlineData("en", 1, "1 day", "1 year")]
    [InlineData("en", 730, "730 days", "730 years")]
    public void Days_and_years_take_their_form_for_the_number(string language, int count, string days, string years) => In(language, () =>
    {
        Assert.Equal(days, L.Count("DayCount", count));
        Assert.Equal(years, L.Count("YearCount", count));
    });

    [Theory]
    [InlineData("sv", 1.0, "Farsta: hög (1 iakttagelse)")]
    [InlineData("sv", 2.5, "Farsta: hög (2,5 iakttagelser)")]
    [InlineData("sv", 3.0, "Farsta: hög (3 iakttagelser)")]
    [InlineData("en", 1.0, "Farsta: hög (1 observation)")]
    [InlineData("en", 1.4, "Farsta: hög (1.4 observations)")]
    public void A_count_with_a_fraction_takes_the_form_for_other_numbers(string language, double count, string expected) =>
        In(language, () => Assert.Equal(expected, L.Number("StrongestCell", count, "0.#", "Farsta", "hög")));

    [Fact]
    public void Counts_within_counts_agree_with_each_their_number() => In("sv", () =>
    {
        Assert.Equal("1 ny enhet och 2 uppdaterade.", L.Count("SitesImported", 1, L.Count("SitesUpdated", 2)));
        Assert.Equal("3 nya enheter och 1 uppdaterad.", L.Count("SitesImported", 3, L.Count("SitesUpdated", 1)));
        Assert.Equal("1 cell med täthet; högst 0,8 iakttagelser per km².", L.Count("KdeSummary", 1, L.Number("KdePeak", 0.8, "0.#")));
        Assert.StartsWith("Från analysens kandidat: 4 iakttagelser den senaste veckan", L.Count("SceneFromCandidate", 4, L.Count("LastWeeks", 1), "a", "b"), StringComparison.Ordinal);
    });

    /// <summary>Every refusal and conflict of the administration's forms and the sites' import, as their services give them.</summary>
    public static TheoryData<string, string> Refusals() => new()
    {
        { "email", RefusalCodes.Invalid },
        { "email", RefusalCodes.Taken },
        { "displayName", RefusalCodes.Invalid },
        { "displayName", RefusalCodes.ControlCharacters },
        { "name", RefusalCodes.Invalid },
        { "name", RefusalCodes.Taken },
        { "roles", RefusalCodes.Required },
        { "roles", RefusalCodes.LastAdministrator },
        { "id", RefusalCodes.LastAdministrator },
        { "id", RefusalCodes.OwnAccount },
        { "organisationId", RefusalCodes.Required },
        { "organisationId", RefusalCodes.NotFound },
        { "password", RefusalCodes.Required },
        { "password", RefusalCodes.ExternalSignIn },
        { "kind", RefusalCodes.InUse },
        { "districts", RefusalCodes.NotFound },
        { "boroughs", RefusalCodes.NotFound },
        { "organisation", RefusalCodes.NotAllowed },
        { "sites", RefusalCodes.NotFound },
        { "userId", RefusalCodes.NotFound },
        { "to", RefusalCodes.Required },
        { "to", RefusalCodes.DatesReversed },
        { "to", RefusalCodes.OutOfRange },
        { "districtIds", RefusalCodes.Required },
        { "districtIds", RefusalCodes.TooMany },
        { "districtIds", RefusalCodes.NotFound },
        { "siteId", RefusalCodes.NotFound },
        { "lat", RefusalCodes.Invalid },
        { "lat", RefusalCodes.OffMap },
        { "body", RefusalCodes.Required },
        { "body", RefusalCodes.Invalid },
        { "body", RefusalCodes.TooMany },
        { "header", RefusalCodes.Required },
        { "header", RefusalCodes.Invalid },
        { "row", RefusalCodes.TooMany },
        { "kind", RefusalCodes.Invalid },
        { "hours", RefusalCodes.Invalid },
        { "organisation", RefusalCodes.NotFound },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Each_refusal_has_its_own_words_in_Swedish_and_in_English(string field, string code)
    {
        var refusal = new Refusal(field, code, English, ["x", "y"]);
        var swedish = In("sv", () => L.Say(refusal));
        var english = In("en", () => L.Say(refusal));

        Assert.DoesNotContain(English, swedish, StringComparison.Ordinal);
        Assert.DoesNotContain(English, english, StringComparison.Ordinal);
        Assert.NotEqual(swedish, english);
        // A field's own words where the code's general ones would mislead (the scene status change of NotAllowed).
        Assert.DoesNotContain("{", swedish, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_password_problem_is_said_in_Swedish() => In("sv", () =>
    {
        foreach (var problem in Enum.GetValues<PasswordProblem>())
        {
            var said = L.Say(PasswordRules.Refuse("password", problem));
            Assert.StartsWith("Lösenordet", said, StringComparison.Ordinal);
            Assert.Equal(said, L.Say(PasswordRules.Refuse("newPassword", problem)));
        }
        Assert.Equal("Lösenordet måste ha minst 12 tecken; några ord tillsammans är lätta att komma ihåg.", L.Say(PasswordRules.Refuse("password", PasswordProblem.TooShort)));
    });

    [Fact]
    public void The_organisation_page_asks_for_a_kind_of_organisation_not_of_measure() => In("sv", () =>
    {
        var refusal = new Refusal("kind", RefusalCodes.Required, English);

        Assert.Equal("Välj en typ av organisation.", L.Say([refusal], [], page: "AdminOrganisation").Single());
        Assert.Equal("Välj typ av åtgärd.", L.Say(refusal));
    });

    [Fact]
    public void A_rows_refusal_names_its_line_in_the_file_in_the_readers_language()
    {
        var refusals = new Refusals()
            .Add("rows[1].kind", RefusalCodes.Invalid, English, "slott")
            .Add("rows[4]", RefusalCodes.TooMany, English, 7, 5)
            .Add("header", RefusalCodes.Required, English, "hours", "name, kind, lat, lon, hours");
        var uncoded = new Dictionary<string, string[]> { ["rows[1].kind"] = [English] };

        var swedish = In("sv", () => L.SayLines([.. refusals], uncoded));
        var english = In("en", () => L.SayLines([.. refusals], uncoded));

        Assert.Equal(
            new[]
            {
                "Rad 3: Slaget ”slott” är inte skola, förskola eller annan.",
                "Rad 6: Raden har 7 värden men första raden namnger 5 kolumner; sätt värden med kommatecken inom citattecken.",
                "Filen saknar kolumnerna hours; första raden ska namnge kolumnerna name, kind, lat, lon, hours.",
            }, swedish);
        Assert.Equal("Line 3: The kind \"slott\" is not school, preschool or other.", english[0]);
    }

    [Fact]
    public void A_conflict_with_a_code_is_said_as_a_refusal() => In("sv", () =>
    {
        var conflict = new Server.Features.Hosting.Outcome<int>.Conflict(English, "password", RefusalCodes.ExternalSignIn, ["stockholm"]);
        var moved = (Server.Features.Hosting.Outcome<string>.Conflict)conflict.As<string>();

        Assert.Equal("Användaren loggar in via stockholm och har inget lösenord här.", L.Say(moved.Refusal!));
        Assert.Null(new Server.Features.Hosting.Outcome<int>.Conflict(English).Refusal);
    });

    private static void In(string language, Action act) => In(language, () =>
    {
        act();
        return 0;
    });

    private static T In<T>(string language, Func<T> read)
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
            return read();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui);
        }
    }
}
