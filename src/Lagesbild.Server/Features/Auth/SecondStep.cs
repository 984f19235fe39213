using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace Lagesbild.Server.Features.Auth;

/// <summary>
/// Between the password and the authenticator code: a short-lived, protected cookie that says whose password was
/// right, so that the code page need not carry the password along.
/// </summary>
public sealed class SecondStep(IDataProtectionProvider protection)
{
    private const string Cookie = "lagesbild.code";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Lagesbild.SecondStep").ToTimeLimitedDataProtector();

    public void Start(HttpContext context, int userId) =>
        context.Response.Cookies.Append(Cookie, _protector.Protect(userId.ToString(CultureInfo.InvariantCulture), Lifetime), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            MaxAge = Lifetime,
            IsEssential = true,
            Path = "/login",
        });

    /// <summary>Whose password was right, or null when the step has expired or the cookie is not ours.</summary>
    public int? UserId(HttpContext context)
    {
        if (context.Request.Cookies[Cookie] is not { Length: > 0 } value)
            return null;
        try
        {
            return int.Parse(_protector.Unprotect(value), CultureInfo.InvariantCulture);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public static void End(HttpContext context) => context.Response.Cookies.Delete(Cookie, new CookieOptions { Path = "/login" });
}
