using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>
/// Refuses a JSON number beyond a double's range (1e400). The default reader takes it as infinity, which then
/// passes range checks that compare with NaN-unaware code and fails only when it is written back (a 500); one
/// converter for every double keeps that out of every request at once.
/// </summary>
public sealed class FiniteNumberConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
            throw new JsonException("A number is expected.");
        var value = reader.GetDouble();
        if (!double.IsFinite(value))
            throw new RefusedJsonValue("The number is beyond the range of a number.");
        return value;
    }

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
