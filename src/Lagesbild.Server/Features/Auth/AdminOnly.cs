using Lagesbild.Core.Access;

namespace Lagesbild.Server.Features.Auth;

/// <summary>An endpoint filter that lets only administrators through, saying what it guards.</summary>
public static class AdminOnly
{
    /// <param name="what">What only administrators do, e.g. "manage users and organisations".</param>
    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Filter(string what) => async (context, next) =>
        Permissions.CanManageUsers(CurrentUser.From(context.HttpContext.User).Roles)
            ? await next(context)
            : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed.", detail: $"Only administrators {what}.");
}
