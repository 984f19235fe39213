using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lagesbild.TestIdentityProvider;

/// <summary>
/// ID tokens made by hand, each wrong in one way only, signed with the provider's own key (but for "bad-signature"),
/// so that a relying party's refusal can only be for that one flaw.
/// </summary>
public sealed class FlawedTokens(SigningCredentials signing, Uri issuer, TimeProvider time)
{
    /// <summary>The same key id as the real key, but another key: the signature cannot verify.</summary>
    private readonly SigningCredentials _impostor = new(new RsaSecurityKey(RSA.Create(2048)) { KeyId = signing.Key.KeyId }, SecurityAlgorithms.RsaSha256);

    public object TokenResponse(TestUser user, string clientId, string? nonce)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var accessToken = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var claims = new Dictionary<string, object>
        {
            ["sub"] = user.Subject,
            ["name"] = user.DisplayName,
            ["email"] = user.Email,
            ["groups"] = user.Groups.ToArray(),
            ["at_hash"] = AtHash(accessToken),
        };
        claims["nonce"] = user.Flaw == "wrong-nonce" ? "not-the-nonce-the-client-sent" : nonce ?? "";
        var expired = user.Flaw == "expired";
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = user.Flaw == "wrong-issuer" ? "http://127.0.0.1:9/someone-else/" : issuer.AbsoluteUri,
            Audience = user.Flaw == "wrong-audience" ? "another-application" : clientId,
            Claims = claims,
            // Expired by an hour: well past any clock skew a relying party allows.
            IssuedAt = expired ? now.AddHours(-2) : now,
            NotBefore = expired ? now.AddHours(-2) : now,
            Expires = expired ? now.AddHours(-1) : now.AddMinutes(10),
            SigningCredentials = user.Flaw == "bad-signature" ? _impostor : signing,
        };
        var idToken = new JsonWebTokenHandler().CreateToken(descriptor);
        return new Dictionary<string, object> { ["access_token"] = accessToken, ["token_type"] = "Bearer", ["expires_in"] = 600, ["id_token"] = idToken };
    }

    /// <summary>OpenID Connect Core 3.1.3.6: the left half of the SHA-256 of the access token, base64url.</summary>
    private static string AtHash(string accessToken) =>
        Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))[..16]);
}
