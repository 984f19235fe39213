namespace Lagesbild.Core.Alarms.Dc09;

/// <summary>
/// What a SIA event code means to the control room. The first letter names the family (B burglary, F fire,
/// P panic, H hold-up, M medical, T tamper), the second what happened (A alarm, H alarm restore, R restoral,
/// T trouble, J trouble restore, B bypass...). Only the codes the product acts on are named; the rest are Other.
/// </summary>
internal static class SiaCodes
{
    private static readonly HashSet<string> Closings = ["CL", "CA", "CF", "CG", "CJ", "CK", "CP", "CQ", "CS"];
    private static readonly HashSet<string> Openings = ["OP", "OA", "OG", "OJ", "OK", "OQ", "OR", "OS"];
    private static readonly HashSet<string> Tests = ["RP", "RX", "TX", "TS", "TE"];
    // System troubles (power, battery, line, network, expansion, transmitter) and their restorals.
    private static readonly HashSet<string> Troubles = ["AT", "LT", "NT", "ET", "XT", "YT", "YP", "YM", "YS"];
    private static readonly HashSet<string> TroubleRestores = ["AR", "LR", "NR", "ER", "XR", "YR", "YQ"];

    public static (PanelEventKind Kind, bool Restore) Classify(string code)
    {
        if (Closings.Contains(code))
        {
            return (PanelEventKind.Arming, false);
        }
        if (Openings.Contains(code))
        {
            return (PanelEventKind.Disarming, false);
        }
        if (Tests.Contains(code))
        {
            return (PanelEventKind.Test, false);
        }
        if (Troubles.Contains(code))
        {
            return (PanelEventKind.Trouble, false);
        }
        if (TroubleRestores.Contains(code))
        {
            return (PanelEventKind.Trouble, true);
        }
        var family = Family(code[0]);
        return code[1] switch
        {
            'A' or 'V' when family is { } kind => (kind, false),
            'H' or 'R' when family is { } kind => (kind, true),
            'T' => (PanelEventKind.Trouble, false),
            'J' => (PanelEventKind.Trouble, true),
            // Gas, heat, water, freeze, sprinkler and other restorals: not an alarm the product raises, still a restore.
            'R' when code[0] is not ('C' or 'O' or 'R') => (PanelEventKind.Other, true),
            _ => (PanelEventKind.Other, false),
        };
    }

    private static PanelEventKind? Family(char first) => first switch
    {
        'B' => PanelEventKind.Burglary,
        'F' => PanelEventKind.Fire,
        'P' or 'H' => PanelEventKind.Panic,
        'M' => PanelEventKind.Medical,
        'T' => PanelEventKind.Tamper,
        _ => null,
    };
}
