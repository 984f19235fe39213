using System.Globalization;
using Lagesbild.Core.Observations;

using Lagesbild.Core.Validation;

namespace Lagesbild.Core.Residents;

/// <summary>The datatypes of an Open311 GeoReport v2 service attribute, as the specification names them.</summary>
public enum AttributeDatatype
{
    String,
    Number,
    Datetime,
    Text,
    Singlevaluelist,
    Multivaluelist,
}

public sealed record AttributeValue(string Key, string Name)
{
    /// <summary>The name on the English public page; the Swedish one when absent.</summary>
    public string? NameEn { get; init; }
}

/// <summary>One question a service asks the resident (an Open311 service attribute).</summary>
public sealed record ServiceAttribute(string Code, AttributeDatatype Datatype, bool Required, string Description, int Order, IReadOnlyList<AttributeValue> Values)
{
    /// <summary>The question on the English public page; the Swedish one when absent.</summary>
    public string? DescriptionEn { get; init; }

    public bool IsList => Datatype is AttributeDatatype.Singlevaluelist or AttributeDatatype.Multivaluelist;
}

/// <summary>The answer that a service's promised time depends on, e.g. near_children = yes.</summary>
public sealed record ExpectedCondition(string Attribute, string Value);

/// <summary>A kind of report a resident can make, with the observation category it becomes and what it asks.</summary>
/// <param name="Notice">What the resident is told when reporting (e.g. to call 112 when a crime is in progress).</param>
/// <param name="OnPublicMap">Whether the service's reports are counted on the public map (not for suspected dealing).</param>
/// <param name="ExpectedHours">Within how many hours the city promises to act, which becomes the request's expected_datetime.</param>
public sealed record ServiceDefinition(
    string Code,
    string Name,
    string Description,
    string Group,
    IReadOnlyList<string> Keywords,
    ObservationCategory Category,
    string? Notice,
    IReadOnlyList<ServiceAttribute> Attributes,
    bool OnPublicMap = true,
    int? ExpectedHours = null)
{
    public bool HasMetadata => Attributes.Count > 0;

    /// <summary>The name, description and notice on the English public page; Open311 speaks the Swedish ones.</summary>
    public string? NameEn { get; init; }

    public string? DescriptionEn { get; init; }

    public string? NoticeEn { get; init; }

    /// <summary>When set, the promise of <see cref="ExpectedHours"/> holds only for reports with this answer (syringes near children).</summary>
    public ExpectedCondition? ExpectedIf { get; init; }

    /// <summary>
    /// The promise as residents read it, with "{hours}" for <see cref="ExpectedHours"/>; shown only while the service
    /// has expected hours, so that switching the promise off also takes it out of the public text.
    /// </summary>
    public string? Promise { get; init; }

    public string? PromiseEn { get; init; }
}

/// <summary>
/// The Swedish service profile: what a resident can report from an Open311 app or Lägesbild's public page. An
/// administrator may configure another; this is the default.
/// </summary>
public static class ServiceProfile
{
    public const string CrimeNotice =
        "Pågår ett brott? Ring 112. Annars ring polisen på 114 14 eller tipsa via polisens webbplats.";

    public const string SyringePromise = "Sprutor nära skolor och förskolor samlas in inom {hours} timmar.";

    public const string CrimeNoticeEn =
        "Is a crime in progress? Call 112. Otherwise call the police on 114 14 or send a tip on the police's website.";

    public const string SyringePromiseEn = "Syringes near schools and preschools are collected within {hours} hours.";

    private static readonly AttributeValue[] YesNo = [new("yes", "Ja") { NameEn = "Yes" }, new("no", "Nej") { NameEn = "No" }];

    private static readonly AttributeValue[] TimesOfDay =
    [
        new("morning", "Morgon") { NameEn = "Morning" }, new("day", "Dag") { NameEn = "Day" },
        new("evening", "Kväll") { NameEn = "Evening" }, new("night", "Natt") { NameEn = "Night" },
    ];

