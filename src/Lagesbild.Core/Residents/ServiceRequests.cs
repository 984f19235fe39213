using Lagesbild.Core.Geo;
using Lagesbild.Core.Privacy;

using Lagesbild.Core.Validation;

namespace Lagesbild.Core.Residents;

/// <summary>
/// The statuses a resident sees: GeoReport v2's open and closed, refined by mySociety's extended statuses (the
/// ones FixMyStreet follows through servicerequestupdates).
/// </summary>
public static class RequestStatus
{
    public const string Open = "open";
    public const string Investigating = "investigating";
    public const string InProgress = "in_progress";
    public const string ActionScheduled = "action_scheduled";
    public const string Fixed = "fixed";
    public const string Closed = "closed";
    public const string Duplicate = "duplicate";
    public const string NotCouncilsResponsibility = "not_councils_responsibility";
    public const string NoFurtherAction = "no_further_action";
    public const string InternalReferral = "internal_referral";

    /// <summary>Every extended status, open ones first.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Open, Investigating, InProgress, ActionScheduled, Fixed, Closed, Duplicate, NotCouncilsResponsibility, NoFurtherAction, InternalReferral];

    public static bool IsKnown(string? status) => status is not null && All.Contains(status);

    /// <summary>The extended statuses that mean closed, for queries that filter on them.</summary>
    public static IReadOnlyList<string> ClosedOnes { get; } = [Fixed, Closed, Duplicate, NotCouncilsResponsibility, NoFurtherAction, InternalReferral];

    /// <summary>Whether an extended status means the request is closed in GeoReport v2's two-valued sense.</summary>
    public static bool IsClosed(string status) => ClosedOnes.Contains(status);

    /// <summary>GeoReport v2's status: open or closed.</summary>
    public static string Basic(string status) => IsClosed(status) ? Closed : Open;
}

/// <summary>What a resident sends in a report, before the service's attributes are checked.</summary>
public sealed record ReportInput(double? Lat, double? Lon, string? AddressString, string? Description, string? MediaUrl);

/// <summary>The rules for a resident's report, each problem keyed by the GeoReport v2 field at fault.</summary>
public static class RequestRules
{
    public const int MaxDescription = 4000;
    public const int MaxAddress = 500;
    public const int MaxMediaUrl = 1000;

    /// <summary>The widest window of a GET requests, and its default (the last 90 days).</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(90);

    public const int MaxRequests = 1000;

