using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace Lagesbild.Server.Features.Auth;

/// <summary>
/// Cross-site request forgery: a browser sends the sign-in cookie with a form, a text/plain or a multipart post that
/// another site makes, and such a body reaches a route that reads the raw body (the CSV imports) or none (/logout).
/// So a write that needs sign-in and was signed in by the cookie must show it comes from this site's own pages: the
/// header X-Requested-With (which another site cannot add without a CORS preflight, and the server allows none) or a
/// valid antiforgery token (the forms). Bearer tokens and the anonymous routes (Open311 with its api_key, the public
/// report form) are not sent by a browser on its own and are left alone.
/// </summary>
public sealed class CrossSiteWrites(RequestDelegate next)
{
    public const string Header = "X-Requested-With";

    public async Task InvokeAsync(HttpContext context, IAntiforgery antiforgery, IProblemDetailsService problems)
    {
        if (!IsWrite(context.Request.Method) || !NeedsSignIn(context.GetEndpoint()) || !SignedInByCookie(context)
            || context.Request.Headers.ContainsKey(Header) || await antiforgery.IsRequestValidAsync(context))
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "The write does not come from this site's pages.",
                Detail = $"A write signed in with the browser's cookie must carry the header {Header} or an antiforgery token; scripts sign in with a bearer token.",
            },
        });
    }

    private static bool IsWrite(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    private static bool NeedsSignIn(Endpoint? endpoint) =>
        endpoint is not null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null && endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0;

    private static bool SignedInByCookie(HttpContext context) =>
        context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Ticket?.AuthenticationScheme == CookieAuthenticationDefaults.AuthenticationScheme;
}
