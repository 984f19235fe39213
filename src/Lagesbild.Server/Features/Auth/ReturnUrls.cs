namespace Lagesbild.Server.Features.Auth;

/// <summary>Where a sign-in may send the browser afterwards: a path on this site, never another site.</summary>
public static class ReturnUrls
{
    /// <summary>
    /// The return URL when it is a local path ("/scenes/4?x=1"), otherwise the user's start page (<see cref="StartPage"/>).
    /// Refuses "//evil", "/\evil" and "https://evil".
    /// </summary>
    public static string Local(string? returnUrl) =>
        returnUrl is { Length: > 0 } url
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Contains('\\', StringComparison.Ordinal)
        && !url.Any(char.IsControl)
        && Uri.IsWellFormedUriString(url, UriKind.Relative)
            ? url
            : StartPage.Path;
}
