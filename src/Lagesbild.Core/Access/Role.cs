using Lagesbild.Core.Observations;

namespace Lagesbild.Core.Access;

public enum Role
{
    Coordinator,
    Police,
    SocialServices,
    SchoolManager,
    SchoolStaff,
    Guard,
    ControlRoom,
    Analyst,
    Admin,
    /// <summary>The city's data protection officer (dataskyddsombud): reads the whole audit log, corrects any Public or Internal record.</summary>
    DataProtection,
    /// <summary>
    /// A user of a partner organisation in samverkan (Länsstyrelsen, the region's health care, a housing company,
    /// public transport, a property owner): records observations with a short form and reads places and categories
    /// in its organisation's area, never another organisation's words.
    /// </summary>
    Partner,
}

public enum OrganisationKind
{
    City,
    District,
    School,
    Police,
    SocialServices,
    GuardCompany,
    Other,
    /// <summary>Länsstyrelsen, the county administrative board.</summary>
    CountyBoard,
    /// <summary>The region's health care (Region Stockholm).</summary>
    HealthCare,
    HousingCompany,
    PublicTransport,
    PropertyOwner,
}

/// <summary>Who may see and write what. The server asks these rules on every read and write.</summary>
public static class Permissions
{
    private static readonly Role[] SceneEditors = [Role.Coordinator, Role.Police, Role.Admin];
    private static readonly Role[] ObservationWriters =
        [Role.Coordinator, Role.Police, Role.SocialServices, Role.SchoolManager, Role.SchoolStaff, Role.Guard, Role.ControlRoom, Role.Admin, Role.Partner];

    public static bool CanEditScenes(IReadOnlyCollection<Role> roles) => roles.Any(SceneEditors.Contains);

    private static readonly Role[] MeasureKeepers = [Role.Coordinator, Role.Police, Role.SocialServices, Role.Admin];

    /// <summary>The measure register is kept by those who act on scenes: the city, the police and social services.</summary>
    public static bool CanEditMeasures(IReadOnlyCollection<Role> roles) => roles.Any(MeasureKeepers.Contains);

    private static readonly Role[] MeasureOwnersOfAll = [Role.Coordinator, Role.Admin];

    /// <summary>
    /// Who may change a measure: coordinators and administrators any; the police and social services those of
    /// their own organisation (and those nobody owns).
    /// </summary>
    public static bool CanEditMeasure(IReadOnlyCollection<Role> roles, int? userOrganisation, int? measureOrganisation) =>
        roles.Any(MeasureOwnersOfAll.Contains)
        || (CanEditMeasures(roles) && (measureOrganisation is null || measureOrganisation == userOrganisation));

    private static readonly Role[] AlarmOverseers = [Role.Coordinator, Role.Police, Role.Admin];

    /// <summary>Every alarm in the city: for coordinators, the police and administrators (guards see their company's, schools their own).</summary>
    public static bool SeesAllAlarms(IReadOnlyCollection<Role> roles) => roles.Any(AlarmOverseers.Contains);

    private static readonly Role[] AlarmStatisticsReaders = [Role.Coordinator, Role.Analyst, Role.Admin];

    /// <summary>
    /// Alarm statistics (outcomes, response times, false alarms) are read by the city's security managers: coordinators,
    /// analysts and administrators for every guard company, a guard company's control room for its own company only.
    /// Guards, schools, the police and the others do not read them.
    /// </summary>
    public static bool ReadsAlarmStatistics(IReadOnlyCollection<Role> roles) => roles.Any(AlarmStatisticsReaders.Contains) || roles.Contains(Role.ControlRoom);

    /// <summary>Whether the user reads every guard company's alarm statistics, not only those of the own company.</summary>
    public static bool ReadsEveryCompanysAlarmStatistics(IReadOnlyCollection<Role> roles) => roles.Any(AlarmStatisticsReaders.Contains);

    private static readonly Role[] Analysts = [Role.Analyst, Role.Coordinator, Role.Police, Role.SocialServices, Role.Admin];

    /// <summary>Hot spots and candidate scenes are for those who map scenes, not for schools and guards.</summary>
    public static bool CanAnalyse(IReadOnlyCollection<Role> roles) => roles.Any(Analysts.Contains);

    private static readonly Role[] IndicatorKeepers = [Role.Analyst, Role.Coordinator, Role.Admin];

    /// <summary>Survey indicators are imported by the city's analysts, coordinators and administrators.</summary>
    public static bool CanImportIndicators(IReadOnlyCollection<Role> roles) => roles.Any(IndicatorKeepers.Contains);