    public static Refusals Check(ReportInput input, LonLatBox map)
    {
        var refusals = new Refusals();
        var hasPoint = input.Lat is not null || input.Lon is not null;
        if (!hasPoint && string.IsNullOrWhiteSpace(input.AddressString))
            refusals.Add("lat", RefusalCodes.PlaceMissing, "A location is required: lat and long, or address_string.");
        else if (hasPoint)
        {
            if (input.Lat is not { } lat || input.Lon is not { } lon)
                refusals.Add(input.Lat is null ? "lat" : "long", RefusalCodes.PlaceMissing, "lat and long are sent together.");
            else if (!Coordinates.IsValid(lon, lat))
                refusals.Add("lat", RefusalCodes.OffMap, "lat must lie between -90 and 90 and long between -180 and 180.");
            else if (!map.Contains(lon, lat))
                refusals.Add("lat", RefusalCodes.OffMap, "The place (lat, long) lies outside the city's map.");
        }
        if (input.AddressString is { Length: > MaxAddress })
            refusals.Add("address_string", RefusalCodes.TooLong, $"address_string is longer than {MaxAddress} characters.", MaxAddress);
        CheckFreeText(refusals, "address_string", input.AddressString);
        if (input.Description is { Length: > MaxDescription })
            refusals.Add("description", RefusalCodes.TooLong, $"description is longer than {MaxDescription} characters.", MaxDescription);
        CheckFreeText(refusals, "description", input.Description);
        if (input.MediaUrl is { } url
            && (url.Length > MaxMediaUrl || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
            refusals.Add("media_url", RefusalCodes.Invalid, $"media_url is an http or https address of at most {MaxMediaUrl} characters.");
        CheckFreeText(refusals, "media_url", input.MediaUrl);
        return refusals;
    }

    /// <summary>Refuses text naming a person by personnummer or telephone number: a report describes a place, not who.</summary>
    private static void CheckFreeText(Refusals refusals, string field, string? text)
    {
        if (!PlainText.IsClean(text))
            refusals.Add(field, RefusalCodes.ControlCharacters, $"{field} contains control characters; send plain text.");
        else if (PersonalNumbers.Contains(text))
            refusals.Add(field, RefusalCodes.PersonalNumber, $"{field} contains what looks like a personal identity number (personnummer). Describe the place and what you saw, not who.");
        else if (PhoneNumbers.Contains(text))
            refusals.Add(field, RefusalCodes.PhoneNumber, $"{field} contains what looks like a telephone number. Describe the place and what you saw, not who; the city does not store residents' numbers.");
    }

    /// <summary>
    /// The window of a GET requests: by default the last 90 days; a window longer than 90 days or reversed is refused.
    /// A start alone runs to now, an end alone from 90 days before it.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To, string? Error) Window(DateTimeOffset? start, DateTimeOffset? end, DateTimeOffset now)
    {
        var to = end ?? now;
        var from = start ?? to - MaxWindow;
        if (to < from)
            return (from, to, "end_date is before start_date.");
        if (to - from > MaxWindow)
            return (from, to, end is null
                ? "start_date is more than 90 days ago: give an end_date at most 90 days after it."
                : "start_date and end_date are at most 90 days apart.");
        return (from, to, null);
    }
}

/// <summary>A report as the triage queue compares it: where (SWEREF 99 TM metres), when and which service.</summary>
public sealed record ReportPlace(long Id, string ServiceCode, GridPoint? Point, DateTimeOffset RequestedAt);

public static class Duplicates
{
    public const double RadiusMetres = 250;
    public static readonly TimeSpan Window = TimeSpan.FromDays(14);

    /// <summary>Reports of the same service within 250 m and 14 days of the report, nearest first.</summary>
    public static IReadOnlyList<(ReportPlace Report, double Metres)> Near(ReportPlace report, IEnumerable<ReportPlace> others)
    {
        if (report.Point is not { } p)
            return [];
        return others
            .Where(o => o.Id != report.Id && o.ServiceCode == report.ServiceCode && o.Point is not null
                && (o.RequestedAt - report.RequestedAt).Duration() <= Window)
            .Select(o => (Report: o, Metres: Distance(p, o.Point!.Value)))
            .Where(o => o.Metres <= RadiusMetres)
            .OrderBy(o => o.Metres)
            .ToList();
    }

    private static double Distance(GridPoint a, GridPoint b) => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));
}

/// <summary>
/// The public map: counts of reports per 250 m cell of the analysis grid. Cells with fewer than five reports are left
/// out, so that no single person's report can be picked out.
/// </summary>
public static class PublicCells
{
    public const int MinReports = 5;

    /// <summary>
    /// Where a single report on the public map is said to be: the centre of its 250 m cell (WGS84, six decimals), never
    /// its exact point, as police.uk snaps crimes to a nearby anonymous point.
    /// </summary>
    public static (double Lat, double Lon) Centre(long cellKey)
    {
        var (lon, lat) = GridCell.FromKey(cellKey).CentreLonLat;
        return (Math.Round(lat, 6), Math.Round(lon, 6));
    }

    /// <summary>The cells that may be shown, from the count of reports per cell key.</summary>
    public static IReadOnlyList<(GridCell Cell, int Count)> Visible(IEnumerable<(long Key, int Count)> counts) =>
        counts.Where(c => c.Count >= MinReports)
            .Select(c => (Cell: GridCell.FromKey(c.Key), c.Count))
            .OrderBy(c => c.Cell.Column).ThenBy(c => c.Cell.Row)
            .ToList();
}
