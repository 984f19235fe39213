using Lagesbild.Core.Rounds;

namespace Lagesbild.Core.Access;

/// <summary>
/// Where each role's work begins when it signs in without asking for a page: the caretaker on the rounds, the guard
/// and the control room on the alarm console, the principal on her sites, the analyst on the analysis, the
/// coordinator, the police and social services on the picture.
/// </summary>
public static class StartPages
{
    public const string Map = "/";
    public const string Rounds = "/rounds";

    public static string For(Role role) => role switch
    {
        Role.SchoolStaff => Rounds,
        Role.SchoolManager => "/sites",
        Role.Guard or Role.ControlRoom => "/alarms",
        Role.Analyst => "/analysis",
        Role.Admin => "/admin/users",
        Role.DataProtection => "/audit",
        Role.Partner => "/partner",
        Role.Coordinator or Role.Police or Role.SocialServices => Map,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "A role without a start page."),
    };

    /// <summary>The caretaker's start: straight to the one round she has left today, or today's list when she has several or none.</summary>
    public static string ForCaretaker(IEnumerable<(long Id, RoundStatus Status)> today)
    {
        var left = today.Where(r => r.Status != RoundStatus.Completed).Select(r => r.Id).Take(2).ToList();
        return left.Count == 1 ? $"{Rounds}/{left[0]}" : Rounds;
    }
}
