using Lagesbild.Server.Features.Hosting;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Features.Users.Pages;

/// <summary>
/// The services' refusals for the admin pages: a field the administrator can fix gets a text in their language;
/// anything else keeps the server's own words.
/// </summary>
public static class AdminErrors
{
    private static readonly Dictionary<string, string> Texts = new(StringComparer.Ordinal)
    {
        ["email"] = "AdminErrorEmail",
        ["displayName"] = "AdminErrorName",
        ["name"] = "AdminErrorName",
        ["password"] = "AdminErrorPassword",
        ["organisationId"] = "AdminErrorOrganisation",
        ["roles"] = "AdminErrorRoles",
        ["kind"] = "AdminErrorKind",
        ["siteId"] = "AdminErrorSite",
        ["userId"] = "AdminErrorGuard",
        ["to"] = "AdminErrorShiftTimes",
        ["districtIds"] = "AdminErrorDistricts",
    };

    public static List<string> Localise(Dictionary<string, string[]> errors, IStringLocalizer L) =>
        errors.SelectMany(e => Texts.TryGetValue(e.Key, out var key) ? [L[key].Value] : e.Value).Distinct().ToList();

    /// <summary>A conflict: the last administrator, oneself, a taken e-mail or name; its reason when no text fits.</summary>
    public static string Conflict<T>(Outcome<T>.Conflict conflict, IStringLocalizer L) => conflict.FieldName switch
    {
        "email" => L["AdminErrorEmailTaken"],
        "name" => L["AdminErrorNameTaken"],
        "roles" or "id" when conflict.Reason.Contains("last active administrator", StringComparison.Ordinal) => L["AdminErrorLastAdmin"],
        "id" => L["AdminErrorSelf"],
        "password" => L["AdminErrorProviderPassword"],
        "kind" => L["AdminErrorKindContracts"],
        _ => conflict.Reason,
    };
}
