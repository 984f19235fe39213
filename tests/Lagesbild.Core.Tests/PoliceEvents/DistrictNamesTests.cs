using Lagesbild.Core.PoliceEvents;

namespace Lagesbild.Core.Tests.PoliceEvents;

public sealed class DistrictNamesTests
{
    // Names as the district register writes them, with made-up ids; the tricky pairs are here on purpose.
    private static readonly DistrictNames Names = new(new (int, string)[]
    {
        (1, "Södermalm"), (2, "Rinkeby"), (3, "Farsta"), (4, "Farsta strand"), (5, "Djurgården"), (6, "Norra Djurgården"),
        (7, "Hägersten"), (8, "Hägerstensåsen"), (9, "Kista"), (10, "Skrubba"), (11, "Vasastaden"), (12, "Ladugårdsgärdet"),
        (13, "Gamla stan"), (14, "Kungsholmen"), (15, "Tensta"), (16, "Södra Hammarbyhamnen"), (17, "Hässelby gård"),
    });

    private const double CentreLat = 59.329324;
    private const double CentreLon = 18.068581;

    [Theory]
    [InlineData("På Södermalm identifierades två yngre män misstänkta för narkotikabrott.", 1, "Södermalm")]
    [InlineData("Misshandel i Rinkebys centrum.", 2, "Rinkeby")]
    [InlineData("En man greps i Farsta strand.", 4, "Farsta strand")]
    [InlineData("En man greps i Farsta centrum.", 3, "Farsta")]
    [InlineData("Trafikolycka på Norra Djurgården.", 6, "Norra Djurgården")]
    [InlineData("Fest på Djurgården.", 5, "Djurgården")]
    [InlineData("Inbrott i Hägerstensåsen.", 8, "Hägerstensåsen")]
    [InlineData("Brand i en papperskorg i Kista.", 9, "Kista")]
    [InlineData("Bråk i Vasastan under kvällen.", 11, "Vasastan")]
    [InlineData("Bråk på Gärdet.", 12, "Gärdet")]
    [InlineData("Stöld i Hammarby sjöstad.", 16, "Hammarby sjöstad")]
    [InlineData("SKADEGÖRELSE PÅ SÖDERMALM", 1, "SÖDERMALM")]
    [InlineData("Rån i Gamla\nstan.", 13, "Gamla\nstan")]
    [InlineData("Först i Tensta och sedan på Kungsholmen.", 15, "Tensta")]
    [InlineData("Rån i Hässelby gård.", 17, "Hässelby gård")]
    public void A_summary_that_names_a_district_is_placed_there(string summary, int district, string namedAs)
    {
        var placed = Names.Place(summary, "1 maj 21.14, Rån, Stockholm", CentreLat, CentreLon, CentreLat, CentreLon);
        Assert.Equal(new Placed(EventPlacement.District, district, namedAs), placed);
    }

    [Theory]
    [InlineData("Stöld i butik. En person är anmäld.")]
    [InlineData("Någon försökte skrubba bort klotter.")] // "skrubba" is a verb; Skrubba is a district only with its capital
    [InlineData("En kista med verktyg stals ur en bil.")]
    [InlineData("En man från Södermalmsgatan greps.")] // not a whole word
    [InlineData("Trafikolycka vid Farstaviken.")]
    [InlineData("Bråk på gärdet bakom skolan.")]
    [InlineData("Misshandel i Hässelby.")] // a borough, not a district
    [InlineData("")]
    public void A_summary_that_names_no_district_stays_at_the_municipality_centroid(string summary)
    {
        var placed = Names.Place(summary, "1 maj 21.14, Stöld, Stockholm", CentreLat, CentreLon, CentreLat, CentreLon);
        Assert.Equal(new Placed(EventPlacement.Municipality, null, null), placed);
    }

    [Fact]
    public void The_title_is_read_when_the_summary_names_no_district()
    {
        var placed = Names.Place("En person greps.", "1 maj 21.14, Rån, Rinkeby", CentreLat, CentreLon, CentreLat, CentreLon);
        Assert.Equal(new Placed(EventPlacement.District, 2, "Rinkeby"), placed);
    }

    [Fact]
    public void A_point_that_is_not_the_centroid_is_placed_as_reported()
    {
        Assert.Equal(EventPlacement.Reported, Names.Place("Rån.", "Rån", 59.34, 18.05, CentreLat, CentreLon).Placement);
        // 100 m from the centroid is still the centroid, as rounding in the feed gives it.
        Assert.Equal(EventPlacement.Municipality, Names.Place("Rån.", "Rån", CentreLat + 0.0009, CentreLon, CentreLat, CentreLon).Placement);
    }

    [Fact]
    public void Hostile_text_is_only_searched()
    {
        var placed = Names.Place("<script>alert(1)</script> (((a+)+)+ \"; DROP TABLE x;-- Södermalm", null, CentreLat, CentreLon, CentreLat, CentreLon);
        Assert.Equal(1, placed.DistrictId);
    }
}
