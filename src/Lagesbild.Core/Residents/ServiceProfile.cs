using System.Globalization;
using Lagesbild.Core.Observations;

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

public sealed record AttributeValue(string Key, string Name);

/// <summary>One question a service asks the resident (an Open311 service attribute).</summary>
public sealed record ServiceAttribute(string Code, AttributeDatatype Datatype, bool Required, string Description, int Order, IReadOnlyList<AttributeValue> Values)
{
    public bool IsList => Datatype is AttributeDatatype.Singlevaluelist or AttributeDatatype.Multivaluelist;
}

/// <summary>A kind of report a resident can make, with the observation category it becomes and what it asks.</summary>
/// <param name="Notice">What the resident is told when reporting (e.g. to call 112 when a crime is in progress).</param>
public sealed record ServiceDefinition(
    string Code,
    string Name,
    string Description,
    string Group,
    IReadOnlyList<string> Keywords,
    ObservationCategory Category,
    string? Notice,
    IReadOnlyList<ServiceAttribute> Attributes)
{
    public bool HasMetadata => Attributes.Count > 0;
}

/// <summary>
/// The Swedish service profile: what a resident can report from an Open311 app or Lägesbild's public page. An
/// administrator may configure another; this is the default.
/// </summary>
public static class ServiceProfile
{
    public const string CrimeNotice =
        "Pågår ett brott? Ring 112. Annars ring polisen på 114 14 eller tipsa via polisens webbplats.";

    private static readonly AttributeValue[] YesNo = [new("yes", "Ja"), new("no", "Nej")];

    private static readonly AttributeValue[] TimesOfDay =
        [new("morning", "Morgon"), new("day", "Dag"), new("evening", "Kväll"), new("night", "Natt")];

    public static IReadOnlyList<ServiceDefinition> Swedish { get; } =
    [
        new("syringes", "Kanyler och sprutor", "Kanyler, sprutor eller annat stickande som ligger framme. Samlas in inom 24 timmar nära skolor och förskolor.",
            "Städning och fynd", ["kanyl", "spruta", "sprutor", "stickande"], ObservationCategory.Syringes, null,
            [
                new("count", AttributeDatatype.Number, true, "Hur många ungefär?", 1, []),
                new("near_children", AttributeDatatype.Singlevaluelist, true, "Nära en lekplats, skola eller förskola?", 2, YesNo),
            ]),
        new("school-vandalism", "Skadegörelse vid skola eller lekplats", "Krossat glas, förstörd utrustning eller klotter vid en skola, förskola eller lekplats.",
            "Skolor och lekplatser", ["skadegörelse", "klotter", "glas", "lekplats", "skola"], ObservationCategory.Vandalism, null,
            [
                new("place", AttributeDatatype.Singlevaluelist, false, "Var?", 1,
                    [new("school", "Skola"), new("preschool", "Förskola"), new("playground", "Lekplats")]),
            ]),
        new("unsafe-place", "Otrygg plats", "En plats som känns otrygg, till exempel på grund av mörker, skymd sikt eller samlingar av människor.",
            "Trygghet", ["otrygg", "mörker", "belysning", "trygghet"], ObservationCategory.Other, null,
            [
                new("when", AttributeDatatype.Multivaluelist, true, "När känns platsen otrygg?", 1, TimesOfDay),
            ]),
        new("drug-dealing", "Misstänkt narkotikahandel", "Misstänkt försäljning eller användning av narkotika på en plats.",
            "Trygghet", ["narkotika", "langning", "droger"], ObservationCategory.Dealing, CrimeNotice,
            [
                new("when", AttributeDatatype.Multivaluelist, false, "När brukar det pågå?", 1, TimesOfDay),
            ]),
        new("littering", "Nedskräpning", "Skräp, fimpar eller annat som har lämnats på allmän plats.",
            "Städning och fynd", ["skräp", "nedskräpning", "fimpar"], ObservationCategory.Littering, null, []),
    ];

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
                return (answers, $"'{name}' is not attribute[code] or attribute[code][].");
            if (string.IsNullOrEmpty(value))
                continue; // an empty parameter behaves as an absent one
            if (!answers.TryGetValue(code, out var values))
                answers[code] = values = [];
            values.Add(value);
        }
        return (answers, null);
    }

    /// <summary>What is wrong with the answers for a service, per attribute field, or an empty dictionary.</summary>
    public static Dictionary<string, string> Check(ServiceDefinition service, IReadOnlyDictionary<string, List<string>> answers)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var code in answers.Keys.Where(k => service.Attributes.All(a => a.Code != k)))
            errors[$"attribute[{code}]"] = $"The service {service.Code} has no attribute '{code}'.";
        foreach (var attribute in service.Attributes)
        {
            var field = $"attribute[{attribute.Code}]";
            if (!answers.TryGetValue(attribute.Code, out var values) || values.Count == 0)
            {
                if (attribute.Required)
                    errors[field] = $"{field} is required: {attribute.Description}";
                continue;
            }
            if (attribute.Datatype != AttributeDatatype.Multivaluelist && values.Count > 1)
                errors[field] = $"{field} takes one value.";
            else if (attribute.IsList && values.FirstOrDefault(v => attribute.Values.All(a => a.Key != v)) is { } unknown)
                errors[field] = $"'{unknown}' is not one of {string.Join(", ", attribute.Values.Select(v => v.Key))}.";
            else if (attribute.Datatype == AttributeDatatype.Number
                && !(double.TryParse(values[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && number >= 0))
                errors[field] = $"{field} must be a number of 0 or more.";
        }
        return errors;
    }
}
