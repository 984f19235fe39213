using System.Text.Json;

namespace Lagesbild.Server.Features.Rounds;

/// <summary>A round's checklist as it is stored on the round: JSON of its items and their answers.</summary>
public static class RoundChecklist
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static List<ChecklistEntry> Read(string json) => JsonSerializer.Deserialize<List<ChecklistEntry>>(json, Json) ?? [];

    public static string Write(IEnumerable<ChecklistEntry> entries) => JsonSerializer.Serialize(entries.ToList(), Json);
}
