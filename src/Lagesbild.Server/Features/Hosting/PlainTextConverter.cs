using System.Text.Json;
using System.Text.Json.Serialization;
using Lagesbild.Core.Privacy;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>
/// Refuses control characters and bidirectional overrides in every text a client sends as JSON, the rule Open311
/// applies to residents (<see cref="PlainText"/>): one converter, so that no field of a request record can forget it.
/// </summary>
public sealed class PlainTextConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException("A text is expected.");
        var text = reader.GetString()!;
        if (!PlainText.IsClean(text))
            throw new RefusedJsonValue("The text contains control characters or direction overrides; write plain text.");
        return text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString()!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
}

/// <summary>A JSON value that was read but refused, with the reason the client sees next to the field.</summary>
public sealed class RefusedJsonValue(string message) : JsonException(message);
