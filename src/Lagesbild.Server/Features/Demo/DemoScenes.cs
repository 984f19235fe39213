namespace Lagesbild.Server.Features.Demo;

/// <summary>
/// The demo's scene lifecycles, in months before the current month, so that the picture stays current.
/// They are chosen so that the count of active scenes rises to 2022 and falls after: ten active at the
/// start of the 2018 term, fourteen at the start of the 2022 term, nine now (four more in the last term,
/// five fewer in this one, as the city reports).
/// </summary>
internal static class DemoScenes
{
    /// <summary>Months ago: suspected, active, declining, ceased, reopened, ceased again (null: did not happen).</summary>
    /// <param name="QuietWeeks">Weeks since the last observation while the register still says Active: a scene the analysis should question.</param>
    internal sealed record Plan(string District, int Suspected, int? Active, int? Declining, int? Ceased, int? Reopened = null, int? CeasedAgain = null, Evening Profile = Evening.Evening, int? QuietWeeks = null);

    /// <summary>Activity that nobody has registered yet: the last weeks of observations around a point in the district, for the analysis to find.</summary>
    internal sealed record Unregistered(string District, int Weeks, Evening Profile);

    internal enum Evening
    {
        Evening,
        Night,
        Afternoon,
    }

    internal static readonly Plan[] All =
    [
        // Active at the start of the 2018 term (97 months ago).
        new("Rinkeby", 130, 125, null, null, Profile: Evening.Evening),
        new("Tensta", 128, 122, 47, 44, Profile: Evening.Night),
        new("Husby", 118, 112, 96, 90, 46, 16, Evening.Evening),
        new("Södermalm", 126, 120, 84, 80, Profile: Evening.Night),
        new("Norrmalm", 124, 118, null, null, Profile: Evening.Afternoon),
        new("Skärholmen", 120, 116, 76, 70, Profile: Evening.Evening),
        new("Hässelby gård", 115, 110, 66, 60, Profile: Evening.Evening),
        new("Vårberg", 112, 106, 44, 40, Profile: Evening.Evening),
        new("Bredäng", 110, 104, 24, 20, Profile: Evening.Night),
        new("Farsta", 108, 100, 16, 12, Profile: Evening.Afternoon),
        // Started during the 2018-2022 term.
        new("Rågsved", 96, 92, 74, 70, Profile: Evening.Evening),
        new("Kista", 90, 86, null, null, Profile: Evening.Afternoon),
        new("Hagsätra", 84, 80, 58, 55, Profile: Evening.Night),
        new("Akalla", 80, 76, 50, 45, Profile: Evening.Evening),
        new("Vällingby", 76, 72, null, null, Profile: Evening.Afternoon),
        new("Högdalen", 72, 68, 42, 38, Profile: Evening.Evening),
        new("Fruängen", 68, 64, 30, 25, Profile: Evening.Night),
        new("Vasastaden", 64, 60, 20, 15, Profile: Evening.Night),
        new("Bagarmossen", 60, 56, 12, 8, Profile: Evening.Evening),
        new("Östermalm", 58, 54, 3, null, Profile: Evening.Night),
        // Started during this term.
        new("Hökarängen", 34, 30, 14, 10, Profile: Evening.Evening),
        new("Liljeholmen", 28, 24, 8, 5, Profile: Evening.Afternoon),
        new("Sätra", 30, 26, null, null, Profile: Evening.Evening, QuietWeeks: 10),
        new("Blackeberg", 22, 18, 4, null, Profile: Evening.Night),
        new("Kungsholmen", 14, 10, null, null, Profile: Evening.Evening),
        // A scene that ceased long ago and reopened this year, and two only suspected so far.
        new("Gubbängen", 100, 95, 82, 78, 20, null, Evening.Evening),
        new("Årsta", 3, null, null, null),
        new("Alvik", 2, null, null, null),
    ];

    internal static readonly Unregistered Emerging = new("Solberga", 6, Evening.Evening);
}
