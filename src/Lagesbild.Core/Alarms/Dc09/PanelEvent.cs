namespace Lagesbild.Core.Alarms.Dc09;

/// <summary>What a panel reports, whatever the message type.</summary>
public enum PanelEventKind
{
    Burglary,
    Fire,
    Panic,
    Medical,
    Tamper,
    Trouble,
    Arming,
    Disarming,
    Test,
    Other,
}

/// <summary>
/// One event in a frame's data. Code as the panel sent it ("BA" in SIA, "130" in Contact ID); Restore when the
/// condition has ended; Group the area or partition; Zone the zone, user or number that follows the code.
/// </summary>
public sealed record PanelEvent(string Code, PanelEventKind Kind, bool Restore, int? Group, int? Zone);
