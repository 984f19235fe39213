using System.Text.Json;
using Lagesbild.Core.Cameras;
using Lagesbild.Core.Time;

namespace Lagesbild.Server.Features.Cameras;

/// <summary>A camera's weekly windows as the database keeps them (JSON, local times as written).</summary>
public static class CameraWindows
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static string Write(IEnumerable<RecordingWindow> windows) =>
        JsonSerializer.Serialize(windows.Select(w => new RecordingWindowView(w.Day, ClockTime.Format(w.From), ClockTime.Format(w.To))).ToList(), Json);

    public static RecordingHours Hours(Data.Camera camera) => new(camera.RecordingMode,
        (JsonSerializer.Deserialize<List<RecordingWindowView>>(camera.RecordingWindows, Json) ?? [])
            .Select(w => new RecordingWindow(w.Day, Parse(w.From), Parse(w.To))).ToList());

    private static TimeOnly Parse(string text) => ClockTime.TryParse(text, out var time) ? time : throw new FormatException($"'{text}' is not a time.");
}
