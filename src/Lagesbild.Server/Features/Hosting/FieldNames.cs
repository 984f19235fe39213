using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>
/// Validation problems name fields as the client wrote them in JSON ("area.coordinates"), not as C#
/// properties ("Area.Coordinates"); header names such as Idempotency-Key are left as they are.
/// </summary>
public static class FieldNames
{
    public static void UseJsonNames(ProblemDetails problem)
    {
        if (problem is not HttpValidationProblemDetails validation || !validation.Errors.Keys.Any(k => k.Length > 0 && char.IsUpper(k[0])))
            return;
        var renamed = validation.Errors.GroupBy(e => JsonName(e.Key)).ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray());
        validation.Errors.Clear();
        foreach (var (key, messages) in renamed)
            validation.Errors[key] = messages;
    }

    internal static string JsonName(string key) =>
        key.Contains('-', StringComparison.Ordinal)
            ? key
            : string.Join('.', key.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}