    public static IReadOnlyList<ServiceDefinition> Swedish { get; } =
    [
        new("syringes", "Kanyler och sprutor", "Kanyler, sprutor eller annat stickande som ligger framme.",
            "Städning och fynd", ["kanyl", "spruta", "sprutor", "stickande"], ObservationCategory.Syringes, CrimeNotice,
            [
                new("count", AttributeDatatype.Number, true, "Hur många ungefär?", 1, []) { DescriptionEn = "About how many?" },
                new("near_children", AttributeDatatype.Singlevaluelist, true, "Nära en lekplats, skola eller förskola?", 2, YesNo)
                    { DescriptionEn = "Near a playground, school or preschool?" },
            ], ExpectedHours: 24)
        {
            ExpectedIf = new("near_children", "yes"),
            NameEn = "Needles and syringes",
            DescriptionEn = "Needles, syringes or other sharp objects lying about.",
            NoticeEn = CrimeNoticeEn,
            Promise = SyringePromise,
            PromiseEn = SyringePromiseEn,
        },
        new("school-vandalism", "Skadegörelse vid skola eller lekplats", "Krossat glas, förstörd utrustning eller klotter vid en skola, förskola eller lekplats.",
            "Skolor och lekplatser", ["skadegörelse", "klotter", "glas", "lekplats", "skola"], ObservationCategory.Vandalism, null,
            [
                new("place", AttributeDatatype.Singlevaluelist, false, "Var?", 1,
                    [new("school", "Skola") { NameEn = "School" }, new("preschool", "Förskola") { NameEn = "Preschool" }, new("playground", "Lekplats") { NameEn = "Playground" }])
                    { DescriptionEn = "Where?" },
            ])
        {
            NameEn = "Vandalism at a school or playground",
            DescriptionEn = "Broken glass, damaged equipment or graffiti at a school, preschool or playground.",
        },
        new("unsafe-place", "Otrygg plats", "En plats som känns otrygg, till exempel på grund av mörker, skymd sikt eller samlingar av människor.",
            "Trygghet", ["otrygg", "mörker", "belysning", "trygghet"], ObservationCategory.Other, null,
            [
                new("when", AttributeDatatype.Multivaluelist, true, "När känns platsen otrygg?", 1, TimesOfDay) { DescriptionEn = "When does the place feel unsafe?" },
            ])
        {
            NameEn = "Unsafe place",
            DescriptionEn = "A place that feels unsafe, for example because of darkness, hidden corners or groups of people.",
        },
        new("drug-dealing", "Misstänkt narkotikahandel", "Misstänkt försäljning eller användning av narkotika på en plats.",
            "Trygghet", ["narkotika", "langning", "droger"], ObservationCategory.Dealing, CrimeNotice,
            [
                new("when", AttributeDatatype.Multivaluelist, false, "När brukar det pågå?", 1, TimesOfDay) { DescriptionEn = "When does it usually happen?" },
            ], OnPublicMap: false)
        {
            NameEn = "Suspected drug dealing",
            DescriptionEn = "Suspected selling or use of drugs at a place.",
            NoticeEn = CrimeNoticeEn,
        },
        new("littering", "Nedskräpning", "Skräp, fimpar eller annat som har lämnats på allmän plats.",
            "Städning och fynd", ["skräp", "nedskräpning", "fimpar"], ObservationCategory.Littering, null, [])
        {
            NameEn = "Littering",
            DescriptionEn = "Rubbish, cigarette ends or other things left in a public place.",
        },
    ];

    public const int MaxServices = 50;

