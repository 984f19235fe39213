namespace Lagesbild.Core.Access;

/// <summary>
/// The camera register is the municipality's (it keeps it instead of holding a permit since 1 April 2025): its
/// coordinators and administrators keep it; the data protection officer reads all of it; a school's manager and a
/// guard company's control room read the cameras of their own sites (a guard company those it guards by contract).
/// </summary>
public static class CameraAccess
{
    private static readonly Role[] Keepers = [Role.Coordinator, Role.Admin];
    private static readonly Role[] CitywideReaders = [Role.Coordinator, Role.Admin, Role.DataProtection];
    private static readonly Role[] SiteReaders = [Role.SchoolManager, Role.ControlRoom];

    public static bool CanKeep(IReadOnlyCollection<Role> roles) => roles.Any(Keepers.Contains);

    public static bool CanRead(IReadOnlyCollection<Role> roles) => roles.Any(CitywideReaders.Contains) || roles.Any(SiteReaders.Contains);

    /// <summary>Whether the user reads every site's cameras; otherwise only those of the sites they operate.</summary>
    public static bool ReadsAllSites(IReadOnlyCollection<Role> roles) => roles.Any(CitywideReaders.Contains);
}
