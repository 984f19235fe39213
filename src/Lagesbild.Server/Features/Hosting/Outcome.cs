using Microsoft.AspNetCore.Http.HttpResults;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>The expected outcomes of a write, returned rather than thrown.</summary>
public abstract record Outcome<T>
{
    public sealed record Done(T Value) : Outcome<T>;
    public sealed record Missing : Outcome<T>;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : Outcome<T>;
    public sealed record Refused(string Reason) : Outcome<T>;
    /// <summary>A conflict with the state of things; <paramref name="FieldName"/> names the field at fault, as the client wrote it, when there is one.</summary>
    public sealed record Conflict(string Reason, string? FieldName = null) : Outcome<T>;
    /// <summary>An Idempotency-Key sent again with a different body.</summary>
    public sealed record KeyReused(string Reason) : Outcome<T>;

    public static implicit operator Outcome<T>(T value) => new Done(value);

    /// <summary>The same refusal, absence or conflict as an outcome of another type.</summary>
    public Outcome<TOther> As<TOther>() => this switch
    {
        Missing => new Outcome<TOther>.Missing(),
        Invalid invalid => new Outcome<TOther>.Invalid(invalid.Errors),
        Refused refused => new Outcome<TOther>.Refused(refused.Reason),
        Conflict conflict => new Outcome<TOther>.Conflict(conflict.Reason, conflict.FieldName),
        KeyReused reused => new Outcome<TOther>.KeyReused(reused.Reason),
        _ => throw new InvalidOperationException("A value does not change type."),
    };

    /// <summary>The value turned into another (a record into its view); any other outcome as it is.</summary>
    public Outcome<TOther> Select<TOther>(Func<T, TOther> map) => this is Done done ? new Outcome<TOther>.Done(map(done.Value)) : As<TOther>();

    public static Outcome<T> Field(string field, string message) => new Invalid(new() { [field] = [message] });

    public static Outcome<T> ConflictAt(string field, string message) => new Conflict(message, field);

    private static ProblemHttpResult ConflictProblem(Conflict conflict) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict, title: "Conflict.", detail: conflict.Reason,
        extensions: conflict.FieldName is { } field ? new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [conflict.Reason] } } : null);

    public Results<Ok<T>, NotFound, ValidationProblem, ProblemHttpResult> ToResult() => this switch
    {
        Done done => TypedResults.Ok(done.Value),
        Missing => TypedResults.NotFound(),
        Invalid invalid => TypedResults.ValidationProblem(invalid.Errors),
        Refused refused => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed.", detail: refused.Reason),
        Conflict conflict => ConflictProblem(conflict),
        KeyReused reused => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused.", detail: reused.Reason),
        _ => throw new InvalidOperationException("Unknown outcome."),
    };

    /// <summary>A removal: done is 204 with no body.</summary>
    public Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult> ToNoContent() => this is Done
        ? TypedResults.NoContent()
        : ToResult().Result switch
        {
            NotFound notFound => notFound,
            ValidationProblem invalid => invalid,
            ProblemHttpResult problem => problem,
            _ => throw new InvalidOperationException("Unknown outcome."),
        };

    public Results<Created<T>, NotFound, ValidationProblem, ProblemHttpResult> ToCreated(Func<T, string> location) => this switch
    {
        Done done => TypedResults.Created(location(done.Value), done.Value),
        Missing => TypedResults.NotFound(),
        Invalid invalid => TypedResults.ValidationProblem(invalid.Errors),
        Refused refused => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed.", detail: refused.Reason),
        Conflict conflict => ConflictProblem(conflict),
        KeyReused reused => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused.", detail: reused.Reason),
        _ => throw new InvalidOperationException("Unknown outcome."),
    };
}
