using Lagesbild.Core.Privacy;
using Lagesbild.Core.Validation;

namespace Lagesbild.Core.Cameras;

/// <summary>The register's rules for a camera's words, dates, retention and snapshot address.</summary>
public static class CameraRules
{
    public const int MinRetentionDays = 1, MaxRetentionDays = 30;
    public const int MinAssessment = 20, MaxAssessment = 20000;

    /// <summary>A text the register keeps: required within its length, no personal identity number.</summary>
    public static void CheckText(Refusals refusals, string field, string? text, int min, int max)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            refusals.Add(field, RefusalCodes.Required, $"{field} is required.");
        else if (trimmed.Length < min)
            refusals.Add(field, RefusalCodes.TooShort, $"{field} must be at least {min} characters.", min);
        else if (trimmed.Length > max)
            refusals.Add(field, RefusalCodes.TooLong, $"{field} must be at most {max} characters.", max);
        else if (!PlainText.IsClean(trimmed))
            refusals.Add(field, RefusalCodes.ControlCharacters, $"{field} contains control characters or direction overrides; write plain text.");
        else if (PersonalNumbers.Contains(trimmed))
            refusals.Add(field, RefusalCodes.PersonalNumber, "The text contains what looks like a personal identity number (personnummer); the register names roles, not people's numbers.");
    }

    public static void CheckAssessmentDate(Refusals refusals, DateOnly? madeOn, DateOnly today)
    {
        if (madeOn is null)
            refusals.Add("assessment.madeOn", RefusalCodes.Required, "assessment.madeOn is required: the day the assessment was made.");
        else if (madeOn > today)
            refusals.Add("assessment.madeOn", RefusalCodes.InFuture, "assessment.madeOn cannot lie in the future: the assessment is made before the camera records.");
        else if (madeOn.Value.Year < 2000)
            refusals.Add("assessment.madeOn", RefusalCodes.OutOfRange, "assessment.madeOn must lie from 2000 on.", new DateOnly(2000, 1, 1), today);
    }

    public static void CheckRetention(Refusals refusals, int? days)
    {
        if (days is null)
            refusals.Add("retentionDays", RefusalCodes.Required, "retentionDays is required: how many days recordings are kept.");
        else if (days is < MinRetentionDays or > MaxRetentionDays)
            refusals.Add("retentionDays", RefusalCodes.OutOfRange, $"retentionDays must be from {MinRetentionDays} to {MaxRetentionDays} days.", MinRetentionDays, MaxRetentionDays);
    }

    /// <summary>A snapshot address is absolute http or https, without credentials in it (they are kept elsewhere, encrypted).</summary>
    public static void CheckSnapshotUrl(Refusals refusals, string? url, string field = "snapshotUrl", string example = "https://kamera.example/snapshot.jpg")
    {
        if (string.IsNullOrWhiteSpace(url))
            return;
        if (url.Length > 2000)
            refusals.Add(field, RefusalCodes.TooLong, $"{field} must be at most 2000 characters.", 2000);
        else if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
            refusals.Add(field, RefusalCodes.NotAUrl, $"{field} must be an absolute http or https address, such as {example}.");
        else if (!string.IsNullOrEmpty(uri.UserInfo))
            refusals.Add(field, RefusalCodes.NotAUrl, $"{field} must not carry a user name or password.");
    }

    public const int MaxUserName = 200, MaxPassword = 200;

    /// <summary>
    /// The camera's credentials: a user name (plain, no colon, which Basic authentication cannot carry) and a password
    /// only with a user name. A password left out keeps the one stored, so a form need never show it.
    /// </summary>
    public static void CheckCredentials(Refusals refusals, string? userName, string? password)
    {
        var name = userName?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            if (!string.IsNullOrEmpty(password))
                refusals.Add("snapshotUserName", RefusalCodes.Required, "snapshotUserName is required with snapshotPassword.");
            return;
        }
        if (name.Length > MaxUserName)
            refusals.Add("snapshotUserName", RefusalCodes.TooLong, $"snapshotUserName must be at most {MaxUserName} characters.", MaxUserName);
        else if (!PlainText.IsClean(name) || name.Contains(':', StringComparison.Ordinal))
            refusals.Add("snapshotUserName", RefusalCodes.ControlCharacters, "snapshotUserName must be plain text without a colon.");
        if (password is { Length: > MaxPassword })
            refusals.Add("snapshotPassword", RefusalCodes.TooLong, $"snapshotPassword must be at most {MaxPassword} characters.", MaxPassword);
        else if (password is not null && password.Any(char.IsControl))
            refusals.Add("snapshotPassword", RefusalCodes.ControlCharacters, "snapshotPassword must not hold control characters.");
    }
}