    /// <summary>What is wrong with a profile an administrator sends, keyed by the field at fault, or an empty dictionary.</summary>
    public static Dictionary<string, string> Check(IReadOnlyList<ServiceDefinition>? profile)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (profile is null || profile.Count == 0 || profile.Count > MaxServices)
        {
            errors["services"] = $"A profile has between 1 and {MaxServices} services.";
            return errors;
        }
        for (var i = 0; i < profile.Count; i++)
        {
            var service = profile[i];
            var at = $"services[{i}]";
            if (service is null)
            {
                errors[at] = "A service is missing.";
                continue;
            }
            if (!IsCode(service.Code))
                errors[$"{at}.code"] = "A service code is 1–40 lower-case letters, digits, '-' or '_'.";
            else if (profile.Take(i).Any(s => s?.Code == service.Code))
                errors[$"{at}.code"] = $"The service code '{service.Code}' is used twice.";
            CheckText(errors, $"{at}.name", service.Name, 100, required: true);
            CheckText(errors, $"{at}.description", service.Description, 1000, required: true);
            CheckText(errors, $"{at}.group", service.Group, 100, required: true);
            CheckText(errors, $"{at}.notice", service.Notice, 1000, required: false);
            CheckText(errors, $"{at}.nameEn", service.NameEn, 100, required: false);
            CheckText(errors, $"{at}.descriptionEn", service.DescriptionEn, 1000, required: false);
            CheckText(errors, $"{at}.noticeEn", service.NoticeEn, 1000, required: false);
            CheckText(errors, $"{at}.promise", service.Promise, 300, required: false);
            CheckText(errors, $"{at}.promiseEn", service.PromiseEn, 300, required: false);
            if (!Enum.IsDefined(service.Category))
                errors[$"{at}.category"] = "The category is not an observation category.";
            if (service.ExpectedHours is < 1 or > 24 * 90)
                errors[$"{at}.expectedHours"] = "expectedHours is between 1 and 2160 (90 days).";
            if (service.Keywords is null || service.Keywords.Count > 20 || service.Keywords.Any(k => string.IsNullOrWhiteSpace(k) || k.Length > 50 || k.Contains(',') || !Privacy.PlainText.IsClean(k)))
                errors[$"{at}.keywords"] = "Up to 20 keywords of at most 50 characters, without commas.";
            CheckAttributes(errors, at, service.Attributes);
            if (!ConditionIsAsked(service))
                errors[$"{at}.expectedIf"] = "expectedIf names one of the service's attributes and, for a list, one of its values.";
        }
        return errors;
    }

    /// <summary>Whether the answer the promise depends on is one the service asks for (and, for a list, can be given).</summary>
    private static bool ConditionIsAsked(ServiceDefinition service)
    {
        if (service.ExpectedIf is not { } condition)
            return true;
        var asked = service.Attributes?.FirstOrDefault(a => a?.Code == condition.Attribute);
        return asked is not null && (!asked.IsList || (asked.Values ?? []).Any(v => v?.Key == condition.Value));
    }

    private static void CheckAttributes(Dictionary<string, string> errors, string at, IReadOnlyList<ServiceAttribute>? attributes)
    {
        if (attributes is null || attributes.Count > 20)
        {
            errors[$"{at}.attributes"] = "A service has at most 20 attributes.";
            return;
        }
        for (var j = 0; j < attributes.Count; j++)
        {
            var attribute = attributes[j];
            var field = $"{at}.attributes[{j}]";
            if (attribute is null)
            {
                errors[field] = "An attribute is missing.";
                continue;
            }
            if (!IsCode(attribute.Code))
                errors[$"{field}.code"] = "An attribute code is 1–40 lower-case letters, digits, '-' or '_'.";
            else if (attributes.Take(j).Any(a => a?.Code == attribute.Code))
                errors[$"{field}.code"] = $"The attribute code '{attribute.Code}' is used twice.";
            if (!Enum.IsDefined(attribute.Datatype))
                errors[$"{field}.datatype"] = "The datatype is not one of GeoReport v2's.";
            CheckText(errors, $"{field}.description", attribute.Description, 500, required: true);
            CheckText(errors, $"{field}.descriptionEn", attribute.DescriptionEn, 500, required: false);
            var values = attribute.Values ?? [];
            if (attribute.IsList && (values.Count == 0 || values.Count > 50))
                errors[$"{field}.values"] = "A list attribute has between 1 and 50 values.";
            else if (!attribute.IsList && values.Count > 0)
                errors[$"{field}.values"] = "Only list attributes have values.";
            else if (values.Any(v => v is null || !IsCode(v.Key) || string.IsNullOrWhiteSpace(v.Name) || v.Name.Length > 100 || v.NameEn is { Length: > 100 }
                    || !Privacy.PlainText.IsClean(v.Name) || !Privacy.PlainText.IsClean(v.NameEn))
                || values.Select(v => v.Key).Distinct(StringComparer.Ordinal).Count() != values.Count)
                errors[$"{field}.values"] = "Each value has a unique key (a code) and a name of at most 100 characters.";
        }
    }

    private static void CheckText(Dictionary<string, string> errors, string field, string? text, int max, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(text))
            errors[field] = $"{field} is required.";
        else if (text is { } t && t.Length > max)
            errors[field] = $"{field} is longer than {max} characters.";
        else if (!Privacy.PlainText.IsClean(text))
            errors[field] = $"{field} contains control characters.";
    }

    private static bool IsCode(string? code) =>
        code is { Length: >= 1 and <= 40 } && code.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');

    /// <summary>
    /// When the city promises to act on a report made now: the service's hours, if it has any and the report has the
    /// answer the promise depends on.
    /// </summary>
    public static DateTimeOffset? ExpectedAt(ServiceDefinition service, IReadOnlyDictionary<string, List<string>> answers, DateTimeOffset requestedAt)
    {
        if (service.ExpectedHours is not { } hours)
            return null;
        if (service.ExpectedIf is { } condition && !(answers.TryGetValue(condition.Attribute, out var given) && given.Contains(condition.Value, StringComparer.Ordinal)))
            return null;
        return requestedAt.AddHours(hours);
    }

    public static ServiceDefinition? Find(IReadOnlyList<ServiceDefinition> profile, string? code) =>
        profile.FirstOrDefault(s => string.Equals(s.Code, code, StringComparison.Ordinal));
}

