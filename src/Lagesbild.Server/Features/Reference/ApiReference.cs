using Microsoft.OpenApi;

namespace Lagesbild.Server.Features.Reference;

/// <summary>A piece of a type's name: plain text, or a schema's name that links to its description.</summary>
public sealed record TypePart(string Text, string? Anchor = null);

public sealed record ParameterEntry(string Name, string In, bool Required, IReadOnlyList<TypePart> Type, string? Description);

public sealed record ContentEntry(string MediaType, IReadOnlyList<TypePart> Type);

public sealed record ResponseEntry(string Status, string? Description, IReadOnlyList<ContentEntry> Content);

public sealed record OperationEntry(
    string Anchor, string Method, string Path, string? Summary, string? Description, bool Deprecated,
    IReadOnlyList<ParameterEntry> Parameters, bool BodyRequired, IReadOnlyList<ContentEntry> Body, IReadOnlyList<ResponseEntry> Responses);

public sealed record TagEntry(string Anchor, string Name, string? Description, IReadOnlyList<OperationEntry> Operations);

public sealed record PropertyEntry(string Name, bool Required, IReadOnlyList<TypePart> Type, string? Description);

public sealed record SchemaEntry(string Anchor, string Name, string? Description, IReadOnlyList<TypePart> Type, IReadOnlyList<PropertyEntry> Properties);

/// <summary>
/// The API reference at /docs, read from the OpenAPI document the server generates: its operations by area and its
/// schemas, for a page drawn on the server. It loads in a fraction of a second, with no script, where the reference
/// UIs (Scalar, Swagger UI) took three to four seconds on a two-core machine to compile and draw the same document.
/// </summary>
public sealed record ApiReference(string Title, string? Version, string? Description, IReadOnlyList<TagEntry> Tags, IReadOnlyList<SchemaEntry> Schemas)
{
    /// <summary>The name of the area for operations that have none.</summary>
    public const string Untagged = "";

    public static ApiReference From(OpenApiDocument document)
    {
        var operations = (document.Paths ?? [])
            .SelectMany(path => (path.Value.Operations ?? []).Select(op => (Path: path.Key, Method: op.Key.Method.ToUpperInvariant(), Operation: op.Value, Shared: path.Value.Parameters)))
            .ToList();
        var tags = operations
            .GroupBy(o => o.Operation.Tags?.FirstOrDefault()?.Name ?? Untagged)
            .Select(group => new TagEntry(
                Anchor("tag", group.Key.Length == 0 ? "other" : group.Key),
                group.Key,
                document.Tags?.FirstOrDefault(t => t.Name == group.Key)?.Description,
                [.. group.OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => MethodOrder(o.Method)).Select(o => Operation(o.Path, o.Method, o.Operation, o.Shared))]))
            .OrderBy(t => t.Name.Length == 0)
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        var schemas = (document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new SchemaEntry(
                SchemaAnchor(s.Key),
                s.Key,
                s.Value.Description,
                s.Value.Properties is { Count: > 0 } ? [] : TypeOf(s.Value),
                [.. (s.Value.Properties ?? new Dictionary<string, IOpenApiSchema>()).Select(p =>
                    new PropertyEntry(p.Key, s.Value.Required?.Contains(p.Key) == true, TypeOf(p.Value), p.Value.Description))]))
            .ToList();
        return new ApiReference(document.Info?.Title ?? "API", document.Info?.Version, document.Info?.Description, tags, schemas);
    }

    private static OperationEntry Operation(string path, string method, OpenApiOperation operation, IList<IOpenApiParameter>? shared)
    {
        var parameters = (shared ?? []).Concat(operation.Parameters ?? [])
            .Select(p => new ParameterEntry(p.Name ?? "", p.In?.ToString().ToLowerInvariant() ?? "", p.Required, TypeOf(p.Schema), p.Description))
            .ToList();
        var responses = (operation.Responses ?? [])
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new ResponseEntry(r.Key, r.Value.Description, Content(r.Value.Content)))
            .ToList();
        return new OperationEntry(Anchor("op", $"{method}-{path}"), method, path, operation.Summary, operation.Description, operation.Deprecated,
            parameters, operation.RequestBody?.Required == true, Content(operation.RequestBody?.Content), responses);
    }

    private static List<ContentEntry> Content(IDictionary<string, OpenApiMediaType>? content) =>
        [.. (content ?? new Dictionary<string, OpenApiMediaType>()).Select(c => new ContentEntry(c.Key, TypeOf(c.Value.Schema)))];

    /// <summary>A schema's type in words: a named schema links to its description; arrays, unions and formats are spelled out.</summary>
    public static IReadOnlyList<TypePart> TypeOf(IOpenApiSchema? schema)
    {
        var parts = new List<TypePart>();
        Write(schema, parts, depth: 0);
        return parts;
    }

    private static void Write(IOpenApiSchema? schema, List<TypePart> parts, int depth)
    {
        if (schema is null || depth > 6)
        {
            parts.Add(new("any"));
            return;
        }
        if (schema is OpenApiSchemaReference reference && reference.Reference?.Id is { Length: > 0 } id)
        {
            parts.Add(new(id, SchemaAnchor(id)));
            return;
        }
        var union = (schema.OneOf ?? []).Concat(schema.AnyOf ?? []).ToList();
        if (union.Count > 0)
        {
            Join(union, " | ", parts, depth);
            return;
        }
        if (schema.AllOf is { Count: > 0 } all)
        {
            Join(all, " & ", parts, depth);
            return;
        }
        var types = schema.Type is { } type
            ? Enum.GetValues<JsonSchemaType>().Where(t => type.HasFlag(t)).ToList()
            : [];
        var nullable = types.Remove(JsonSchemaType.Null);
        if (types.Count == 0)
            parts.Add(new(schema.Properties is { Count: > 0 } ? "object" : "any"));
        for (var i = 0; i < types.Count; i++)
        {
            if (i > 0)
                parts.Add(new(" | "));
            if (types[i] == JsonSchemaType.Array)
            {
                parts.Add(new("array of "));
                Write(schema.Items, parts, depth + 1);
            }
            else
            {
                parts.Add(new(types[i].ToString().ToLowerInvariant()));
            }
        }
        if (schema.Format is { Length: > 0 } format)
            parts.Add(new($" ({format})"));
        if (schema.Enum is { Count: > 0 } values)
            parts.Add(new($": {string.Join(", ", values.Select(v => v?.ToJsonString() ?? "null"))}"));
        if (nullable)
            parts.Add(new(" | null"));
    }

    private static void Join(IList<IOpenApiSchema> schemas, string separator, List<TypePart> parts, int depth)
    {
        for (var i = 0; i < schemas.Count; i++)
        {
            if (i > 0)
                parts.Add(new(separator));
            Write(schemas[i], parts, depth + 1);
        }
    }

    public static string SchemaAnchor(string name) => Anchor("schema", name);

    /// <summary>An id for a fragment link: letters, digits and hyphens only.</summary>
    private static string Anchor(string kind, string name) =>
        $"{kind}-{string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')).Trim('-')}";

    private static int MethodOrder(string method) => Array.IndexOf(["GET", "POST", "PUT", "PATCH", "DELETE"], method) is var i and >= 0 ? i : 9;
}
