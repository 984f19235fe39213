using System.Text.RegularExpressions;
using Lagesbild.Core.Access;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Auth.Oidc;

/// <summary>The identity providers a user may sign in with, by name (Authentication:Oidc:&lt;name&gt;).</summary>
public sealed class OidcOptions
{
    public const string Section = "Authentication:Oidc";

    public Dictionary<string, OidcProviderOptions> Providers { get; } = new(StringComparer.Ordinal);
}

public sealed class OidcProviderOptions
{
    /// <summary>The issuer: https://login.microsoftonline.com/&lt;tenant&gt;/v2.0, https://sso.example/realms/&lt;realm&gt;.</summary>
    public string Authority { get; set; } = "";
    public string ClientId { get; set; } = "";
    /// <summary>Null for a public client (PKCE alone).</summary>
    public string? ClientSecret { get; set; }
    /// <summary>The button's words: "Logga in med {DisplayName}".</summary>
    public string DisplayName { get; set; } = "";
    /// <summary>The claim that names the user's groups or roles at the provider.</summary>
    public string RoleClaim { get; set; } = "groups";
    /// <summary>False only for a provider on loopback (tests, a developer's own Keycloak).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
    /// <summary>The provider's group (object id, name or role) → the role and organisation its members get here.</summary>
    public Dictionary<string, GroupMapOptions> GroupMap { get; set; } = [];
}

public sealed class GroupMapOptions
{
    /// <summary>A <see cref="Core.Access.Role"/> by name (Coordinator, Police, ...).</summary>
    public string Role { get; set; } = "";
    /// <summary>The organisation by its name, or by its id.</summary>
    public string Organisation { get; set; } = "";
}

/// <summary>Checks the providers at start, naming the key to fix, so that a typo is found before anyone signs in.</summary>
public sealed partial class OidcOptionsValidation : IValidateOptions<OidcOptions>
{
    public ValidateOptionsResult Validate(string? name, OidcOptions options)
    {
        var errors = new List<string>();
        foreach (var (provider, p) in options.Providers)
        {
            var key = $"{OidcOptions.Section}:{provider}";
            if (!ProviderName().IsMatch(provider))
                errors.Add($"{key}: a provider's name is lower-case letters, digits and '-' (it becomes the path /signin-oidc-{provider}).");
            if (!Uri.TryCreate(p.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
                errors.Add($"{key}:Authority must be the provider's absolute URL (the issuer), e.g. https://login.microsoftonline.com/<tenant>/v2.0.");
            else if (authority.Scheme == "http" && p.RequireHttpsMetadata)
                errors.Add($"{key}:Authority is http: set {key}:RequireHttpsMetadata to false, for a provider on loopback only.");
            if (string.IsNullOrWhiteSpace(p.ClientId))
                errors.Add($"{key}:ClientId is required (the application's id at the provider).");
            if (string.IsNullOrWhiteSpace(p.DisplayName))
                errors.Add($"{key}:DisplayName is required (the sign-in button reads \"Logga in med <DisplayName>\").");
            if (string.IsNullOrWhiteSpace(p.RoleClaim))
                errors.Add($"{key}:RoleClaim must name a claim (default \"groups\").");
            foreach (var (group, map) in p.GroupMap)
            {
                if (!Enum.TryParse<Role>(map.Role, ignoreCase: false, out _) || int.TryParse(map.Role, out _))
                    errors.Add($"{key}:GroupMap:{group}:Role is \"{map.Role}\"; it must be one of {string.Join(", ", Enum.GetNames<Role>())}.");
                if (string.IsNullOrWhiteSpace(map.Organisation))
                    errors.Add($"{key}:GroupMap:{group}:Organisation is required (an organisation's name or id).");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex ProviderName();
}
