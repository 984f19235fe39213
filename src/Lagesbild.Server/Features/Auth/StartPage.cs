using System.Security.Claims;
using Lagesbild.Core.Access;
using Lagesbild.Server.Features.Rounds;

namespace Lagesbild.Server.Features.Auth;

/// <summary>
/// `/start`: where a sign-in without a page to return to lands, and where the product name in the header leads.
/// It sends each role to its own start page (<see cref="StartPages"/>); a caretaker with one round left today goes
/// straight to that round.
/// </summary>
public static class StartPage
{
    public const string Path = "/start";

    public static IEndpointRouteBuilder MapStartPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async (ClaimsPrincipal principal, RoundService rounds, CancellationToken ct) =>
        {
            var user = CurrentUser.From(principal);
            var start = StartPages.For(user.Roles.First());
            if (start == StartPages.Rounds)
                start = StartPages.ForCaretaker((await rounds.ListAsync(rounds.Today, null, user, ct)).Select(r => (r.Id, r.Status)));
            return TypedResults.LocalRedirect(start);
        })
        .RequireAuthorization()
        .ExcludeFromDescription();
        return app;
    }
}
