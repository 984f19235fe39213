using System.Collections;

namespace Lagesbild.Core.Validation;

/// <summary>
/// Why an input is refused: the field as the client wrote it, a code that pages translate into the reader's
/// language (with <paramref name="Args"/> for the numbers in it), and the words for API clients, in English.
/// </summary>
public sealed record Refusal(string Field, string Code, string Message, IReadOnlyList<object>? Args = null);

/// <summary>The refusals of one input: the first one found for each field.</summary>
public sealed class Refusals : IReadOnlyCollection<Refusal>
{
    private readonly Dictionary<string, Refusal> _byField = new(StringComparer.Ordinal);

    public int Count => _byField.Count;

    public Refusal? this[string field] => _byField.GetValueOrDefault(field);

    /// <summary>Adds a refusal unless its field is refused already.</summary>
    public Refusals Add(string field, string code, string message, params object[] args)
    {
        _byField.TryAdd(field, new Refusal(field, code, message, args.Length == 0 ? null : args));
        return this;
    }

    public Refusals Add(Refusal refusal)
    {
        _byField.TryAdd(refusal.Field, refusal);
        return this;
    }

    /// <summary>The words by field, as a validation problem carries them.</summary>
    public Dictionary<string, string[]> ToErrors() => _byField.ToDictionary(r => r.Key, r => new[] { r.Value.Message }, StringComparer.Ordinal);

    public IEnumerator<Refusal> GetEnumerator() => _byField.Values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The codes of refusals, shared by the rules: a page has one text per code, whatever the field.</summary>
public static class RefusalCodes
{
    public const string Required = "Required";
    public const string Invalid = "Invalid";
    public const string TooLong = "TooLong";
    public const string OutOfRange = "OutOfRange";
    public const string ControlCharacters = "ControlCharacters";
    public const string PersonalNumber = "PersonalNumber";
    public const string PhoneNumber = "PhoneNumber";
    public const string PlaceMissing = "PlaceMissing";
    public const string OffMap = "OffMap";
    public const string NotFound = "NotFound";
    public const string InFuture = "InFuture";
    public const string BeforeLatest = "BeforeLatest";
    public const string NotAllowed = "NotAllowed";
    public const string DatesReversed = "DatesReversed";
    public const string NoteNeeded = "NoteNeeded";
    public const string TargetNeeded = "TargetNeeded";
    public const string TooMany = "TooMany";
    public const string NotATime = "NotATime";
    public const string NotADate = "NotADate";
    public const string TimesReversed = "TimesReversed";
    public const string Twice = "Twice";
    public const string ClosedDay = "ClosedDay";
    public const string OutsideOpeningHours = "OutsideOpeningHours";
    public const string ItemLength = "ItemLength";
    public const string PhotoEmpty = "PhotoEmpty";
    public const string PhotoTooLarge = "PhotoTooLarge";
    public const string PhotoFormat = "PhotoFormat";
    public const string PhotoTooManyPixels = "PhotoTooManyPixels";
    public const string TooShort = "TooShort";
    public const string PasswordRepetitive = "PasswordRepetitive";
    public const string PasswordCommon = "PasswordCommon";
    public const string PasswordPersonal = "PasswordPersonal";
    public const string Itself = "Itself";
    public const string TooFew = "TooFew";
    public const string PartOutside = "PartOutside";
    public const string PartsOverlap = "PartsOverlap";
    /// <summary>A camera's recording window meets the site's opening hours (kamerabevakningslagen: record only while the site is closed).</summary>
    public const string DuringOpeningHours = "DuringOpeningHours";
    public const string NotAUrl = "NotAUrl";

    // Conflicts with the state of things rather than refused input (409).
    public const string Taken = "Taken";
    public const string LastAdministrator = "LastAdministrator";
    public const string OwnAccount = "OwnAccount";
    public const string ExternalSignIn = "ExternalSignIn";
    public const string InUse = "InUse";
    public const string Ended = "Ended";
    public const string Apart = "Apart";
    public const string Pending = "Pending";
    public const string Decided = "Decided";
    public const string OwnProposal = "OwnProposal";
    public const string NotConfirmingParty = "NotConfirmingParty";
}