/// <summary>
/// The answers to a service's attributes, as GeoReport v2 sends them in a form: <c>attribute[code]=value</c>, and
/// <c>attribute[code][]=value</c> once per value of a multi-value list.
/// </summary>
public static class AttributeAnswers
{
    private const string Prefix = "attribute[";

    /// <summary>The longest answer to one attribute, and the largest number.</summary>
    public const int MaxAnswer = 300;

    public const int MaxNumber = 1_000_000;

    /// <summary>How many things a report's observation counts: its <c>count</c> answer (syringes), else one.</summary>
    public static int ObservationCount(IReadOnlyDictionary<string, List<string>> answers) =>
        answers.TryGetValue("count", out var counts) && double.TryParse(counts.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            ? (int)Math.Clamp(Math.Round(n), 1, Observations.ObservationRules.MaxCount)
            : 1;

    /// <summary>Reads the form's attribute fields, or names the first malformed one.</summary>
    public static (Dictionary<string, List<string>> Answers, string? Error) Read(IEnumerable<KeyValuePair<string, string?>> form)
    {
        var answers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in form)
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
                continue;
            var close = name.IndexOf(']', Prefix.Length);
            var rest = close < 0 ? "" : name[(close + 1)..];
            var code = close < 0 ? "" : name[Prefix.Length..close];
            if (code.Length == 0 || code.Contains('[', StringComparison.Ordinal) || rest is not ("" or "[]"))
                return (answers, "An attribute field is malformed: write attribute[code]=value, or attribute[code][]=value for each value of a list.");
            if (string.IsNullOrEmpty(value))
                continue; // an empty parameter behaves as an absent one
            if (!answers.TryGetValue(code, out var values))
                answers[code] = values = [];
            if (!values.Contains(value, StringComparer.Ordinal))
                values.Add(value); // a value sent twice is one answer
        }
        return (answers, null);
    }

    /// <summary>
    /// The answers to the service's own attributes. Others are left out, never stored: clients such as FixMyStreet
    /// may send attributes of their own, and a standard client must work unchanged.
    /// </summary>
    public static Dictionary<string, List<string>> Known(ServiceDefinition service, IReadOnlyDictionary<string, List<string>> answers) =>
        answers.Where(a => service.Attributes.Any(s => s.Code == a.Key)).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);

    /// <summary>What is wrong with the answers for a service, per attribute field (other attributes are ignored).</summary>
    public static Refusals Check(ServiceDefinition service, IReadOnlyDictionary<string, List<string>> answers)
    {
        var refusals = new Refusals();
        foreach (var attribute in service.Attributes)
        {
            var field = $"attribute[{attribute.Code}]";
            if (!answers.TryGetValue(attribute.Code, out var values) || values.Count == 0)
            {
                if (attribute.Required)
                    refusals.Add(field, RefusalCodes.Required, $"{field} is required: {attribute.Description}");
                continue;
            }
            if (attribute.Datatype != AttributeDatatype.Multivaluelist && values.Count > 1)
                refusals.Add(field, RefusalCodes.Invalid, $"{field} takes one value.");
            else if (values.Any(v => v.Length > MaxAnswer))
                refusals.Add(field, RefusalCodes.TooLong, $"{field} is longer than {MaxAnswer} characters.", MaxAnswer);
            else if (!values.All(Privacy.PlainText.IsClean))
                refusals.Add(field, RefusalCodes.ControlCharacters, $"{field} contains control characters; send plain text.");
            else if (values.Any(Privacy.PersonalNumbers.Contains))
                refusals.Add(field, RefusalCodes.PersonalNumber, $"{field} contains what looks like a personal identity number. Describe the place and what you saw, not who.");
            else if (values.Any(Privacy.PhoneNumbers.Contains))
                refusals.Add(field, RefusalCodes.PhoneNumber, $"{field} contains what looks like a telephone number. Describe the place and what you saw, not who.");
            else if (attribute.IsList && values.Any(v => attribute.Values.All(a => a.Key != v)))
                refusals.Add(field, RefusalCodes.Invalid, $"{field} takes one of {string.Join(", ", attribute.Values.Select(v => v.Key))}.");
            else if (attribute.Datatype == AttributeDatatype.Number
                && !(double.TryParse(values[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number is >= 0 and <= MaxNumber))
                refusals.Add(field, RefusalCodes.Invalid, $"{field} must be a number from 0 to {MaxNumber}.");
        }
        return refusals;
    }
}

/// <summary>A service's texts in the reader's language: English where the profile has it, else the Swedish.</summary>
public static class ServiceTexts
{
    public static string Name(ServiceDefinition service, bool english) => english && service.NameEn is { Length: > 0 } en ? en : service.Name;

    public static string Description(ServiceDefinition service, bool english) => english && service.DescriptionEn is { Length: > 0 } en ? en : service.Description;

    /// <summary>What the resident is told when reporting: the promise (only while the service makes one), then the notice.</summary>
    public static string? Notice(ServiceDefinition service, bool english)
    {
        var notice = english && service.NoticeEn is { Length: > 0 } en ? en : service.Notice;
        var promise = ResidentPromise.Text(english && service.PromiseEn is { Length: > 0 } promiseEn ? promiseEn : service.Promise, service.ExpectedHours);
        return promise is null ? notice : notice is null ? promise : $"{promise} {notice}";
    }

    public static string Question(ServiceAttribute attribute, bool english) => english && attribute.DescriptionEn is { Length: > 0 } en ? en : attribute.Description;

    public static string Choice(AttributeValue value, bool english) => english && value.NameEn is { Length: > 0 } en ? en : value.Name;
}
