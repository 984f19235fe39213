namespace Lagesbild.Core.Access;

/// <summary>
/// Who reads whose audit log: each data owner the reads of its own records (the police theirs, social services
/// theirs), the city's data protection officer every entry. Nobody else reads the log.
/// </summary>
public static class AuditReaders
{
    /// <summary>The owners whose entries a user may read; empty when the user may not read the log.</summary>
    public static IReadOnlySet<DataOwner> OwnersFor(IReadOnlyCollection<Role> roles)
    {
        if (roles.Contains(Role.DataProtection))
            return new HashSet<DataOwner>(Enum.GetValues<DataOwner>());
        var owners = new HashSet<DataOwner>();
        if (roles.Contains(Role.Police))
            owners.Add(DataOwner.Police);
        if (roles.Contains(Role.SocialServices))
            owners.Add(DataOwner.SocialServices);
        return owners;
    }

    public static bool CanRead(IReadOnlyCollection<Role> roles) => OwnersFor(roles).Count > 0;
}
