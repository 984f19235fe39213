using Lagesbild.Core.Observations;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Observations;

/// <summary>What a partner's short form sends: the district (or a point), what, when, how many and a few words.</summary>
public sealed record PartnerObservation(int? DistrictId, double? Lat, double? Lon, ObservationCategory? Category, DateTimeOffset? OccurredAt, int? Count, string? Text);

/// <summary>
/// The partner organisations' short form: an observation with the organisation as its source and the default
/// classification (Internal). A district without a point is placed at a point inside the district (its interior
/// point), so that the picture counts it there; the district is what the partner knows.
/// </summary>
public sealed class PartnerObservations(LagesbildDb db, ObservationWriter writer)
{
    public const Classification DefaultClassification = Classification.Internal;

    public async Task<Outcome<Written<Observation>>> RecordAsync(PartnerObservation form, CurrentUser user, string idempotencyKey, CancellationToken ct)
    {
        var (lat, lon) = (form.Lat, form.Lon);
        if (lat is null || lon is null)
        {
            if (form.DistrictId is not { } districtId)
                return Outcome<Written<Observation>>.Field(new Refusal("districtId", RefusalCodes.PlaceMissing, "Choose a district or a place on the map."));
            var area = await db.Districts.AsNoTracking().Where(d => d.Id == districtId).Select(d => d.Area).SingleOrDefaultAsync(ct);
            if (area is null)
                return Outcome<Written<Observation>>.Field(new Refusal("districtId", RefusalCodes.NotFound, "No district has this id."));
            (lat, lon) = (area.InteriorPoint.Y, area.InteriorPoint.X);
        }
        if (form.Category is null)
            return Outcome<Written<Observation>>.Field(new Refusal("category", RefusalCodes.Required, "Choose what you saw."));
        if (form.OccurredAt is null)
            return Outcome<Written<Observation>>.Field(new Refusal("occurredAt", RefusalCodes.Required, "Say when you saw it."));
        var request = new ObservationRequest(form.Category, lat, lon, form.OccurredAt, null, form.Count ?? 1, DefaultClassification, string.IsNullOrWhiteSpace(form.Text) ? null : form.Text.Trim());
        return await writer.RecordAsync(request, user, idempotencyKey, ObservationWriter.SourceOf(user), ct);
    }
}
