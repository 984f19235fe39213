using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>
/// Turns requests the framework cannot read (malformed JSON, a value of the wrong type, an unknown enum
/// name, an oversized body) into problem details that name the field at fault.
/// </summary>
public sealed partial class BadRequestProblems(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
            return false;
        var (field, message) = badRequest.InnerException switch
        {
            JsonException json => (FieldOf(json.Path), DescribeJson(json)),
            _ when badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge => ("body", "The request body is larger than the limit."),
            _ when BoundParameter().Match(badRequest.Message) is { Success: true } parameter => (parameter.Groups["name"].Value, badRequest.Message),
            _ => ("body", badRequest.Message),
        };
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = badRequest.StatusCode,
                Title = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request is too large." : "The request could not be read.",
            },
            Exception = exception,
        });
    }

    internal static string FieldOf(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$")
            return "body";
        var path = jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
        return path.Length == 0 ? "body" : path;
    }

    /// <summary>A query or route value the framework could not bind: 'Failed to bind parameter "Nullable&lt;int&gt; district" from "abc".'</summary>
    [GeneratedRegex("parameter \"[^\"]* (?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex BoundParameter();

    private static string DescribeJson(JsonException json) => json switch
    {
        RefusedJsonValue refused => refused.Message,
        { Path: null or "$" } => "The body is not valid JSON.",
        _ => $"The value at {json.Path} is not valid for this field.",
    };
}

/// <summary>Refuses bodies over the limit before they are read, with a problem that names the body.</summary>
public sealed class BodySizeLimit(RequestDelegate next)
{
    public const long MaxBytes = 1024 * 1024;

    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problemDetails)
    {
        // An endpoint that takes more (a photo) says so in its metadata.
        var max = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? MaxBytes;
        if (context.Request.ContentLength > max)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problemDetails.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["body"] = [$"The request body is over {max / 1024} KB."] })
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "The request is too large.",
                },
            });
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = max;
        await next(context);
    }
}

/// <summary>
/// Names fields in validation errors as the JSON names them ("lat", "area.type"): the framework's validation
/// (AddValidation) uses the C# names ("Lat"), which a client cannot match to what it sent.
/// </summary>
public static partial class ProblemFields
{
    public static void NameAsJson(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is not HttpValidationProblemDetails { Errors.Count: > 0 } problem)
            return;
        var errors = problem.Errors.ToList();
        problem.Errors.Clear();
        foreach (var (field, messages) in errors)
        {
            var name = MemberPath().IsMatch(field) ? string.Join('.', field.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName)) : field;
            problem.Errors[name] = problem.Errors.TryGetValue(name, out var earlier) ? [.. earlier, .. messages] : messages;
        }
    }

    /// <summary>A C# member path such as "Area.Coordinates"; header names ("Idempotency-Key") are left alone.</summary>
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\[\d+\])?(\.[A-Za-z_][A-Za-z0-9_]*(\[\d+\])?)*$")]
    private static partial Regex MemberPath();
}
