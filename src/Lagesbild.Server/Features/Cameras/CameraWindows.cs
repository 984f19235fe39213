using Lagesbild.Core.Cameras;
using Lagesbild.Core.Time;
using Lagesbild.Server.Features.Sites;

namespace Lagesbild.Server.Features.Cameras;

/// <summary>A camera's weekly windows as the database keeps them: JSON, local times as written, as a site's hours are kept.</summary>
public static class CameraWindows
{
    public static string Write(IEnumerable<RecordingWindow> windows) =>
        SiteCalendar.Write(windows.Select(w => new RecordingWindowView(w.Day, ClockTime.Format(w.From), ClockTime.Format(w.To))).ToList());

    public static RecordingHours Hours(Data.Camera camera) => new(camera.RecordingMode,
        SiteCalendar.Read<RecordingWindowView>(camera.RecordingWindows).Select(w => new RecordingWindow(w.Day, Parse(w.From), Parse(w.To))).ToList());

    private static TimeOnly Parse(string text) => ClockTime.TryParse(text, out var time) ? time : throw new FormatException($"'{text}' is not a time.");
}
