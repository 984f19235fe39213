using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>
/// A 200 with a JSON body written in one go, synchronously, into the response's pipe (which holds it until the one
/// flush): for large answers such as the picture of the whole city, thousands of cells, where the serializer's
/// resumable writing to a stream saved and copied its state at every buffer it filled, and that copying and its
/// garbage were half of the answer's time. Described to OpenAPI as TypedResults.Ok is.
/// </summary>
public sealed class BufferedJson<T>(T value) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>, IContentTypeHttpResult
{
    private const string Json = "application/json; charset=utf-8";

    public T Value => value;

    object? IValueHttpResult.Value => value;

    int? IStatusCodeHttpResult.StatusCode => StatusCodes.Status200OK;

    string IContentTypeHttpResult.ContentType => Json;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = Json;
        using (var writer = new Utf8JsonWriter(response.BodyWriter))
            JsonSerializer.Serialize(writer, value, options);
        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
