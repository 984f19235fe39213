using Lagesbild.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>The expected outcomes of a write, returned rather than thrown.</summary>
public abstract record Outcome<T>
{
    public sealed record Done(T Value) : Outcome<T>;
    public sealed record Missing : Outcome<T>;
    /// <summary>Refused input: the words by field, and the refusals with their codes when a rule gave them (pages say them by code).</summary>
    public sealed record Invalid(Dictionary<string, string[]> Errors, IReadOnlyList<Refusal>? Refusals = null) : Outcome<T>;
    public sealed record Refused(string Reason) : Outcome<T>;
    /// <summary>
    /// A conflict with the state of things; <paramref name="FieldName"/> names the field at fault, as the client wrote
    /// it, when there is one, and <paramref name="Code"/> (with the numbers or names in <paramref name="Args"/>) says
    /// why when a rule gave a code, for pages and clients that translate.
    /// </summary>
    public sealed record Conflict(string Reason, string? FieldName = null, string? Code = null, IReadOnlyList<object>? Args = null) : Outcome<T>
    {
        /// <summary>The conflict as a refusal a page says by its code; null when it came without one.</summary>
        public Refusal? Refusal => Code is null ? null : new(FieldName ?? "", Code, Reason, Args);
    }
    /// <summary>An Idempotency-Key sent again with a different body.</summary>
    public sealed record KeyReused(string Reason) : Outcome<T>;

    public static implicit operator Outcome<T>(T value) => new Done(value);

    /// <summary>The same refusal, absence or conflict as an outcome of another type.</summary>
    public Outcome<TOther> As<TOther>() => this switch
    {
        Missing => new Outcome<TOther>.Missing(),
        Invalid invalid => new Outcome<TOther>.Invalid(invalid.Errors, invalid.Refusals),
        Refused refused => new Outcome<TOther>.Refused(refused.Reason),
        Conflict conflict => new Outcome<TOther>.Conflict(conflict.Reason, conflict.FieldName, conflict.Code, conflict.Args),
        KeyReused reused => new Outcome<TOther>.KeyReused(reused.Reason),
        _ => throw new InvalidOperationException("A value does not change type."),
    };

    /// <summary>The value turned into another (a record into its view); any other outcome as it is.</summary>
    public Outcome<TOther> Select<TOther>(Func<T, TOther> map) => this is Done done ? new Outcome<TOther>.Done(map(done.Value)) : As<TOther>();

    public static Outcome<T> Field(string field, string message) => new Invalid(new() { [field] = [message] });

    /// <summary>A refusal by a rule, with its code.</summary>
    public static Outcome<T> Field(Refusal refusal) => Because(new Refusals().Add(refusal));

    /// <summary>
    /// The refusals of a rule, with their codes, and any refusals by field that came without a code (from a parser
    /// shared with other inputs).
    /// </summary>
    public static Outcome<T> Because(Refusals refusals, Dictionary<string, string[]>? uncoded = null)
    {
        var errors = refusals.ToErrors();
        foreach (var (field, messages) in uncoded ?? [])
            errors.TryAdd(field, messages);
        return new Invalid(errors, [.. refusals]);
    }

    /// <summary>400 naming the fields; with the codes of the refusals (field to code) when a rule gave them, for clients that translate.</summary>
    private static ValidationProblem InvalidProblem(Invalid invalid) => invalid.Refusals is { Count: > 0 } refusals
        ? TypedResults.ValidationProblem(invalid.Errors, extensions: Codes(refusals, new Dictionary<string, object?>()))
        : TypedResults.ValidationProblem(invalid.Errors);

    /// <summary>
    /// The codes of refusals by field, and the numbers a refusal's text names (a limit), in the order its text places
    /// them: the same members in a 400 and a 409.
    /// </summary>
    private static Dictionary<string, object?> Codes(IReadOnlyList<Refusal> refusals, Dictionary<string, object?> extensions)
    {
        extensions["codes"] = refusals.ToDictionary(r => r.Field, r => r.Code, StringComparer.Ordinal);
        if (refusals.Any(r => r.Args is { Count: > 0 }))
            extensions["args"] = refusals.Where(r => r.Args is { Count: > 0 }).ToDictionary(r => r.Field, r => r.Args, StringComparer.Ordinal);
        return extensions;
    }

    /// <summary>A conflict at a field, by a rule's code.</summary>
    public static Outcome<T> ConflictAt(Refusal refusal) => new Conflict(refusal.Message, refusal.Field, refusal.Code, refusal.Args);

    private static ProblemHttpResult ConflictProblem(Conflict conflict)
    {
        var extensions = conflict.FieldName is { } field ? new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [conflict.Reason] } } : null;
        if (extensions is not null && conflict.Refusal is { } refusal)
            Codes([refusal], extensions);
        return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict.", detail: conflict.Reason, extensions: extensions);
    }

    public Results<Ok<T>, NotFound, ValidationProblem, ProblemHttpResult> ToResult() => this switch
    {
        Done done => TypedResults.Ok(done.Value),
        Missing => TypedResults.NotFound(),
        Invalid invalid => InvalidProblem(invalid),
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
        Invalid invalid => InvalidProblem(invalid),
        Refused refused => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed.", detail: refused.Reason),
        Conflict conflict => ConflictProblem(conflict),
        KeyReused reused => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused.", detail: reused.Reason),
        _ => throw new InvalidOperationException("Unknown outcome."),
    };
}
