using Lagesbild.Core.Observations;

namespace Lagesbild.Core.Access;

/// <summary>The parts of a record that are read separately: free text, photos and notes are fields of their own.</summary>
public enum Field
{
    /// <summary>That the record exists: its place, time, category and count.</summary>
    Record,
    /// <summary>Free text written by a person (an observation's text, a resident's words).</summary>
    Text,
    /// <summary>Images (round finding photos, camera stills).</summary>
    Photo,
    /// <summary>Local-knowledge notes on scenes and access notes on sites.</summary>
    Notes,
}

/// <summary>Where a record lies as seen from the reader.</summary>
public enum Reach
{
    /// <summary>Made by the reader's own organisation.</summary>
    Own,
    /// <summary>Inside the reader's area: the organisation's districts, or near its own or guarded sites.</summary>
    Inside,
    /// <summary>Elsewhere in the city.</summary>
    Outside,
}

/// <summary>How much of a field a reader gets.</summary>
public enum Grant
{
    /// <summary>Nothing, not even in a count: a derived count includes a record only if its reader may see it.</summary>
    None,
    /// <summary>Only as part of aggregated counts (the picture, hot spots, effects, reports).</summary>
    Aggregate,
    /// <summary>The record itself.</summary>
    Read,
}

/// <summary>
/// Need to know: what each role may read, by tier, field and reach. One table, asked by every read path on the
/// server (lists, details, GeoJSON, the picture, analyses, reports, exports, pushes). Restricted is the police's
/// own and Confidential social services' own: nobody else reads them or counts them, the administrator included.
/// Within Public and Internal, the authorities that map scenes read records in their area and counts elsewhere;
/// schools and guards read places and categories near their own sites, never other organisations' words.
/// </summary>
public static class NeedToKnow
{
    private static readonly Role[] Mappers = [Role.Coordinator, Role.Police, Role.SocialServices];
    private static readonly Role[] CityAdministration = [Role.Admin, Role.DataProtection];
    private static readonly Role[] SiteRoles = [Role.SchoolManager, Role.SchoolStaff, Role.Guard, Role.ControlRoom];
    private static readonly Role[] Partners = [Role.Partner];

    public static Grant Of(Role role, Classification tier, Field field, Reach reach) => tier switch
    {
        Classification.Restricted => role == Role.Police ? Grant.Read : Grant.None,
        Classification.Confidential => role == Role.SocialServices ? Grant.Read : Grant.None,
        _ => Shared(role, field, reach),
    };

    /// <summary>Public and Internal records, which the authorities share.</summary>
    private static Grant Shared(Role role, Field field, Reach reach)
    {
        if (reach == Reach.Own)
            return Grant.Read;
        if (CityAdministration.Contains(role))
            return Grant.Read;
        if (reach == Reach.Outside)
            return field == Field.Record ? Grant.Aggregate : Grant.None;
        if (Mappers.Contains(role))
            return Grant.Read;
        if (role == Role.Analyst || SiteRoles.Contains(role) || Partners.Contains(role))
            return field == Field.Record ? Grant.Read : Grant.None;
        return Grant.None;
    }

    /// <summary>The most that any of a user's roles gives.</summary>
    public static Grant Of(IReadOnlyCollection<Role> roles, Classification tier, Field field, Reach reach) =>
        roles.Count == 0 ? Grant.None : roles.Max(role => Of(role, tier, field, reach));

    /// <summary>The tiers whose records a user may count in aggregates (anywhere).</summary>
    public static Classification[] CountedTiers(IReadOnlyCollection<Role> roles) =>
        [.. Enum.GetValues<Classification>().Where(tier => Of(roles, tier, Field.Record, Reach.Outside) >= Grant.Aggregate
            || Of(roles, tier, Field.Record, Reach.Inside) >= Grant.Aggregate)];

    /// <summary>The tiers whose records a user may read one by one anywhere in the city.</summary>
    public static Classification[] ReadEverywhere(IReadOnlyCollection<Role> roles, Field field = Field.Record) =>
        [.. Enum.GetValues<Classification>().Where(tier => Of(roles, tier, field, Reach.Outside) == Grant.Read)];

    /// <summary>The tiers whose records a user may read one by one inside the user's area (and from the own organisation).</summary>
    public static Classification[] ReadInside(IReadOnlyCollection<Role> roles, Field field = Field.Record) =>
        [.. Enum.GetValues<Classification>().Where(tier => Of(roles, tier, field, Reach.Inside) == Grant.Read)];

    /// <summary>Whether a field of a record is readable, given where the record lies for this reader.</summary>
    public static bool CanRead(IReadOnlyCollection<Role> roles, Classification tier, Field field, Reach reach) =>
        Of(roles, tier, field, reach) == Grant.Read;

    /// <summary>
    /// Whether the reader's area is the whole city: administrators, the data protection officer and the mapping roles
    /// of an organisation with no areas. Schools and guards always have an area (near their sites).
    /// </summary>
    public static bool SeesWholeCity(IReadOnlyCollection<Role> roles, bool organisationHasAreas) =>
        roles.Any(CityAdministration.Contains) || (!organisationHasAreas && roles.Any(r => Mappers.Contains(r) || r == Role.Analyst));
}
