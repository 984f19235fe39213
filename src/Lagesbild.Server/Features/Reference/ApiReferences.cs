using Microsoft.AspNetCore.OpenApi;

namespace Lagesbild.Server.Features.Reference;

/// <summary>The API reference, made once from the OpenAPI document (which does not change while the server runs).</summary>
public sealed class ApiReferences([FromKeyedServices(ApiReferences.DocumentName)] IOpenApiDocumentProvider documents)
{
    public const string DocumentName = "v1";

    public const string DocumentPath = "/openapi/v1.json";

    private readonly Lazy<Task<ApiReference>> _reference = new(async () => ApiReference.From(await documents.GetOpenApiDocumentAsync()));

    public Task<ApiReference> GetAsync() => _reference.Value;
}
