using System.Data.Common;
using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>
/// The database could not be reached or refused for now (PostgreSQL restarting, a dropped connection, the pool
/// exhausted, SQLite busy past its wait). Such a request changed nothing (each write is one transaction), so it is
/// answered 503 with Retry-After rather than 500, and the client sends it again with the same Idempotency-Key. The
/// connection pools are cleared, so that connections broken by a restart are not handed to the next requests: the
/// server recovers by itself once the database is back.
/// </summary>
public sealed partial class DatabaseUnavailable(IProblemDetailsService problemDetails, ILogger<DatabaseUnavailable> log) : IExceptionHandler
{
    /// <summary>Seconds a client waits before sending again: about as long as PostgreSQL takes to restart.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>Whether the exception, or one it wraps, says the database is unavailable for now rather than that the request is wrong.</summary>
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException { IsTransient: true })
                return true;
        }
        return false;
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!Is(exception))
            return false;
        LogUnavailable(log, exception.GetBaseException().Message);
        NpgsqlConnection.ClearAllPools();
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is not available right now.",
                Detail = $"Nothing was stored. Send the request again in {RetryAfterSeconds} seconds (with the same Idempotency-Key).",
            },
            Exception = exception,
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is unavailable; the request was answered 503: {Reason}")]
    private static partial void LogUnavailable(ILogger log, string reason);
}