    public static bool CanWriteObservations(IReadOnlyCollection<Role> roles) => roles.Any(ObservationWriters.Contains);

    private static readonly Role[] ObservationImporters = [Role.Coordinator, Role.Analyst, Role.Police];

    /// <summary>
    /// Observations in bulk (years of history from another system) are imported by the city's coordinators and analysts,
    /// and by the police, whose rows become their own organisation's records, as every import's rows become its importer's.
    /// </summary>
    public static bool CanImportObservations(IReadOnlyCollection<Role> roles) => roles.Any(ObservationImporters.Contains);

    /// <summary>An imported row's tier must be one the importer may read: Restricted only for the police, Confidential for no importer.</summary>
    public static bool CanImport(IReadOnlyCollection<Role> roles, Classification classification) =>
        CanImportObservations(roles) && CanRead(roles, classification);

    public static bool CanManageUsers(IReadOnlyCollection<Role> roles) => roles.Contains(Role.Admin);

    /// <summary>The municipality's areas (municipality, boroughs, districts) are imported by administrators only: they set up an installation.</summary>
    public static bool CanImportAreas(IReadOnlyCollection<Role> roles) => roles.Contains(Role.Admin);

    /// <summary>Who triages residents' reports: the city's coordinators and administrators.</summary>
    public static bool CanTriageReports(IReadOnlyCollection<Role> roles) => roles.Contains(Role.Admin) || roles.Contains(Role.Coordinator);

    /// <summary>Schools and preschools are registered and kept by administrators and coordinators.</summary>
    public static bool CanManageSites(IReadOnlyCollection<Role> roles) => roles.Contains(Role.Admin) || roles.Contains(Role.Coordinator);

    private static readonly Role[] CitySiteReaders = [Role.Coordinator, Role.Admin, Role.DataProtection, Role.Police, Role.SocialServices, Role.Analyst, Role.Guard, Role.ControlRoom];
    private static readonly Role[] RoundWalkers = [Role.SchoolStaff, Role.SchoolManager, Role.Coordinator, Role.Admin];
    private static readonly Role[] PresencePlanners = [Role.SchoolManager, Role.Coordinator, Role.Admin];

    /// <summary>The city's roles see every school and preschool; school staff only their own organisation's.</summary>
    public static bool SeesAllSites(IReadOnlyCollection<Role> roles) => roles.Any(CitySiteReaders.Contains);

    private static readonly Role[] SiteOperationOverseers = [Role.Coordinator, Role.Admin, Role.DataProtection, Role.Police, Role.SocialServices, Role.Analyst];

    /// <summary>
    /// Who sees every site's sensors, rounds and findings: the city's own roles and the authorities. A school sees its
    /// own sites', a guard company those of the sites it guards by contract.
    /// </summary>
    public static bool SeesAllSiteOperations(IReadOnlyCollection<Role> roles) => roles.Any(SiteOperationOverseers.Contains);

    /// <summary>Who reads a site's access notes: its own school, a guard company that guards it, and the city's coordinators and administrators.</summary>
    public static bool ReadsAccessNotes(IReadOnlyCollection<Role> roles, bool ownOrGuardedSite) =>
        ownOrGuardedSite || roles.Any(r => r is Role.Coordinator or Role.Admin);

    /// <summary>Morning rounds are walked by school staff, and by the coordinator or administrator standing in.</summary>
    public static bool CanWalkRounds(IReadOnlyCollection<Role> roles) => roles.Any(RoundWalkers.Contains);

    public static bool CanPlanPresence(IReadOnlyCollection<Role> roles) => roles.Any(PresencePlanners.Contains);

    /// <summary>
    /// The tiers a user may count or know of at all: Restricted only for the police, Confidential only for social
    /// services (<see cref="NeedToKnow"/> says which of these a user reads one by one, and where).
    /// </summary>
    public static Classification[] VisibleClassifications(IReadOnlyCollection<Role> roles) => NeedToKnow.CountedTiers(roles);

    public static bool CanRead(IReadOnlyCollection<Role> roles, Classification classification) =>
        VisibleClassifications(roles).Contains(classification);

    /// <summary>Writing a tier is for those who may read it: Restricted for the police, Confidential for social services.</summary>
    public static bool CanWrite(IReadOnlyCollection<Role> roles, Classification classification) =>
        CanWriteObservations(roles) && CanRead(roles, classification);
}
