namespace Lagesbild.Core.Access;

/// <summary>
/// The regional mapping (SSR kartläggning) is led by the police and kept beside the city's register by its
/// coordinators: they import it. Those who follow scenes read it: analysts, social services and administrators too.
/// Schools and guard companies do not see it.
/// </summary>
public static class MappingAccess
{
    private static readonly Role[] Importers = [Role.Police, Role.Coordinator];
    private static readonly Role[] Readers = [Role.Police, Role.Coordinator, Role.Analyst, Role.SocialServices, Role.Admin];

    public static bool CanImport(IReadOnlyCollection<Role> roles) => roles.Any(Importers.Contains);

    public static bool CanRead(IReadOnlyCollection<Role> roles) => roles.Any(Readers.Contains);
}
