namespace Lagesbild.Core.Access;

/// <summary>
/// Who receives what, read off the permission rules themselves, so that the record of processing (GDPR art. 30)
/// always says what the product actually does.
/// </summary>
public static class Recipients
{
    /// <summary>Every role that a rule lets through on its own.</summary>
    public static IReadOnlyList<Role> Of(Func<IReadOnlyCollection<Role>, bool> rule) =>
        Enum.GetValues<Role>().Where(role => rule([role])).ToList();

    /// <summary>The roles an organisation of a kind usually has, for a record of an organisation without users yet.</summary>
    public static IReadOnlyList<Role> TypicalOf(OrganisationKind kind) => kind switch
    {
        OrganisationKind.City => [Role.Coordinator, Role.Analyst, Role.Admin, Role.DataProtection],
        OrganisationKind.District => [Role.Coordinator, Role.Analyst],
        OrganisationKind.School => [Role.SchoolManager, Role.SchoolStaff],
        OrganisationKind.Police => [Role.Police],
        OrganisationKind.SocialServices => [Role.SocialServices],
        OrganisationKind.GuardCompany => [Role.Guard, Role.ControlRoom],
        OrganisationKind.CountyBoard or OrganisationKind.HealthCare or OrganisationKind.HousingCompany
            or OrganisationKind.PublicTransport or OrganisationKind.PropertyOwner => [Role.Partner],
        _ => [],
    };

    private static readonly Role[] RecordReadersOfAll = [Role.Admin, Role.DataProtection];
    private static readonly Role[] RecordReadersOfOwn = [Role.Coordinator, Role.Police, Role.SocialServices];

    /// <summary>
    /// Who may read an organisation's record of processing: administrators and the data protection officer any;
    /// coordinators, the police and social services their own organisation's.
    /// </summary>
    public static bool CanReadRecord(IReadOnlyCollection<Role> roles, int userOrganisation, int organisation) =>
        ReadsAllRecords(roles) || (roles.Any(RecordReadersOfOwn.Contains) && userOrganisation == organisation);

    public static bool ReadsAllRecords(IReadOnlyCollection<Role> roles) => roles.Any(RecordReadersOfAll.Contains);

    /// <summary>Whether a user may read any record at all (the others are refused before the organisation is looked up).</summary>
    public static bool CanReadRecords(IReadOnlyCollection<Role> roles) => roles.Any(RecordReadersOfAll.Contains) || roles.Any(RecordReadersOfOwn.Contains);
}
