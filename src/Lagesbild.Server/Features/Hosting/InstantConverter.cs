using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>
/// Reads instants only with an explicit offset ("Z" or "+01:00"). Without one, the default reader takes the
/// server's own time zone, so the same request would mean different instants on different hosts.
/// </summary>
public sealed class InstantConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (text is null || !HasOffset(text) || !reader.TryGetDateTimeOffset(out var instant))
            throw new JsonException("An instant must be an ISO 8601 date and time with an offset, such as 2026-05-01T18:00:00+02:00 or 2026-05-01T16:00:00Z.");
        return instant;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
}
