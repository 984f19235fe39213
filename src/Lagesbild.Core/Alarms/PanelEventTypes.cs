using Lagesbild.Core.Alarms.Dc09;

namespace Lagesbild.Core.Alarms;

/// <summary>What an intrusion panel's event becomes in the product: its event type, and whether it may raise an alarm.</summary>
public static class PanelEventTypes
{
    public const string Restore = "restore";
    public const string LineFault = "line-fault";

    /// <summary>The product's event type: the consoles name these in the user's language (AlarmEventType_...).</summary>
    public static string Of(PanelEvent e) => e.Restore ? Restore : e.Kind switch
    {
        PanelEventKind.Burglary => "burglary",
        PanelEventKind.Fire => "fire",
        PanelEventKind.Panic => "panic",
        PanelEventKind.Medical => "medical",
        PanelEventKind.Tamper => "tamper",
        PanelEventKind.Trouble => "trouble",
        PanelEventKind.Arming => "arming",
        PanelEventKind.Disarming => "disarming",
        PanelEventKind.Test => "test",
        _ => "panel-event",
    };

    /// <summary>
    /// Whether the event raises an alarm, given whether its sensor is armed by the site's calendar. Fire, panic and
    /// medical are 24-hour zones: always. Burglary and tamper: when the sensor is armed, as any sensor's event.
    /// Restores, arming and disarming, tests, troubles (a low battery, mains lost) and what the product does not
    /// know are kept as events of the sensor and send nobody out.
    /// </summary>
    public static bool RaisesAlarm(PanelEvent e, bool sensorArmed) => !e.Restore && e.Kind switch
    {
        PanelEventKind.Fire or PanelEventKind.Panic or PanelEventKind.Medical => true,
        PanelEventKind.Burglary or PanelEventKind.Tamper => sensorArmed,
        _ => false,
    };
}
