using System.Globalization;
using Lagesbild.Core.Validation;

namespace Lagesbild.Core.Access;

/// <summary>
/// What makes a password acceptable, after NIST SP 800-63B: long enough, not one that people commonly pick or that
/// has leaked, and not made of the user's own name or the product's; no rules about digits and symbols, which only
/// make people write passwords down. A long passphrase is welcome.
/// </summary>
public static class PasswordRules
{
    public const int MinLength = 12;
    public const int MaxLength = 200;

    /// <summary>Why the password is refused, or null; <paramref name="personal"/> are the user's e-mail and name.</summary>
    public static PasswordProblem? Check(string password, params string?[] personal)
    {
        var length = new StringInfo(password).LengthInTextElements;
        if (length < MinLength)
            return PasswordProblem.TooShort;
        if (password.Length > MaxLength)
            return PasswordProblem.TooLong;
        var lower = password.ToLowerInvariant();
        if (lower.Distinct().Count() < 5)
            return PasswordProblem.Repetitive;
        if (Common.Contains(lower) || Common.Contains(Core(lower)) || Sequences.Any(s => s.Contains(lower, StringComparison.Ordinal)))
            return PasswordProblem.Common;
        var words = personal.Where(p => !string.IsNullOrWhiteSpace(p))
            // An e-mail's own part only: a city's domain name in a passphrase is no gift to a guesser.
            .Select(p => p!.ToLowerInvariant().Split('@')[0])
            .SelectMany(p => p.Split(['.', ' ', '-', '_'], StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Length >= 4)
            .Concat(["lagesbild", "lägesbild"]);
        return words.Any(w => lower.Contains(w, StringComparison.Ordinal)) ? PasswordProblem.Personal : null;
    }

    /// <summary>The refusal of a password for <paramref name="field"/>, with its code and the limit it names.</summary>
    public static Refusal Refuse(string field, PasswordProblem problem) => problem switch
    {
        PasswordProblem.TooShort => new(field, RefusalCodes.TooShort, Describe(problem), [MinLength]),
        PasswordProblem.TooLong => new(field, RefusalCodes.TooLong, Describe(problem), [MaxLength]),
        PasswordProblem.Repetitive => new(field, RefusalCodes.PasswordRepetitive, Describe(problem)),
        PasswordProblem.Common => new(field, RefusalCodes.PasswordCommon, Describe(problem)),
        _ => new(field, RefusalCodes.PasswordPersonal, Describe(problem)),
    };

    public static string Describe(PasswordProblem problem) => problem switch
    {
        PasswordProblem.TooShort => $"A password has at least {MinLength} characters; a few words together are easy to remember.",
        PasswordProblem.TooLong => $"A password has at most {MaxLength} characters.",
        PasswordProblem.Repetitive => "The password repeats too few characters.",
        PasswordProblem.Common => "This password is among those most often used or leaked; choose another.",
        _ => "The password contains your name, your e-mail or the product's name.",
    };

    /// <summary>The password without the digits and signs people add at either end ("Sommar2024!" is "sommar").</summary>
    private static string Core(string lower) => lower.Trim("0123456789!\"#¤%&/()=?@£$€{[]}\\+-_.,;:*'^~<>| ".ToCharArray());

    private static readonly string[] Sequences = ["0123456789012345678901234567890", "98765432109876543210", "qwertyuiopåasdfghjklöäzxcvbnm", "abcdefghijklmnopqrstuvwxyzåäö"];

    // Common Swedish choices that the (English-centred) list lacks.
    private static readonly string[] Swedish =
    [
        "lösenord", "losenord", "hemligt", "hemlig", "sommar", "vinter", "våren", "hösten", "sverige", "stockholm",
        "göteborg", "malmö", "kalle", "anka", "kalleanka", "hammarby", "djurgården", "djurgarden", "bajen", "sommarlov",
        "jultomten", "midsommar", "kärlek", "älskling", "fotboll", "qwertyåäö", "välkommen", "valkommen", "mamma", "pappa",
    ];

    private static readonly HashSet<string> Common = Load();

    private static HashSet<string> Load()
    {
        using var stream = typeof(PasswordRules).Assembly.GetManifestResourceStream("common-passwords.txt")
            ?? throw new InvalidOperationException("The list of common passwords is missing from the build.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(Swedish, StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length >= 4)
                set.Add(line);
        }
        return set;
    }
}

public enum PasswordProblem
{
    TooShort,
    TooLong,
    Repetitive,
    Common,
    Personal,
}
