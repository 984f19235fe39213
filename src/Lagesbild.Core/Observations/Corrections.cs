using Lagesbild.Core.Access;
using Lagesbild.Core.Privacy;

namespace Lagesbild.Core.Observations;

/// <summary>Who may correct or withdraw an observation, and what a reason for it must be.</summary>
public static class Corrections
{
    public const int MaxReasonLength = 2000;

    /// <summary>
    /// The organisation that recorded it (by a user who records observations) or the city's data protection officer.
    /// Reading the observation's tier is checked before, as for every read.
    /// </summary>
    public static bool MayChange(IReadOnlyCollection<Role> roles, int userOrganisation, int? observationOrganisation) =>
        roles.Contains(Role.DataProtection)
        || (Permissions.CanWriteObservations(roles) && observationOrganisation == userOrganisation);

    /// <summary>A correction may move an observation to another tier only if the corrector may write in it.</summary>
    public static bool MayMoveTo(IReadOnlyCollection<Role> roles, Classification from, Classification to) =>
        from == to || (Permissions.CanRead(roles, to) && (Permissions.CanWrite(roles, to) || roles.Contains(Role.DataProtection)));

    /// <summary>
    /// Why it was corrected or withdrawn, in words that stay in the history: required, plain text, and about the
    /// record, not a person (no personal identity number or telephone number). Null when the reason will do.
    /// </summary>
    public static string? CheckReason(string? reason) => reason switch
    {
        null => "reason is required: say why the observation is corrected or withdrawn.",
        _ when string.IsNullOrWhiteSpace(reason) => "reason is required: say why the observation is corrected or withdrawn.",
        { Length: > MaxReasonLength } => $"reason is longer than {MaxReasonLength} characters.",
        _ when !PlainText.IsClean(reason) => "reason contains control characters; write plain text.",
        _ when PersonalNumbers.Contains(reason) => "reason contains what looks like a personal identity number (personnummer); say what was wrong, not who.",
        _ when PhoneNumbers.Contains(reason) => "reason contains what looks like a telephone number; say what was wrong, not who.",
        _ => null,
    };
}
